import { useMutation } from '@tanstack/react-query';
import { authEndpoints, type LoginInput } from '@aiceo/shared/auth';
import { request, setSession } from '@/lib/api-client';

export const login = (body: LoginInput) => request(authEndpoints.login, { body });

export const useLogin = () => useMutation({ mutationFn: login, onSuccess: (session) => setSession(session) });
