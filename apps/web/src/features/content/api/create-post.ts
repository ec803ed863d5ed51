import { useMutation, useQueryClient } from '@tanstack/react-query';
import { contentEndpoints, type CreatePostInput } from '@aiceo/shared/content';
import { request } from '@/lib/api-client';
import { postsKey } from './list-posts';

export const createPost = ({ orgId, body }: { orgId: string; body: CreatePostInput }) =>
  request(contentEndpoints.create, { params: { orgId }, body });

export const useCreatePost = (orgId: string) => {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: CreatePostInput) => createPost({ orgId, body }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: postsKey(orgId) }),
  });
};
