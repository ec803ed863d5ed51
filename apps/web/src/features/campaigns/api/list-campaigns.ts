import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import { campaignEndpoints } from '@aiceo/shared/campaigns';
import { request } from '@/lib/api-client';

const PAGE_SIZE = 20;

/** Every cached campaign query of the org (lists, campaigns, previews, logs). */
export const campaignsKey = (orgId: string) => ['orgs', orgId, 'campaigns'] as const;

export const listCampaigns = ({ orgId, cursor }: { orgId: string; cursor?: string }) =>
  request(campaignEndpoints.list, { params: { orgId }, query: { limit: PAGE_SIZE, cursor } });

export const campaignsQueryOptions = (orgId: string, cursor?: string) =>
  queryOptions({
    queryKey: [...campaignsKey(orgId), 'list', cursor ?? null],
    queryFn: () => listCampaigns({ orgId, cursor }),
  });

export const useCampaigns = (orgId: string, cursor?: string) =>
  useQuery({ ...campaignsQueryOptions(orgId, cursor), placeholderData: keepPreviousData });
