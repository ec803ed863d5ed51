import { useParams, type LoaderFunctionArgs } from 'react-router';
import { PageHeader } from '@/components/ui/page-header';
import { draftsQueryOptions } from '@/features/content/api/list-posts';
import { ContentPlanner } from '@/features/content/components/content-planner';
import { useCurrentOrg } from '@/hooks/use-current-org';
import { requireUser } from '@/lib/auth';
import { queryClient } from '@/lib/query-client';

export const loader = async ({ request, params }: LoaderFunctionArgs) => {
  void queryClient.prefetchInfiniteQuery(draftsQueryOptions(params.orgId ?? ''));
  await requireUser({ request });
  return null;
};

export const Component = () => {
  const { orgId = '' } = useParams();
  const org = useCurrentOrg();
  return (
    <>
      <PageHeader title="Content" description={`Plan and publish ${org.name}’s LinkedIn posts.`} />
      <ContentPlanner orgId={orgId} />
    </>
  );
};
