import type { Deps } from '../../deps';
import type { Prisma } from '../../generated/prisma/client';
import { AppError } from '../../http/app-error';
import { sendCampaign } from '../campaigns/campaign-sending.service';
import { getCampaign, updateCampaign } from '../campaigns/campaigns.service';
import { getPost, updatePost } from '../content/content.service';
import { isLastingPublishFailure, publishPost } from '../content/publish.service';
import { sendLeadEmail } from '../outreach/outreach.service';
import { asRecord, contentOf, findItemRow, kindOf, orgSettingsOf, targetOf, type ItemRow } from './approvals.queries';
import { readTarget, versionWithContent } from './approvals.targets';

/** Attempts of one approved action before a passing failure (LinkedIn busy) counts as lasting. */
const MAX_ACTION_ATTEMPTS = 3;

/**
 * What the approved_action task handler gets: the tasks module's ActionDeps and TaskRun
 * narrowed to what is used, written here because tasks depends on approvals (never the reverse).
 */
export type ActionDeps = Pick<
  Deps,
  'db' | 'database' | 'clock' | 'log' | 'env' | 'mailer' | 'tokens' | 'linkedin' | 'taskSignal'
>;
export type ActionRun = {
  id: string;
  orgId: string;
  input: { approvalId: string };
  /** 1 on the first attempt. */
  attempt: number;
  signal: AbortSignal;
};

/** Thrown for a failure a later attempt may fix: the executor shows the message and retries (it is not a 500). */
const retryLater = (reason: string) => new AppError('UNAVAILABLE', reason);

type Outcome = { ok: true; result: Record<string, unknown> } | { ok: false; reason: string };

type Checks = {
  targetChange: (
    deps: Pick<Deps, 'db' | 'clock'>,
    row: ItemRow,
    context: { timezone: string; acceptVersions?: string[] },
  ) => Promise<string | null>;
  cancelItem: (
    deps: Pick<Deps, 'db' | 'clock'>,
    row: Pick<ItemRow, 'orgId' | 'id'>,
    options: { from: 'pending' | 'approved'; reason: string },
  ) => Promise<boolean>;
};

/** A failure worth another attempt, unless this was the last one (then the item fails with the reason). */
const passing = (run: ActionRun, reason: string): Outcome => {
  if (run.attempt < MAX_ACTION_ATTEMPTS) throw retryLater(reason);
  return { ok: false, reason };
};

const mailLead = async (deps: ActionDeps, row: ItemRow, run: ActionRun): Promise<Outcome> => {
  const content = contentOf(row);
  // The activity is unique per task, so a retry after a delivered mail neither mails nor logs again.
  const sent = await sendLeadEmail(deps, {
    orgId: row.orgId,
    leadId: row.targetId,
    subject: content.subject ?? row.title,
    body: content.body,
    taskId: run.id,
    ignoreApprovalId: row.id,
  });
  if (!sent.emailed) return { ok: false, reason: sent.reason };
  return { ok: true, result: { emailedTo: sent.emailedTo, activityId: sent.activityId } };
};

const publishOnLinkedIn = async (deps: ActionDeps, row: ItemRow, run: ActionRun): Promise<Outcome> => {
  const { orgId, targetId: postId } = row;
  const post = await getPost(deps, { orgId, postId });
  // Published by an earlier attempt of this task (the item was marked started before it).
  if (post.status === 'published') return { ok: true, result: { postId, externalId: post.externalId } };
  const body = contentOf(row).body;
  if (post.body !== body) await updatePost(deps, { orgId, postId, input: { body } });
  try {
    const result = await publishPost(deps, { orgId, postId });
    if (result.status === 'published') return { ok: true, result: { postId, externalId: result.externalId } };
    const reason = result.failureReason ?? 'Publishing on LinkedIn failed';
    return isLastingPublishFailure(reason) ? { ok: false, reason } : passing(run, reason);
  } catch (error) {
    if (!(error instanceof AppError) || error.status >= 500) throw error;
    if (error.code === 'CONFLICT' && /being published/.test(error.message)) return passing(run, error.message);
    return { ok: false, reason: error.message };
  }
};

