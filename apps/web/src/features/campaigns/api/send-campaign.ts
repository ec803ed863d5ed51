import { useMutation, useQueryClient } from '@tanstack/react-query';
import { campaignEndpoints } from '@aiceo/shared/campaigns';
import { request } from '@/lib/api-client';
import { campaignQueryOptions } from './get-campaign';
import { campaignsKey } from './list-campaigns';

export const sendCampaign = ({ orgId, campaignId }: { orgId: string; campaignId: string }) =>
  request(campaignEndpoints.send, { params: { orgId, campaignId } });

export const useSendCampaign = (orgId: string, campaignId: string) => {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => sendCampaign({ orgId, campaignId }),
    onSuccess: async (campaign) => {
      queryClient.setQueryData(campaignQueryOptions(orgId, campaignId).queryKey, campaign);
      await queryClient.invalidateQueries({ queryKey: campaignsKey(orgId) });
    },
  });
};
