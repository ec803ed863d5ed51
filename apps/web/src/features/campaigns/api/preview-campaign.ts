import { queryOptions, useQuery } from '@tanstack/react-query';
import { campaignEndpoints } from '@aiceo/shared/campaigns';
import { request } from '@/lib/api-client';
import { campaignsKey } from './list-campaigns';

export const previewCampaign = ({ orgId, campaignId }: { orgId: string; campaignId: string }) =>
  request(campaignEndpoints.preview, { params: { orgId, campaignId } });

/** The preview of the saved campaign; `version` (its updatedAt) makes every save fetch a new one. */
export const campaignPreviewQueryOptions = (orgId: string, campaignId: string, version: string) =>
  queryOptions({
    queryKey: [...campaignsKey(orgId), 'preview', campaignId, version],
    queryFn: () => previewCampaign({ orgId, campaignId }),
  });

export const useCampaignPreview = (orgId: string, campaignId: string, version: string, enabled = true) =>
  useQuery({ ...campaignPreviewQueryOptions(orgId, campaignId, version), enabled });