const sendToAudience = async (deps: ActionDeps, row: ItemRow): Promise<Outcome> => {
  const { orgId, targetId: campaignId } = row;
  const campaign = await getCampaign(deps, { orgId, campaignId });
  // `status` says whether the mails went out or are going out in batches (the campaign sender finishes them).
  const done = (sent: typeof campaign) => ({
    ok: true as const,
    result: { campaignId, status: sent.status, counts: sent.counts },
  });
  if (campaign.status === 'sent' || campaign.status === 'sending') return done(campaign);
  const content = contentOf(row);
  if (campaign.status === 'draft' && (campaign.body !== content.body || campaign.subject !== content.subject)) {
    await updateCampaign(deps, {
      orgId,
      campaignId,
      input: { body: content.body, ...(content.subject ? { subject: content.subject } : {}) },
    });
  }
  try {
    // Queues the campaign: its recipients are written and the sender mails them in batches.
    return done(await sendCampaign(deps, { orgId, campaignId, actorId: null }));
  } catch (error) {
    if (!(error instanceof AppError) || error.status >= 500) throw error;
    // Another attempt still sending it: this one is retried later and then finds it sent.
    if (error.code === 'CONFLICT' && /already being sent/.test(error.message)) throw retryLater(error.message);
    return { ok: false, reason: error.message };
  }
};

const act = (deps: ActionDeps, row: ItemRow, run: ActionRun): Promise<Outcome> => {
  switch (kindOf(row)) {
    case 'lead_email':
      return mailLead(deps, row, run);
    case 'post_publish':
      return publishOnLinkedIn(deps, row, run);
    case 'campaign_send':
      return sendToAudience(deps, row);
  }
};

/**
 * Carries out one approved item: only an `approved` item runs; before anything goes out the
 * target is checked again (changed: the item is cancelled and nothing is sent). The item is marked
 * started first, so a retry after a crash goes on with the same (idempotent) action instead of
 * reading its own effect as a change. It ends executed with what it did, or failed with why.
 */
export const carryOutApprovedAction = async (
  deps: ActionDeps,
  run: ActionRun,
  checks: Checks,
): Promise<Record<string, unknown>> => {
  const { orgId } = run;
  const approvalId = run.input.approvalId;
  const row = await findItemRow(deps, { orgId, approvalId });
  if (!row) return { approvalId, sent: false, reason: 'The approval item no longer exists: nothing was sent' };
  if (row.status === 'executed') return { approvalId, sent: true, ...asRecord(row.result) };
  if (row.status !== 'approved')
    return { approvalId, sent: false, reason: `The item is ${row.status}: nothing was sent` };
  if (row.result === null) {
    const { timezone } = await orgSettingsOf(deps, { orgId });
    const target = await readTarget(deps, targetOf(row));
    const change = await checks.targetChange(deps, row, {
      timezone,
      acceptVersions: [versionWithContent(target, contentOf(row))],
    });
    if (change) {
      await checks.cancelItem(deps, row, { from: 'approved', reason: change });
      return { approvalId, sent: false, reason: `${change}: nothing was sent` };
    }
    const { count } = await deps.db.approvalItem.updateMany({
      where: { orgId, id: approvalId, status: 'approved' },
      data: { result: { startedAt: deps.clock.now().toISOString() }, updatedAt: deps.clock.now() },
    });
    if (count === 0) return { approvalId, sent: false, reason: 'The item changed meanwhile: nothing was sent' };
  }
  run.signal.throwIfAborted();
  const outcome = await act(deps, row, run);
  const now = deps.clock.now();
  if (outcome.ok) {
    await deps.db.approvalItem.updateMany({
      where: { orgId, id: approvalId, status: 'approved' },
      data: {
        status: 'executed',
        executedAt: now,
        result: outcome.result as Prisma.InputJsonValue,
        error: null,
        updatedAt: now,
      },
    });
    return { approvalId, sent: true, ...outcome.result };
  }
  await deps.db.approvalItem.updateMany({
    where: { orgId, id: approvalId, status: 'approved' },
    data: { status: 'failed', error: outcome.reason, updatedAt: now },
  });
  return { approvalId, sent: false, reason: outcome.reason };
};
