import { useId, useRef } from 'react';
import { useNavigate } from 'react-router';
import { leadInputSchema } from '@aiceo/shared/leads';
import { paths } from '@/config/paths';
import { Button } from '@/components/ui/button';
import { FormError, useZodForm } from '@/components/ui/form';
import { useToast } from '@/components/ui/toast';
import { useUser } from '@/lib/auth';
import { useOrgCurrency } from '@/hooks/use-org-currency';
import { withMoneyField } from '@/utils/money-input';
import { useCreateLead } from '../api/create-lead';
import type { OwnerOption } from './lead-filters';
import { LeadFields, toLeadInput } from './lead-fields';

/** "New lead" opens a modal form; on success the new lead's page opens. */
export const NewLeadDialog = ({ orgId, owners }: { orgId: string; owners: readonly OwnerOption[] }) => {
  const dialogRef = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const create = useCreateLead(orgId);
  const toast = useToast();
  const currency = useOrgCurrency();
  const navigate = useNavigate();
  const me = useUser();
  // A new lead is mine unless I choose someone else (while the member list loads, I am the only choice).
  const ownerChoices = owners.some((owner) => owner.id === me.id) ? owners : [{ id: me.id, name: me.name }, ...owners];
  const form = useZodForm({
    schema: withMoneyField(leadInputSchema, { field: 'valueCents', currency }),
    toInput: (values) => toLeadInput(values, { clearEmpty: false, currency }),
    onSubmit: (input, element) =>
      create.mutateAsync(input).then((lead) => {
        element.reset();
        dialogRef.current?.close();
        toast(`Lead ${lead.name} created`);
        void navigate(paths.orgs.leads.lead.getHref(orgId, lead.id));
      }),
  });
  return (
    <>
      <Button onClick={() => dialogRef.current?.showModal()}>New lead</Button>
      <dialog ref={dialogRef} aria-labelledby={titleId} className="lead-dialog" onClose={form.reset}>
        <h2 id={titleId}>New lead</h2>
        <form className="form" onSubmit={form.handleSubmit} noValidate aria-label="New lead">
          <FormError>{form.formError}</FormError>
          <LeadFields owners={ownerChoices} errors={form.errors} defaultOwnerId={me.id} isFull />
          <div className="actions" style={{ justifyContent: 'flex-end' }}>
            <Button variant="secondary" onClick={() => dialogRef.current?.close()}>
              Cancel
            </Button>
            <Button type="submit" isPending={create.isPending} pendingLabel="Creating…">
              Create lead
            </Button>
          </div>
        </form>
      </dialog>
    </>
  );
};
