import { useState } from 'react';
import type { User } from '@aiceo/shared/auth';
import { updateProfileInputSchema } from '@aiceo/shared/auth';
import { Button } from '@/components/ui/button';
import { TextField } from '@/components/ui/field';
import { FormError, useZodForm } from '@/components/ui/form';
import { useToast } from '@/components/ui/toast';
import { useUpdateMe } from '../api/update-me';

export const ProfileForm = ({ user }: { user: User }) => {
  const update = useUpdateMe();
  const toast = useToast();
  const [email, setEmail] = useState(user.email);
  const changingEmail = email.trim().toLowerCase() !== user.email;
  const form = useZodForm({
    schema: updateProfileInputSchema,
    optional: ['currentPassword'],
    // Only what changed is sent: an unchanged email must not ask for the password.
    toInput: (values) => ({
      name: values.name !== user.name ? values.name : undefined,
      email:
        typeof values.email === 'string' && values.email.trim().toLowerCase() !== user.email ? values.email : undefined,
      currentPassword: values.currentPassword,
    }),
    onSubmit: (input, element) =>
      update.mutateAsync(input).then(() => {
        toast('Profile saved');
        const password = element.elements.namedItem('currentPassword');
        if (password instanceof HTMLInputElement) password.value = '';
      }),
  });
  return (
    <form className="form" onSubmit={form.handleSubmit} noValidate aria-label="Profile">
      <FormError>{form.formError}</FormError>
      <TextField
        label="Name"
        name="name"
        autoComplete="name"
        required
        defaultValue={user.name}
        error={form.errors.name}
      />
      <TextField
        label="Email"
        name="email"
        type="email"
        autoComplete="email"
        required
        value={email}
        onChange={(event) => setEmail(event.target.value)}
        error={form.errors.email}
      />
      {changingEmail || form.errors.currentPassword ? (
        <TextField
          label="Current password"
          name="currentPassword"
          type="password"
          autoComplete="current-password"
          hint="Needed to change your email."
          error={form.errors.currentPassword}
        />
      ) : null}
      <div>
        <Button type="submit" isPending={update.isPending}>
          Save
        </Button>
      </div>
    </form>
  );
};
