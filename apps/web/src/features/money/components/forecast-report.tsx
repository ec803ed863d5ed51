import type { CashForecast } from '@aiceo/shared/finance-reports';
import { formatMoney, minorDigits, minorToMajor } from '@aiceo/shared/money';
import { Button } from '@/components/ui/button';
import { QueryView } from '@/components/ui/states';
import { useForecast } from '../api/get-forecast';
import { saveBlob } from '@/lib/save-blob';
import { formatDay, formatDayAxis, runwayDetail, runwayHeadline } from '../format';
import { BalanceChart } from './money-charts';
import { MoneyTable } from './money-table';
import './money.css';

type Week = CashForecast['weeks'][number];

const everyText = (days: number) =>
  days === 7 ? 'Weekly' : days === 14 ? 'Every two weeks' : days >= 28 && days <= 31 ? 'Monthly' : `Every ${days} days`;

// The forecast has no export endpoint: its CSV is written here from the figures on screen.
const forecastCsv = (forecast: CashForecast): Blob => {
  const major = (minor: number) => minorToMajor(minor, forecast.currency).toFixed(minorDigits(forecast.currency));
  const lines = [
    'week_start,currency,in,out,net,balance',
    ...forecast.weeks.map((w) =>
      [
        w.weekStart,
        forecast.currency,
        major(w.inMinor),
        major(w.outMinor),
        major(w.netMinor),
        major(w.balanceMinor),
      ].join(','),
    ),
  ];
  return new Blob([`${lines.join('\r\n')}\r\n`], { type: 'text/csv' });
};

const ForecastBody = ({ forecast }: { forecast: CashForecast }) => {
  const { currency, weeks, lowestWeek } = forecast;
  const money = (minor: number) => formatMoney(minor, currency);
  const lowestIndex = weeks.findIndex((w) => w.weekStart === lowestWeek.weekStart);
  const lowestCaption = `Lowest: ${money(lowestWeek.balanceMinor)} in the week of ${formatDay(lowestWeek.weekStart)}`;
  return (
    <>
      <dl className="money-facts" aria-label="Forecast figures">
        <div>
          <dt>Cash now</dt>
          <dd>{money(forecast.startingCashMinor)}</dd>
        </div>
        <div>
          <dt>In {weeks.length} weeks</dt>
          <dd>{money(weeks.at(-1)?.balanceMinor ?? forecast.startingCashMinor)}</dd>
        </div>
        <div>
          <dt>Lowest week</dt>
          <dd data-testid="forecast-lowest" className={lowestWeek.balanceMinor < 0 ? 'money-negative' : undefined}>
            {money(lowestWeek.balanceMinor)}
          </dd>
          <dd className="figure-note">Week of {formatDay(lowestWeek.weekStart)}</dd>
        </div>
        <div>
          <dt>Runway</dt>
          <dd data-testid="forecast-runway">{runwayHeadline(forecast.runway)}</dd>
        </div>
      </dl>
      <BalanceChart
        points={weeks.map((w) => ({
          label: `Week of ${formatDay(w.weekStart)}`,
          axisLabel: formatDayAxis(w.weekStart),
        }))}
        values={weeks.map((w) => w.balanceMinor)}
        mark={lowestIndex >= 0 ? { index: lowestIndex, caption: lowestCaption } : undefined}
        currency={currency}
        label="Expected cash at the end of the week"
        ariaLabel={`Expected cash over the next ${weeks.length} weeks. ${lowestCaption}. The numbers are in the table below.`}
      />
      <p className="muted" data-testid="forecast-method">
        {forecast.method}
      </p>
      <p className="muted">{runwayDetail(forecast.runway, currency)}</p>
      <details className="data-table">
        <summary>Show the weeks</summary>
        <MoneyTable
          caption="Forecast per week"
          rows={weeks}
          rowKey={(w: Week) => w.weekStart}
          maxHeight="22rem"
          columns={[
            {
              header: 'Week of',
              isRowHeader: true,
              cell: (w) => (
                <>
                  {formatDay(w.weekStart)}
                  {w.weekStart === lowestWeek.weekStart ? <span className="badge bad"> lowest</span> : null}
                </>
              ),
            },
            { header: 'In', isAmount: true, cell: (w) => money(w.inMinor) },
            { header: 'Out', isAmount: true, cell: (w) => money(w.outMinor) },
            { header: 'Net', isAmount: true, cell: (w) => formatMoney(w.netMinor, currency, { signed: true }) },
            { header: 'Balance', isAmount: true, cell: (w) => money(w.balanceMinor) },
          ]}
        />
      </details>
      <h3 id="recurring-heading">Recurring money found in the history</h3>
      {forecast.recurring.length === 0 ? (
        <p className="muted">
          None yet: rent, payroll and subscriptions show up here once they have repeated a few times.
        </p>
      ) : (
        <MoneyTable
          caption="Recurring transactions"
          stackOnPhones
          rows={forecast.recurring}
          rowKey={(r) => `${r.counterparty}|${r.amountMinor}|${r.intervalDays}`}
          columns={[
            { header: 'Counterparty', isRowHeader: true, cell: (r) => r.counterparty },
            { header: 'Category', cell: (r) => r.categoryName ?? 'Uncategorised' },
            { header: 'How often', cell: (r) => everyText(r.intervalDays) },
            { header: 'Next', cell: (r) => formatDay(r.nextDate) },
            {
              header: 'Amount',
              isAmount: true,
              cell: (r) => formatMoney(r.amountMinor, currency, { signed: true }),
            },
          ]}
        />
      )}
    </>
  );
};

/** 13 weeks of expected cash from the recurring transactions and the average of the rest. */
export const ForecastReportView = ({ orgId }: { orgId: string }) => {
  const forecast = useForecast(orgId);
  return (
    <section className="card money-report" aria-labelledby="forecast-heading">
      <div className="money-period">
        <h2 id="forecast-heading" style={{ flex: '1 1 12rem', margin: 0 }}>
          Cash forecast
        </h2>
        {forecast.data ? (
          <Button
            variant="secondary"
            aria-label="Download the forecast as CSV"
            onClick={() =>
              forecast.data &&
              saveBlob(forecastCsv(forecast.data), `cash-forecast-${forecast.data.weeks[0]?.weekStart ?? 'weeks'}.csv`)
            }
          >
            Download CSV
          </Button>
        ) : null}
      </div>
      <QueryView query={forecast} loadingLabel="Loading the forecast…" errorTitle="Could not load the forecast">
        {(data) => <ForecastBody forecast={data} />}
      </QueryView>
    </section>
  );
};
