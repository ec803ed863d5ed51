import { queryOptions, useQuery } from '@tanstack/react-query';
import { invitationEndpoints } from '@aiceo/shared/members';
import { request } from '@/lib/api-client';

export const getInvitationPreview = (token: string) => request(invitationEndpoints.preview, { params: { token } });

export const invitationPreviewQueryOptions = (token: string) =>
  queryOptions({
    queryKey: ['invitations', 'preview', token],
    queryFn: () => getInvitationPreview(token),
    staleTime: 0,
  });

export const useInvitationPreview = (token: string) => useQuery(invitationPreviewQueryOptions(token));
