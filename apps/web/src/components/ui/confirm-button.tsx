import { useId, useRef, useState, type ReactNode } from 'react';
import { Button, type ButtonProps } from './button';
import { errorMessage } from './states';

type ConfirmButtonProps = {
  /** Visible text of the trigger, and of the confirming button in the dialog. */
  children: ReactNode;
  /** Accessible name of the trigger when its text alone is ambiguous in a list ("Revoke key CI"). */
  'aria-label'?: string;
  title: string;
  description?: ReactNode;
  confirmLabel: string;
  pendingLabel?: string;
  variant?: ButtonProps['variant'];
  size?: ButtonProps['size'];
  disabled?: boolean;
  onConfirm: () => Promise<unknown>;
};

/** A destructive action behind a native modal dialog (focus is trapped and restored by the browser). */
export const ConfirmButton = ({ children, title, description, confirmLabel, pendingLabel = 'Working…', variant = 'danger', size = 'small', disabled, onConfirm, ...aria }: ConfirmButtonProps) => {
  const dialogRef = useRef<HTMLDialogElement>(null);
  const [isPending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const titleId = useId();
  const descriptionId = useId();

  const confirm = async () => {
    setPending(true);
    setError(null);
    try {
      await onConfirm();
      dialogRef.current?.close();
    } catch (failure) {
      setError(errorMessage(failure));
    } finally {
      setPending(false);
    }
  };

  return (
    <>
      <Button variant={variant} size={size} disabled={disabled} aria-label={aria['aria-label']} onClick={() => dialogRef.current?.showModal()}>
        {children}
      </Button>
      <dialog ref={dialogRef} aria-labelledby={titleId} aria-describedby={description ? descriptionId : undefined} onClose={() => setError(null)}>
        <h2 id={titleId}>{title}</h2>
        {description ? <div id={descriptionId}><p>{description}</p></div> : null}
        {error ? (
          <p className="alert error" role="alert">
            {error}
          </p>
        ) : null}
        <div className="actions" style={{ marginTop: '1rem', justifyContent: 'flex-end' }}>
          <Button variant="secondary" onClick={() => dialogRef.current?.close()} disabled={isPending} autoFocus>
            Cancel
          </Button>
          <Button variant={variant === 'primary' ? 'primary' : 'danger'} onClick={() => void confirm()} isPending={isPending} pendingLabel={pendingLabel}>
            {confirmLabel}
          </Button>
        </div>
      </dialog>
    </>
  );
};
