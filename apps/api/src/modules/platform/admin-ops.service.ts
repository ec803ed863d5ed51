import type { PageQuery } from '@aiceo/shared/common';
import type { AdminAiUsage, AdminAiUsageQuery, AdminDispute, AdminHealth } from '@aiceo/shared/platform';
import type { Deps } from '../../deps';
import { toPage, type Page } from '../../lib/pagination';
import { getHealth } from '../health/health.service';

const DAY_MS = 86_400_000;

/**
 * Credit disputes newest first, each with its organisation, the disputed ledger entry and who
 * opened it: one query for the page and one each for its entries and openers.
 */
export const listAdminDisputes = async (
  { db }: Pick<Deps, 'db'>,
  { query }: { query: PageQuery & { status?: AdminDispute['status'] } },
): Promise<Page<AdminDispute>> => {
  const rows = await db.creditDispute.findMany({
    where: query.status ? { status: query.status } : {},
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    ...(query.cursor ? { cursor: { id: query.cursor }, skip: 1 } : {}),
    take: query.limit + 1,
    select: {
      id: true,
      orgId: true,
      entryId: true,
      openedBy: true,
      status: true,
      reason: true,
      resolutionNote: true,
      createdAt: true,
      resolvedAt: true,
      org: { select: { id: true, name: true, slug: true } },
    },
  });
  const page = rows.slice(0, query.limit);
  const [entries, openers] = await Promise.all([
    db.creditEntry.findMany({
      where: { id: { in: page.map((d) => d.entryId) } },
      select: { id: true, orgId: true, kind: true, amount: true, reason: true, createdAt: true },
    }),
    db.user.findMany({
      where: { id: { in: page.map((d) => d.openedBy) } },
      select: { id: true, name: true, email: true },
    }),
  ]);
  const entryById = new Map(entries.map((e) => [e.id, e]));
  const openerById = new Map(openers.map((u) => [u.id, u]));
  return toPage(rows, query.limit, (d) => {
    const entry = entryById.get(d.entryId);
    return {
      id: d.id,
      status: d.status,
      reason: d.reason,
      resolutionNote: d.resolutionNote,
      createdAt: d.createdAt.toISOString(),
      resolvedAt: d.resolvedAt?.toISOString() ?? null,
      org: d.org,
      // Only an entry of the dispute's own org is shown.
      entry:
        entry && entry.orgId === d.orgId
          ? {
              id: entry.id,
              kind: entry.kind,
              amount: entry.amount,
              reason: entry.reason,
              createdAt: entry.createdAt.toISOString(),
            }
          : null,
      openedBy: openerById.get(d.openedBy) ?? null,
    };
  });
};

const dayOf = (date: Date): string => date.toISOString().slice(0, 10);

type UsageRow = {
  calls: bigint;
  failed: bigint;
  tokensIn: bigint | null;
  tokensOut: bigint | null;
  cost: bigint | null;
};
const figures = (row: UsageRow) => ({
  calls: Number(row.calls),
  failed: Number(row.failed),
  tokensIn: Number(row.tokensIn ?? 0n),
  tokensOut: Number(row.tokensOut ?? 0n),
  costNanoUsd: Number(row.cost ?? 0n),
});

/** AI calls platform-wide between two UTC days (both included), grouped in the database by provider, model and day. */
export const getAdminAiUsage = async (
  { db, clock }: Pick<Deps, 'db' | 'clock'>,
  { query }: { query: AdminAiUsageQuery },
): Promise<AdminAiUsage> => {
  const to = query.to ?? dayOf(clock.now());
  const from = query.from ?? dayOf(new Date(Date.parse(`${to}T00:00:00Z`) - 29 * DAY_MS));
  const start = new Date(`${from}T00:00:00Z`);
  const end = new Date(Date.parse(`${to}T00:00:00Z`) + DAY_MS);
  const [totals, byProvider, byModel, byDay] = await Promise.all([
    db.$queryRaw<UsageRow[]>`
      SELECT COUNT(*) AS "calls", COUNT(*) FILTER (WHERE "outcome" <> 'success') AS "failed",
             SUM("tokensIn") AS "tokensIn", SUM("tokensOut") AS "tokensOut", SUM("costNanoUsd") AS "cost"
      FROM "AiCall" WHERE "createdAt" >= ${start} AND "createdAt" < ${end}`,
    db.$queryRaw<(UsageRow & { provider: string })[]>`
      SELECT "provider"::text AS "provider", COUNT(*) AS "calls", COUNT(*) FILTER (WHERE "outcome" <> 'success') AS "failed",
             SUM("tokensIn") AS "tokensIn", SUM("tokensOut") AS "tokensOut", SUM("costNanoUsd") AS "cost"
      FROM "AiCall" WHERE "createdAt" >= ${start} AND "createdAt" < ${end}
      GROUP BY "provider" ORDER BY SUM("costNanoUsd") DESC, "provider"`,
    db.$queryRaw<(UsageRow & { provider: string; model: string })[]>`
      SELECT "provider"::text AS "provider", "model", COUNT(*) AS "calls", COUNT(*) FILTER (WHERE "outcome" <> 'success') AS "failed",
             SUM("tokensIn") AS "tokensIn", SUM("tokensOut") AS "tokensOut", SUM("costNanoUsd") AS "cost"
      FROM "AiCall" WHERE "createdAt" >= ${start} AND "createdAt" < ${end}
      GROUP BY "provider", "model" ORDER BY SUM("costNanoUsd") DESC, "provider", "model"`,
    db.$queryRaw<(UsageRow & { day: string })[]>`
      SELECT to_char(("createdAt" AT TIME ZONE 'UTC')::date, 'YYYY-MM-DD') AS "day", COUNT(*) AS "calls",
             COUNT(*) FILTER (WHERE "outcome" <> 'success') AS "failed",
             SUM("tokensIn") AS "tokensIn", SUM("tokensOut") AS "tokensOut", SUM("costNanoUsd") AS "cost"
      FROM "AiCall" WHERE "createdAt" >= ${start} AND "createdAt" < ${end}
      GROUP BY 1 ORDER BY 1`,
  ]);
  return {
    from,
    to,
    totals: totals[0] ? figures(totals[0]) : { calls: 0, failed: 0, tokensIn: 0, tokensOut: 0, costNanoUsd: 0 },
    byProvider: byProvider.map((row) => ({ provider: row.provider, ...figures(row) })),
    byModel: byModel.map((row) => ({ provider: row.provider, model: row.model, ...figures(row) })),
    byDay: byDay.map((row) => ({ day: row.day, ...figures(row) })),
  };
};

