import { useState } from 'react';
import type { Org } from '@aiceo/shared/orgs';
import { createOrgInputSchema } from '@aiceo/shared/orgs';
import type { PlaybookKey } from '@aiceo/shared/stage-labels';
import { Button } from '@/components/ui/button';
import { TextField } from '@/components/ui/field';
import { FormError, useZodForm } from '@/components/ui/form';
import { PlaybookPicker } from '@/components/playbook-picker';
import { usePlaybooks } from '@/hooks/use-org-playbook';
import { useCreateOrg } from '../api/create-org';

export const CreateOrgForm = ({ onSuccess }: { onSuccess: (org: Org) => void }) => {
  const create = useCreateOrg();
  const playbooks = usePlaybooks();
  const [playbook, setPlaybook] = useState<PlaybookKey>('other');
  const form = useZodForm({
    schema: createOrgInputSchema,
    optional: ['slug'],
    // Without the list (it failed to load) the org is made without a playbook; one can be applied later.
    toInput: (values) => ({ ...values, playbook: playbooks.data ? playbook : undefined }),
    onSubmit: (input) => create.mutateAsync(input).then(onSuccess),
  });
  return (
    <form className="form" onSubmit={form.handleSubmit} noValidate aria-label="Create organisation">
      <FormError>{form.formError}</FormError>
      <TextField label="Name" name="name" autoComplete="organization" required error={form.errors.name} />
      <TextField
        label="Web address (optional)"
        name="slug"
        autoComplete="off"
        hint="Lowercase letters, digits and dashes; made from the name when left empty."
        error={form.errors.slug}
      />
      {playbooks.data ? (
        <PlaybookPicker
          playbooks={playbooks.data.items}
          value={playbook}
          onChange={setPlaybook}
          hint="Sets your AI CEO’s persona and tone, the names of your pipeline stages, what posts are about, finance categories and suggested goals. You can change all of it later."
        />
      ) : playbooks.isError ? (
        <p className="muted">The industry choices could not be loaded; you can choose one later in Settings.</p>
      ) : (
        <p className="muted">Loading the industry choices…</p>
      )}
      {form.errors.playbook ? <p className="error">{form.errors.playbook}</p> : null}
      <div>
        <Button type="submit" isPending={create.isPending} pendingLabel="Creating…">
          Create organisation
        </Button>
      </div>
    </form>
  );
};
