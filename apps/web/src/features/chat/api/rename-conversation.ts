import { useMutation, useQueryClient } from '@tanstack/react-query';
import { chatEndpoints } from '@aiceo/shared/chat';
import { request } from '@/lib/api-client';
import { conversationQueryOptions } from './get-conversation';
import { conversationsQueryOptions } from './list-conversations';

export const renameConversation = ({
  orgId,
  conversationId,
  title,
}: {
  orgId: string;
  conversationId: string;
  title: string;
}) => request(chatEndpoints.rename, { params: { orgId, conversationId }, body: { title } });

export const useRenameConversation = (orgId: string) => {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: { conversationId: string; title: string }) => renameConversation({ orgId, ...input }),
    onSuccess: async (_conversation, { conversationId }) => {
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: conversationsQueryOptions(orgId).queryKey }),
        queryClient.invalidateQueries({ queryKey: conversationQueryOptions(orgId, conversationId).queryKey }),
      ]);
    },
  });
};
