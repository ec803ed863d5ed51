import { Link, useParams, type LoaderFunctionArgs } from 'react-router';
import { paths } from '@/config/paths';
import { PageHeader } from '@/components/ui/page-header';
import { QueryView } from '@/components/ui/states';
import { boardQueryOptions, useBoard } from '@/features/leads/api/get-board';
import { pipelineQueryOptions, usePipeline } from '@/features/leads/api/get-pipeline';
import { PipelineBoard } from '@/features/leads/components/pipeline-board';
import { requireUser } from '@/lib/auth';
import { queryClient } from '@/lib/query-client';

export const loader = async ({ request, params }: LoaderFunctionArgs) => {
  const orgId = params.orgId ?? '';
  void queryClient.prefetchQuery(boardQueryOptions(orgId));
  void queryClient.prefetchQuery(pipelineQueryOptions(orgId));
  await requireUser({ request });
  return null;
};

export const Component = () => {
  const { orgId = '' } = useParams();
  const board = useBoard(orgId);
  const pipeline = usePipeline(orgId);
  return (
    <>
      <PageHeader
        title="Pipeline"
        description="Drag a card to another stage, or use its “Move to” list."
        actions={
          <Link className="button secondary" to={paths.orgs.leads.list.getHref(orgId)}>
            Leads table
          </Link>
        }
      />
      <QueryView query={board} loadingLabel="Loading the pipeline…" errorTitle="Could not load the pipeline">
        {(data) => <PipelineBoard orgId={orgId} board={data} pipeline={pipeline.data} />}
      </QueryView>
    </>
  );
};
