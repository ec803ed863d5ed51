import { useMutation } from '@tanstack/react-query';
import { authEndpoints, type ResetPasswordInput } from '@aiceo/shared/auth';
import { request } from '@/lib/api-client';

export const resetPassword = (body: ResetPasswordInput) => request(authEndpoints.resetPassword, { body });

export const useResetPassword = () => useMutation({ mutationFn: resetPassword });
