import type { Org } from '@aiceo/shared/orgs';
import { updateOrgInputSchema } from '@aiceo/shared/orgs';
import { Button } from '@/components/ui/button';
import { TextField } from '@/components/ui/field';
import { FormError, useZodForm } from '@/components/ui/form';
import { useToast } from '@/components/ui/toast';
import { useUpdateOrg } from '../api/update-org';

export const OrgSettingsForm = ({ org, canEdit }: { org: Org; canEdit: boolean }) => {
  const update = useUpdateOrg(org.id);
  const toast = useToast();
  const form = useZodForm({
    schema: updateOrgInputSchema,
    // Only changed fields go out, so saving an unchanged slug never collides with itself.
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
        label="Slug"
        name="slug"
        required
        defaultValue={org.slug}
        disabled={!canEdit}
        hint="Lowercase letters, digits and single dashes; used in links."
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
