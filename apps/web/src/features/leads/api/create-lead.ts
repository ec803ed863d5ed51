import { useMutation, useQueryClient } from '@tanstack/react-query';
import { leadEndpoints, type LeadInput } from '@aiceo/shared/leads';
import { request } from '@/lib/api-client';
import { leadsKey } from '@/lib/query-keys';

export const createLead = ({ orgId, body }: { orgId: string; body: LeadInput }) =>
  request(leadEndpoints.create, { params: { orgId }, body });

export const useCreateLead = (orgId: string) => {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: LeadInput) => createLead({ orgId, body }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: leadsKey(orgId) }),
  });
};
