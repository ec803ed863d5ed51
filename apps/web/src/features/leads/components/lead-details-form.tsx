import { leadInputSchema, type Lead } from '@aiceo/shared/leads';
import { Button } from '@/components/ui/button';
import { FormError, useZodForm } from '@/components/ui/form';
import { useToast } from '@/components/ui/toast';
import { withMoneyField } from '@/utils/money-input';
import { useUpdateLead } from '../api/update-lead';
import type { OwnerOption } from './lead-filters';
import { LeadFields, toLeadInput } from './lead-fields';

type LeadDetailsFormProps = { orgId: string; lead: Lead; owners: readonly OwnerOption[] };

/** Every field of a lead; the caller keys it by the stored values so that a save shows them as stored. */
export const LeadDetailsForm = ({ orgId, lead, owners }: LeadDetailsFormProps) => {
  const update = useUpdateLead(orgId, lead.id);
  const toast = useToast();
  // The value is typed in the lead's currency (the org's).
  const currency = lead.currency;
  const form = useZodForm({
    schema: withMoneyField(leadInputSchema, { field: 'valueCents', currency }),
    toInput: (values) => toLeadInput(values, { clearEmpty: true, currency }),
    onSubmit: (input) => update.mutateAsync(input).then((saved) => toast(`${saved.name} saved`)),
  });
  return (
    <form className="form card" onSubmit={form.handleSubmit} noValidate aria-label="Lead details">
      <FormError>{form.formError}</FormError>
      <LeadFields lead={lead} owners={owners} errors={form.errors} isFull />
      <div>
        <Button type="submit" isPending={update.isPending}>
          Save changes
        </Button>
      </div>
    </form>
  );
};
