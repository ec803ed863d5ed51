import { useState } from 'react';
import { z } from 'zod';
import type { Org } from '@aiceo/shared/orgs';
import { currencySchema, fiscalYearStartMonthSchema, formatMoney, timezoneSchema } from '@aiceo/shared/money';
import { Button } from '@/components/ui/button';
import { SelectField } from '@/components/ui/field';
import { FormError, useZodForm } from '@/components/ui/form';
import { useToast } from '@/components/ui/toast';
import { useAccounts } from '../api/list-accounts';
import { useUpdateMoneySettings } from '../api/update-money-settings';
import { currencyGroups, monthNames, timezoneGroups } from '../money-options';
import { GroupedSelect } from './grouped-select';
import './money.css';

const moneySettingsSchema = z.object({
  currency: currencySchema,
  timezone: timezoneSchema,
  fiscalYearStartMonth: fiscalYearStartMonthSchema,
});

/** Currency, timezone and fiscal year of the org: every money figure and report period follows them. */
export const MoneySettingsForm = ({ org }: { org: Org }) => {
  const update = useUpdateMoneySettings(org.id);
  const toast = useToast();
  const [currency, setCurrency] = useState(org.currency);
  // Accounts keep their own currency: say which ones the org's figures would leave out.
  const accounts = useAccounts(org.id);
  const elsewhere = (accounts.data?.items ?? []).filter((a) => !a.archived && a.currency !== currency);
  const form = useZodForm({
    schema: moneySettingsSchema,
    numbers: ['fiscalYearStartMonth'],
    onSubmit: (input) => update.mutateAsync(input).then(() => toast('Money settings saved')),
  });
  return (
    <form className="form" onSubmit={form.handleSubmit} noValidate aria-label="Money settings">
      <FormError>{form.formError}</FormError>
      <GroupedSelect
        label="Currency"
        name="currency"
        value={currency}
        onChange={(event) => setCurrency(event.target.value)}
        groups={currencyGroups(currency)}
        hint={`Figures look like ${formatMoney(123456789, currency)}. Amounts already recorded are not converted: set this before you import.`}
        error={form.errors.currency}
      />
      {elsewhere.length > 0 ? (
        <p className="alert warning" data-testid="currency-warning">
          {elsewhere.map((a) => `${a.name} (${a.currency})`).join(', ')}{' '}
          {elsewhere.length === 1 ? 'keeps its currency: its money is' : 'keep their currency: their money is'} left out
          of the {currency} figures.
        </p>
      ) : null}
      <div className="form-row">
        <GroupedSelect
          label="Timezone"
          name="timezone"
          defaultValue={org.timezone}
          groups={timezoneGroups(org.timezone)}
          hint="Days, weeks and months of the reports follow it."
          error={form.errors.timezone}
        />
        <SelectField
          label="Fiscal year starts in"
          name="fiscalYearStartMonth"
          defaultValue={String(org.fiscalYearStartMonth)}
          options={monthNames.map((name, index) => ({ value: String(index + 1), label: name }))}
          hint="Quarters and years of the reports start here."
          error={form.errors.fiscalYearStartMonth}
        />
      </div>
      <div>
        <Button type="submit" isPending={update.isPending}>
          Save money settings
        </Button>
      </div>
    </form>
  );
};
