import { useMutation } from '@tanstack/react-query';
import { authEndpoints, type ChangePasswordInput } from '@aiceo/shared/auth';
import { request, setSession } from '@/lib/api-client';

export const changePassword = (body: ChangePasswordInput) => request(authEndpoints.changePassword, { body });

/** The API signs out every other session and answers with a fresh one for this tab. */
export const useChangePassword = () =>
  useMutation({ mutationFn: changePassword, onSuccess: (session) => setSession(session) });
