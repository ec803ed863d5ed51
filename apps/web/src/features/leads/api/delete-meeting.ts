import { useMutation, useQueryClient } from '@tanstack/react-query';
import { leadEndpoints } from '@aiceo/shared/leads';
import { request } from '@/lib/api-client';
import { meetingsQueryOptions } from './list-meetings';

export const deleteMeeting = ({ orgId, leadId, meetingId }: { orgId: string; leadId: string; meetingId: string }) =>
  request(leadEndpoints.removeMeeting, { params: { orgId, leadId, meetingId } });

export const useDeleteMeeting = (orgId: string, leadId: string) => {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (meetingId: string) => deleteMeeting({ orgId, leadId, meetingId }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: meetingsQueryOptions(orgId, leadId).queryKey }),
  });
};
