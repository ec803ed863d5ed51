import type { OutcomeAction, WhatWorked, WhatWorkedItem } from '@aiceo/shared/agentic';
import type { Deps } from '../../deps';
import type { Prisma } from '../../generated/prisma/client';
import { clip } from '../../lib/text';
import {
  audienceBucket,
  CAMPAIGN_MAX_UNSUBSCRIBE_RATE,
  followupTopic,
  lengthBucket,
  OUTCOME_WINDOW_DAYS,
  splitVariant,
  toneValue,
  topicKeyword,
  variant,
  variantScore,
  variantSentence,
  weekdayIn,
} from './outcome-variants';

const DAY_MS = 86_400_000;
/** Rows read or written per statement; the job pages through more. */
const BATCH = 500;
/** A stage is only compared when the outcome was recorded this soon after the action (the stage then is the stage at sending). */
const STAGE_SNAPSHOT_MAX_LAG_MS = 2 * 3_600_000;
/** Settled outcomes read to rank an org's variants: the newest, which is what the engine should learn from. */
const RANKED_MAX = 5_000;
const EVIDENCE_PER_ITEM = 5;

type OutcomeDeps = Pick<Deps, 'db' | 'clock' | 'log'>;
type Db = Deps['db'];
type Evidence = Record<string, unknown>;
type NewOutcome = Prisma.ActionOutcomeCreateManyInput;

const STAGE_RANK: Record<string, number> = { new: 0, contacted: 1, qualified: 2, proposal: 3, won: 4 };
const PERSON_CONTACT_KINDS = ['call', 'email', 'meeting'] as const;

const windowEnd = (action: OutcomeAction, actedAt: Date) =>
  new Date(actedAt.getTime() + OUTCOME_WINDOW_DAYS[action] * DAY_MS);
