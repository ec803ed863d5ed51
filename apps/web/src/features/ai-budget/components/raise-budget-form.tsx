import { useState, type FormEvent } from 'react';
import { raiseAiBudgetInputSchema, type AdminOrgAiBudget } from '@aiceo/shared/ai-budget';
import { Button } from '@/components/ui/button';
import { TextField } from '@/components/ui/field';
import { FormError } from '@/components/ui/form';
import { errorMessage } from '@/components/ui/states';
import { useToast } from '@/components/ui/toast';
import { useRaiseAiBudget } from '../api/raise-ai-budget';
import { usd } from '../format';

/** Adds to one org's allowance for this month only, with the reason kept in the alerts. */
export const RaiseBudgetForm = ({ org, onDone }: { org: AdminOrgAiBudget; onDone: () => void }) => {
  const raise = useRaiseAiBudget();
  const toast = useToast();
  const [amount, setAmount] = useState('5.00');
  const [reason, setReason] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    const parsed = raiseAiBudgetInputSchema.safeParse({
      amountCents: amount.trim() === '' ? Number.NaN : Math.round(Number(amount) * 100),
      reason,
    });
    if (!parsed.success) {
      setErrors(
        Object.fromEntries(
          parsed.error.issues.map((i) => [
            String(i.path[0]),
            i.code === 'invalid_type' ? 'Enter an amount' : i.message,
          ]),
        ),
      );
      return;
    }
    setErrors({});
    const done = await raise.mutateAsync({ orgId: org.orgId, ...parsed.data }).catch(() => null);
    if (!done) return;
    toast(`${org.name}'s AI allowance raised by ${usd(parsed.data.amountCents)} for this month`);
    onDone();
  };
  return (
    <form className="form" onSubmit={onSubmit} noValidate aria-label={`Raise the AI allowance of ${org.name}`}>
      {raise.error ? <FormError>{errorMessage(raise.error)}</FormError> : null}
      <TextField
        label="Add (USD, this month only)"
        name="amountCents"
        type="number"
        inputMode="decimal"
        min={0.01}
        step="0.01"
        value={amount}
        onChange={(e) => setAmount(e.target.value)}
        error={errors['amountCents']}
      />
      <TextField
        label="Reason"
        name="reason"
        maxLength={500}
        value={reason}
        onChange={(e) => setReason(e.target.value)}
        error={errors['reason']}
        hint="Kept with the alerts, for the other admins."
      />
      <div className="row" style={{ display: 'flex', gap: '0.5rem', flexWrap: 'wrap' }}>
        <Button type="submit" isPending={raise.isPending} pendingLabel="Raising…">
          Raise allowance
        </Button>
        <Button type="button" variant="secondary" onClick={onDone}>
          Cancel
        </Button>
      </div>
    </form>
  );
};
