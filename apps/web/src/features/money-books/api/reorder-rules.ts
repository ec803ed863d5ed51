import { useMutation, useQueryClient } from '@tanstack/react-query';
import { financeEndpoints, type FinanceRule } from '@aiceo/shared/finance';
import { request } from '@/lib/api-client';
import { rulesKey } from './list-rules';

export const reorderRules = ({ orgId, ids }: { orgId: string; ids: string[] }) =>
  request(financeEndpoints.reorderRules, { params: { orgId }, body: { ids } });

/** Moves rules at once on screen; the API's order replaces it, or the old order comes back on failure. */
export const useReorderRules = (orgId: string) => {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (ids: string[]) => reorderRules({ orgId, ids }),
    onMutate: async (ids) => {
      await queryClient.cancelQueries({ queryKey: rulesKey(orgId) });
      const previous = queryClient.getQueryData<{ items: FinanceRule[] }>(rulesKey(orgId));
      if (previous) {
        const byId = new Map(previous.items.map((rule) => [rule.id, rule]));
        const items = ids.flatMap((id, index) => {
          const rule = byId.get(id);
          return rule ? [{ ...rule, position: index + 1 }] : [];
        });
        queryClient.setQueryData(rulesKey(orgId), { items });
      }
      return { previous };
    },
    onError: (_error, _ids, context) => {
      if (context?.previous) queryClient.setQueryData(rulesKey(orgId), context.previous);
    },
    onSuccess: (data) => queryClient.setQueryData(rulesKey(orgId), data),
  });
};
