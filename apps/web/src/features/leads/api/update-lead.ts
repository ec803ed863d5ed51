import { useMutation, useQueryClient } from '@tanstack/react-query';
import { leadEndpoints, type LeadInput } from '@aiceo/shared/leads';
import { request } from '@/lib/api-client';
import { leadsKey } from '@/lib/query-keys';

export type LeadChanges = Partial<LeadInput>;

export const updateLead = ({ orgId, leadId, body }: { orgId: string; leadId: string; body: LeadChanges }) =>
  request(leadEndpoints.update, { params: { orgId, leadId }, body });

export const useUpdateLead = (orgId: string, leadId: string) => {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: LeadChanges) => updateLead({ orgId, leadId, body }),
    // The detail, every list, the board and the pipeline all sit under the leads key.
    onSuccess: () => queryClient.invalidateQueries({ queryKey: leadsKey(orgId) }),
  });
};
