import { useMutation, useQueryClient } from '@tanstack/react-query';
import { contentEndpoints } from '@aiceo/shared/content';
import { request } from '@/lib/api-client';
import { postsKey } from './list-posts';

export const deletePost = ({ orgId, postId }: { orgId: string; postId: string }) =>
  request(contentEndpoints.remove, { params: { orgId, postId } });

export const useDeletePost = (orgId: string) => {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (postId: string) => deletePost({ orgId, postId }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: postsKey(orgId) }),
  });
};
