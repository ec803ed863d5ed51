import { useMutation, useQueryClient } from '@tanstack/react-query';
import { leadEndpoints } from '@aiceo/shared/leads';
import { request } from '@/lib/api-client';
import { leadsKey } from '@/lib/query-keys';

export const deleteLead = ({ orgId, leadId }: { orgId: string; leadId: string }) =>
  request(leadEndpoints.remove, { params: { orgId, leadId } });

export const useDeleteLead = (orgId: string) => {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (leadId: string) => deleteLead({ orgId, leadId }),
    // Not the deleted lead's own queries: its page is still open and would only fetch a 404.
    onSuccess: (_done, leadId) =>
      queryClient.invalidateQueries({
        queryKey: leadsKey(orgId),
        predicate: (query) => !query.queryKey.includes(leadId),
      }),
  });
};
