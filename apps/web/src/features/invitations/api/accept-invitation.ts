import { useMutation } from '@tanstack/react-query';
import { invitationEndpoints } from '@aiceo/shared/members';
import { request } from '@/lib/api-client';

export const acceptInvitation = (token: string) => request(invitationEndpoints.accept, { body: { token } });

export const useAcceptInvitation = () => useMutation({ mutationFn: acceptInvitation });
