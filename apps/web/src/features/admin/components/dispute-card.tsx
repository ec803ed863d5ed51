import { useId } from 'react';
import { Link } from 'react-router';
import { resolveDisputeInputSchema } from '@aiceo/shared/credits';
import type { AdminDispute } from '@aiceo/shared/platform';
import { Button } from '@/components/ui/button';
import { TextField } from '@/components/ui/field';
import { FormError, useZodForm } from '@/components/ui/form';
import { useToast } from '@/components/ui/toast';
import { paths } from '@/config/paths';
import { formatDateTime } from '@/utils/format';
import { useResolveDispute } from '../api/resolve-dispute';

const statusLabels: Record<AdminDispute['status'], string> = {
  open: 'Open',
  refunded: 'Refunded',
  rejected: 'Rejected',
};

/** One dispute: who, which charge and why; an open one has the refund-or-reject form with a required note. */
export const DisputeCard = ({ dispute }: { dispute: AdminDispute }) => {
  const headingId = useId();
  const resolve = useResolveDispute(dispute.id);
  const toast = useToast();
  const form = useZodForm({
    schema: resolveDisputeInputSchema,
    onSubmit: (input) =>
      resolve
        .mutateAsync(input)
        .then((answer) =>
          toast(
            answer.status === 'refunded'
              ? `Refunded ${Math.abs(dispute.entry?.amount ?? 0)} credits to ${dispute.org.name}`
              : `Dispute of ${dispute.org.name} rejected`,
          ),
        ),
  });
  return (
    <article className="card stack" aria-labelledby={headingId}>
      <h3 id={headingId}>
        <Link to={paths.admin.orgs.getHref(new URLSearchParams({ org: dispute.org.id }).toString())}>
          {dispute.org.name}
        </Link>{' '}
        <span className="badge">{statusLabels[dispute.status]}</span>
      </h3>
      <dl>
        <dt>Disputed charge</dt>
        <dd>
          {dispute.entry
            ? `${dispute.entry.amount} credits (${dispute.entry.kind}${dispute.entry.reason ? `: ${dispute.entry.reason}` : ''}) on ${formatDateTime(dispute.entry.createdAt)}`
            : 'The ledger entry is no longer there'}
        </dd>
        <dt>Reason</dt>
        <dd>{dispute.reason}</dd>
        <dt>Opened</dt>
        <dd>
          {formatDateTime(dispute.createdAt)}
          {dispute.openedBy ? ` by ${dispute.openedBy.name} (${dispute.openedBy.email})` : ''}
        </dd>
        {dispute.resolutionNote ? (
          <>
            <dt>Resolution</dt>
            <dd>
              {dispute.resolutionNote} ({formatDateTime(dispute.resolvedAt)})
            </dd>
          </>
        ) : null}
      </dl>
      {dispute.status === 'open' ? (
        <form
          className="form"
          onSubmit={form.handleSubmit}
          noValidate
          aria-label={`Resolve the dispute of ${dispute.org.name}`}
        >
          <FormError>{form.formError}</FormError>
          <fieldset className="field">
            <legend>Outcome</legend>
            <label className="check">
              <input type="radio" name="outcome" value="refund" /> Refund the credits
            </label>
            <label className="check">
              <input type="radio" name="outcome" value="reject" /> Reject: the charge stands
            </label>
            {form.errors.outcome ? <p className="error">{form.errors.outcome}</p> : null}
          </fieldset>
          <TextField
            label="Note for the organisation"
            name="note"
            maxLength={1000}
            required
            hint="Required: say why."
            error={form.errors.note}
          />
          <div>
            <Button type="submit" isPending={resolve.isPending} pendingLabel="Resolving…">
              Resolve dispute
            </Button>
          </div>
        </form>
      ) : null}
    </article>
  );
};
