import { useMutation, useQueryClient } from '@tanstack/react-query';
import { leadEndpoints, type CreateLeadActivityInput } from '@aiceo/shared/leads';
import { request } from '@/lib/api-client';
import { leadQueryOptions } from './get-lead';

export const createActivity = ({
  orgId,
  leadId,
  body,
}: {
  orgId: string;
  leadId: string;
  body: CreateLeadActivityInput;
}) => request(leadEndpoints.createActivity, { params: { orgId, leadId }, body });

export const useCreateActivity = (orgId: string, leadId: string) => {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateLeadActivityInput) => createActivity({ orgId, leadId, body }),
    // An activity changes the lead's score and counts too: its detail key covers both.
    onSuccess: () => queryClient.invalidateQueries({ queryKey: leadQueryOptions(orgId, leadId).queryKey }),
  });
};
