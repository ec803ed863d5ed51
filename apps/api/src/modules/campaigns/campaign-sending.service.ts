import type { Campaign, CampaignAudience } from '@aiceo/shared/campaigns';
import {
  campaignRecipientCapFor,
  campaignTooLargeMessage,
  limitFor,
  monthKey,
  nextPlan,
  type Plan,
} from '@aiceo/shared/plans';
import type { QuotaExceededDetails } from '@aiceo/shared/usage';
import type { Deps } from '../../deps';
import { AppError, notFound } from '../../http/app-error';
import { reportError } from '../../http/error-middleware';
import { logLeadActivities } from '../leads/leads.service';
import { getUsage, refundUsage, spendUsage } from '../usage/usage.service';
import { audienceSql } from './campaign-audience.queries';
import { buildCampaignMail, loadCampaignBrand, type CampaignBrand } from './campaign-mail';
import { audienceLeadsWhere, audienceOf, findCampaignRow, getCampaign } from './campaigns.service';

/**
 * A recipient claimed this long ago and still pending was cut off: its sender died (or hung) with
 * the mail in flight. Longer than one SMTP delivery can take (nodemailer gives up within 10 minutes).
 */
export const STALE_SENDING_MS = 15 * 60_000;
/** Recipients per batch: the sender beats the campaign's heartbeat and logs lead activities once per batch. */
export const SEND_BATCH_SIZE = 200;
/** Rows one claim takes; each claim's mails go out together and their outcomes are recorded together. */
export const CLAIM_SIZE = 5;
/** Claims a sender works on at once. */
const LANES = 4;
/** Mails in flight at once: a crash can cut off at most this many (they are failed, never sent twice). */
export const MAILS_IN_FLIGHT = CLAIM_SIZE * LANES;
export const CUT_OFF_REASON =
  'The sender stopped while this mail was going out; it was not sent again so nobody gets it twice';
const MAX_SUMMARY = 300;
const MAX_ERROR = 500;
/** Campaigns one job run takes up. */
const JOB_CAMPAIGNS = 50;

type SendDeps = Pick<Deps, 'db' | 'database' | 'clock' | 'env' | 'tokens' | 'mailer' | 'log'>;
type CampaignRef = { orgId: string; campaignId: string };

/** What one sender did: for the log, the job's run row and the bench. */
export type SenderStats = {
  batches: number;
  claims: number;
  heartbeats: number;
  sent: number;
  failed: number;
  skipped: number;
};
const noStats = (): SenderStats => ({ batches: 0, claims: 0, heartbeats: 0, sent: 0, failed: 0, skipped: 0 });

const planOf = async ({ db }: Pick<Deps, 'db'>, { orgId }: { orgId: string }): Promise<Plan> => {
  const org = await db.organization.findFirst({ where: { id: orgId }, select: { plan: true } });
  if (!org) throw notFound('Organisation');
  return org.plan;
};

/** 402 for a campaign over the plan's cap on recipients per campaign; the details carry the emails allowance too. */
const tooLarge = async (
  deps: Pick<Deps, 'database' | 'clock'>,
  { orgId, plan, recipients }: { orgId: string; plan: Plan; recipients: number },
): Promise<AppError> => {
  const usage = await getUsage(deps, { orgId });
  const emails = usage.resources.find((resource) => resource.resource === 'emails');
  const upgrade = nextPlan(plan);
  const details: QuotaExceededDetails = {
    resource: 'emails',
    limit: limitFor(plan, 'emails'),
    used: emails?.used ?? 0,
    plan,
    upgrade: upgrade ? { plan: upgrade, limit: limitFor(upgrade, 'emails') } : null,
    requested: 1,
    campaignRecipients: {
      recipients,
      cap: campaignRecipientCapFor(plan),
      upgradeCap: upgrade ? campaignRecipientCapFor(upgrade) : null,
    },
  };
  return new AppError('QUOTA_EXCEEDED', campaignTooLargeMessage(plan, recipients), details);
};

type Queued = { pending: number };

