import { loginInputSchema } from '@aiceo/shared/auth';
import { Button } from '@/components/ui/button';
import { TextField } from '@/components/ui/field';
import { FormError, useZodForm } from '@/components/ui/form';
import { useLogin } from '../api/login';

export const LoginForm = ({ onSuccess, defaultEmail }: { onSuccess: () => void; defaultEmail?: string }) => {
  const login = useLogin();
  const form = useZodForm({ schema: loginInputSchema, onSubmit: (input) => login.mutateAsync(input).then(onSuccess) });
  return (
    <form className="form" onSubmit={form.handleSubmit} noValidate aria-label="Log in">
      <FormError>{form.formError}</FormError>
      <TextField
        label="Email"
        name="email"
        type="email"
        autoComplete="email"
        required
        defaultValue={defaultEmail}
        error={form.errors.email}
      />
      <TextField
        label="Password"
        name="password"
        type="password"
        autoComplete="current-password"
        required
        error={form.errors.password}
      />
      <Button type="submit" isPending={login.isPending} pendingLabel="Logging in…">
        Log in
      </Button>
    </form>
  );
};
