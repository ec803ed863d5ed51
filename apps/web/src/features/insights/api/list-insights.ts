import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import { agenticEndpoints, type Insight, type InsightStatus } from '@aiceo/shared/agentic';
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

// While an insight's work runs or waits to start, the feed is asked again so its state stays true.
const pollWhileWorking = (insights: readonly Insight[] | undefined): number | false => {
  if (insights?.some((insight) => insight.work.state === 'running')) return 2_500;
  return insights?.some((insight) => insight.work.state === 'queued') ? 10_000 : false;
};

export const useInsights = (orgId: string, filter: InsightFilter = {}) =>
  useQuery({
    ...insightsQueryOptions(orgId, filter),
    placeholderData: keepPreviousData,
    refetchInterval: (query) => pollWhileWorking(query.state.data?.items),
  });
