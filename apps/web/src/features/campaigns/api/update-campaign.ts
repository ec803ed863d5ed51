import { useMutation, useQueryClient } from '@tanstack/react-query';
import { campaignEndpoints, type UpdateCampaignInput } from '@aiceo/shared/campaigns';
import { request } from '@/lib/api-client';
import { campaignQueryOptions } from './get-campaign';
import { campaignsKey } from './list-campaigns';

export const updateCampaign = ({
  orgId,
  campaignId,
  body,
}: {
  orgId: string;
  campaignId: string;
  body: UpdateCampaignInput;
}) => request(campaignEndpoints.update, { params: { orgId, campaignId }, body });

export const useUpdateCampaign = (orgId: string, campaignId: string) => {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: UpdateCampaignInput) => updateCampaign({ orgId, campaignId, body }),
    onSuccess: async (campaign) => {
      queryClient.setQueryData(campaignQueryOptions(orgId, campaignId).queryKey, campaign);
      await queryClient.invalidateQueries({ queryKey: [...campaignsKey(orgId), 'list'] });
    },
  });
};
