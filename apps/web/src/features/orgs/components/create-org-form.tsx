import type { Org } from '@aiceo/shared/orgs';
import { createOrgInputSchema } from '@aiceo/shared/orgs';
import { Button } from '@/components/ui/button';
import { TextField } from '@/components/ui/field';
import { FormError, useZodForm } from '@/components/ui/form';
import { useCreateOrg } from '../api/create-org';

export const CreateOrgForm = ({ onSuccess }: { onSuccess: (org: Org) => void }) => {
  const create = useCreateOrg();
  const form = useZodForm({
    schema: createOrgInputSchema,
    optional: ['slug'],
    onSubmit: (input) => create.mutateAsync(input).then(onSuccess),
  });
  return (
    <form className="form" onSubmit={form.handleSubmit} noValidate aria-label="Create organisation">
      <FormError>{form.formError}</FormError>
      <TextField label="Name" name="name" autoComplete="organization" required error={form.errors.name} />
      <TextField
        label="Slug (optional)"
        name="slug"
        autoComplete="off"
        hint="Lowercase letters, digits and dashes; made from the name when left empty."
        error={form.errors.slug}
      />
      <div>
        <Button type="submit" isPending={create.isPending} pendingLabel="Creating…">
          Create organisation
        </Button>
      </div>
    </form>
  );
};
