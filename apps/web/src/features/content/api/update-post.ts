import { useMutation, useQueryClient, type QueryKey } from '@tanstack/react-query';
import { contentEndpoints, type ContentPost, type UpdatePostInput } from '@aiceo/shared/content';
import { request, type ResponseOf } from '@/lib/api-client';
import { postsKey } from './list-posts';

type PostPage = ResponseOf<typeof contentEndpoints.list>;

export const updatePost = ({ orgId, postId, body }: { orgId: string; postId: string; body: UpdatePostInput }) =>
  request(contentEndpoints.update, { params: { orgId, postId }, body });

export const useUpdatePost = (orgId: string) => {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ postId, body }: { postId: string; body: UpdatePostInput }) => updatePost({ orgId, postId, body }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: postsKey(orgId) }),
  });
};

/**
 * Moves a post to a new time on the calendar at once (optimistic), and puts it back where it
 * was if the API refuses.
 */
export const useReschedulePost = (orgId: string) => {
  const queryClient = useQueryClient();
  const rangesKey = [...postsKey(orgId), 'range'];
  return useMutation({
    mutationFn: ({ postId, scheduledFor }: { postId: string; scheduledFor: string }) =>
      updatePost({ orgId, postId, body: { scheduledFor } }),
    onMutate: async ({ postId, scheduledFor }) => {
      await queryClient.cancelQueries({ queryKey: rangesKey });
      const before = queryClient.getQueriesData<PostPage>({ queryKey: rangesKey });
      const move = (post: ContentPost): ContentPost => (post.id === postId ? { ...post, scheduledFor } : post);
      queryClient.setQueriesData<PostPage>({ queryKey: rangesKey }, (page) =>
        page ? { ...page, items: page.items.map(move) } : page,
      );
      return { before };
    },
    onError: (_error, _input, context) => {
      for (const [key, data] of context?.before ?? ([] as [QueryKey, PostPage | undefined][]))
        queryClient.setQueryData(key, data);
    },
    onSettled: () => queryClient.invalidateQueries({ queryKey: postsKey(orgId) }),
  });
};
