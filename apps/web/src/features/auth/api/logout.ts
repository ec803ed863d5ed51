import { useMutation } from '@tanstack/react-query';
import { authEndpoints } from '@aiceo/shared/auth';
import { request } from '@/lib/api-client';
import { announceSignOut } from '@/lib/auth';

export const logout = (everywhere = false) => request(authEndpoints.logout, { body: { everywhere } });

/** Signs out locally even when the API cannot be reached: the user asked to leave. */
export const useLogout = () =>
  useMutation({
    mutationFn: (everywhere: boolean = false) => logout(everywhere).catch(() => undefined),
    onSettled: () => announceSignOut(),
  });
