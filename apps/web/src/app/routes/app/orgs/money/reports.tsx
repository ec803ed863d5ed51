import { Link, useParams, useSearchParams, type LoaderFunctionArgs } from 'react-router';
import { reportDaySchema, reportPeriods, type ReportPeriod } from '@aiceo/shared/finance-reports';
import { paths } from '@/config/paths';
import { PageHeader } from '@/components/ui/page-header';
import { canSeeMoney } from '@/features/money/can-see-money';
import { profitAndLossQueryOptions } from '@/features/money/api/get-profit-and-loss';
import { CashFlowReportView } from '@/features/money/components/cash-flow-report';
import { ForecastReportView } from '@/features/money/components/forecast-report';
import { ProfitAndLossReportView } from '@/features/money/components/profit-and-loss-report';
import { queryClient } from '@/lib/query-client';

const reports = [
  { key: 'profit-and-loss', label: 'Profit and loss' },
  { key: 'cash-flow', label: 'Cash flow' },
  { key: 'forecast', label: 'Forecast' },
] as const;
type ReportKey = (typeof reports)[number]['key'];

// The report, its period and day are kept in the URL, so that a view can be bookmarked or shared.
const viewOf = (search: URLSearchParams) => {
  const report: ReportKey = reports.find((r) => r.key === search.get('report'))?.key ?? 'profit-and-loss';
  const period: ReportPeriod = reportPeriods.find((p) => p === search.get('period')) ?? 'month';
  const day = reportDaySchema.safeParse(search.get('date'));
  return { report, period, date: day.success ? day.data : undefined };
};

export const loader = async ({ request, params }: LoaderFunctionArgs) => {
  const orgId = params.orgId ?? '';
  const view = viewOf(new URL(request.url).searchParams);
  if (view.report === 'profit-and-loss' && (await canSeeMoney({ request, orgId }))) {
    const query = { period: view.period, ...(view.date ? { date: view.date } : {}) };
    void queryClient.prefetchQuery(profitAndLossQueryOptions(orgId, query));
  }
  return null;
};

export const Component = () => {
  const { orgId = '' } = useParams();
  const [search, setSearch] = useSearchParams();
  const view = viewOf(search);
  const hrefOf = (report: ReportKey) => `${paths.orgs.money.reports.getHref(orgId)}?report=${report}`;
  return (
    <>
      <PageHeader title="Money reports" description="Profit and loss, cash flow and the cash forecast." />
      <nav className="money-tabs" aria-label="Reports">
        {reports.map((r) => (
          <Link key={r.key} to={hrefOf(r.key)} aria-current={view.report === r.key ? 'page' : undefined}>
            {r.label}
          </Link>
        ))}
      </nav>
      {view.report === 'profit-and-loss' ? (
        <ProfitAndLossReportView
          orgId={orgId}
          period={view.period}
          date={view.date}
          onChange={(change) =>
            setSearch(
              (current) => {
                const next = new URLSearchParams(current);
                next.set('report', 'profit-and-loss');
                if (change.period) next.set('period', change.period);
                if ('date' in change) {
                  if (change.date) next.set('date', change.date);
                  else next.delete('date');
                }
                return next;
              },
              { replace: true },
            )
          }
        />
      ) : null}
      {view.report === 'cash-flow' ? <CashFlowReportView orgId={orgId} /> : null}
      {view.report === 'forecast' ? <ForecastReportView orgId={orgId} /> : null}
    </>
  );
};
