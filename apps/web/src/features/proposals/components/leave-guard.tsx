import { useEffect, useId, useRef, type RefObject } from 'react';
import { useBlocker } from 'react-router';
import { Button } from '@/components/ui/button';

/**
 * With unsaved changes, leaving asks first: another page of the app opens a dialog (Stay / Leave
 * without saving), and a reload or closing the tab gets the browser's own question.
 * `allowRef` lets an action that saved or deleted navigate away without asking.
 */
export const LeaveGuard = ({ isDirty, allowRef }: { isDirty: boolean; allowRef: RefObject<boolean> }) => {
  const blocker = useBlocker(
    ({ currentLocation, nextLocation }) =>
      isDirty && !allowRef.current && currentLocation.pathname !== nextLocation.pathname,
  );
  const dialogRef = useRef<HTMLDialogElement>(null);
  const titleId = useId();

  useEffect(() => {
    if (!isDirty) return;
    const warn = (event: BeforeUnloadEvent) => {
      event.preventDefault();
      event.returnValue = '';
    };
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [isDirty]);

  useEffect(() => {
    const dialog = dialogRef.current;
    if (blocker.state === 'blocked' && dialog && !dialog.open) dialog.showModal();
    if (blocker.state !== 'blocked' && dialog?.open) dialog.close();
  }, [blocker.state]);

  return (
    <dialog
      ref={dialogRef}
      aria-labelledby={titleId}
      onClose={() => {
        if (blocker.state === 'blocked') blocker.reset();
      }}
    >
      <h2 id={titleId}>Leave without saving?</h2>
      <p>This proposal has changes that are not saved yet.</p>
      <div className="actions" style={{ marginTop: '1rem', justifyContent: 'flex-end' }}>
        <Button variant="secondary" autoFocus onClick={() => dialogRef.current?.close()}>
          Keep editing
        </Button>
        <Button variant="danger" onClick={() => blocker.state === 'blocked' && blocker.proceed()}>
          Leave without saving
        </Button>
      </div>
    </dialog>
  );
};
