import { queryOptions, useQuery } from '@tanstack/react-query';
import { attributionEndpoints, type AttributionModel } from '@aiceo/shared/attribution';
import { request } from '@/lib/api-client';
import { attributionKey } from './keys';

export type RevenueParams = { from: string; to: string; model: AttributionModel };

export const getRevenue = (orgId: string, query: RevenueParams) =>
  request(attributionEndpoints.revenue, { params: { orgId }, query });

export const revenueQueryOptions = (orgId: string, query: RevenueParams) =>
  queryOptions({ queryKey: [...attributionKey(orgId), 'revenue', query], queryFn: () => getRevenue(orgId, query) });

export const useRevenue = (orgId: string, query: RevenueParams) => useQuery(revenueQueryOptions(orgId, query));
