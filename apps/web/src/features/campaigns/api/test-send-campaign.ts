import { useMutation } from '@tanstack/react-query';
import { campaignEndpoints } from '@aiceo/shared/campaigns';
import { request } from '@/lib/api-client';

export const testSendCampaign = ({ orgId, campaignId }: { orgId: string; campaignId: string }) =>
  request(campaignEndpoints.testSend, { params: { orgId, campaignId } });

/** Mails the campaign to the signed-in person; nothing else changes, so nothing is invalidated. */
export const useTestSendCampaign = (orgId: string, campaignId: string) =>
  useMutation({ mutationFn: () => testSendCampaign({ orgId, campaignId }) });
