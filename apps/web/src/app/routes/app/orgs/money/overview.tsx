import { Link, useParams, type LoaderFunctionArgs } from 'react-router';
import { paths } from '@/config/paths';
import { PageHeader } from '@/components/ui/page-header';
import { QueryView } from '@/components/ui/states';
import { moneyOverviewQueryOptions, useMoneyOverview } from '@/features/money/api/get-overview';
import { canSeeMoney } from '@/features/money/can-see-money';
import { MoneyOverview, MoneyOverviewEmpty } from '@/features/money/components/money-overview';
import { useCurrentOrg } from '@/hooks/use-current-org';
import { queryClient } from '@/lib/query-client';

export const loader = async ({ request, params }: LoaderFunctionArgs) => {
  const orgId = params.orgId ?? '';
  if (await canSeeMoney({ request, orgId })) void queryClient.prefetchQuery(moneyOverviewQueryOptions(orgId));
  return null;
};

export const Component = () => {
  const { orgId = '' } = useParams();
  const org = useCurrentOrg();
  const overview = useMoneyOverview(orgId);
  return (
    <>
      <PageHeader
        title="Money"
        description={`${org.name}’s cash, profit and runway, in ${org.currency}.`}
        actions={
          <>
            <Link className="button secondary" to={paths.orgs.money.reports.getHref(orgId)}>
              Reports
            </Link>
            <Link className="button" to={paths.orgs.money.import.getHref(orgId)}>
              Import a statement
            </Link>
          </>
        }
      />
      <QueryView
        query={overview}
        loadingLabel="Loading the money overview…"
        errorTitle="Could not load the money overview"
        isEmpty={(data) => data.snapshot.transactionCount === 0 && data.snapshot.cashMinor === 0}
        empty={<MoneyOverviewEmpty orgId={orgId} />}
      >
        {(data) => <MoneyOverview orgId={orgId} overview={data} />}
      </QueryView>
    </>
  );
};
