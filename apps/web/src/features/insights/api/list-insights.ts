import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import { agenticEndpoints, type InsightStatus } from '@aiceo/shared/agentic';
import { request } from '@/lib/api-client';

const PAGE_SIZE = 20;

/** Every cached query of the agentic engine for the org (feed pages and runs). */
export const agenticKey = (orgId: string) => ['orgs', orgId, 'agentic'] as const;

export type InsightFilter = { status?: InsightStatus; cursor?: string };

export const listInsights = ({ orgId, filter }: { orgId: string; filter: InsightFilter }) =>
  request(agenticEndpoints.insights, {
    params: { orgId },
    query: { limit: PAGE_SIZE, status: filter.status, cursor: filter.cursor },
  });

export const insightsQueryOptions = (orgId: string, filter: InsightFilter = {}) =>
  queryOptions({
    queryKey: [...agenticKey(orgId), 'insights', filter],
    queryFn: () => listInsights({ orgId, filter }),
  });

export const useInsights = (orgId: string, filter: InsightFilter = {}) =>
  useQuery({ ...insightsQueryOptions(orgId, filter), placeholderData: keepPreviousData });
