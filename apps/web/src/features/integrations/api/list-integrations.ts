import { queryOptions, useQuery } from '@tanstack/react-query';
import { integrationEndpoints } from '@aiceo/shared/integrations';
import { request } from '@/lib/api-client';

export const listIntegrations = (orgId: string) => request(integrationEndpoints.list, { params: { orgId } });

export const integrationsQueryOptions = (orgId: string) =>
  queryOptions({ queryKey: ['orgs', orgId, 'integrations'], queryFn: () => listIntegrations(orgId) });

export const useIntegrations = (orgId: string) => useQuery(integrationsQueryOptions(orgId));