const LATENCY_SAMPLES = 5;

const median = (values: number[]): number | null => {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
};

/**
 * The public health (every scheduled job's last run, AI providers, database) plus what only an
 * admin sees: runs and failures of each job and task failures in the last 24 hours, the task queue,
 * SELECT 1 timed a few times, and whether Stripe and SMTP are real or stand-ins.
 */
export const getAdminHealth = async (
  deps: Pick<Deps, 'db' | 'database' | 'migrations' | 'version' | 'startedAt' | 'clock' | 'ai' | 'env' | 'stripe'>,
): Promise<AdminHealth> => {
  const { db, clock } = deps;
  const now = clock.now();
  const since = new Date(now.getTime() - DAY_MS);
  const health = await getHealth(deps);
  const samplesMs: number[] = [];
  if (health.database.ok) {
    for (let i = 0; i < LATENCY_SAMPLES; i += 1) {
      const started = performance.now();
      await db.$queryRaw`SELECT 1`;
      samplesMs.push(Math.round((performance.now() - started) * 100) / 100);
    }
  }
  const [runs, queue, oldest, failedTasks] = health.database.ok
    ? await Promise.all([
        db.jobRun.groupBy({
          by: ['job'],
          where: { startedAt: { gte: since } },
          _count: { _all: true },
        }),
        db.task.groupBy({
          by: ['status'],
          where: { status: { in: ['PENDING', 'IN_PROGRESS'] } },
          _count: { _all: true },
        }),
        db.$queryRaw<{ due: bigint; oldest: Date | null }[]>`
          SELECT COUNT(*) AS "due", MIN("runAfter") AS "oldest" FROM "Task"
          WHERE "status" = 'PENDING' AND "runAfter" <= ${now}`,
        db.task.count({ where: { status: 'FAILED', updatedAt: { gte: since } } }),
      ])
    : [[], [], [], 0];
  const failures = health.database.ok
    ? await db.jobRun.groupBy({
        by: ['job'],
        where: { startedAt: { gte: since }, ok: false },
        _count: { _all: true },
      })
    : [];
  const runsOf = new Map(runs.map((r) => [r.job, r._count._all]));
  const failuresOf = new Map(failures.map((r) => [r.job, r._count._all]));
  const pending = queue.find((q) => q.status === 'PENDING')?._count._all ?? 0;
  const due = Number(oldest[0]?.due ?? 0n);
  return {
    checkedAt: now.toISOString(),
    version: health.version,
    uptimeSeconds: health.uptimeSeconds,
    jobs: health.jobs.map((job) => ({
      ...job,
      runs24h: runsOf.get(job.name) ?? 0,
      failures24h: failuresOf.get(job.name) ?? 0,
    })),
    queue: {
      pendingDue: due,
      pendingLater: Math.max(0, pending - due),
      inProgress: queue.find((q) => q.status === 'IN_PROGRESS')?._count._all ?? 0,
      failed24h: failedTasks,
      oldestDueAt: oldest[0]?.oldest ? new Date(oldest[0].oldest).toISOString() : null,
    },
    database: { kind: health.database.kind, ok: health.database.ok, samplesMs, medianMs: median(samplesMs) },
    ai: health.ai,
    stripe: { mode: deps.stripe.mode, configured: deps.stripe.mode === 'stripe' },
    smtp: { configured: Boolean(deps.env.SMTP_URL) },
    executor: health.executor,
  };
};
