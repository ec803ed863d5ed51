import { useParams, type LoaderFunctionArgs } from 'react-router';
import { QueryView } from '@/components/ui/states';
import { aiAllowanceQueryOptions, useAiAllowance } from '@/features/ai-budget/api/get-ai-allowance';
import { AiAllowanceMeter } from '@/features/ai-budget/components/ai-allowance-meter';
import { requireUser } from '@/lib/auth';
import { queryClient } from '@/lib/query-client';

export const loader = async ({ request, params }: LoaderFunctionArgs) => {
  await requireUser({ request });
  void queryClient.prefetchQuery(aiAllowanceQueryOptions(params.orgId ?? ''));
  return null;
};

export const Component = () => {
  const { orgId = '' } = useParams();
  const allowance = useAiAllowance(orgId);
  return (
    <QueryView query={allowance} loadingLabel="Loading the AI allowance…" errorTitle="Could not load the AI allowance">
      {(data) => <AiAllowanceMeter allowance={data} />}
    </QueryView>
  );
};
