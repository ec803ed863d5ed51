import { useMutation } from '@tanstack/react-query';
import { contentEndpoints, type DraftPostInput } from '@aiceo/shared/content';
import { request } from '@/lib/api-client';

/** Asks the AI for a title and text from a brief; nothing is saved. */
export const draftPost = ({ orgId, body }: { orgId: string; body: DraftPostInput }) =>
  request(contentEndpoints.draft, { params: { orgId }, body });

export const useDraftPost = (orgId: string) =>
  useMutation({ mutationFn: (body: DraftPostInput) => draftPost({ orgId, body }) });
