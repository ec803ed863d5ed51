import { postRefName, withUtmInText } from '@aiceo/shared/attribution';
import { MAX_POST_BODY_LENGTH, type ContentPost, type PostStatus } from '@aiceo/shared/content';
import type { Deps } from '../../deps';
import { AppError, notFound } from '../../http/app-error';
import { LinkedInError } from '../../lib/linkedin-client';
import {
  LinkedInAccessError,
  linkedinAccess,
  recordIntegrationError,
  RECONNECT_MESSAGE,
  type LinkedInAccess,
} from '../integrations/integrations.service';
import { spendUsage, type UsageHold } from '../usage/usage.service';
import { postSelect, toPost } from './content.service';

type PublishDeps = Pick<Deps, 'db' | 'database' | 'clock' | 'env' | 'linkedin' | 'log'>;

const NOT_CONNECTED_MESSAGE = 'LinkedIn is not connected: connect LinkedIn, then publish again';
// What a claimed post shows while LinkedIn answers; if the process dies there, the post stays failed with this reason, never lost.
const IN_FLIGHT_MESSAGE = 'Publishing was interrupted: publish it again';
/** A claim older than this was cut off (its process died), so the post may be claimed again. */
const STALE_CLAIM_MS = 2 * 60_000;

const REFUSED_PREFIX = 'LinkedIn refused the post ';

const reasonFor = (error: unknown): string => {
  if (error instanceof LinkedInAccessError) return error.message;
  if (error instanceof LinkedInError) {
    switch (error.kind) {
      case 'unauthorized':
        return RECONNECT_MESSAGE;
      case 'rate_limited':
        return 'LinkedIn rate limit, try again later';
      case 'unavailable':
        return `LinkedIn is unavailable, try again later (${error.message})`;
      case 'rejected':
        return `${REFUSED_PREFIX}(${error.message})`;
    }
  }
  return 'Publishing failed because of an error on our side; try again';
};

/** A failure reason that trying again cannot fix: LinkedIn needs reconnecting, or it refused this post. */
export const isLastingPublishFailure = (reason: string | null): boolean =>
  reason === NOT_CONNECTED_MESSAGE || reason === RECONNECT_MESSAGE || (reason?.startsWith(REFUSED_PREFIX) ?? false);

/** One publish attempt; after a 401 the token is renewed once and the post sent again. */
const sendToLinkedIn = async (deps: PublishDeps, access: LinkedInAccess, commentary: string) => {
  try {
    return await deps.linkedin.createPost({ accessToken: access.accessToken, authorUrn: access.authorUrn, commentary });
  } catch (error) {
    if (!(error instanceof LinkedInError) || error.kind !== 'unauthorized') throw error;
    const renewed = await access.refresh();
    return deps.linkedin.createPost({ accessToken: renewed.accessToken, authorUrn: renewed.authorUrn, commentary });
  }
};

type Claim = { orgId: string; postId: string; from: PostStatus[]; attempts: number; title: string; body: string };

/**
 * What LinkedIn receives: the author's text with UTM parameters naming this post on every link, so
 * a visit it brings is credited to it (attribution). The stored body stays as the author wrote it:
 * it is what they edit, copy and read in the calendar, and the tags are the product's, not theirs.
 */
const publishedText = ({ postId, title, body }: Pick<Claim, 'postId' | 'title' | 'body'>): string =>
  withUtmInText(
    body,
    { kind: 'post', id: postId, name: postRefName({ title, body }) },
    { maxLength: MAX_POST_BODY_LENGTH },
  );

/**
 * Claims the post (one UPDATE on its status and attempt count, so two publishers never both
 * send it), publishes, and ends it published or failed with a reason. The post's unit of the
 * plan is kept on success and given back when the claim or the publishing fails.
 */
