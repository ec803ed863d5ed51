import { forgotPasswordInputSchema } from '@aiceo/shared/auth';
import { Button } from '@/components/ui/button';
import { TextField } from '@/components/ui/field';
import { FormError, useZodForm } from '@/components/ui/form';
import { useForgotPassword } from '../api/forgot-password';

export const ForgotPasswordForm = () => {
  const forgot = useForgotPassword();
  const form = useZodForm({ schema: forgotPasswordInputSchema, onSubmit: (input) => forgot.mutateAsync(input) });
  return (
    <form className="form" onSubmit={form.handleSubmit} noValidate aria-label="Reset your password">
      <div role="status">
        {forgot.isSuccess ? (
          <p className="alert success">
            If an account exists for {forgot.variables.email}, we have sent it a link to reset the password. The link
            works for one hour.
          </p>
        ) : null}
      </div>
      <FormError>{form.formError}</FormError>
      <TextField label="Email" name="email" type="email" autoComplete="email" required error={form.errors.email} />
      <Button type="submit" isPending={forgot.isPending} pendingLabel="Sending…">
        Send reset link
      </Button>
    </form>
  );
};
