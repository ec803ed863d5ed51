import { Link, useParams, type LoaderFunctionArgs } from 'react-router';
import { paths } from '@/config/paths';
import { PageHeader } from '@/components/ui/page-header';
import { EmptyState, QueryView } from '@/components/ui/states';
import { useWhatWorked, whatWorkedQueryOptions } from '@/features/what-worked/api/get-what-worked';
import { WhatWorkedEmpty, WhatWorkedView } from '@/features/what-worked/components/what-worked';
import { requireUser } from '@/lib/auth';
import { queryClient } from '@/lib/query-client';

export const loader = async ({ request, params }: LoaderFunctionArgs) => {
  void queryClient.prefetchQuery(whatWorkedQueryOptions(params.orgId ?? ''));
  await requireUser({ request });
  return null;
};

export const Component = () => {
  const { orgId = '' } = useParams();
  const whatWorked = useWhatWorked(orgId);
  return (
    <>
      <p>
        <Link to={paths.orgs.insights.getHref(orgId)}>← Insights</Link>
      </p>
      <PageHeader
        title="What worked"
        description="Which follow-ups, campaigns and posts got results, best first, ranked by (successes + 1) / (attempts + 2). The AI CEO uses it when it writes the next ones."
      />
      <QueryView
        query={whatWorked}
        loadingLabel="Loading what worked…"
        errorTitle="Could not load what worked"
        isEmpty={(data) => data.items.length === 0}
        empty={
          <EmptyState title="Nothing measured yet">
            <WhatWorkedEmpty pending={whatWorked.data?.totals.reduce((sum, total) => sum + total.pending, 0) ?? 0} />
          </EmptyState>
        }
      >
        {(data) => <WhatWorkedView orgId={orgId} data={data} />}
      </QueryView>
    </>
  );
};
