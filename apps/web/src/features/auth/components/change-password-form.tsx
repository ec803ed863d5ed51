import { changePasswordInputSchema } from '@aiceo/shared/auth';
import { Button } from '@/components/ui/button';
import { TextField } from '@/components/ui/field';
import { FormError, useZodForm } from '@/components/ui/form';
import { useToast } from '@/components/ui/toast';
import { useChangePassword } from '../api/change-password';
import { NewPasswordField } from './new-password-field';

export const ChangePasswordForm = () => {
  const change = useChangePassword();
  const toast = useToast();
  const form = useZodForm({
    schema: changePasswordInputSchema,
    onSubmit: (input, element) =>
      change.mutateAsync(input).then(() => {
        element.reset();
        toast('Password changed; your other sessions were signed out');
      }),
  });
  return (
    <form className="form" onSubmit={form.handleSubmit} noValidate aria-label="Change password">
      <FormError>{form.formError}</FormError>
      <TextField
        label="Current password"
        name="currentPassword"
        type="password"
        autoComplete="current-password"
        required
        error={form.errors.currentPassword}
      />
      <NewPasswordField
        label="New password"
        name="newPassword"
        note="Every other session is signed out."
        error={form.errors.newPassword}
      />
      <div>
        <Button type="submit" isPending={change.isPending}>
          Change password
        </Button>
      </div>
    </form>
  );
};
