import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { leadEndpoints } from '@aiceo/shared/leads';
import { request } from '@/lib/api-client';
import { leadsKey } from '@/lib/query-keys';

/** Leads whose name, email or company contains `q` (the newest when `q` is empty), for choosing a proposal's client. */
export const useLeadChoices = (orgId: string, q: string) =>
  useQuery({
    queryKey: [...leadsKey(orgId), 'proposal-pick', q.trim()],
    queryFn: () => request(leadEndpoints.list, { params: { orgId }, query: { q: q.trim() || undefined, limit: 8 } }),
    placeholderData: keepPreviousData,
  });

/** One lead (the one a proposal is started from); the same cache entry as the lead's page. */
export const useLeadChoice = (orgId: string, leadId: string | null) =>
  useQuery({
    queryKey: [...leadsKey(orgId), 'detail', leadId],
    queryFn: () => request(leadEndpoints.get, { params: { orgId, leadId: leadId ?? '' } }),
    enabled: leadId !== null,
  });
