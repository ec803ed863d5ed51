import { useMutation, useQueryClient } from '@tanstack/react-query';
import { leadEndpoints, type CreateMeetingInput } from '@aiceo/shared/leads';
import { request } from '@/lib/api-client';
import { meetingsQueryOptions } from './list-meetings';

export const createMeeting = ({ orgId, leadId, body }: { orgId: string; leadId: string; body: CreateMeetingInput }) =>
  request(leadEndpoints.createMeeting, { params: { orgId, leadId }, body });

export const useCreateMeeting = (orgId: string, leadId: string) => {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateMeetingInput) => createMeeting({ orgId, leadId, body }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: meetingsQueryOptions(orgId, leadId).queryKey }),
  });
};
