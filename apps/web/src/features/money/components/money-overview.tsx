import { Link } from 'react-router';
import type { MoneyOverview as Overview, MoneyTotals } from '@aiceo/shared/finance-reports';
import { formatMoney } from '@aiceo/shared/money';
import { paths } from '@/config/paths';
import { formatMonth, formatMonthAxis, runwayDetail, runwayHeadline } from '../format';
import { BarChart } from './money-charts';
import { MoneyTable } from './money-table';
import './money.css';

type OverviewProps = { orgId: string; overview: Overview };

const Figure = ({ label, value, note, testId }: { label: string; value: string; note?: string; testId: string }) => (
  <div className="card stat">
    <dt>{label}</dt>
    <dd data-testid={testId}>{value}</dd>
    {note ? <dd className="figure-note">{note}</dd> : null}
  </div>
);

const ThisMonth = ({ snapshot }: { snapshot: Overview['snapshot'] }) => {
  const { currency, monthToDate: now, lastMonth: before } = snapshot;
  const money = (minor: number) => formatMoney(minor, currency);
  const vsLast = (key: keyof MoneyTotals) => `Last month: ${money(before[key])}`;
  return (
    <dl className="grid stats money-figures" aria-label="Cash and this month">
      <Figure label="Cash" value={money(snapshot.cashMinor)} note="All accounts, today" testId="money-cash" />
      <Figure
        label="Money in this month"
        value={money(now.incomeMinor)}
        note={vsLast('incomeMinor')}
        testId="money-in"
      />
      <Figure
        label="Money out this month"
        value={money(now.expenseMinor)}
        note={vsLast('expenseMinor')}
        testId="money-out"
      />
      <Figure
        label={now.netMinor < 0 ? 'Loss this month' : 'Profit this month'}
        value={formatMoney(now.netMinor, currency, { signed: true })}
        note={`Last month: ${formatMoney(before.netMinor, currency, { signed: true })}`}
        testId="money-net"
      />
    </dl>
  );
};

const TwelveMonths = ({ overview }: { overview: Overview }) => {
  const { currency } = overview.snapshot;
  const months = overview.last12Months;
  const points = months.map((m) => ({ label: formatMonth(m.month), axisLabel: formatMonthAxis(m.month) }));
  return (
    <section className="card wide" aria-labelledby="twelve-months-heading">
      <h2 id="twelve-months-heading">Revenue and costs, last 12 months</h2>
      <BarChart
        points={points}
        currency={currency}
        series={[
          { label: 'Revenue', tone: 'in', values: months.map((m) => m.incomeMinor) },
          { label: 'Costs', tone: 'out', values: months.map((m) => m.expenseMinor) },
        ]}
        ariaLabel="Revenue and costs per month over the last twelve months. The numbers are in the table below."
      />
      <details className="data-table">
        <summary>Show the numbers</summary>
        <MoneyTable
          caption="Revenue and costs per month"
          rows={months}
          rowKey={(m) => m.month}
          maxHeight="18rem"
          columns={[
            { header: 'Month', isRowHeader: true, cell: (m) => formatMonth(m.month) },
            { header: 'Revenue', isAmount: true, cell: (m) => formatMoney(m.incomeMinor, currency) },
            { header: 'Costs', isAmount: true, cell: (m) => formatMoney(m.expenseMinor, currency) },
            { header: 'Profit', isAmount: true, cell: (m) => formatMoney(m.netMinor, currency, { signed: true }) },
          ]}
        />
      </details>
    </section>
  );
};

const TopExpenses = ({ snapshot }: { snapshot: Overview['snapshot'] }) => {
  const top = snapshot.topExpenseCategories;
  const largest = Math.max(1, ...top.map((c) => c.amountMinor));
  return (
    <section className="card" aria-labelledby="top-expenses-heading">
      <h2 id="top-expenses-heading">Top expenses this month</h2>
      {top.length === 0 ? (
        <p className="muted">No categorised spending this month yet.</p>
      ) : (
        <ul className="money-lines" aria-labelledby="top-expenses-heading">
          {top.map((category) => (
            <li key={category.name}>
              <span className="line-name">{category.name}</span>
              <span className="money-amount">{formatMoney(category.amountMinor, snapshot.currency)}</span>
              <span className="line-bar" aria-hidden="true">
                <span style={{ width: `${(category.amountMinor / largest) * 100}%` }} />
              </span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
};

const Runway = ({ snapshot }: { snapshot: Overview['snapshot'] }) => (
  <section className="card" aria-labelledby="runway-heading">
    <h2 id="runway-heading">Runway</h2>
    <p className="runway-headline" data-testid="runway">
      {runwayHeadline(snapshot.runway)}
    </p>
    <p className="muted">{runwayDetail(snapshot.runway, snapshot.currency)}</p>
  </section>
);

const Housekeeping = ({ orgId, snapshot }: { orgId: string; snapshot: Overview['snapshot'] }) => (
  <section className="card" aria-labelledby="housekeeping-heading">
    <h2 id="housekeeping-heading">Keep the books tidy</h2>
    <ul className="plan-limits">
      <li>
        {snapshot.uncategorisedCount === 0 ? (
          'Every transaction has a category.'
        ) : (
          <Link to={paths.orgs.money.transactions.getHref(orgId, 'category=uncategorised')} data-testid="uncategorised">
            {snapshot.uncategorisedCount === 1
              ? '1 transaction has no category'
              : `${snapshot.uncategorisedCount.toLocaleString()} transactions have no category`}
          </Link>
        )}
      </li>
      <li>
        <Link to={paths.orgs.money.import.getHref(orgId)}>Import a bank statement</Link> to bring the books up to date.
      </li>
      {snapshot.otherCurrencyCount > 0 ? (
        <li>
          {snapshot.otherCurrencyCount.toLocaleString()} transactions in another currency than {snapshot.currency} are
          left out of these figures.
        </li>
      ) : null}
    </ul>
  </section>
);

/** Cash, this month against last month, runway, the twelve-month chart and what needs doing. */
export const MoneyOverview = ({ orgId, overview }: OverviewProps) => (
  <>
    <ThisMonth snapshot={overview.snapshot} />
    <div className="money-grid">
      <Runway snapshot={overview.snapshot} />
      <TopExpenses snapshot={overview.snapshot} />
      <Housekeeping orgId={orgId} snapshot={overview.snapshot} />
      <TwelveMonths overview={overview} />
    </div>
  </>
);

/** An org with no transactions yet: where to start. */
export const MoneyOverviewEmpty = ({ orgId }: { orgId: string }) => (
  <div className="state">
    <h2>No transactions yet</h2>
    <p>
      Import a bank statement (the CSV export of your bank, no mapping needed) and the overview fills in: cash, profit,
      runway.
    </p>
    <div className="actions" style={{ justifyContent: 'center' }}>
      <Link className="button" to={paths.orgs.money.import.getHref(orgId)}>
        Import a statement
      </Link>
      <Link className="button secondary" to={paths.orgs.money.accounts.getHref(orgId)}>
        Set up accounts
      </Link>
      <Link className="button secondary" to={paths.orgs.money.settings.getHref(orgId)}>
        Connect Stripe
      </Link>
    </div>
  </div>
);
