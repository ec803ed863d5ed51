import { useId, useRef, useState, type ReactNode } from 'react';
import { Button, type ButtonProps } from './button';
import { errorMessage } from './states';

type ConfirmButtonProps = {
  /** Visible text of the trigger, and of the confirming button in the dialog. */
  children: ReactNode;
  /** Accessible name of the trigger when its text alone is ambiguous in a list ("Revoke key CI"). */
  'aria-label'?: string;
  title: string;
  /** A string is shown as one paragraph; other content is shown as given. */
  description?: ReactNode;
  confirmLabel: string;
  pendingLabel?: string;
  variant?: ButtonProps['variant'];
  size?: ButtonProps['size'];
  disabled?: boolean;
  onConfirm: () => Promise<unknown>;
  /** Shows a failure of `onConfirm` in the dialog; by default its message as an alert. */
  renderError?: (failure: unknown) => ReactNode;
};

const DefaultError = ({ failure }: { failure: unknown }) => (
  <p className="alert error" role="alert">
    {errorMessage(failure)}
  </p>
);

/** A destructive action behind a native modal dialog (focus is trapped and restored by the browser). */
export const ConfirmButton = ({
  children,
  title,
  description,
  confirmLabel,
  pendingLabel = 'Working…',
  variant = 'danger',
  size = 'small',
  disabled,
  onConfirm,
  renderError,
  ...aria
}: ConfirmButtonProps) => {
  const dialogRef = useRef<HTMLDialogElement>(null);
  const [isPending, setPending] = useState(false);
  // Boxed so that any thrown value, even a falsy one, counts as a failure.
  const [error, setError] = useState<{ failure: unknown } | null>(null);
  const titleId = useId();
  const descriptionId = useId();

  const confirm = async () => {
    setPending(true);
    setError(null);
    try {
      await onConfirm();
      dialogRef.current?.close();
    } catch (failure) {
      setError({ failure });
    } finally {
      setPending(false);
    }
  };

  return (
    <>
      <Button
        variant={variant}
        size={size}
        disabled={disabled}
        aria-label={aria['aria-label']}
        aria-haspopup="dialog"
        onClick={() => dialogRef.current?.showModal()}
      >
        {children}
      </Button>
      <dialog
        ref={dialogRef}
        aria-labelledby={titleId}
        aria-describedby={description ? descriptionId : undefined}
        // close and cancel do not bubble in the DOM, but React passes them up its tree: a confirmation
        // inside another dialog (delete in the post editor) must not close that one too.
        onCancel={(event) => event.stopPropagation()}
        onClose={(event) => {
          event.stopPropagation();
          setError(null);
        }}
      >
        <h2 id={titleId}>{title}</h2>
        {description ? (
          <div id={descriptionId}>{typeof description === 'string' ? <p>{description}</p> : description}</div>
        ) : null}
        {error ? renderError ? renderError(error.failure) : <DefaultError failure={error.failure} /> : null}
        <div className="actions" style={{ marginTop: '1rem', justifyContent: 'flex-end' }}>
          <Button variant="secondary" onClick={() => dialogRef.current?.close()} disabled={isPending} autoFocus>
            Cancel
          </Button>
          <Button
            variant={variant === 'primary' ? 'primary' : 'danger'}
            onClick={() => void confirm()}
            isPending={isPending}
            pendingLabel={pendingLabel}
          >
            {confirmLabel}
          </Button>
        </div>
      </dialog>
    </>
  );
};
