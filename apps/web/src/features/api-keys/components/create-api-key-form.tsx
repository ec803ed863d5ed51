import type { CreatedApiKey } from '@aiceo/shared/api-keys';
import { createApiKeyInputSchema } from '@aiceo/shared/api-keys';
import { Button } from '@/components/ui/button';
import { CheckboxGroup, TextField } from '@/components/ui/field';
import { FormError, useZodForm } from '@/components/ui/form';
import { useCreateApiKey } from '../api/create-api-key';

const scopeOptions = [
  { value: 'read', label: 'Read', description: 'GET requests' },
  { value: 'write', label: 'Write', description: 'changes' },
] as const;

export const CreateApiKeyForm = ({ orgId, onCreated }: { orgId: string; onCreated: (key: CreatedApiKey) => void }) => {
  const create = useCreateApiKey(orgId);
  const form = useZodForm({
    schema: createApiKeyInputSchema,
    arrays: ['scopes'],
    onSubmit: (input, element) =>
      create.mutateAsync(input).then((key) => {
        element.reset();
        onCreated(key);
      }),
  });
  return (
    <form className="form" onSubmit={form.handleSubmit} noValidate aria-label="Create an API key">
      <FormError>{form.formError}</FormError>
      <TextField
        label="Key name"
        name="name"
        autoComplete="off"
        required
        hint="Where it is used, e.g. “Zapier” or “Reporting script”."
        error={form.errors.name}
      />
      <CheckboxGroup
        legend="Scopes"
        name="scopes"
        options={scopeOptions}
        defaultValue={['read']}
        hint="Write does not include read."
        error={form.errors.scopes}
      />
      <div>
        <Button type="submit" isPending={create.isPending} pendingLabel="Creating…">
          Create key
        </Button>
      </div>
    </form>
  );
};
