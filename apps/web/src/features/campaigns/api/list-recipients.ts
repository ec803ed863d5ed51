import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import { campaignEndpoints } from '@aiceo/shared/campaigns';
import { request } from '@/lib/api-client';
import { campaignsKey } from './list-campaigns';

const PAGE_SIZE = 25;

export const listRecipients = ({ orgId, campaignId, cursor }: { orgId: string; campaignId: string; cursor?: string }) =>
  request(campaignEndpoints.recipients, { params: { orgId, campaignId }, query: { limit: PAGE_SIZE, cursor } });

export const recipientsQueryOptions = (orgId: string, campaignId: string, cursor?: string) =>
  queryOptions({
    queryKey: [...campaignsKey(orgId), 'recipients', campaignId, cursor ?? null],
    queryFn: () => listRecipients({ orgId, campaignId, cursor }),
  });

export const useRecipients = (
  orgId: string,
  campaignId: string,
  { cursor, isSending }: { cursor?: string; isSending: boolean },
) =>
  useQuery({
    ...recipientsQueryOptions(orgId, campaignId, cursor),
    placeholderData: keepPreviousData,
    refetchInterval: isSending ? 2_000 : false,
  });