const publishClaimed = async (deps: PublishDeps, claim: Claim, usage: UsageHold): Promise<ContentPost | null> => {
  const { db, clock, log } = deps;
  const { orgId, postId } = claim;
  const staleBefore = new Date(clock.now().getTime() - STALE_CLAIM_MS);
  const { count } = await db.contentPost.updateMany({
    // A failed post still marked in flight is being published by someone else, unless that claim is stale.
    where: {
      id: postId,
      orgId,
      status: { in: claim.from },
      attempts: claim.attempts,
      OR: [{ failureReason: null }, { failureReason: { not: IN_FLIGHT_MESSAGE } }, { updatedAt: { lte: staleBefore } }],
    },
    data: { status: 'failed', failureReason: IN_FLIGHT_MESSAGE, attempts: claim.attempts + 1, updatedAt: clock.now() },
  });
  if (count === 0) {
    await usage.giveBack();
    return null;
  }
  try {
    const access = await linkedinAccess(deps, { orgId });
    if (!access) throw new LinkedInAccessError(NOT_CONNECTED_MESSAGE);
    const { id } = await sendToLinkedIn(deps, access, publishedText(claim));
    const now = clock.now();
    const row = await db.contentPost.update({
      where: { id: postId, orgId },
      data: { status: 'published', publishedAt: now, externalId: id, failureReason: null, updatedAt: now },
      select: postSelect,
    });
    await recordIntegrationError(deps, { orgId, message: null });
    return toPost(row);
  } catch (error) {
    const reason = reasonFor(error);
    if (!(error instanceof LinkedInError) && !(error instanceof LinkedInAccessError))
      log.error({ err: error, orgId, postId }, 'publishing failed');
    else log.warn({ err: error, orgId, postId }, 'LinkedIn refused a post');
    await usage.giveBack();
    const row = await db.contentPost.update({
      where: { id: postId, orgId },
      data: { status: 'failed', failureReason: reason, updatedAt: clock.now() },
      select: postSelect,
    });
    if (reason !== NOT_CONNECTED_MESSAGE) await recordIntegrationError(deps, { orgId, message: reason });
    return toPost(row);
  }
};

/**
 * Publish now. Answers the post: published, or failed with LinkedIn's reason. 409 without a
 * LinkedIn connection or for a published post; 402 (nothing changed) at the plan's posts limit.
 */
export const publishPost = async (
  deps: PublishDeps,
  { orgId, postId }: { orgId: string; postId: string },
): Promise<ContentPost> => {
  const post = await deps.db.contentPost.findFirst({
    where: { id: postId, orgId },
    select: { status: true, attempts: true, title: true, body: true },
  });
  if (!post) throw notFound('Post');
  if (post.status === 'published') throw new AppError('CONFLICT', 'This post is already published');
  const connected = await deps.db.integration.findFirst({
    where: { orgId, provider: 'linkedin' },
    select: { id: true },
  });
  if (!connected) throw new AppError('CONFLICT', 'Connect LinkedIn first');
  const claim = { orgId, postId, from: [post.status], attempts: post.attempts, title: post.title, body: post.body };
  const result = await spendUsage(deps, { orgId, resource: 'posts' }, (usage) => publishClaimed(deps, claim, usage));
  if (!result) throw new AppError('CONFLICT', 'This post is being published right now');
  return result;
};

/**
 * For the scheduler: publishes scheduled posts whose time has come, oldest first. Each post is
 * claimed with a conditional update, so overlapping runs never publish one post twice; a post
 * that cannot be published (limit reached, LinkedIn not connected or failing) ends failed with why.
 */
export const publishDuePosts = async (deps: PublishDeps, { now, limit = 20 }: { now: Date; limit?: number }) => {
  const due = await deps.db.contentPost.findMany({
    where: { status: 'scheduled', scheduledFor: { lte: now } },
    orderBy: [{ scheduledFor: 'asc' }, { id: 'asc' }],
    take: limit,
    select: { id: true, orgId: true, attempts: true, title: true, body: true },
  });
  const outcome = { published: 0, failed: 0, skipped: 0 };
  for (const post of due) {
    const claim = {
      orgId: post.orgId,
      postId: post.id,
      from: ['scheduled' as const],
      attempts: post.attempts,
      title: post.title,
      body: post.body,
    };
    let result: ContentPost | null;
    try {
      result = await spendUsage(deps, { orgId: post.orgId, resource: 'posts' }, (usage) =>
        publishClaimed(deps, claim, usage),
      );
    } catch (error) {
      // Only the reservation answers QUOTA_EXCEEDED: publishClaimed ends a failed publish as a failed post.
      if (!(error instanceof AppError) || error.code !== 'QUOTA_EXCEEDED') throw error;
      const { count } = await deps.db.contentPost.updateMany({
        where: { id: post.id, orgId: post.orgId, status: 'scheduled', attempts: post.attempts },
        data: {
          status: 'failed',
          failureReason: `${error.message}: upgrade the plan or wait for next month, then publish again`,
          attempts: post.attempts + 1,
        },
      });
      outcome[count > 0 ? 'failed' : 'skipped'] += 1;
      continue;
    }
    if (!result) outcome.skipped += 1;
    else outcome[result.status === 'published' ? 'published' : 'failed'] += 1;
  }
  return outcome;
};
