import { queryOptions, useQuery } from '@tanstack/react-query';
import { aiEndpoints } from '@aiceo/shared/ai';
import { request } from '@/lib/api-client';

export const getAiSettings = (orgId: string) => request(aiEndpoints.getSettings, { params: { orgId } });

export const aiSettingsQueryOptions = (orgId: string) =>
  queryOptions({ queryKey: ['orgs', orgId, 'ai', 'settings'], queryFn: () => getAiSettings(orgId) });

export const useAiSettings = (orgId: string) => useQuery(aiSettingsQueryOptions(orgId));
