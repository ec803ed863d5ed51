import type { ApprovalContent } from '@aiceo/shared/approvals';
import type { Deps } from '../../deps';
import { sha256 } from '../../lib/crypto';
import { dayInWords } from './approvals.risk';

export type TargetType = 'lead' | 'post' | 'campaign';
export type TargetRef = { orgId: string; targetType: TargetType; targetId: string };

type LeadState = { name: string; email: string | null; unsubscribedAt: Date | null; stage: string };
type PostState = { title: string; body: string; status: string };
type CampaignState = { subject: string; body: string; audience: unknown; status: string };
type TargetState =
  | { targetType: 'lead'; state: LeadState | null }
  | { targetType: 'post'; state: PostState | null }
  | { targetType: 'campaign'; state: CampaignState | null };

/** JSON with sorted keys: jsonb does not keep key order, so a hash of a stored filter must not depend on it. */
const stable = (value: unknown): string => {
  if (Array.isArray(value)) return `[${value.map(stable).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stable(v)}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
};

/** Reads what must not change under an item: lead email, unsubscribe and stage; post title, body and status; campaign subject, body, audience and status. */
export const readTarget = async ({ db }: Pick<Deps, 'db'>, { orgId, targetType, targetId }: TargetRef) => {
  switch (targetType) {
    case 'lead': {
      const state = await db.lead.findFirst({
        where: { orgId, id: targetId },
        select: { name: true, email: true, unsubscribedAt: true, stage: true },
      });
      return { targetType, state } satisfies TargetState;
    }
    case 'post': {
      const state = await db.contentPost.findFirst({
        where: { orgId, id: targetId },
        select: { title: true, body: true, status: true },
      });
      return { targetType, state } satisfies TargetState;
    }
    case 'campaign': {
      const state = await db.emailCampaign.findFirst({
        where: { orgId, id: targetId },
        select: { subject: true, body: true, audience: true, status: true },
      });
      return { targetType, state } satisfies TargetState;
    }
  }
};

/** The hash stored as the item's targetVersion; a deleted target hashes to "gone". */
export const versionOf = (target: TargetState): string => {
  if (!target.state) return 'gone';
  switch (target.targetType) {
    case 'lead': {
      const { email, unsubscribedAt, stage } = target.state;
      return sha256(stable({ email, unsubscribedAt: unsubscribedAt?.toISOString() ?? null, stage }));
    }
    case 'post':
      return sha256(stable(target.state));
    case 'campaign':
      return sha256(stable(target.state));
  }
};

/**
 * The version the target has once the item's content is written into it (a post or campaign
 * draft the action edits before sending): a retry after that write must not read it as a change.
 */
export const versionWithContent = (target: TargetState, content: ApprovalContent): string => {
  if (target.targetType === 'post' && target.state)
    return versionOf({ targetType: 'post', state: { ...target.state, body: content.body } });
  if (target.targetType === 'campaign' && target.state)
    return versionOf({
      targetType: 'campaign',
      state: { ...target.state, subject: content.subject ?? target.state.subject, body: content.body },
    });
  return versionOf(target);
};

const STAGE_WORDS: Record<string, string> = { won: 'was marked won', lost: 'was marked lost' };

/** Why the target is not what the item was made for, in words for the owner. */
export const describeChange = (target: TargetState, context: { proposedAt: Date; timezone: string }): string => {
  const after = (date: Date) => (date.getTime() > context.proposedAt.getTime() ? ' after this was proposed' : '');
  switch (target.targetType) {
    case 'lead': {
      const lead = target.state;
      if (!lead) return 'The lead was deleted after this was proposed';
      if (lead.unsubscribedAt)
        return `${lead.name} unsubscribed on ${dayInWords(lead.unsubscribedAt, context.timezone)}${after(lead.unsubscribedAt)}`;
      if (!lead.email) return `${lead.name} has no email address any more`;
      const stage = STAGE_WORDS[lead.stage];
      return stage
        ? `${lead.name} ${stage} after this was proposed`
        : `${lead.name} changed (email or stage) after this was proposed`;
    }
    case 'post': {
      const post = target.state;
      if (!post) return 'The post was deleted after this item was made';
      if (post.status === 'published') return 'The post was already published after this item was made';
      return 'The post was edited after this item was made';
    }
    case 'campaign': {
      const campaign = target.state;
      if (!campaign) return 'The campaign was deleted after this item was made';
      if (campaign.status !== 'draft') return `The campaign is already ${campaign.status}`;
      return 'The campaign was edited after this item was made';
    }
  }
};
