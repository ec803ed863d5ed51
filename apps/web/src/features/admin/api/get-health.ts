import { queryOptions, useQuery } from '@tanstack/react-query';
import { platformEndpoints } from '@aiceo/shared/platform';
import { request } from '@/lib/api-client';

export const getAdminHealth = () => request(platformEndpoints.health);

export const adminHealthQueryOptions = () =>
  queryOptions({ queryKey: ['admin', 'health'], queryFn: getAdminHealth, refetchInterval: 30_000 });

export const useAdminHealth = () => useQuery(adminHealthQueryOptions());
