import { useMutation, useQueryClient } from '@tanstack/react-query';
import { agenticEndpoints } from '@aiceo/shared/agentic';
import { request } from '@/lib/api-client';
import { agenticKey } from './list-insights';

export type InsightDecision = 'accept' | 'dismiss' | 'undo';

export const decideInsight = ({
  orgId,
  insightId,
  decision,
}: {
  orgId: string;
  insightId: string;
  decision: InsightDecision;
}) => request(agenticEndpoints[decision], { params: { orgId, insightId } });

/** Accept, dismiss or undo an insight; the feed is fetched again (accept and undo change tasks too). */
export const useDecideInsight = (orgId: string) => {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ insightId, decision }: { insightId: string; decision: InsightDecision }) =>
      decideInsight({ orgId, insightId, decision }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: agenticKey(orgId) }),
  });
};
