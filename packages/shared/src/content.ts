import { z } from 'zod';
import { aiSourceSchema } from './ai';
import { commaListSchema, isoDateSchema, pageSchema } from './common';
import { defineEndpoint, orgAuth } from './contract';

/** A post's life: drafted, scheduled for a time, then published at the channel (or failed there). */
export const postStatuses = ['draft', 'scheduled', 'published', 'failed'] as const;
export type PostStatus = (typeof postStatuses)[number];
export const postStatusSchema = z.enum(postStatuses);

/** Longest range a calendar request may cover (a month view with its overlapping weeks). */
export const MAX_POST_RANGE_DAYS = 62;
/** LinkedIn's limit on a post's commentary. */
export const MAX_POST_BODY_LENGTH = 3_000;

export const contentPostSchema = z.object({
  id: z.uuid(),
  channel: z.string(),
  title: z.string(),
  body: z.string(),
  status: postStatusSchema,
  scheduledFor: isoDateSchema.nullable(),
  publishedAt: isoDateSchema.nullable(),
  /** Why the last publish failed, in words for the owner; null once it works. */
  failureReason: z.string().nullable(),
  /** The post's id at the channel (LinkedIn's urn) once published. */
  externalId: z.string().nullable(),
  attempts: z.number().int(),
  createdBy: z.uuid().nullable(),
  createdAt: isoDateSchema,
  updatedAt: isoDateSchema,
});
export type ContentPost = z.infer<typeof contentPostSchema>;

/**
 * With `from` and `to` (both or neither): every post whose calendar date (scheduledFor, else
 * publishedAt, else createdAt) is in [from, to), unpaged, for a month or week view. Without
 * them: a page, newest first.
 */
export const listPostsQuerySchema = z
  .object({
    status: commaListSchema(postStatusSchema, postStatuses.length).optional(),
    from: isoDateSchema.optional(),
    to: isoDateSchema.optional(),
    limit: z.coerce.number().int().min(1).max(100).default(50),
    cursor: z.uuid().optional(),
  })
  .superRefine((query, ctx) => {
    if ((query.from === undefined) !== (query.to === undefined)) {
      ctx.addIssue({
        code: 'custom',
        path: [query.from === undefined ? 'from' : 'to'],
        message: 'Give both from and to, or neither',
      });
      return;
    }
    if (query.from === undefined || query.to === undefined) return;
    const span = new Date(query.to).getTime() - new Date(query.from).getTime();
    if (span <= 0) ctx.addIssue({ code: 'custom', path: ['to'], message: 'to must be after from' });
    else if (span > MAX_POST_RANGE_DAYS * 86_400_000)
      ctx.addIssue({ code: 'custom', path: ['to'], message: `At most ${MAX_POST_RANGE_DAYS} days at once` });
  });
export type ListPostsQuery = z.output<typeof listPostsQuerySchema>;

const titleSchema = z.string().trim().max(200);
const bodySchema = z
  .string()
  .trim()
  .min(1, 'Write the post')
  .max(MAX_POST_BODY_LENGTH, `At most ${MAX_POST_BODY_LENGTH} characters`);

/** Without `scheduledFor` the post is a draft; with it (in the future) it is scheduled. */
export const createPostInputSchema = z.object({
  title: titleSchema.optional(),
  body: bodySchema,
  scheduledFor: isoDateSchema.optional(),
});
export type CreatePostInput = z.infer<typeof createPostInputSchema>;

/** Any subset; `scheduledFor: null` turns a scheduled post back into a draft (dragging on the calendar sends a new time). */
export const updatePostInputSchema = z
  .object({
    title: titleSchema.optional(),
    body: bodySchema.optional(),
    scheduledFor: isoDateSchema.nullable().optional(),
  })
  .refine((input) => Object.values(input).some((v) => v !== undefined), 'Change at least one field');
export type UpdatePostInput = z.infer<typeof updatePostInputSchema>;

export const draftPostInputSchema = z.object({
  brief: z.string().trim().min(3, 'Say what the post is about').max(2_000),
  tone: z.string().trim().max(100).optional(),
});
export type DraftPostInput = z.infer<typeof draftPostInputSchema>;

/** An AI draft; `provider: offline` means a template filled from the brief and the org's settings. */
export const postDraftSchema = z.object({ title: z.string(), body: z.string(), provider: aiSourceSchema });
export type PostDraft = z.infer<typeof postDraftSchema>;

export const postParamsSchema = z.object({ orgId: z.uuid(), postId: z.uuid() });

const tag = 'Content';
const orgParams = z.object({ orgId: z.uuid() });
const reader = orgAuth('member', 'read');
const writer = orgAuth('member', 'write');
export const contentEndpoints = {
  list: defineEndpoint({
    method: 'GET',
    path: '/api/orgs/:orgId/posts',
    summary: 'Posts: a range for the calendar (from/to, unpaged) or a page, newest first',
    tag,
    auth: reader,
    params: orgParams,
    query: listPostsQuerySchema,
    status: 200,
    response: pageSchema(contentPostSchema),
  }),
  create: defineEndpoint({
    method: 'POST',
    path: '/api/orgs/:orgId/posts',
    summary: 'Write a draft, or schedule a post for a future time',
    tag,
    auth: writer,
    params: orgParams,
    body: createPostInputSchema,
    status: 201,
    response: contentPostSchema,
  }),
  draft: defineEndpoint({
    method: 'POST',
    path: '/api/orgs/:orgId/posts/draft',
    summary: 'Draft a post with the AI from a brief (nothing is saved). Counts one AI message.',
    tag,
    auth: writer,
    params: orgParams,
    body: draftPostInputSchema,
    status: 200,
    response: postDraftSchema,
    errors: [402, 503],
  }),
  get: defineEndpoint({
    method: 'GET',
    path: '/api/orgs/:orgId/posts/:postId',
    summary: 'A post',
    tag,
    auth: reader,
    params: postParamsSchema,
    status: 200,
    response: contentPostSchema,
  }),
  update: defineEndpoint({
    method: 'PATCH',
    path: '/api/orgs/:orgId/posts/:postId',
    summary: 'Edit or reschedule a post (not once published)',
    tag,
    auth: writer,
    params: postParamsSchema,
    body: updatePostInputSchema,
    status: 200,
    response: contentPostSchema,
    errors: [409],
  }),
  remove: defineEndpoint({
    method: 'DELETE',
    path: '/api/orgs/:orgId/posts/:postId',
    summary: 'Delete a post (not once published)',
    tag,
    auth: writer,
    params: postParamsSchema,
    status: 204,
    response: null,
    errors: [409],
  }),
  publish: defineEndpoint({
    method: 'POST',
    path: '/api/orgs/:orgId/posts/:postId/publish',
    summary:
      'Publish now on LinkedIn. Counts one post when it succeeds; a LinkedIn failure answers the post as failed with its reason.',
    tag,
    auth: writer,
    params: postParamsSchema,
    status: 200,
    response: contentPostSchema,
    errors: [402, 409],
  }),
};
