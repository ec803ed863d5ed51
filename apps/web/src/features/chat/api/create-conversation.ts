import { useMutation, useQueryClient } from '@tanstack/react-query';
import { chatEndpoints } from '@aiceo/shared/chat';
import { request } from '@/lib/api-client';
import { conversationsQueryOptions } from './list-conversations';

export const createConversation = ({ orgId, title }: { orgId: string; title?: string }) =>
  request(chatEndpoints.create, { params: { orgId }, body: { title } });

export const useCreateConversation = (orgId: string) => {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (title?: string) => createConversation({ orgId, title }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: conversationsQueryOptions(orgId).queryKey }),
  });
};
