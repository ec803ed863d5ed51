import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import { campaignEndpoints, type RecipientStatus } from '@aiceo/shared/campaigns';
import { request } from '@/lib/api-client';
import { campaignsKey } from './list-campaigns';

const PAGE_SIZE = 25;

/** Which recipients the report lists (query values as the API takes them). */
export type RecipientFilter = { status?: RecipientStatus; clicked?: 'true' | 'false'; unsubscribed?: 'true' | 'false' };

export const listRecipients = ({
  orgId,
  campaignId,
  cursor,
  filter = {},
}: {
  orgId: string;
  campaignId: string;
  cursor?: string;
  filter?: RecipientFilter;
}) =>
  request(campaignEndpoints.recipients, {
    params: { orgId, campaignId },
    query: { limit: PAGE_SIZE, cursor, ...filter },
  });

/** `version` changes with the campaign's status and totals, so the rows never lag behind them. */
export const recipientsQueryOptions = (
  orgId: string,
  campaignId: string,
  cursor?: string,
  filter: RecipientFilter = {},
  version = '',
) =>
  queryOptions({
    queryKey: [...campaignsKey(orgId), 'recipients', campaignId, filter, cursor ?? null, version],
    queryFn: () => listRecipients({ orgId, campaignId, cursor, filter }),
  });

export const useRecipients = (
  orgId: string,
  campaignId: string,
  {
    cursor,
    isSending,
    filter,
    version,
  }: { cursor?: string; isSending: boolean; filter?: RecipientFilter; version?: string },
) =>
  useQuery({
    ...recipientsQueryOptions(orgId, campaignId, cursor, filter, version),
    placeholderData: keepPreviousData,
    refetchInterval: isSending ? 2_000 : false,
  });
