import { useMutation, useQueryClient } from '@tanstack/react-query';
import { campaignEndpoints, type CreateCampaignInput } from '@aiceo/shared/campaigns';
import { request } from '@/lib/api-client';
import { campaignsKey } from './list-campaigns';

export const createCampaign = ({ orgId, body }: { orgId: string; body: CreateCampaignInput }) =>
  request(campaignEndpoints.create, { params: { orgId }, body });

export const useCreateCampaign = (orgId: string) => {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateCampaignInput) => createCampaign({ orgId, body }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: [...campaignsKey(orgId), 'list'] }),
  });
};
