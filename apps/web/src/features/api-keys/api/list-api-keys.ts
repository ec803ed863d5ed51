import { queryOptions, useQuery } from '@tanstack/react-query';
import { apiKeyEndpoints } from '@aiceo/shared/api-keys';
import { request } from '@/lib/api-client';

export const listApiKeys = (orgId: string) => request(apiKeyEndpoints.list, { params: { orgId } });

export const apiKeysQueryOptions = (orgId: string) =>
  queryOptions({ queryKey: ['orgs', orgId, 'api-keys'], queryFn: () => listApiKeys(orgId) });

export const useApiKeys = (orgId: string) => useQuery(apiKeysQueryOptions(orgId));