class OverCap extends Error {
  constructor(readonly recipients: number) {
    super(`${recipients} recipients are over the plan's cap`);
  }
}

/**
 * Writes one recipient row per lead of the audience with one INSERT … SELECT (the audience never
 * passes through this process), unsubscribed leads as `skipped`. Rows are unique per campaign and
 * email, so nobody is on a campaign twice. Answers how many are pending.
 */
const insertRecipients = async (
  tx: Pick<Deps['db'], '$queryRaw'>,
  { orgId, campaignId, audience, now }: CampaignRef & { audience: CampaignAudience; now: Date },
): Promise<Queued> => {
  const [row] = await tx.$queryRaw<{ pending: number }[]>`
    WITH inserted AS (
      INSERT INTO "CampaignRecipient" (id, "orgId", "campaignId", "leadId", email, status, "createdAt")
      SELECT gen_random_uuid(), l."orgId", ${campaignId}::uuid, l.id, l.email,
        (CASE WHEN l."unsubscribedAt" IS NULL THEN 'pending' ELSE 'skipped' END)::"CampaignRecipientStatus",
        ${now}::timestamptz
      FROM "Lead" l WHERE ${audienceSql(orgId, audience)}
      ON CONFLICT ("campaignId", email) DO NOTHING
      RETURNING status
    )
    SELECT (count(*) FILTER (WHERE status = 'pending'))::int AS pending FROM inserted`;
  return { pending: row?.pending ?? 0 };
};

/**
 * Turns a draft into `sending`. The plan's emails allowance counts sends: the campaign takes one
 * email, whatever its audience (none when nobody is mailable: it is done at once). A campaign over
 * the plan's cap on recipients per campaign is refused with 402 before anything is written; the cap
 * is checked again on the rows written, so a lead added meanwhile cannot slip past it.
 */
export const queueCampaign = async (
  deps: SendDeps,
  { orgId, campaignId, audience }: CampaignRef & { audience: CampaignAudience },
): Promise<Queued> => {
  const plan = await planOf(deps, { orgId });
  const cap = campaignRecipientCapFor(plan);
  // Counted as the preview counts, so the number in the refusal is the one the owner saw.
  const recipients = await deps.db.lead.count({
    where: { AND: [audienceLeadsWhere(orgId, audience), { unsubscribedAt: null }] },
  });
  if (recipients > cap) throw await tooLarge(deps, { orgId, plan, recipients });
  const now = deps.clock.now();
  const spend = spendUsage(deps, { orgId, resource: 'emails', count: recipients > 0 ? 1 : 0 }, async (usage) => {
    const queued = await deps.db.$transaction(async (tx) => {
      const { count } = await tx.emailCampaign.updateMany({
        where: { id: campaignId, orgId, status: 'draft' },
        data: { status: 'sending', updatedAt: now },
      });
      if (count === 0) throw new AppError('CONFLICT', 'This campaign is already being sent');
      const written = await insertRecipients(tx, { orgId, campaignId, audience, now });
      // Rolls back; the 402 is built outside (on PGlite a query beside an open transaction waits for it).
      if (written.pending > cap) throw new OverCap(written.pending);
      if (written.pending === 0) {
        await tx.emailCampaign.updateMany({
          where: { id: campaignId, orgId },
          data: { status: 'sent', sentAt: now, updatedAt: now },
        });
      }
      return written;
    });
    // Nobody to mail after all (they unsubscribed meanwhile): nothing was sent, so nothing counts.
    if (queued.pending === 0) await usage.giveBack();
    return queued;
  });
  return spend.catch(async (error: unknown) => {
    if (error instanceof OverCap) throw await tooLarge(deps, { orgId, plan, recipients: error.recipients });
    throw error;
  });
};

type ClaimedRecipient = {
  id: string;
  email: string;
  leadId: string | null;
  name: string | null;
  company: string | null;
  title: string | null;
  unsubscribedAt: Date | null;
};

/**
 * Claims up to `limit` pending recipients nobody has claimed, with their leads. SKIP LOCKED: two
 * senders (two API instances) never take the same rows. A claimed row is mailed at most once: if
 * its sender dies before recording the outcome, it is failed later (never retried).
 */
