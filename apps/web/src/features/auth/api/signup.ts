import { useMutation } from '@tanstack/react-query';
import { authEndpoints, type SignupInput } from '@aiceo/shared/auth';
import { request, setSession } from '@/lib/api-client';

export const signup = (body: SignupInput) => request(authEndpoints.signup, { body });

export const useSignup = () => useMutation({ mutationFn: signup, onSuccess: (session) => setSession(session) });
