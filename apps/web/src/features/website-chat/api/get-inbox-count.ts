import { queryOptions, useQuery } from '@tanstack/react-query';
import { widgetInboxEndpoints } from '@aiceo/shared/widget-inbox';
import { request } from '@/lib/api-client';
import { websiteChatKey } from './keys';

/** For a number in the navigation: asked again this often (and after every action in the inbox). */
export const INBOX_COUNT_POLL_MS = 15_000;

export const getInboxCount = (orgId: string) => request(widgetInboxEndpoints.count, { params: { orgId } });

export const inboxCountQueryOptions = (orgId: string) =>
  queryOptions({ queryKey: [...websiteChatKey(orgId), 'count'], queryFn: () => getInboxCount(orgId) });

/** How many conversations are open and how many wait for a person; nothing is asked without an org. */
export const useInboxCount = (orgId: string | undefined) =>
  useQuery({ ...inboxCountQueryOptions(orgId ?? ''), enabled: !!orgId, refetchInterval: INBOX_COUNT_POLL_MS });
