import { useMutation } from '@tanstack/react-query';
import { authEndpoints, type ForgotPasswordInput } from '@aiceo/shared/auth';
import { request } from '@/lib/api-client';

export const forgotPassword = (body: ForgotPasswordInput) => request(authEndpoints.forgotPassword, { body });

export const useForgotPassword = () => useMutation({ mutationFn: forgotPassword });
