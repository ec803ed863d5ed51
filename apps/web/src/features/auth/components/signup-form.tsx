import { signupInputSchema } from '@aiceo/shared/auth';
import { Button } from '@/components/ui/button';
import { TextField } from '@/components/ui/field';
import { FormError, useZodForm } from '@/components/ui/form';
import { Spinner } from '@/components/ui/states';
import { ApiError } from '@/lib/api-client';
import { useAuthConfig } from '../api/get-auth-config';
import { useSignup } from '../api/signup';
import { NewPasswordField } from './new-password-field';

type SignupFormProps = { onSuccess: () => void; defaultEmail?: string; defaultInviteCode?: string };

export const SignupForm = ({ onSuccess, defaultEmail, defaultInviteCode }: SignupFormProps) => {
  const config = useAuthConfig();
  const signup = useSignup();
  const form = useZodForm({
    schema: signupInputSchema,
    optional: ['inviteCode'],
    onSubmit: (input) =>
      signup.mutateAsync(input).then(onSuccess, (error: unknown) => {
        // Refused sign-up is about the invite code (missing or invalid): say so next to that field.
        if (!(error instanceof ApiError) || error.code !== 'FORBIDDEN') throw error;
        void config.refetch();
        throw new ApiError({
          status: error.status,
          code: error.code,
          message: error.message,
          requestId: error.requestId,
          details: { issues: [{ location: 'body', path: 'inviteCode', message: error.message }] },
        });
      }),
  });
  const inviteOnly = config.data?.signupMode === 'invite_only';
  return (
    <form className="form" onSubmit={form.handleSubmit} noValidate aria-label="Sign up">
      {config.isPending ? <Spinner label="Checking how sign-up works" /> : null}
      {inviteOnly ? <p className="alert warning">Sign-up is by invitation only: you need an invite code.</p> : null}
      <FormError>{form.formError}</FormError>
      <TextField label="Name" name="name" autoComplete="name" required error={form.errors.name} />
      <TextField
        label="Email"
        name="email"
        type="email"
        autoComplete="email"
        required
        defaultValue={defaultEmail}
        error={form.errors.email}
      />
      <NewPasswordField label="Password" name="password" error={form.errors.password} />
      {inviteOnly || form.errors.inviteCode || defaultInviteCode ? (
        <TextField
          label="Invite code"
          name="inviteCode"
          autoComplete="off"
          required={inviteOnly}
          defaultValue={defaultInviteCode}
          error={form.errors.inviteCode}
        />
      ) : null}
      <Button type="submit" isPending={signup.isPending} pendingLabel="Signing up…">
        Sign up
      </Button>
    </form>
  );
};
