import { useMutation } from '@tanstack/react-query';
import { authEndpoints, type UpdateProfileInput } from '@aiceo/shared/auth';
import { request } from '@/lib/api-client';
import { setCurrentUser } from '@/lib/auth';

export const updateMe = (body: UpdateProfileInput) => request(authEndpoints.updateMe, { body });

export const useUpdateMe = () => useMutation({ mutationFn: updateMe, onSuccess: (user) => setCurrentUser(user) });
