import { useEffect, useRef } from 'react';
import { openDisputeInputSchema, type CreditEntry } from '@aiceo/shared/credits';
import { Button } from '@/components/ui/button';
import { TextField } from '@/components/ui/field';
import { FormError, useZodForm } from '@/components/ui/form';
import { capitalize, formatDateTime } from '@/utils/format';
import { useOpenCreditDispute } from '../api/open-credit-dispute';
import { formatAmount } from './format';

type DisputeFormProps = { orgId: string; entry: CreditEntry; onDone: (opened: boolean) => void };

/** Opens a dispute on one entry that removed credits; an admin then refunds or rejects it. */
export const DisputeForm = ({ orgId, entry, onDone }: DisputeFormProps) => {
  const open = useOpenCreditDispute(orgId);
  const headingRef = useRef<HTMLHeadingElement>(null);
  const form = useZodForm({
    schema: openDisputeInputSchema,
    onSubmit: ({ reason }) => open.mutateAsync({ entryId: entry.id, reason }).then(() => onDone(true)),
  });

  useEffect(() => headingRef.current?.focus(), [entry.id]);

  return (
    <section className="card" aria-labelledby="dispute-heading">
      <h3 id="dispute-heading" ref={headingRef} tabIndex={-1}>
        Dispute: {capitalize(entry.kind)} {formatAmount(entry.amount)} on {formatDateTime(entry.createdAt)}
      </h3>
      <form className="form" onSubmit={form.handleSubmit} noValidate aria-label="Open a dispute">
        <FormError>{form.formError}</FormError>
        <TextField
          label="Reason"
          name="reason"
          autoComplete="off"
          maxLength={1_000}
          hint="What is wrong with this charge."
          error={form.errors.reason}
        />
        <div className="actions">
          <Button type="submit" isPending={open.isPending} pendingLabel="Sending…">
            Open dispute
          </Button>
          <Button variant="secondary" onClick={() => onDone(false)} disabled={open.isPending}>
            Cancel
          </Button>
        </div>
      </form>
    </section>
  );
};
