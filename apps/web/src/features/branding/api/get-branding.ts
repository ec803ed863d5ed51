import { queryOptions, useQuery } from '@tanstack/react-query';
import { brandingEndpoints } from '@aiceo/shared/branding';
import { request } from '@/lib/api-client';

export const brandingKey = (orgId: string) => ['orgs', orgId, 'branding'] as const;

export const getBranding = ({ orgId }: { orgId: string }) => request(brandingEndpoints.get, { params: { orgId } });

export const brandingQueryOptions = (orgId: string) =>
  queryOptions({ queryKey: brandingKey(orgId), queryFn: () => getBranding({ orgId }) });

export const useBranding = (orgId: string) => useQuery(brandingQueryOptions(orgId));
