import {
  reportPeriods,
  type PnlLine,
  type ProfitAndLossReport,
  type ReportPeriod,
} from '@aiceo/shared/finance-reports';
import { formatMoney } from '@aiceo/shared/money';
import { Button } from '@/components/ui/button';
import { SelectField } from '@/components/ui/field';
import { QueryView } from '@/components/ui/states';
import { useExportProfitAndLoss, useProfitAndLoss } from '../api/get-profit-and-loss';
import { formatPercent, formatPercentChange, formatSpan, shiftDay } from '../format';
import { CsvButton } from './csv-button';
import './money.css';

export const periodLabels: Record<ReportPeriod, string> = {
  day: 'Day',
  week: 'Week',
  month: 'Month',
  quarter: 'Quarter',
  year: 'Year',
};

type Line = { key: string; name: string; amountMinor: number };

const linesOf = (lines: readonly PnlLine[], uncategorisedMinor: number): Line[] => [
  ...lines.map((line) => ({ key: line.categoryId, name: line.name, amountMinor: line.amountMinor })),
  ...(uncategorisedMinor !== 0
    ? [{ key: 'uncategorised', name: 'Uncategorised', amountMinor: uncategorisedMinor }]
    : []),
];

const CategoryLines = ({
  title,
  tone,
  lines,
  currency,
}: {
  title: string;
  tone: 'income' | 'expense';
  lines: readonly Line[];
  currency: string;
}) => {
  const largest = Math.max(1, ...lines.map((line) => Math.abs(line.amountMinor)));
  const headingId = `pnl-${tone}-heading`;
  return (
    <section aria-labelledby={headingId}>
      <h3 id={headingId}>{title}</h3>
      {lines.length === 0 ? (
        <p className="muted">None in this period.</p>
      ) : (
        <ul className={`money-lines ${tone}`} aria-labelledby={headingId}>
          {lines.map((line) => (
            <li key={line.key}>
              <span className="line-name">{line.name}</span>
              <span className="money-amount">{formatMoney(line.amountMinor, currency)}</span>
              <span className="line-bar" aria-hidden="true">
                <span style={{ width: `${(Math.abs(line.amountMinor) / largest) * 100}%` }} />
              </span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
};

const Change = ({
  percent,
  amountMinor,
  currency,
}: {
  percent: number | null;
  amountMinor: number;
  currency: string;
}) => {
  const change = formatPercentChange(percent);
  return (
    <dd className="figure-note">
      {formatMoney(amountMinor, currency, { signed: true })}
      {change ? ` (${change})` : ''} vs previous period
    </dd>
  );
};

const Figures = ({ report }: { report: ProfitAndLossReport }) => {
  const { currency, change } = report;
  return (
    <dl className="money-facts" aria-label="Profit and loss figures">
      <div>
        <dt>Income</dt>
        <dd data-testid="pnl-income">{formatMoney(report.incomeMinor, currency)}</dd>
        <Change percent={change.incomePercent} amountMinor={change.incomeMinor} currency={currency} />
      </div>
      <div>
        <dt>Expenses</dt>
        <dd data-testid="pnl-expenses">{formatMoney(report.expenseMinor, currency)}</dd>
        <Change percent={change.expensePercent} amountMinor={change.expenseMinor} currency={currency} />
      </div>
      <div>
        <dt>{report.netMinor < 0 ? 'Net loss' : 'Net profit'}</dt>
        <dd data-testid="pnl-net" className={report.netMinor < 0 ? 'money-negative' : undefined}>
          {formatMoney(report.netMinor, currency, { signed: true })}
        </dd>
        <Change percent={change.netPercent} amountMinor={change.netMinor} currency={currency} />
      </div>
      <div>
        <dt>Margin</dt>
        <dd data-testid="pnl-margin">{formatPercent(report.marginPercent)}</dd>
      </div>
    </dl>
  );
};

type ProfitAndLossProps = {
  orgId: string;
  period: ReportPeriod;
  /** A day inside the period; undefined is today in the org's timezone. */
  date: string | undefined;
  onChange: (change: { period?: ReportPeriod; date?: string | undefined }) => void;
};

/** P&L for a day, week, month, quarter or year, stepping back and forth one period at a time. */
export const ProfitAndLossReportView = ({ orgId, period, date, onChange }: ProfitAndLossProps) => {
  const query = { period, ...(date ? { date } : {}) };
  const report = useProfitAndLoss(orgId, query);
  const download = useExportProfitAndLoss(orgId);
  const shown = report.data;
  return (
    <section className="card money-report" aria-labelledby="pnl-heading">
      <h2 id="pnl-heading">Profit and loss</h2>
      <div className="money-toolbar">
        <SelectField
          label="Period"
          name="period"
          value={period}
          onChange={(event) => {
            const next = reportPeriods.find((p) => p === event.target.value);
            if (next) onChange({ period: next });
          }}
          options={reportPeriods.map((value) => ({ value, label: periodLabels[value] }))}
        />
        <div className="actions">
          <Button
            variant="secondary"
            size="small"
            disabled={!shown}
            onClick={() => shown && onChange({ date: shiftDay(shown.from, -1) })}
          >
            ← Previous {periodLabels[period].toLowerCase()}
          </Button>
          <Button
            variant="secondary"
            size="small"
            disabled={!shown}
            onClick={() => shown && onChange({ date: shiftDay(shown.to, 1) })}
          >
            Next {periodLabels[period].toLowerCase()} →
          </Button>
          {date ? (
            <Button variant="ghost" size="small" onClick={() => onChange({ date: undefined })}>
              Back to today
            </Button>
          ) : null}
        </div>
      </div>
      <QueryView query={report} loadingLabel="Loading the profit and loss…" errorTitle="Could not load the P&L">
        {(data) => (
          <div aria-busy={report.isPlaceholderData || undefined}>
            <div className="money-period">
              <h3 data-testid="pnl-span">{formatSpan(data.from, data.to)}</h3>
              <CsvButton
                label="Download the profit and loss as CSV"
                isPending={download.isPending}
                onDownload={() =>
                  download.mutateAsync({ query, fileName: `profit-and-loss-${data.from}-to-${data.to}.csv` })
                }
              />
            </div>
            <Figures report={data} />
            <div className="money-grid">
              <CategoryLines
                title="Income by category"
                tone="income"
                lines={linesOf(data.income, data.uncategorisedInMinor)}
                currency={data.currency}
              />
              <CategoryLines
                title="Expenses by category"
                tone="expense"
                lines={linesOf(data.expenses, data.uncategorisedOutMinor)}
                currency={data.currency}
              />
            </div>
            <p className="muted" style={{ marginTop: '1rem' }}>
              {data.transactionCount.toLocaleString()} transactions; the previous period (
              {formatSpan(data.previous.from, data.previous.to)}) had{' '}
              {formatMoney(data.previous.netMinor, data.currency, { signed: true })} net. Transfers between your own
              accounts are neither income nor expense.
              {data.otherCurrencyCount > 0
                ? ` ${data.otherCurrencyCount.toLocaleString()} transactions in another currency are left out.`
                : ''}
            </p>
          </div>
        )}
      </QueryView>
    </section>
  );
};