const day = (date: Date) => date.toISOString().slice(0, 10);
const plural = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : 's'}`;

// ------------------------------------------------------------------------------ recording

type FollowupCandidate = {
  id: string;
  orgId: string;
  leadId: string;
  summary: string;
  occurredAt: Date;
  timezone: string;
  tone: string | null;
  stage: string;
  leadName: string;
};

type CampaignCandidate = {
  id: string;
  orgId: string;
  name: string;
  subject: string;
  sentAt: Date;
  timezone: string;
  recipients: number;
};

type PostCandidate = {
  id: string;
  orgId: string;
  title: string;
  body: string;
  publishedAt: Date;
  timezone: string;
};

// The job reads across orgs; every join and the "already recorded" check pair rows by orgId.
const followupCandidates = (db: Db, now: Date) => db.$queryRaw<FollowupCandidate[]>`
  SELECT a.id, a."orgId", a."leadId", a.summary, a."occurredAt", o.timezone, s.tone, l.stage::text AS stage, l.name AS "leadName"
  FROM "LeadActivity" a
  JOIN "Organization" o ON o.id = a."orgId"
  JOIN "Lead" l ON l.id = a."leadId" AND l."orgId" = a."orgId"
  LEFT JOIN "AiSettings" s ON s."orgId" = a."orgId"
  WHERE a.kind = 'ai_followup' AND a."occurredAt" <= ${now}
    AND NOT EXISTS (SELECT 1 FROM "ActionOutcome" x
                    WHERE x."orgId" = a."orgId" AND x.action = 'followup' AND x."subjectId" = a.id)
  ORDER BY a."occurredAt", a.id
  LIMIT ${BATCH}`;

const campaignCandidates = (db: Db, now: Date) => db.$queryRaw<CampaignCandidate[]>`
  SELECT c.id, c."orgId", c.name, c.subject, c."sentAt", o.timezone,
         (SELECT count(*)::int FROM "CampaignRecipient" r
          WHERE r."orgId" = c."orgId" AND r."campaignId" = c.id AND r.status = 'sent') AS recipients
  FROM "EmailCampaign" c
  JOIN "Organization" o ON o.id = c."orgId"
  WHERE c.status = 'sent' AND c."sentAt" IS NOT NULL AND c."sentAt" <= ${now}
    AND NOT EXISTS (SELECT 1 FROM "ActionOutcome" x
                    WHERE x."orgId" = c."orgId" AND x.action = 'campaign' AND x."subjectId" = c.id)
  ORDER BY c."sentAt", c.id
  LIMIT ${BATCH}`;

const postCandidates = (db: Db, now: Date) => db.$queryRaw<PostCandidate[]>`
  SELECT p.id, p."orgId", p.title, p.body, p."publishedAt", o.timezone
  FROM "ContentPost" p
  JOIN "Organization" o ON o.id = p."orgId"
  WHERE p.status = 'published' AND p."publishedAt" IS NOT NULL AND p."publishedAt" <= ${now}
    AND NOT EXISTS (SELECT 1 FROM "ActionOutcome" x
                    WHERE x."orgId" = p."orgId" AND x.action = 'post' AND x."subjectId" = p.id)
  ORDER BY p."publishedAt", p.id
  LIMIT ${BATCH}`;

const followupOutcome = (row: FollowupCandidate, now: Date): NewOutcome => {
  const tone = toneValue(row.tone);
  // The stage now is the stage at sending only when the follow-up went out moments ago (there is no stage history).
  const fresh = now.getTime() - row.occurredAt.getTime() <= STAGE_SNAPSHOT_MAX_LAG_MS;
  return {
    orgId: row.orgId,
    action: 'followup',
    subjectId: row.id,
    leadId: row.leadId,
    variants: [
      variant('channel', 'email'),
      variant('weekday', weekdayIn(row.occurredAt, row.timezone)),
      variant('topic', followupTopic(row.summary)),
      ...(tone ? [variant('tone', tone)] : []),
    ],
    actedAt: row.occurredAt,
    windowEndsAt: windowEnd('followup', row.occurredAt),
    evidence: { label: clip(row.leadName, 80), stageAtSend: fresh ? row.stage : null },
    createdAt: now,
  };
};

const campaignOutcome = (row: CampaignCandidate, now: Date): NewOutcome => ({
  orgId: row.orgId,
  action: 'campaign',
  subjectId: row.id,
  leadId: null,
  variants: [
    variant('weekday', weekdayIn(row.sentAt, row.timezone)),
    variant('topic', topicKeyword(row.subject)),
    variant('audience', audienceBucket(row.recipients)),
  ],
  actedAt: row.sentAt,
  windowEndsAt: windowEnd('campaign', row.sentAt),
  evidence: { label: clip(row.name || row.subject, 80) },
  createdAt: now,
});

const postOutcome = (row: PostCandidate, now: Date): NewOutcome => ({
  orgId: row.orgId,
  action: 'post',
  subjectId: row.id,
  leadId: null,
  variants: [
    variant('weekday', weekdayIn(row.publishedAt, row.timezone)),
    variant('topic', topicKeyword(row.title || row.body.split('\n')[0] || '')),
    variant('length', lengthBucket(row.body.length)),
  ],
  actedAt: row.publishedAt,
  windowEndsAt: windowEnd('post', row.publishedAt),
  evidence: { label: clip(row.title || row.body.replace(/\s+/g, ' ').trim(), 80) },
  createdAt: now,
});

/** Records every candidate once: the unique (orgId, action, subjectId) makes a second run or a racing one a no-op. */
const recordAll = async <T>(
  db: Db,
  { read, toOutcome }: { read: () => Promise<T[]>; toOutcome: (row: T) => NewOutcome },
): Promise<number> => {
  let recorded = 0;
  for (;;) {
    const rows = await read();
    if (rows.length === 0) break;
    const { count } = await db.actionOutcome.createMany({ data: rows.map(toOutcome), skipDuplicates: true });
    recorded += count;
    if (rows.length < BATCH || count === 0) break;
  }
  return recorded;
};

// ------------------------------------------------------------------------------ settling

type PendingRow = {
  id: string;
  orgId: string;
  subjectId: string;
  leadId: string | null;
  actedAt: Date;
  windowEndsAt: Date;
  evidence: Prisma.JsonValue;
};
type Settlement = {
  id: string;
  orgId: string;
  status: 'success' | 'failure' | 'dropped';
  signal: string | null;
  evidence: Evidence;
};

const evidenceOf = (row: PendingRow): Evidence =>
  row.evidence && typeof row.evidence === 'object' && !Array.isArray(row.evidence) ? { ...row.evidence } : {};

const pendingSelect = {
  id: true,
  orgId: true,
  subjectId: true,
  leadId: true,
  actedAt: true,
  windowEndsAt: true,
  evidence: true,
} satisfies Prisma.ActionOutcomeSelect;

const bounds = (rows: PendingRow[]) => ({
  orgIds: [...new Set(rows.map((row) => row.orgId))],
  from: new Date(Math.min(...rows.map((row) => row.actedAt.getTime()))),
  to: new Date(Math.max(...rows.map((row) => row.windowEndsAt.getTime()))),
});
const pairKey = (orgId: string, id: string) => `${orgId}/${id}`;
const groupBy = <T>(items: T[], key: (item: T) => string): Map<string, T[]> => {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = groups.get(k);
    if (list) list.push(item);
    else groups.set(k, [item]);
  }
  return groups;
};
const inWindow = (at: Date, row: PendingRow, now: Date) =>
  at.getTime() > row.actedAt.getTime() && at.getTime() <= Math.min(row.windowEndsAt.getTime(), now.getTime());

type Signal = { signal: string; at: Date; detail: Evidence; result: string };

/**
 * A follow-up worked when, within 14 days after it, someone reached the lead (a call, email or
 * meeting logged by a person), a meeting was booked for the lead, or its stage moved forward.
 */
const settleFollowups = async (db: Db, rows: PendingRow[], now: Date): Promise<Settlement[]> => {
  const { orgIds, from, to } = bounds(rows);
  const leadIds = [...new Set(rows.flatMap((row) => (row.leadId ? [row.leadId] : [])))];
  const [activities, meetings, leads] = await Promise.all([
    db.leadActivity.findMany({
      where: {
        orgId: { in: orgIds },
        leadId: { in: leadIds },
        kind: { in: [...PERSON_CONTACT_KINDS] },
        actorId: { not: null },
        occurredAt: { gt: from, lte: to },
      },
      orderBy: { occurredAt: 'asc' },
      select: { orgId: true, leadId: true, kind: true, occurredAt: true },
    }),
    db.meeting.findMany({
      where: { orgId: { in: orgIds }, leadId: { in: leadIds }, createdAt: { gt: from, lte: to } },
      orderBy: { createdAt: 'asc' },
      select: { orgId: true, leadId: true, createdAt: true, startsAt: true },
    }),
    db.lead.findMany({
      where: { orgId: { in: orgIds }, id: { in: leadIds } },
      select: { id: true, orgId: true, stage: true, updatedAt: true },
    }),
  ]);
  const activitiesOf = groupBy(activities, (a) => pairKey(a.orgId, a.leadId));
  const meetingsOf = groupBy(meetings, (m) => pairKey(m.orgId, m.leadId));
  const leadOf = new Map(leads.map((lead) => [pairKey(lead.orgId, lead.id), lead]));

  return rows.flatMap((row): Settlement[] => {
    const evidence = evidenceOf(row);
    const key = row.leadId ? pairKey(row.orgId, row.leadId) : '';
    const lead = leadOf.get(key);
    const closed = now.getTime() >= row.windowEndsAt.getTime();
    // The lead was deleted: nothing can be observed any more, so it is neither a success nor a failure.
    if (!lead) return closed ? [{ id: row.id, orgId: row.orgId, status: 'dropped', signal: null, evidence }] : [];
    const signals: Signal[] = [];
    const contact = activitiesOf.get(key)?.find((a) => inWindow(a.occurredAt, row, now));
    if (contact)
      signals.push({
        signal: 'activity',
        at: contact.occurredAt,
        detail: { kind: contact.kind },
        result: `reached (${contact.kind}) on ${day(contact.occurredAt)}`,
      });
    const meeting = meetingsOf.get(key)?.find((m) => inWindow(m.createdAt, row, now));
    if (meeting)
      signals.push({
        signal: 'meeting',
        at: meeting.createdAt,
        detail: { meetingStartsAt: meeting.startsAt.toISOString() },
        result: `meeting booked on ${day(meeting.createdAt)}`,
      });
    const before = typeof evidence['stageAtSend'] === 'string' ? STAGE_RANK[evidence['stageAtSend']] : undefined;
    const after = STAGE_RANK[lead.stage];
    // No stage history: a move counts when the stage is further than when sent and we can tell it moved inside the window.
    const movedInWindow =
      lead.updatedAt.getTime() > row.actedAt.getTime() &&
      (!closed || lead.updatedAt.getTime() <= row.windowEndsAt.getTime());
    if (before !== undefined && after !== undefined && after > before && movedInWindow)
      signals.push({
        signal: 'stage_move',
        at: lead.updatedAt,
        detail: { stageFrom: evidence['stageAtSend'], stageTo: lead.stage },
        result: `moved to ${lead.stage}`,
      });
    const first = signals.sort((a, b) => a.at.getTime() - b.at.getTime())[0];
    if (first)
      return [
        {
          id: row.id,
          orgId: row.orgId,
          status: 'success',
          signal: first.signal,
          evidence: { ...evidence, ...first.detail, signalAt: first.at.toISOString(), result: first.result },
        },
      ];
    if (!closed) return [];
    return [
      {
        id: row.id,
        orgId: row.orgId,
        status: 'failure',
        signal: null,
        evidence: { ...evidence, result: `no reply within ${OUTCOME_WINDOW_DAYS.followup} days` },
      },
    ];
  });
};

/**
 * A campaign is judged when its 14 days are over (unsubscribes may still come until then): it
 * worked with at least one reply (a call, email or meeting logged by a person with a recipient)
 * and unsubscribes under 2% of its recipients.
 */
const settleCampaigns = async (db: Db, rows: PendingRow[], now: Date): Promise<Settlement[]> => {
  const closedRows = rows.filter((row) => now.getTime() >= row.windowEndsAt.getTime());
  if (closedRows.length === 0) return [];
  const { orgIds, from, to } = bounds(closedRows);
  const recipients = await db.campaignRecipient.findMany({
    where: {
      orgId: { in: orgIds },
      campaignId: { in: closedRows.map((row) => row.subjectId) },
      status: 'sent',
      leadId: { not: null },
    },
    select: { orgId: true, campaignId: true, leadId: true },
  });
  const leadIds = [...new Set(recipients.flatMap((r) => (r.leadId ? [r.leadId] : [])))];
  const [activities, unsubscribed] = await Promise.all([
    db.leadActivity.findMany({
      where: {
        orgId: { in: orgIds },
        leadId: { in: leadIds },
        kind: { in: [...PERSON_CONTACT_KINDS] },
        actorId: { not: null },
        occurredAt: { gt: from, lte: to },
      },
      select: { orgId: true, leadId: true, occurredAt: true },
    }),
    db.lead.findMany({
      where: { orgId: { in: orgIds }, id: { in: leadIds }, unsubscribedAt: { gt: from, lte: to } },
      select: { orgId: true, id: true, unsubscribedAt: true },
    }),
  ]);
  const recipientsOf = groupBy(recipients, (r) => pairKey(r.orgId, r.campaignId));
  const activitiesOf = groupBy(activities, (a) => pairKey(a.orgId, a.leadId));
  const unsubscribedAt = new Map(unsubscribed.map((lead) => [pairKey(lead.orgId, lead.id), lead.unsubscribedAt]));

  return closedRows.map((row) => {
    const leads = [...new Set((recipientsOf.get(pairKey(row.orgId, row.subjectId)) ?? []).map((r) => r.leadId ?? ''))];
    const replies = leads.filter((leadId) =>
      (activitiesOf.get(pairKey(row.orgId, leadId)) ?? []).some((a) => inWindow(a.occurredAt, row, now)),
    ).length;
    const unsubscribes = leads.filter((leadId) => {
      const at = unsubscribedAt.get(pairKey(row.orgId, leadId));
      return at ? inWindow(at, row, now) : false;
    }).length;
    const count = leads.length;
    const rate = count === 0 ? 0 : unsubscribes / count;
    const success = replies > 0 && rate < CAMPAIGN_MAX_UNSUBSCRIBE_RATE;
    return {
      id: row.id,
      orgId: row.orgId,
      status: success ? 'success' : 'failure',
      signal: success ? 'replies' : null,
      evidence: {
        ...evidenceOf(row),
        recipients: count,
        replies,
        unsubscribes,
        unsubscribeRate: Math.round(rate * 10_000) / 10_000,
        result: `${replies === 1 ? '1 reply' : `${replies} replies`}, ${plural(unsubscribes, 'unsubscribe')} of ${plural(count, 'recipient')}`,
      },
    };
  });
};

/** A post is judged when its 7 days are over: it worked when new leads arrived in them (attribution comes later). */
const settlePosts = async (db: Db, rows: PendingRow[], now: Date): Promise<Settlement[]> => {
  const closedRows = rows.filter((row) => now.getTime() >= row.windowEndsAt.getTime());
  if (closedRows.length === 0) return [];
  const { orgIds, from, to } = bounds(closedRows);
  const leads = await db.lead.findMany({
    where: { orgId: { in: orgIds }, createdAt: { gt: from, lte: to } },
    select: { orgId: true, createdAt: true },
  });
  const leadsOf = groupBy(leads, (lead) => lead.orgId);
  return closedRows.map((row) => {
    const newLeads = (leadsOf.get(row.orgId) ?? []).filter((lead) => inWindow(lead.createdAt, row, now)).length;
    return {
      id: row.id,
      orgId: row.orgId,
      status: newLeads > 0 ? 'success' : 'failure',
      signal: newLeads > 0 ? 'new_leads' : null,
      evidence: {
        ...evidenceOf(row),
        newLeads,
        result: `${plural(newLeads, 'new lead')} within ${OUTCOME_WINDOW_DAYS.post} days`,
      },
    };
  });
};

const settlers: Record<OutcomeAction, (db: Db, rows: PendingRow[], now: Date) => Promise<Settlement[]>> = {
  followup: settleFollowups,
  campaign: settleCampaigns,
  post: settlePosts,
};

/** Writes the settlements in one transaction; `status: 'pending'` in the where keeps a racing run from settling twice. */
const writeSettlements = async (db: Db, settlements: Settlement[], now: Date): Promise<number> => {
  if (settlements.length === 0) return 0;
  const counts = await db.$transaction(
    settlements.map((s) =>
      db.actionOutcome.updateMany({
        where: { id: s.id, orgId: s.orgId, status: 'pending' },
        data: { status: s.status, signal: s.signal, evidence: s.evidence as Prisma.InputJsonObject, evaluatedAt: now },
      }),
    ),
  );
  return counts.reduce((sum, { count }) => sum + count, 0);
};

const settleAction = async (db: Db, action: OutcomeAction, now: Date): Promise<number> => {
  let settled = 0;
  let after: string | undefined;
  for (;;) {
    const rows = await db.actionOutcome.findMany({
      where: { action, status: 'pending', actedAt: { lte: now }, ...(after ? { id: { gt: after } } : {}) },
      orderBy: { id: 'asc' },
      take: BATCH,
      select: pendingSelect,
    });
    if (rows.length === 0) break;
    settled += await writeSettlements(db, await settlers[action](db, rows, now), now);
    after = rows.at(-1)?.id;
    if (rows.length < BATCH) break;
  }
  return settled;
};

/**
 * The action-outcomes job (hourly): records each follow-up sent, campaign sent and post
 * published once, then settles the pending ones whose window closed (or, for follow-ups, that
 * succeeded early). Idempotent: a second run finds nothing new and nothing left to settle.
 */
export const recordActionOutcomes = async (deps: OutcomeDeps): Promise<{ recorded: number; settled: number }> => {
  const { db } = deps;
  const now = deps.clock.now();
  const recorded =
    (await recordAll(db, { read: () => followupCandidates(db, now), toOutcome: (row) => followupOutcome(row, now) })) +
    (await recordAll(db, { read: () => campaignCandidates(db, now), toOutcome: (row) => campaignOutcome(row, now) })) +
    (await recordAll(db, { read: () => postCandidates(db, now), toOutcome: (row) => postOutcome(row, now) }));
  let settled = 0;
  for (const action of ['followup', 'campaign', 'post'] as const) settled += await settleAction(db, action, now);
  if (recorded + settled > 0) deps.log.info({ recorded, settled }, 'action outcomes recorded and settled');
  return { recorded, settled };
};

// ------------------------------------------------------------------------------ ranking

const rankedSelect = {
  action: true,
  subjectId: true,
  leadId: true,
  variants: true,
  status: true,
  signal: true,
  actedAt: true,
  evidence: true,
} satisfies Prisma.ActionOutcomeSelect;
type RankedRow = Prisma.ActionOutcomeGetPayload<{ select: typeof rankedSelect }>;

const textOf = (evidence: Prisma.JsonValue, key: string): string | null => {
  if (!evidence || typeof evidence !== 'object' || Array.isArray(evidence)) return null;
  const value = (evidence as Prisma.JsonObject)[key];
  return typeof value === 'string' ? value : null;
};

const evidenceRow = (row: RankedRow): WhatWorkedItem['evidence'][number] => {
  const label = textOf(row.evidence, 'label');
  const result = textOf(row.evidence, 'result');
  return {
    subjectId: row.subjectId,
    leadId: row.leadId,
    success: row.status === 'success',
    signal: row.signal,
    actedAt: row.actedAt.toISOString(),
    label: [label, result].filter(Boolean).join(': ') || (row.status === 'success' ? 'worked' : 'did not work'),
  };
};

type Tally = { action: OutcomeAction; dimension: string; value: string; rows: RankedRow[]; successes: number };

const tallyVariants = (rows: RankedRow[]): Tally[] => {
  const tallies = new Map<string, Tally>();
  for (const row of rows) {
    for (const text of row.variants) {
      const parsed = splitVariant(text);
      if (!parsed) continue;
      const key = `${row.action}|${text}`;
      const tally = tallies.get(key) ?? {
        action: row.action as OutcomeAction,
        ...parsed,
        rows: [],
        successes: 0,
      };
      tally.rows.push(row);
      if (row.status === 'success') tally.successes += 1;
      tallies.set(key, tally);
    }
  }
  return [...tallies.values()];
};

const toItem = (tally: Tally): WhatWorkedItem => {
  const attempts = tally.rows.length;
  return {
    action: tally.action,
    dimension: tally.dimension,
    value: tally.value,
    successes: tally.successes,
    attempts,
    score: Math.round(variantScore(tally.successes, attempts) * 1_000) / 1_000,
    summary: variantSentence({ ...tally, attempts }),
    // The rows come newest first: the freshest evidence is shown.
    evidence: tally.rows.slice(0, EVIDENCE_PER_ITEM).map(evidenceRow),
  };
};

const byRank = (a: WhatWorkedItem, b: WhatWorkedItem) =>
  variantScore(b.successes, b.attempts) - variantScore(a.successes, a.attempts) ||
  b.attempts - a.attempts ||
  a.action.localeCompare(b.action) ||
  a.dimension.localeCompare(b.dimension) ||
  a.value.localeCompare(b.value);

/**
 * What worked for the org: every variant (action, dimension, value) of its settled outcomes with
 * successes and attempts, ranked by (successes + 1) / (attempts + 2) then attempts, with a few of
 * the actions behind it; and per action the settled and pending counts.
 */
export const whatWorked = async (
  { db }: Pick<Deps, 'db'>,
  { orgId, action }: { orgId: string; action?: OutcomeAction | undefined },
): Promise<WhatWorked> => {
  const [rows, counts] = await Promise.all([
    db.actionOutcome.findMany({
      where: { orgId, ...(action ? { action } : {}), status: { in: ['success', 'failure'] } },
      orderBy: [{ actedAt: 'desc' }, { id: 'desc' }],
      take: RANKED_MAX,
      select: rankedSelect,
    }),
    db.actionOutcome.groupBy({
      by: ['action', 'status'],
      where: { orgId, ...(action ? { action } : {}) },
      _count: { _all: true },
    }),
  ]);
  const actions = (['followup', 'campaign', 'post'] as const).filter((a) => !action || a === action);
  const countOf = (a: OutcomeAction, status: string) =>
    counts.find((c) => c.action === a && c.status === status)?._count._all ?? 0;
  return {
    items: tallyVariants(rows).map(toItem).sort(byRank),
    totals: actions.map((a) => ({
      action: a,
      settled: countOf(a, 'success') + countOf(a, 'failure'),
      successes: countOf(a, 'success'),
      pending: countOf(a, 'pending'),
    })),
  };
};

/** Variants tried fewer times than this are not given to a prompt: too little evidence to steer by. */
export const PROMPT_MIN_ATTEMPTS = 3;

/**
 * The best-ranked variants of an action as sentences for a prompt or an insight ("Follow-ups
 * that mention the proposal got a reply 4 times out of 6"); only variants tried at least 3
 * times; empty until there is evidence.
 */
export const whatWorkedForPrompt = async (
  deps: Pick<Deps, 'db'>,
  { orgId, action, limit = 3 }: { orgId: string; action: OutcomeAction; limit?: number },
): Promise<string[]> => {
  const { items } = await whatWorked(deps, { orgId, action });
  return items
    .filter((item) => item.attempts >= PROMPT_MIN_ATTEMPTS)
    .slice(0, Math.max(0, limit))
    .map((item) => item.summary);
};
