import { useMutation, useQueryClient } from '@tanstack/react-query';
import { chatEndpoints } from '@aiceo/shared/chat';
import { request } from '@/lib/api-client';
import { conversationQueryOptions } from './get-conversation';
import { conversationsQueryOptions } from './list-conversations';

export const deleteConversation = ({ orgId, conversationId }: { orgId: string; conversationId: string }) =>
  request(chatEndpoints.remove, { params: { orgId, conversationId } });

export const useDeleteConversation = (orgId: string) => {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (conversationId: string) => deleteConversation({ orgId, conversationId }),
    onSuccess: async (_void, conversationId) => {
      queryClient.removeQueries({ queryKey: conversationQueryOptions(orgId, conversationId).queryKey });
      await queryClient.invalidateQueries({ queryKey: conversationsQueryOptions(orgId).queryKey });
    },
  });
};
