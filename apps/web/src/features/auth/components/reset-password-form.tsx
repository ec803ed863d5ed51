import { Link } from 'react-router';
import { resetPasswordInputSchema } from '@aiceo/shared/auth';
import { Button } from '@/components/ui/button';
import { FormError, useZodForm } from '@/components/ui/form';
import { paths } from '@/config/paths';
import { useResetPassword } from '../api/reset-password';
import { NewPasswordField } from './new-password-field';

export const ResetPasswordForm = ({ token }: { token: string }) => {
  const reset = useResetPassword();
  const form = useZodForm({
    schema: resetPasswordInputSchema,
    toInput: (values) => ({ ...values, token }),
    onSubmit: (input) => reset.mutateAsync(input),
  });
  if (reset.isSuccess) {
    return (
      <div role="status">
        <p className="alert success">Your password is changed, and every session was signed out.</p>
        <p style={{ marginTop: '1rem' }}>
          <Link className="button" to={paths.auth.login.getHref()}>
            Log in
          </Link>
        </p>
      </div>
    );
  }
  return (
    <form className="form" onSubmit={form.handleSubmit} noValidate aria-label="Choose a new password">
      <FormError>
        {form.formError ? (
          <>
            {form.formError} <Link to={paths.auth.forgotPassword.getHref()}>Ask for a new link</Link>
          </>
        ) : null}
      </FormError>
      <NewPasswordField label="New password" name="password" error={form.errors.password} />
      <Button type="submit" isPending={reset.isPending}>
        Reset password
      </Button>
    </form>
  );
};
