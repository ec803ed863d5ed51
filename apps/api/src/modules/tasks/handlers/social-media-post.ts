import { MAX_POST_BODY_LENGTH, type ContentPost } from '@aiceo/shared/content';
import { createPost, draftPost, getPost, OFFLINE_DRAFT_NOTE } from '../../content/content.service';
import { isLastingPublishFailure, publishPost } from '../../content/publish.service';
import {
  PermanentTaskError,
  RetryableTaskError,
  type TaskHandler,
  type TaskHandlerDeps,
  type TaskRun,
} from '../task-handler';
import { clip } from '../../../lib/text';
import {
  approvalReasonFor,
  approvalStateWords,
  needsApproval,
  requestApproval,
} from '../../approvals/approvals.service';
import { actorOf } from './handler-support';

const NOT_CONNECTED_REASON = 'LinkedIn is not connected';
const NOT_ASKED_REASON = 'Publishing was not asked for: the post is kept as a draft';
export const TEMPLATE_REASON = 'Written offline from a template: edit the draft, then publish it';

type Run = TaskRun<'social_media_post'>;

/** The post an earlier attempt of this task wrote, if any (taskId is unique). */
const findTaskPost = async ({ db }: Pick<TaskHandlerDeps, 'db'>, run: Run): Promise<ContentPost | null> => {
  const row = await db.contentPost.findFirst({ where: { orgId: run.orgId, taskId: run.id }, select: { id: true } });
  return row ? getPost({ db }, { orgId: run.orgId, postId: row.id }) : null;
};

const writePost = async (deps: TaskHandlerDeps, run: Run): Promise<ContentPost> => {
  const { orgId, input } = run;
  const userId = actorOf(run);
  const draft = await draftPost(deps, {
    orgId,
    userId,
    input: { brief: input.brief, ...(input.tone ? { tone: input.tone } : {}) },
  });
  const body = clip(draft.body.trim(), MAX_POST_BODY_LENGTH);
  if (!body) throw new RetryableTaskError('The AI wrote an empty post');
  run.signal.throwIfAborted();
  return createPost(deps, { orgId, userId, taskId: run.id, input: { title: clip(draft.title.trim(), 200), body } });
};

const outputOf = (post: ContentPost, reason?: string) => ({
  postId: post.id,
  status: post.status,
  published: post.status === 'published',
  ...(post.externalId ? { externalId: post.externalId } : {}),
  ...(reason ? { reason } : {}),
});

export const WAITING_REASON = 'Waiting in the approval inbox: nothing is published until it is approved';
export const AUTO_APPROVED_REASON =
  'Approved by an auto-approve rule: publishing is queued, and the approval inbox shows when it went out';

/**
 * The engine's (or a goal's) post goes to the approval inbox instead of LinkedIn; the output says
 * it waits there (or that a rule approved it), never that it was published.
 */
const askApproval = async (deps: TaskHandlerDeps, run: Run, post: ContentPost) => {
  const { orgId } = run;
  const [why, org] = await Promise.all([
    approvalReasonFor(deps, { orgId, taskId: run.id }),
    deps.db.organization.findFirst({ where: { id: orgId }, select: { currency: true } }),
  ]);
  const approval = await requestApproval(deps, {
    orgId,
    kind: 'post_publish',
    taskId: run.id,
    insightId: why.insightId,
    targetType: 'post',
    targetId: post.id,
    title: `Publish on LinkedIn: ${clip((post.title || post.body).replace(/\s+/g, ' ').trim(), 60)}`,
    audience: 'Everyone who sees your LinkedIn page',
    audienceSize: 0,
    content: { subject: null, body: post.body },
    needsEdit: post.body.startsWith(OFFLINE_DRAFT_NOTE),
    moneyMinor: 0,
    currency: org?.currency ?? 'USD',
    reason: why.reason,
    evidence: why.evidence,
  });
  return {
    ...outputOf(post, approvalStateWords(approval.status, { pending: WAITING_REASON, approved: AUTO_APPROVED_REASON })),
    approvalId: approval.id,
    approvalStatus: approval.status,
  };
};

/**
 * Drafts the post with the AI and publishes it on LinkedIn. It stays a draft (and the task
 * completes saying why) when publishing was not asked for, LinkedIn is not connected, or the
 * draft is an offline template: a template must not go out unedited. A post the engine or a
 * goal proposed waits in the approval inbox instead (a template there must be edited first).
 */
export const runSocialMediaPost: TaskHandler<'social_media_post'> = async (deps, run) => {
  const { orgId, input } = run;
  const post = (await findTaskPost(deps, run)) ?? (await writePost(deps, run));
  if (post.status === 'published') return outputOf(post);
  if (!input.publish) return outputOf(post, NOT_ASKED_REASON);
  const connected = await deps.db.integration.findFirst({
    where: { orgId, provider: 'linkedin' },
    select: { id: true },
  });
  if (!connected) return outputOf(post, NOT_CONNECTED_REASON);
  if (needsApproval(run)) return askApproval(deps, run, post);
  if (post.body.startsWith(OFFLINE_DRAFT_NOTE)) return outputOf(post, TEMPLATE_REASON);
  run.signal.throwIfAborted();
  const result = await publishPost(deps, { orgId, postId: post.id });
  if (result.status === 'published') return outputOf(result);
  // The post stays failed with LinkedIn's reason; a rate limit or outage is worth another attempt.
  const reason = result.failureReason ?? 'Publishing on LinkedIn failed';
  if (isLastingPublishFailure(reason)) throw new PermanentTaskError(reason);
  throw new RetryableTaskError(reason);
};
