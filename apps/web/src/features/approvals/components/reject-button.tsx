import { useId, useRef, useState } from 'react';
import { Button } from '@/components/ui/button';
import { errorMessage } from '@/components/ui/states';

type RejectButtonProps = {
  /** Visible text of the trigger and of the confirming button. */
  label: string;
  /** Accessible name of the trigger when its text alone is ambiguous in a list. */
  'aria-label'?: string;
  title: string;
  description: string;
  disabled?: boolean;
  variant?: 'danger' | 'secondary';
  /** Resolves when the decision is taken; a throw is shown in the dialog. */
  onReject: (note: string) => Promise<unknown>;
};

/** Reject behind a native modal dialog, with an optional note saying why. */
export const RejectButton = ({
  label,
  title,
  description,
  disabled,
  variant = 'secondary',
  onReject,
  ...aria
}: RejectButtonProps) => {
  const dialogRef = useRef<HTMLDialogElement>(null);
  const id = useId();
  const [note, setNote] = useState('');
  const [isPending, setPending] = useState(false);
  const [failure, setFailure] = useState<{ error: unknown } | null>(null);

  const confirm = async () => {
    setPending(true);
    setFailure(null);
    try {
      await onReject(note.trim());
      setNote('');
      dialogRef.current?.close();
    } catch (error) {
      setFailure({ error });
    } finally {
      setPending(false);
    }
  };

  return (
    <>
      <Button
        variant={variant}
        size="small"
        disabled={disabled}
        aria-label={aria['aria-label']}
        onClick={() => dialogRef.current?.showModal()}
      >
        {label}
      </Button>
      <dialog
        ref={dialogRef}
        className="approval-dialog"
        aria-labelledby={`${id}-title`}
        aria-describedby={`${id}-description`}
        onClose={() => setFailure(null)}
      >
        <h2 id={`${id}-title`}>{title}</h2>
        <p id={`${id}-description`}>{description}</p>
        <div className="field">
          <label htmlFor={`${id}-note`}>Note (optional)</label>
          <textarea
            id={`${id}-note`}
            name="note"
            rows={3}
            maxLength={1_000}
            value={note}
            onChange={(event) => setNote(event.target.value)}
          />
        </div>
        {failure ? (
          <p className="alert error" role="alert" style={{ marginTop: '0.75rem' }}>
            {errorMessage(failure.error)}
          </p>
        ) : null}
        <div className="actions" style={{ marginTop: '1rem', justifyContent: 'flex-end' }}>
          <Button variant="secondary" onClick={() => dialogRef.current?.close()} disabled={isPending} autoFocus>
            Cancel
          </Button>
          <Button variant="danger" onClick={() => void confirm()} isPending={isPending} pendingLabel="Rejecting…">
            {label}
          </Button>
        </div>
      </dialog>
    </>
  );
};
