import {
  postRefName,
  refFromTouch,
  touchSchema,
  type SourceRef,
  type Touch,
  type TouchRefKind,
} from '@aiceo/shared/attribution';
import type { Deps } from '../../deps';
import type { Prisma } from '../../generated/prisma/client';

type Db = Deps['db'];

/** A stored Lead.firstTouch / lastTouch as a Touch, or null when there is none (or it is not one). */
export const parseTouch = (value: Prisma.JsonValue | null): Touch | null => {
  const parsed = touchSchema.safeParse(value);
  return parsed.success ? parsed.data : null;
};

const DELETED: Record<TouchRefKind, string> = {
  post: 'Deleted post',
  campaign: 'Deleted campaign',
  followup: 'Follow-up email',
  widget: 'Website chat',
};

export const refKey = (ref: { kind: string; id: string }) => `${ref.kind}:${ref.id}`;

/**
 * The posts and campaigns that touches name, with their names now, keyed by `kind:id`. Looked up
 * in the org only, so a touch naming another org's post reads as a deleted one.
 */
export const resolveRefs = async (
  db: Db,
  { orgId, refs }: { orgId: string; refs: readonly ({ kind: TouchRefKind; id: string } | null)[] },
): Promise<Map<string, SourceRef>> => {
  const ids = (kind: TouchRefKind) => [...new Set(refs.filter((r) => r?.kind === kind).map((r) => r?.id ?? ''))];
  const postIds = ids('post');
  const campaignIds = ids('campaign');
  const [posts, campaigns] = await Promise.all([
    postIds.length === 0
      ? []
      : db.contentPost.findMany({
          where: { orgId, id: { in: postIds } },
          select: { id: true, title: true, body: true },
        }),
    campaignIds.length === 0
      ? []
      : db.emailCampaign.findMany({ where: { orgId, id: { in: campaignIds } }, select: { id: true, name: true } }),
  ]);
  const found = new Map<string, SourceRef>();
  for (const post of posts)
    found.set(refKey({ kind: 'post', id: post.id }), {
      kind: 'post',
      id: post.id,
      name: postRefName(post),
      exists: true,
    });
  for (const campaign of campaigns)
    found.set(refKey({ kind: 'campaign', id: campaign.id }), {
      kind: 'campaign',
      id: campaign.id,
      name: campaign.name,
      exists: true,
    });
  for (const ref of refs) {
    if (!ref || found.has(refKey(ref))) continue;
    // Follow-ups and the widget are not stored things with names; posts and campaigns not found were deleted.
    const exists = ref.kind === 'followup' || ref.kind === 'widget';
    found.set(refKey(ref), { kind: ref.kind, id: ref.id, name: DELETED[ref.kind], exists });
  }
  return found;
};

export const refOf = (touch: Pick<Touch, 'content'> | null) => (touch ? refFromTouch(touch) : null);
