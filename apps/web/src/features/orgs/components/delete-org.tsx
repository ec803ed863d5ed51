import { useId, useRef, useState } from 'react';
import type { Org } from '@aiceo/shared/orgs';
import { Button } from '@/components/ui/button';
import { errorMessage, Spinner } from '@/components/ui/states';
import { useDeleteOrg } from '../api/delete-org';
import { useDeletionPreview } from '../api/get-deletion-preview';

/**
 * Deleting an organisation is for good: the dialog lists what goes with it, counted, and the
 * owner types the organisation's name before the button works.
 */
export const DeleteOrg = ({ org, onDeleted }: { org: Org; onDeleted: () => void }) => {
  const remove = useDeleteOrg(org.id);
  const dialogRef = useRef<HTMLDialogElement>(null);
  const [open, setOpen] = useState(false);
  const [typed, setTyped] = useState('');
  const [failure, setFailure] = useState<{ error: unknown } | null>(null);
  const preview = useDeletionPreview(org.id, open);
  const titleId = useId();
  const inputId = useId();
  const matches = typed.trim() === org.name.trim();

  const close = () => dialogRef.current?.close();
  const confirm = async () => {
    setFailure(null);
    try {
      await remove.mutateAsync();
      close();
      onDeleted();
    } catch (error) {
      setFailure({ error });
    }
  };

  return (
    <>
      <Button
        variant="danger"
        aria-haspopup="dialog"
        onClick={() => {
          setTyped('');
          setFailure(null);
          setOpen(true);
          dialogRef.current?.showModal();
        }}
      >
        Delete organisation
      </Button>
      <dialog ref={dialogRef} aria-labelledby={titleId} onClose={() => setOpen(false)}>
        <h2 id={titleId} style={{ overflowWrap: 'anywhere' }}>
          Delete {org.name}?
        </h2>
        <p>Everything in it is deleted at once and for good; it cannot be undone.</p>
        {preview.isPending && open ? <Spinner label="Counting what goes with it" /> : null}
        {preview.isError ? (
          <p className="alert error" role="alert">
            Could not count what goes with it: {errorMessage(preview.error)}
          </p>
        ) : null}
        {preview.data ? (
          preview.data.items.length > 0 ? (
            <>
              <p>Deleted with it:</p>
              <ul aria-label="Deleted with the organisation" data-testid="deletion-preview">
                {preview.data.items.map((item) => (
                  <li key={item.kind}>{item.label}</li>
                ))}
              </ul>
            </>
          ) : (
            <p>It holds nothing else yet.</p>
          )
        ) : null}
        <div className="field">
          <label htmlFor={inputId}>
            Type <strong style={{ overflowWrap: 'anywhere' }}>{org.name}</strong> to confirm
          </label>
          <input
            id={inputId}
            value={typed}
            onChange={(event) => setTyped(event.target.value)}
            autoComplete="off"
            spellCheck={false}
          />
        </div>
        {failure ? (
          <p className="alert error" role="alert">
            {errorMessage(failure.error)}
          </p>
        ) : null}
        <div className="actions" style={{ marginTop: '1rem', justifyContent: 'flex-end' }}>
          <Button variant="secondary" onClick={close} disabled={remove.isPending} autoFocus>
            Cancel
          </Button>
          <Button
            variant="danger"
            disabled={!matches}
            onClick={() => void confirm()}
            isPending={remove.isPending}
            pendingLabel="Deleting…"
          >
            Delete organisation
          </Button>
        </div>
      </dialog>
    </>
  );
};
