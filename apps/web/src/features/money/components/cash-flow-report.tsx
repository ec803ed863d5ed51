import { useState } from 'react';
import { cashFlowIntervals, type CashFlow, type CashFlowInterval } from '@aiceo/shared/finance-reports';
import { formatMoney } from '@aiceo/shared/money';
import { SelectField, TextField } from '@/components/ui/field';
import { QueryView } from '@/components/ui/states';
import { useCashFlow, useExportCashFlow } from '../api/get-cash-flow';
import { formatDay, formatDayAxis, formatMonth, formatMonthAxis, formatSpan } from '../format';
import { CsvButton } from './csv-button';
import { BarChart } from './money-charts';
import { MoneyTable, type MoneyColumn } from './money-table';
import './money.css';

const intervalLabels: Record<CashFlowInterval, string> = { day: 'Daily', week: 'Weekly', month: 'Monthly' };

type Period = CashFlow['periods'][number];

const periodLabel = (period: Period, interval: CashFlowInterval) =>
  interval === 'month'
    ? formatMonth(period.periodStart.slice(0, 7))
    : interval === 'week'
      ? `Week of ${formatDay(period.periodStart)}`
      : formatDay(period.periodStart);

const axisLabel = (period: Period, interval: CashFlowInterval) =>
  interval === 'month' ? formatMonthAxis(period.periodStart.slice(0, 7)) : formatDayAxis(period.periodStart);

const columnsOf = (report: CashFlow): MoneyColumn<Period>[] => {
  const money = (minor: number) => formatMoney(minor, report.currency);
  return [
    { header: 'Period', isRowHeader: true, cell: (p) => periodLabel(p, report.interval) },
    { header: 'In', isAmount: true, cell: (p) => money(p.inMinor) },
    { header: 'Out', isAmount: true, cell: (p) => money(p.outMinor) },
    { header: 'Net', isAmount: true, cell: (p) => formatMoney(p.netMinor, report.currency, { signed: true }) },
    { header: 'Balance', isAmount: true, cell: (p) => money(p.balanceMinor) },
    // Each account's running balance, in the account's own currency.
    ...report.accounts.map((account) => ({
      header: account.name,
      isAmount: true,
      cell: (p: Period) => {
        const balance = p.accounts.find((a) => a.accountId === account.id)?.balanceMinor ?? 0;
        return formatMoney(balance, account.currency);
      },
    })),
  ];
};

const CashFlowFigures = ({ report }: { report: CashFlow }) => {
  const money = (minor: number) => formatMoney(minor, report.currency);
  const closing = report.periods.at(-1)?.balanceMinor ?? report.openingBalanceMinor;
  return (
    <dl className="money-facts" aria-label="Cash-flow figures">
      <div>
        <dt>Opening balance</dt>
        <dd>{money(report.openingBalanceMinor)}</dd>
      </div>
      <div>
        <dt>Money in</dt>
        <dd data-testid="cash-in">{money(report.inMinor)}</dd>
      </div>
      <div>
        <dt>Money out</dt>
        <dd data-testid="cash-out">{money(report.outMinor)}</dd>
      </div>
      <div>
        <dt>Net</dt>
        <dd className={report.netMinor < 0 ? 'money-negative' : undefined}>
          {formatMoney(report.netMinor, report.currency, { signed: true })}
        </dd>
      </div>
      <div>
        <dt>Closing balance</dt>
        <dd>{money(closing)}</dd>
      </div>
    </dl>
  );
};

/** Money in, out and net per day, week or month, with running balances per account and in total. */
export const CashFlowReportView = ({ orgId }: { orgId: string }) => {
  const [interval, setInterval] = useState<CashFlowInterval>('month');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  // The API takes both days or neither (then the last twelve months).
  const hasRange = from !== '' && to !== '';
  const isRangeValid = !hasRange || from <= to;
  const query = hasRange && isRangeValid ? { interval, from, to } : { interval };
  const report = useCashFlow(orgId, query);
  const download = useExportCashFlow(orgId);
  return (
    <section className="card money-report" aria-labelledby="cash-flow-heading">
      <h2 id="cash-flow-heading">Cash flow</h2>
      <div className="money-toolbar">
        <SelectField
          label="Interval"
          name="interval"
          value={interval}
          onChange={(event) => {
            const next = cashFlowIntervals.find((i) => i === event.target.value);
            if (next) setInterval(next);
          }}
          options={cashFlowIntervals.map((value) => ({ value, label: intervalLabels[value] }))}
        />
        <TextField label="From" name="from" type="date" value={from} onChange={(e) => setFrom(e.target.value)} />
        <TextField
          label="To"
          name="to"
          type="date"
          value={to}
          onChange={(e) => setTo(e.target.value)}
          error={isRangeValid ? undefined : 'Pick a day after “From”'}
        />
      </div>
      {!hasRange ? <p className="muted">The last twelve months; pick both days for another span.</p> : null}
      <QueryView query={report} loadingLabel="Loading the cash flow…" errorTitle="Could not load the cash flow">
        {(data) => (
          <div aria-busy={report.isPlaceholderData || undefined}>
            <div className="money-period">
              <h3>{formatSpan(data.from, data.to)}</h3>
              <CsvButton
                label="Download the cash flow as CSV"
                isPending={download.isPending}
                onDownload={() =>
                  download.mutateAsync({ query, fileName: `cash-flow-${data.from}-to-${data.to}-${data.interval}.csv` })
                }
              />
            </div>
            <CashFlowFigures report={data} />
            <BarChart
              points={data.periods.map((p) => ({
                label: periodLabel(p, data.interval),
                axisLabel: axisLabel(p, data.interval),
              }))}
              currency={data.currency}
              series={[
                { label: 'In', tone: 'in', values: data.periods.map((p) => p.inMinor) },
                { label: 'Out', tone: 'out', values: data.periods.map((p) => p.outMinor) },
              ]}
              ariaLabel={`Money in and out per ${data.interval}. The numbers are in the table below.`}
            />
            <h3>Per period, with running balances</h3>
            <MoneyTable
              caption="Cash flow per period with the balance of every account"
              columns={columnsOf(data)}
              rows={data.periods}
              rowKey={(p) => p.periodStart}
              maxHeight="24rem"
            />
            {data.otherCurrencyCount > 0 ? (
              <p className="muted">
                {data.otherCurrencyCount.toLocaleString()} transactions in another currency than {data.currency} are
                left out of the totals.
              </p>
            ) : null}
          </div>
        )}
      </QueryView>
    </section>
  );
};
