import { createInviteCodeInputSchema } from '@aiceo/shared/platform';
import { Button } from '@/components/ui/button';
import { TextField } from '@/components/ui/field';
import { FormError, useZodForm } from '@/components/ui/form';
import { useToast } from '@/components/ui/toast';
import { useCreateInviteCode } from '../api/create-invite-code';

export const CreateInviteCodeForm = () => {
  const create = useCreateInviteCode();
  const toast = useToast();
  const form = useZodForm({
    schema: createInviteCodeInputSchema,
    numbers: ['maxUses', 'expiresInDays'],
    optional: ['note', 'code'],
    onSubmit: (input, element) =>
      create.mutateAsync(input).then((code) => {
        element.reset();
        toast(`Invite code ${code.code} created`);
      }),
  });
  return (
    <form
      className="form"
      onSubmit={form.handleSubmit}
      noValidate
      aria-label="Create an invite code"
      style={{ maxWidth: 'none' }}
    >
      <FormError>{form.formError}</FormError>
      <div className="form-row">
        <TextField
          label="Uses"
          name="maxUses"
          type="number"
          inputMode="numeric"
          min={1}
          max={10000}
          defaultValue={1}
          required
          error={form.errors.maxUses}
        />
        <TextField
          label="Expires in days (optional)"
          name="expiresInDays"
          type="number"
          inputMode="numeric"
          min={1}
          max={365}
          error={form.errors.expiresInDays}
        />
      </div>
      <div className="form-row">
        <TextField label="Note (optional)" name="note" maxLength={200} hint="Who it is for." error={form.errors.note} />
        <TextField
          label="Code (optional)"
          name="code"
          autoComplete="off"
          hint="Random when left empty."
          error={form.errors.code}
        />
      </div>
      <div>
        <Button type="submit" isPending={create.isPending} pendingLabel="Creating…">
          Create code
        </Button>
      </div>
    </form>
  );
};
