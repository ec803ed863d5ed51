import type { Deps } from '../../deps';
import { outreachBlocks, type OutreachBlock } from '../outreach/outreach.service';
import {
  DAY_MS,
  FOLLOWUP_CAP_WINDOW_MINUTES,
  followupKey,
  MAX_FOLLOWUPS_PER_RUN,
  RECENT_FOLLOWUP_DAYS,
  type LeadFact,
  type LeftAloneLead,
} from './insights';

/** A follow-up an insight proposed or skipped this long ago no longer holds the lead back. */
const REPORTED_KEYS_DAYS = 90;

/** A candidate lead as read for the screen: its fact plus the columns that decide whether it may be contacted. */
export type CandidateLead = LeadFact & { unsubscribedAt: Date | null; followupDraftedAt: Date | null };

export type ScreenedLeads = {
  staleLeads: LeadFact[];
  quietDeals: LeadFact[];
  leftAlone: LeftAloneLead[];
  followupCap: number;
};

/** Blocks that leave the lead out altogether: the situation itself is not there (closed, meeting booked, follow-up under way). */
const notASituation: ReadonlySet<OutreachBlock['code']> = new Set([
  'not_found',
  'closed',
  'meeting_upcoming',
  'followup_pending',
  'contacted_recently',
]);

/**
 * The follow-up keys of these leads some earlier insight already proposed or skipped (quota): the
 * owner answers those by accepting that insight, so a later run does not raise them again. One
 * query: the keys live in the insight's actions JSON.
 */
const reportedKeys = async (
  { db }: Pick<Deps, 'db'>,
  { orgId, keys, since }: { orgId: string; keys: string[]; since: Date },
) => {
  const rows = await db.$queryRaw<{ key: string }[]>`
    SELECT DISTINCT a->'task'->>'dedupeKey' AS key
    FROM "Insight" i,
      jsonb_array_elements(CASE WHEN jsonb_typeof(i.actions) = 'array' THEN i.actions ELSE '[]'::jsonb END) a
    WHERE i."orgId" = ${orgId}::uuid AND i.kind IN ('stale_leads', 'deals_at_risk') AND i."createdAt" >= ${since}
      AND a->'task'->>'dedupeKey' = ANY(${keys}::text[])`;
  return new Set(rows.map((row) => row.key));
};

/**
 * Keeps the leads the engine may act on, in a fixed handful of queries whatever their number:
 * no follow-up (task, proposal or quota skip) for the current quiet spell, not blocked by the
 * outreach guard (won or lost, a meeting coming up, a follow-up pending or recent), no draft
 * written this week. Unsubscribed leads are kept as context only. The follow-ups the engine made
 * in the last FOLLOWUP_CAP_WINDOW_MINUTES count against this run's cap.
 */
export const screenLeads = async (
  deps: Pick<Deps, 'db' | 'clock'>,
  { orgId, now, stale, deals }: { orgId: string; now: Date; stale: CandidateLead[]; deals: CandidateLead[] },
): Promise<ScreenedLeads> => {
  const byId = new Map([...deals, ...stale].map((lead) => [lead.id, lead]));
  if (byId.size === 0) return { staleLeads: [], quietDeals: [], leftAlone: [], followupCap: MAX_FOLLOWUPS_PER_RUN };
  const leads = [...byId.values()];
  const keys = leads.map(followupKey);
  const [keyed, reported, recentlyMade, blocks] = await Promise.all([
    deps.db.task.findMany({ where: { orgId, dedupeKey: { in: keys } }, select: { dedupeKey: true } }),
    reportedKeys(deps, { orgId, keys, since: new Date(now.getTime() - REPORTED_KEYS_DAYS * DAY_MS) }),
    deps.db.task.count({
      where: {
        orgId,
        origin: 'agentic',
        type: 'lead_followup',
        createdAt: { gte: new Date(now.getTime() - FOLLOWUP_CAP_WINDOW_MINUTES * 60_000) },
      },
    }),
    outreachBlocks(deps, { orgId, leadIds: leads.map((lead) => lead.id) }),
  ]);
  const handled = new Set([...keyed.map((task) => task.dedupeKey), ...reported]);
  const draftedSince = now.getTime() - RECENT_FOLLOWUP_DAYS * DAY_MS;
  const leftAlone = new Map<string, LeftAloneLead>();
  const dealIds = new Set(deals.map((lead) => lead.id));

  const mayAct = (lead: CandidateLead): boolean => {
    if (handled.has(followupKey(lead))) return false;
    // A draft written this week waits for someone to send it; another would only pile up.
    if (lead.followupDraftedAt && lead.followupDraftedAt.getTime() >= draftedSince) return false;
    const block = blocks.get(lead.id);
    if (block && notASituation.has(block.code)) return false;
    if (block || lead.unsubscribedAt) {
      leftAlone.set(lead.id, { lead, why: 'unsubscribed', deal: dealIds.has(lead.id) });
      return false;
    }
    return true;
  };
  const quietDeals = deals.filter(mayAct);
  const actionableDeals = new Set(quietDeals.map((lead) => lead.id));
  const staleLeads = stale.filter((lead) => (dealIds.has(lead.id) ? actionableDeals.has(lead.id) : mayAct(lead)));
  return {
    staleLeads,
    quietDeals,
    leftAlone: [...leftAlone.values()],
    followupCap: Math.max(0, MAX_FOLLOWUPS_PER_RUN - recentlyMade),
  };
};
