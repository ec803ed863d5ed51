import { useState } from 'react';
import type { Org } from '@aiceo/shared/orgs';
import { updateOrgInputSchema } from '@aiceo/shared/orgs';
import { Button } from '@/components/ui/button';
import { TextField } from '@/components/ui/field';
import { FormError, useZodForm } from '@/components/ui/form';
import { useToast } from '@/components/ui/toast';
import { paths } from '@/config/paths';
import { useUpdateOrg } from '../api/update-org';

export const OrgSettingsForm = ({ org, canEdit }: { org: Org; canEdit: boolean }) => {
  const update = useUpdateOrg(org.id);
  const toast = useToast();
  const [address, setAddress] = useState(org.slug);
  const preview = `${window.location.origin}${paths.orgAddress.getHref(address.trim().toLowerCase() || '…')}`;
  const form = useZodForm({
    schema: updateOrgInputSchema,
    // Only changed fields go out, so saving an unchanged web address never collides with itself.
    toInput: (values) => ({
      name: values.name !== org.name ? values.name : undefined,
      slug: values.slug !== org.slug ? values.slug : undefined,
    }),
    onSubmit: (input) => update.mutateAsync(input).then(() => toast('Organisation saved')),
  });
  return (
    <form className="form" onSubmit={form.handleSubmit} noValidate aria-label="Organisation">
      {canEdit ? null : <p className="alert warning">Only admins and owners can change these.</p>}
      <FormError>{form.formError}</FormError>
      <TextField
        label="Organisation name"
        name="name"
        required
        defaultValue={org.name}
        disabled={!canEdit}
        error={form.errors.name}
      />
      <TextField
        label="Web address"
        name="slug"
        required
        value={address}
        onChange={(event) => setAddress(event.target.value)}
        disabled={!canEdit}
        autoCapitalize="none"
        spellCheck={false}
        hint={
          <>
            Members open the organisation at <strong style={{ overflowWrap: 'anywhere' }}>{preview}</strong>. Use 3 to
            48 lowercase letters, digits and single dashes; the old address stops working when you change it.
          </>
        }
        error={form.errors.slug}
      />
      {canEdit ? (
        <div>
          <Button type="submit" isPending={update.isPending}>
            Save
          </Button>
        </div>
      ) : null}
    </form>
  );
};
