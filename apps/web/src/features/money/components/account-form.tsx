import { useState } from 'react';
import {
  createFinanceAccountInputSchema,
  financeAccountKinds,
  updateFinanceAccountInputSchema,
  type FinanceAccount,
  type FinanceAccountKind,
} from '@aiceo/shared/finance';
import { Button } from '@/components/ui/button';
import { SelectField, TextField } from '@/components/ui/field';
import { FormError, useZodForm } from '@/components/ui/form';
import { useToast } from '@/components/ui/toast';
import { parseMoneyInput, toMoneyInput, withMoneyField } from '@/utils/money-input';
import { useCreateAccount, useUpdateAccount } from '../api/save-account';
import { currencyGroups } from '../money-options';
import { GroupedSelect } from './grouped-select';
import './money.css';

export const accountKindLabels: Record<FinanceAccountKind, string> = {
  bank: 'Bank account',
  card: 'Card',
  cash: 'Cash',
  processor: 'Payment processor',
};

type AccountFormProps = {
  orgId: string;
  /** The org's currency: new accounts start in it. */
  orgCurrency: string;
  /** Edits this account; creates one without it. */
  account?: FinanceAccount;
  onDone: () => void;
};

/** Name, kind, currency, and the opening balance typed in major units of the account's currency. */
export const AccountForm = ({ orgId, orgCurrency, account, onDone }: AccountFormProps) => {
  const toast = useToast();
  const create = useCreateAccount(orgId);
  const update = useUpdateAccount(orgId);
  const [currency, setCurrency] = useState(account?.currency ?? orgCurrency);
  // The API refuses a currency change once the account has transactions.
  const isCurrencyLocked = !!account && account.transactionCount > 0;
  const toInput = (values: Record<string, unknown>) => ({
    ...values,
    currency: isCurrencyLocked ? undefined : values.currency,
    openingBalanceMinor: parseMoneyInput(values.openingBalanceMinor, currency) ?? (account ? 0 : undefined),
    openingDate: values.openingDate === '' ? (account ? null : undefined) : values.openingDate,
  });
  const createForm = useZodForm({
    schema: withMoneyField(createFinanceAccountInputSchema, { field: 'openingBalanceMinor', currency }),
    toInput,
    onSubmit: (input) =>
      create.mutateAsync(input).then((saved) => {
        toast(`Account ${saved.name} added`);
        onDone();
      }),
  });
  const updateForm = useZodForm({
    schema: withMoneyField(updateFinanceAccountInputSchema, { field: 'openingBalanceMinor', currency }),
    toInput,
    onSubmit: (input) =>
      account
        ? update.mutateAsync({ accountId: account.id, body: input }).then((saved) => {
            toast(`Account ${saved.name} saved`);
            onDone();
          })
        : Promise.resolve(),
  });
  const form = account ? updateForm : createForm;
  const isPending = create.isPending || update.isPending;
  return (
    <form
      className="form"
      onSubmit={form.handleSubmit}
      noValidate
      aria-label={account ? `Edit ${account.name}` : 'New account'}
    >
      <FormError>{form.formError}</FormError>
      <div className="form-row">
        <TextField
          label="Name"
          name="name"
          defaultValue={account?.name}
          placeholder="Business checking"
          required
          autoComplete="off"
          error={form.errors.name}
        />
        <SelectField
          label="Kind"
          name="kind"
          defaultValue={account?.kind ?? 'bank'}
          options={financeAccountKinds.map((kind) => ({ value: kind, label: accountKindLabels[kind] }))}
          error={form.errors.kind}
        />
      </div>
      <div className="form-row">
        <GroupedSelect
          label="Currency"
          name="currency"
          value={currency}
          onChange={(event) => setCurrency(event.target.value)}
          disabled={isCurrencyLocked}
          hint={isCurrencyLocked ? 'Fixed: the account has transactions.' : undefined}
          groups={currencyGroups(currency)}
          error={form.errors.currency}
        />
        <TextField
          label={`Opening balance (${currency})`}
          name="openingBalanceMinor"
          inputMode="decimal"
          defaultValue={account ? toMoneyInput(account.openingBalanceMinor, account.currency) : ''}
          placeholder="0.00"
          hint="What the account held before its first transaction here; minus for a card's debt."
          autoComplete="off"
          error={form.errors.openingBalanceMinor}
        />
      </div>
      <TextField
        label="Opening date"
        name="openingDate"
        type="date"
        defaultValue={account?.openingDate ?? ''}
        hint="Optional: the day of that balance."
        error={form.errors.openingDate}
      />
      <div className="actions">
        <Button type="submit" isPending={isPending}>
          {account ? 'Save account' : 'Add account'}
        </Button>
        <Button variant="ghost" onClick={onDone}>
          Cancel
        </Button>
      </div>
    </form>
  );
};
