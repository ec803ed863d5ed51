import { queryOptions, useQuery } from '@tanstack/react-query';
import { authEndpoints } from '@aiceo/shared/auth';
import { request } from '@/lib/api-client';

export const getAuthConfig = () => request(authEndpoints.config);

export const authConfigQueryOptions = () =>
  queryOptions({ queryKey: ['auth', 'config'], queryFn: getAuthConfig, staleTime: 60_000 });

export const useAuthConfig = () => useQuery(authConfigQueryOptions());
