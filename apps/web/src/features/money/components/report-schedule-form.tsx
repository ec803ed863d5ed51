import { isoWeekInWords } from '@aiceo/shared/dates-in-words';
import { financeReportSettingsInputSchema, type FinanceReportSettings } from '@aiceo/shared/finance-owner-reports';
import { Button } from '@/components/ui/button';
import { SelectField } from '@/components/ui/field';
import { FormError, useZodForm } from '@/components/ui/form';
import { QueryView } from '@/components/ui/states';
import { useToast } from '@/components/ui/toast';
import { formatDateTime } from '@/utils/format';
import { useReportSettings, useUpdateReportSettings } from '../api/report-settings';
import { formatMonth } from '../format';
import './money.css';

// 1 = Monday ... 7 = Sunday, named in the reader's language.
const weekdays = Array.from({ length: 7 }, (_, index) => ({
  value: String(index + 1),
  label: new Intl.DateTimeFormat(undefined, { weekday: 'long', timeZone: 'UTC' }).format(
    new Date(Date.UTC(2026, 10, 30 + index)),
  ),
}));
const hours = Array.from({ length: 24 }, (_, hour) => ({
  value: String(hour),
  label: `${String(hour).padStart(2, '0')}:00`,
}));

const periodText = (period: string) => {
  const [kind, when] = period.split(':');
  // `weekly:2026-W48` -> "Weekly report, week of 23 Nov 2026"; `monthly:2026-11` -> "Monthly report, November 2026".
  if (kind === 'weekly' && when) return `Weekly report, ${isoWeekInWords(when).replace(/^Week/, 'week')}`;
  if (kind === 'monthly' && when && /^\d{4}-\d{2}$/.test(when)) return `Monthly report, ${formatMonth(when)}`;
  return period;
};

const ScheduleForm = ({ orgId, settings }: { orgId: string; settings: FinanceReportSettings }) => {
  const update = useUpdateReportSettings(orgId);
  const toast = useToast();
  const form = useZodForm({
    schema: financeReportSettingsInputSchema,
    numbers: ['weeklyWeekday', 'hour'],
    toInput: (values) => ({
      ...values,
      weeklyEnabled: values.weeklyEnabled === 'on',
      monthlyEnabled: values.monthlyEnabled === 'on',
    }),
    onSubmit: (input) => update.mutateAsync(input).then(() => toast('Report emails saved')),
  });
  return (
    <form className="form" onSubmit={form.handleSubmit} noValidate aria-label="Report emails">
      <FormError>{form.formError}</FormError>
      <fieldset className="field">
        <legend>Send the profit and loss by email</legend>
        <div className="checks">
          <label className="check">
            <input type="checkbox" name="weeklyEnabled" defaultChecked={settings.weeklyEnabled} /> Every week (the last
            full week, Monday to Sunday)
          </label>
          <label className="check">
            <input type="checkbox" name="monthlyEnabled" defaultChecked={settings.monthlyEnabled} /> Every month (the
            last full month, on the 1st)
          </label>
        </div>
      </fieldset>
      <div className="form-row">
        <SelectField
          label="Weekly email on"
          name="weeklyWeekday"
          defaultValue={String(settings.weeklyWeekday)}
          options={weekdays}
          error={form.errors.weeklyWeekday}
        />
        <SelectField
          label={`At (${settings.timezone})`}
          name="hour"
          defaultValue={String(settings.hour)}
          options={hours}
          error={form.errors.hour}
        />
      </div>
      <p className="muted">
        To {settings.recipients.length ? settings.recipients.join(', ') : 'the owners and admins'}.
      </p>
      <div>
        <Button type="submit" isPending={update.isPending}>
          Save report emails
        </Button>
      </div>
      {settings.recentSends.length > 0 ? (
        <details className="data-table">
          <summary>Recently sent</summary>
          <ul className="plan-limits">
            {settings.recentSends.map((send) => (
              <li key={`${send.period}|${send.sentTo}`}>
                {periodText(send.period)} to {send.sentTo}, {formatDateTime(send.sentAt)}
              </li>
            ))}
          </ul>
        </details>
      ) : null}
    </form>
  );
};

/** The weekly and monthly P&L emails: on or off, the weekday and the hour in the org's timezone. */
export const ReportScheduleCard = ({ orgId }: { orgId: string }) => {
  const settings = useReportSettings(orgId);
  return (
    <section className="card" aria-labelledby="report-emails-heading">
      <h2 id="report-emails-heading">Report emails</h2>
      <QueryView
        query={settings}
        loadingLabel="Loading the report emails…"
        errorTitle="Could not load the report emails"
      >
        {(data) => <ScheduleForm key={data.updatedAt ?? 'defaults'} orgId={orgId} settings={data} />}
      </QueryView>
    </section>
  );
};
