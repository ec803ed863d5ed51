import { queryOptions, useQuery } from '@tanstack/react-query';
import { chatEndpoints, type ConversationDetail } from '@aiceo/shared/chat';
import { request } from '@/lib/api-client';

const POLL_MS = 1_000;

export const getConversation = ({ orgId, conversationId }: { orgId: string; conversationId: string }) =>
  request(chatEndpoints.get, { params: { orgId, conversationId } });

export const conversationQueryOptions = (orgId: string, conversationId: string) =>
  queryOptions({
    queryKey: ['orgs', orgId, 'chat', 'conversation', conversationId],
    queryFn: () => getConversation({ orgId, conversationId }),
  });

export const isAnswerInProgress = (conversation: ConversationDetail | undefined): boolean =>
  conversation?.messages.some((message) => message.status === 'streaming') ?? false;

/**
 * A conversation with its messages. `poll`: while an answer is being written somewhere this tab
 * does not stream (another tab, or before a reload), refetch until it is finished.
 */
export const useConversation = ({
  orgId,
  conversationId,
  poll,
}: {
  orgId: string;
  conversationId: string | undefined;
  poll: boolean;
}) =>
  useQuery({
    ...conversationQueryOptions(orgId, conversationId ?? ''),
    enabled: !!conversationId,
    refetchInterval: (query) => (poll && isAnswerInProgress(query.state.data) ? POLL_MS : false),
  });
