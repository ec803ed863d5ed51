import { createInvitationInputSchema } from '@aiceo/shared/members';
import type { OrgRole } from '@aiceo/shared/roles';
import { Button } from '@/components/ui/button';
import { SelectField, TextField } from '@/components/ui/field';
import { FormError, useZodForm } from '@/components/ui/form';
import { formatDate } from '@/utils/format';
import { useCreateInvitation } from '../api/create-invitation';

const roleOptions: readonly { value: Exclude<OrgRole, 'owner'>; label: string }[] = [
  { value: 'member', label: 'Member' },
  { value: 'admin', label: 'Admin' },
];

export const InviteForm = ({ orgId }: { orgId: string }) => {
  const create = useCreateInvitation(orgId);
  const form = useZodForm({
    schema: createInvitationInputSchema,
    onSubmit: (input, element) => create.mutateAsync(input).then(() => element.reset()),
  });
  return (
    <form
      className="form"
      onSubmit={form.handleSubmit}
      noValidate
      aria-label="Invite someone"
      style={{ maxWidth: 'none' }}
    >
      <FormError>{form.formError}</FormError>
      <div className="form-row">
        <TextField label="Email" name="email" type="email" autoComplete="off" required error={form.errors.email} />
        <SelectField label="Role" name="role" options={roleOptions} defaultValue="member" error={form.errors.role} />
        <div>
          <Button type="submit" isPending={create.isPending} pendingLabel="Inviting…">
            Invite
          </Button>
        </div>
      </div>
      <div role="status">
        {create.isSuccess && !create.isPending ? (
          <p className="alert success">
            Invitation sent to {create.data.email}. The link in the email works until{' '}
            {formatDate(create.data.expiresAt)}.
          </p>
        ) : null}
      </div>
    </form>
  );
};