export const claimRecipients = async (
  { database, clock }: Pick<Deps, 'database' | 'clock'>,
  { orgId, campaignId, limit }: CampaignRef & { limit: number },
): Promise<ClaimedRecipient[]> =>
  database.query<ClaimedRecipient>(
    // The pick is a CTE: a locking CTE runs once, where an IN (subquery) may be re-run per row and pass LIMIT.
    `WITH picked AS (
       SELECT id FROM "CampaignRecipient"
       WHERE "orgId" = $1 AND "campaignId" = $2 AND status = 'pending' AND "claimedAt" IS NULL
       LIMIT $4 FOR UPDATE SKIP LOCKED),
     claimed AS (
       UPDATE "CampaignRecipient" r SET "claimedAt" = $3 FROM picked
       WHERE r.id = picked.id AND r.status = 'pending' AND r."claimedAt" IS NULL
       RETURNING r.id, r.email, r."leadId")
     SELECT c.id, c.email, c."leadId", l.name, l.company, l.title, l."unsubscribedAt"
     FROM claimed c LEFT JOIN "Lead" l ON l.id = c."leadId" AND l."orgId" = $1`,
    [orgId, campaignId, clock.now(), limit],
  );

type Outcome = { id: string; leadId: string | null; status: 'sent' | 'failed' | 'skipped'; error: string | null };

/** Records a claim's outcomes in one statement; only rows still pending change. */
const recordOutcomes = async (
  { database, clock }: Pick<Deps, 'database' | 'clock'>,
  { orgId, outcomes }: { orgId: string; outcomes: Outcome[] },
) => {
  if (outcomes.length === 0) return;
  await database.query(
    `UPDATE "CampaignRecipient" r
     SET status = v.status::"CampaignRecipientStatus", error = v.error,
       "sentAt" = CASE WHEN v.status = 'sent' THEN $2::timestamptz END
     FROM (SELECT unnest($3::uuid[]) AS id, unnest($4::text[]) AS status, unnest($5::text[]) AS error) v
     WHERE r.id = v.id AND r."orgId" = $1 AND r.status = 'pending'`,
    [orgId, clock.now(), outcomes.map((o) => o.id), outcomes.map((o) => o.status), outcomes.map((o) => o.error)],
  );
};

type CampaignContent = { id: string; name: string; subject: string; body: string };

const mailOne = async (
  deps: SendDeps,
  {
    orgId,
    brand,
    campaign,
    recipient,
  }: { orgId: string; brand: CampaignBrand; campaign: CampaignContent; recipient: ClaimedRecipient },
): Promise<Outcome & { subject?: string }> => {
  const { leadId } = recipient;
  // Unsubscribed (or deleted) since the send started.
  if (!leadId || recipient.name === null || recipient.unsubscribedAt)
    return { id: recipient.id, leadId, status: 'skipped', error: null };
  const mail = buildCampaignMail(deps, {
    orgId,
    brand,
    campaign,
    lead: { id: leadId, name: recipient.name, company: recipient.company ?? '', title: recipient.title ?? '' },
    email: recipient.email,
    recipientId: recipient.id,
  });
  const result = await deps.mailer.send({
    to: recipient.email,
    subject: mail.subject,
    text: mail.text,
    html: mail.html,
    headers: mail.headers,
    fromName: mail.fromName,
    ...(mail.replyTo ? { replyTo: mail.replyTo } : {}),
  });
  if (result.status === 'failed')
    return { id: recipient.id, leadId, status: 'failed', error: result.error.slice(0, MAX_ERROR) };
  return { id: recipient.id, leadId, status: 'sent', error: null, subject: mail.subject };
};

/** One heartbeat: the campaign's updatedAt says a sender is at work on it. */
const beat = async ({ database, clock }: Pick<Deps, 'database' | 'clock'>, { orgId, campaignId }: CampaignRef) => {
  await database.query(
    `UPDATE "EmailCampaign" SET "updatedAt" = $3 WHERE id = $2 AND "orgId" = $1 AND status = 'sending'`,
    [orgId, campaignId, clock.now()],
  );
};

