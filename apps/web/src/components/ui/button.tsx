import type { ButtonHTMLAttributes } from 'react';

export type ButtonProps = ButtonHTMLAttributes<HTMLButtonElement> & {
  variant?: 'primary' | 'secondary' | 'danger' | 'ghost';
  size?: 'normal' | 'small';
  /** Disables the button and shows `pendingLabel` while an action runs. */
  isPending?: boolean;
  pendingLabel?: string;
};

export const Button = ({
  variant = 'primary',
  size = 'normal',
  isPending = false,
  pendingLabel = 'Saving…',
  className,
  disabled,
  type = 'button',
  children,
  ...rest
}: ButtonProps) => {
  const classes = ['button', variant !== 'primary' && variant, size === 'small' && 'small', className]
    .filter(Boolean)
    .join(' ');
  return (
    <button
      type={type}
      className={classes}
      disabled={disabled || isPending}
      aria-busy={isPending || undefined}
      {...rest}
    >
      {isPending ? (
        <>
          <span className="spinner" aria-hidden="true" style={{ width: '1rem', height: '1rem' }} />
          {pendingLabel}
        </>
      ) : (
        children
      )}
    </button>
  );
};
