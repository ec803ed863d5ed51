import { useMutation, useQueryClient } from '@tanstack/react-query';
import { contentEndpoints } from '@aiceo/shared/content';
import { request } from '@/lib/api-client';
import { postsKey } from './list-posts';

/** Publishes now; a LinkedIn failure is not an error here but the post answered as `failed` with its reason. */
export const publishPost = ({ orgId, postId }: { orgId: string; postId: string }) =>
  request(contentEndpoints.publish, { params: { orgId, postId } });

export const usePublishPost = (orgId: string) => {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (postId: string) => publishPost({ orgId, postId }),
    // Failed attempts change the post too (status, reason).
    onSettled: () => queryClient.invalidateQueries({ queryKey: postsKey(orgId) }),
  });
};