/**
 * Mails up to one batch: claims of CLAIM_SIZE rows on LANES lanes, each claim's mails at once and its outcomes
 * recorded together, then one heartbeat and the lead activities of the batch in one transaction.
 * Answers how many rows it took (0: nothing left to claim).
 */
const sendBatch = async (
  deps: SendDeps,
  options: CampaignRef & {
    brand: CampaignBrand;
    campaign: CampaignContent;
    actorId: string | null;
    stats: SenderStats;
  },
): Promise<number> => {
  const { orgId, campaignId, stats } = options;
  const delivered: { leadId: string; summary: string }[] = [];
  let taken = 0;
  // Lanes overlap one claim's database round trips with another's SMTP work.
  let asked = 0;
  const lane = async () => {
    while (asked < SEND_BATCH_SIZE) {
      // Counted before the claim is awaited, so the lanes together never pass the batch size.
      const limit = Math.min(CLAIM_SIZE, SEND_BATCH_SIZE - asked);
      asked += limit;
      const claimed = await claimRecipients(deps, { orgId, campaignId, limit });
      if (claimed.length === 0) return;
      stats.claims += 1;
      taken += claimed.length;
      const outcomes = await Promise.all(claimed.map((recipient) => mailOne(deps, { ...options, recipient })));
      await recordOutcomes(deps, { orgId, outcomes });
      for (const outcome of outcomes) {
        stats[outcome.status] += 1;
        if (outcome.status === 'sent' && outcome.leadId)
          delivered.push({
            leadId: outcome.leadId,
            summary: `Campaign "${options.campaign.name}": ${outcome.subject ?? ''}`.slice(0, MAX_SUMMARY),
          });
      }
    }
  };
  await Promise.all(Array.from({ length: LANES }, lane));
  if (taken === 0) return 0;
  stats.batches += 1;
  await beat(deps, { orgId, campaignId });
  stats.heartbeats += 1;
  if (delivered.length > 0) {
    const occurredAt = deps.clock.now();
    await deps.db.$transaction((tx) =>
      logLeadActivities(tx, { orgId, actorId: options.actorId, kind: 'email', occurredAt, items: delivered }),
    );
  }
  return taken;
};

/**
 * Ends a campaign once no recipient is pending. Rows claimed longer ago than STALE_SENDING_MS
 * were cut off mid-delivery and are failed, not retried. A campaign that mailed nobody (every
 * mail failed or was skipped) gives its email back, in the same transaction that marks it sent.
 */
const finishCampaign = async (deps: SendDeps, { orgId, campaignId }: CampaignRef): Promise<boolean> => {
  const now = deps.clock.now();
  await deps.db.campaignRecipient.updateMany({
    where: {
      orgId,
      campaignId,
      status: 'pending',
      claimedAt: { lt: new Date(now.getTime() - STALE_SENDING_MS) },
    },
    data: { status: 'failed', error: CUT_OFF_REASON },
  });
  const pending = await deps.db.campaignRecipient.count({ where: { orgId, campaignId, status: 'pending' } });
  // Still in flight with a live sender (or cut off too recently to tell): a later run ends it.
  if (pending > 0) return false;
  return deps.db.$transaction(async (tx) => {
    const { count } = await tx.emailCampaign.updateMany({
      where: { id: campaignId, orgId, status: 'sending' },
      data: { status: 'sent', sentAt: now, updatedAt: now },
    });
    if (count === 0) return false;
    const first = await tx.campaignRecipient.findFirst({
      where: { orgId, campaignId },
      select: { createdAt: true },
    });
    const sent = await tx.campaignRecipient.count({ where: { orgId, campaignId, status: 'sent' } });
    // The email was counted in the month the send started.
    if (sent === 0 && first)
      await refundUsage(tx, { orgId, month: monthKey(first.createdAt), resource: 'emails', count: 1 });
    return true;
  });
};

