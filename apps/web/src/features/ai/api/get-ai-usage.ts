import { queryOptions, useQuery } from '@tanstack/react-query';
import { aiEndpoints } from '@aiceo/shared/ai';
import { request } from '@/lib/api-client';

/** This calendar month so far (UTC days), the same month the plan's counters use. */
const thisMonth = (now = new Date()) => {
  const today = now.toISOString().slice(0, 10);
  return { from: `${today.slice(0, 8)}01`, to: today };
};

export const getAiUsage = (orgId: string) => request(aiEndpoints.usage, { params: { orgId }, query: thisMonth() });

export const aiUsageQueryOptions = (orgId: string) =>
  queryOptions({ queryKey: ['orgs', orgId, 'ai', 'usage', 'month'], queryFn: () => getAiUsage(orgId) });

export const useAiUsage = (orgId: string) => useQuery(aiUsageQueryOptions(orgId));
