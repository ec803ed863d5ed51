import { queryOptions, useQuery } from '@tanstack/react-query';
import { widgetInboxEndpoints } from '@aiceo/shared/widget-inbox';
import { request } from '@/lib/api-client';
import { websiteChatKey } from './keys';

/** The open conversation is asked again this often, so the visitor's new messages appear on their own. */
export const CONVERSATION_POLL_MS = 3_000;

export const getInboxConversation = ({ orgId, conversationId }: { orgId: string; conversationId: string }) =>
  request(widgetInboxEndpoints.get, { params: { orgId, conversationId } });

export const inboxConversationQueryOptions = (orgId: string, conversationId: string) =>
  queryOptions({
    queryKey: [...websiteChatKey(orgId), 'conversation', conversationId],
    queryFn: () => getInboxConversation({ orgId, conversationId }),
  });

export const useInboxConversation = (orgId: string, conversationId: string) =>
  useQuery({
    ...inboxConversationQueryOptions(orgId, conversationId),
    // A conversation that is gone (404) is not asked for again and again.
    refetchInterval: (query) => (query.state.status === 'error' ? false : CONVERSATION_POLL_MS),
  });