/**
 * Sends a campaign in `sending` until no recipient is left to claim, batch by batch, then ends
 * it. Any number of senders may run this on the same campaign at once (claims skip each other's
 * rows). Memory stays flat: one claim's rows and one batch's activities at a time.
 */
export const drainCampaign = async (
  deps: SendDeps,
  { orgId, campaignId, actorId }: CampaignRef & { actorId: string | null },
): Promise<SenderStats> => {
  const stats = noStats();
  const campaign = await findCampaignRow(deps, { orgId, campaignId });
  if (campaign.status !== 'sending') return stats;
  const brand = await loadCampaignBrand(deps, { orgId });
  for (let taken = 1; taken > 0;) taken = await sendBatch(deps, { orgId, campaignId, brand, campaign, actorId, stats });
  const finished = await finishCampaign(deps, { orgId, campaignId });
  deps.log.info({ orgId, campaignId, finished, ...stats }, 'campaign sender stopped');
  return stats;
};

// Senders running in this process, per database (one per test app): the job and the send endpoint
// never start a second one for a campaign this process already sends.
const runningByDatabase = new WeakMap<object, Map<string, Promise<SenderStats>>>();
const runningSenders = (deps: Pick<Deps, 'database'>) => {
  let running = runningByDatabase.get(deps.database);
  if (!running) runningByDatabase.set(deps.database, (running = new Map()));
  return running;
};

/** Starts a background sender for the campaign unless this process runs one; false when it does. */
export const startCampaignSender = (
  deps: SendDeps,
  { orgId, campaignId, actorId }: CampaignRef & { actorId: string | null },
): boolean => {
  const running = runningSenders(deps);
  if (running.has(campaignId)) return false;
  const run = drainCampaign(deps, { orgId, campaignId, actorId })
    .catch((error: unknown) => {
      reportError(deps, error, { orgId, campaignId, job: 'campaign-sender' });
      return noStats();
    })
    .finally(() => running.delete(campaignId));
  running.set(campaignId, run);
  return true;
};

/** Resolves once every sender this process runs has stopped (tests, the bench, shutdown). */
export const campaignSendersIdle = async (deps: Pick<Deps, 'database'>): Promise<void> => {
  const running = runningSenders(deps);
  while (running.size > 0) await Promise.all(running.values());
};

/**
 * The `campaign-sender` job: takes up every campaign in `sending` this process is not sending
 * (at boot: the ones a stopped process left; later: ones another instance's sender dropped),
 * across orgs by design; each sender's queries are scoped by the campaign's orgId. It does not
 * wait for the senders, so a long campaign never holds the scheduler.
 */
export const runCampaignSender = async (deps: SendDeps): Promise<{ campaigns: number; started: number }> => {
  const campaigns = await deps.db.emailCampaign.findMany({
    where: { status: 'sending' },
    orderBy: { updatedAt: 'asc' },
    take: JOB_CAMPAIGNS,
    select: { id: true, orgId: true },
  });
  let started = 0;
  for (const campaign of campaigns)
    if (startCampaignSender(deps, { orgId: campaign.orgId, campaignId: campaign.id, actorId: null })) started += 1;
  return { campaigns: campaigns.length, started };
};

/**
 * Sends a draft: refused with 402 over the plan's cap or allowance, 409 once sending or sent.
 * Answers at once with the campaign in `sending` and its counts; the mails go out in the
 * background (the campaign-sender job resumes them after a restart).
 */
export const sendCampaign = async (
  deps: SendDeps,
  { orgId, campaignId, actorId }: CampaignRef & { actorId: string | null },
): Promise<Campaign> => {
  const row = await findCampaignRow(deps, { orgId, campaignId });
  if (row.status === 'sent') throw new AppError('CONFLICT', 'This campaign was already sent');
  if (row.status === 'sending')
    throw new AppError('CONFLICT', 'This campaign is being sent right now; its progress shows on the campaign page');
  const queued = await queueCampaign(deps, { orgId, campaignId, audience: audienceOf(row) });
  if (queued.pending > 0) startCampaignSender(deps, { orgId, campaignId, actorId });
  return getCampaign(deps, { orgId, campaignId });
};
