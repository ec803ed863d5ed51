import { useId, useState } from 'react';
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

/**
 * The new invitation's link, to copy and send another way (chat, text message). Only its hash is
 * stored, so it is shown once, here; only the invited address can accept it.
 */
const CopyInvitationLink = ({ link, email }: { link: string; email: string }) => {
  const inputId = useId();
  const [copied, setCopied] = useState<'yes' | 'failed' | null>(null);
  const copy = () => {
    navigator.clipboard.writeText(link).then(
      () => setCopied('yes'),
      () => setCopied('failed'),
    );
  };
  return (
    <div className="field">
      <label htmlFor={inputId}>Invitation link for {email}</label>
      <p className="hint">Shown only now: copy it if you want to send it another way. Only {email} can accept it.</p>
      <div className="actions">
        <input
          id={inputId}
          readOnly
          value={link}
          onFocus={(event) => event.currentTarget.select()}
          style={{ flex: '1 1 12rem', minWidth: 0 }}
        />
        <Button variant="secondary" onClick={copy}>
          Copy link
        </Button>
      </div>
      <p role="status" className="hint">
        {copied === 'yes' ? 'Link copied.' : null}
        {copied === 'failed' ? 'The browser did not allow copying: select the link and copy it by hand.' : null}
      </p>
    </div>
  );
};

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
      {create.isSuccess && !create.isPending ? (
        <CopyInvitationLink key={create.data.id} link={create.data.link} email={create.data.email} />
      ) : null}
    </form>
  );
};
