import { useMutation, useQueryClient } from '@tanstack/react-query';
import { agenticEndpoints } from '@aiceo/shared/agentic';
import { request } from '@/lib/api-client';
import { agenticKey } from './list-insights';

export const analyze = (orgId: string) => request(agenticEndpoints.analyze, { params: { orgId } });

/** Runs the engine now; the feed and the runs are fetched again afterwards. */
export const useAnalyze = (orgId: string) => {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => analyze(orgId),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: agenticKey(orgId) }),
  });
};
