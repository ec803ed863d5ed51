import { queryOptions, useQuery } from '@tanstack/react-query';
import { campaignEndpoints } from '@aiceo/shared/campaigns';
import { request } from '@/lib/api-client';
import { campaignsKey } from './list-campaigns';

export const getCampaign = ({ orgId, campaignId }: { orgId: string; campaignId: string }) =>
  request(campaignEndpoints.get, { params: { orgId, campaignId } });

export const campaignQueryOptions = (orgId: string, campaignId: string) =>
  queryOptions({
    queryKey: [...campaignsKey(orgId), 'one', campaignId],
    queryFn: () => getCampaign({ orgId, campaignId }),
  });

/** While the campaign is sending, its counts are polled until it is done. */
export const useCampaign = (orgId: string, campaignId: string) =>
  useQuery({
    ...campaignQueryOptions(orgId, campaignId),
    refetchInterval: (query) => (query.state.data?.status === 'sending' ? 2_000 : false),
  });
