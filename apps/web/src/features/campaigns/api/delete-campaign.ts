import { useMutation, useQueryClient } from '@tanstack/react-query';
import { campaignEndpoints } from '@aiceo/shared/campaigns';
import { request } from '@/lib/api-client';
import { campaignsKey } from './list-campaigns';

export const deleteCampaign = ({ orgId, campaignId }: { orgId: string; campaignId: string }) =>
  request(campaignEndpoints.remove, { params: { orgId, campaignId } });

export const useDeleteCampaign = (orgId: string) => {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (campaignId: string) => deleteCampaign({ orgId, campaignId }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: [...campaignsKey(orgId), 'list'] }),
  });
};
