import { useMutation, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { widgetInboxEndpoints, type InboxConversationDetail } from '@aiceo/shared/widget-inbox';
import { request } from '@/lib/api-client';
import { inboxConversationQueryOptions } from './get-inbox-conversation';
import { websiteChatKey } from './keys';

type Ref = { orgId: string; conversationId: string };

export const replyToConversation = ({ orgId, conversationId, text }: Ref & { text: string }) =>
  request(widgetInboxEndpoints.reply, { params: { orgId, conversationId }, body: { text } });
export const takeOverConversation = ({ orgId, conversationId }: Ref) =>
  request(widgetInboxEndpoints.takeOver, { params: { orgId, conversationId } });
export const handBackConversation = ({ orgId, conversationId }: Ref) =>
  request(widgetInboxEndpoints.handBack, { params: { orgId, conversationId } });
export const closeConversation = ({ orgId, conversationId }: Ref) =>
  request(widgetInboxEndpoints.close, { params: { orgId, conversationId } });

/** The answer is the conversation as it now is: show it at once, and refresh the list and count. */
const settle = async (queryClient: QueryClient, ref: Ref, conversation: InboxConversationDetail) => {
  queryClient.setQueryData(inboxConversationQueryOptions(ref.orgId, ref.conversationId).queryKey, conversation);
  await queryClient.invalidateQueries({
    queryKey: websiteChatKey(ref.orgId),
    predicate: (query) => query.queryKey[3] !== 'conversation' && query.queryKey[3] !== 'settings',
  });
};

const useConversationAction = <V>(ref: Ref, action: (input: Ref & V) => Promise<InboxConversationDetail>) => {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: V) => action({ ...ref, ...input }),
    onSuccess: (conversation) => settle(queryClient, ref, conversation),
  });
};

export const useReplyToConversation = (ref: Ref) => useConversationAction<{ text: string }>(ref, replyToConversation);
export const useTakeOverConversation = (ref: Ref) => useConversationAction<object>(ref, takeOverConversation);
export const useHandBackConversation = (ref: Ref) => useConversationAction<object>(ref, handBackConversation);
export const useCloseConversation = (ref: Ref) => useConversationAction<object>(ref, closeConversation);
