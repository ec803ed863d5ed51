import { queryOptions, useQuery } from '@tanstack/react-query';
import { platformEndpoints } from '@aiceo/shared/platform';
import { request } from '@/lib/api-client';

export const getPlatformSettings = () => request(platformEndpoints.getSettings);

export const platformSettingsQueryOptions = () =>
  queryOptions({ queryKey: ['admin', 'settings'], queryFn: getPlatformSettings });

export const usePlatformSettings = () => useQuery(platformSettingsQueryOptions());
