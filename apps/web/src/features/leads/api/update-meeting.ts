import { useMutation, useQueryClient } from '@tanstack/react-query';
import { leadEndpoints, type UpdateMeetingInput } from '@aiceo/shared/leads';
import { request } from '@/lib/api-client';
import { meetingsQueryOptions } from './list-meetings';

export const updateMeeting = ({
  orgId,
  leadId,
  meetingId,
  body,
}: {
  orgId: string;
  leadId: string;
  meetingId: string;
  body: UpdateMeetingInput;
}) => request(leadEndpoints.updateMeeting, { params: { orgId, leadId, meetingId }, body });

export const useUpdateMeeting = (orgId: string, leadId: string) => {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ meetingId, body }: { meetingId: string; body: UpdateMeetingInput }) =>
      updateMeeting({ orgId, leadId, meetingId, body }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: meetingsQueryOptions(orgId, leadId).queryKey }),
  });
};
