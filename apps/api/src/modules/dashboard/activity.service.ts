import type { Activity, ActivityDay } from '@aiceo/shared/dashboard';
import type { Deps } from '../../deps';

const DAY_MS = 24 * 60 * 60 * 1000;

type TotalsRow = { members: number; admins: number; pendingInvitations: number; activeApiKeys: number };
type DayRow = { date: string; membersJoined: number; signIns: number; apiCalls: number };

const utcDay = (date: Date): string => date.toISOString().slice(0, 10);

/**
 * Totals now and one row per UTC day for the last `days` days (today included): two
 * aggregate queries whatever the range, each scoped to the org.
 */
export const getActivity = async (
  { db, clock }: Pick<Deps, 'db' | 'clock'>,
  { orgId, days }: { orgId: string; days: number },
): Promise<Activity> => {
  const now = clock.now();
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  const from = new Date(today - (days - 1) * DAY_MS);
  const until = new Date(today + DAY_MS);

  const [totals] = await db.$queryRaw<TotalsRow[]>`
    SELECT
      (SELECT COUNT(*)::int FROM "Membership" WHERE "orgId" = ${orgId}::uuid) AS "members",
      (SELECT COUNT(*)::int FROM "Membership" WHERE "orgId" = ${orgId}::uuid AND "role" IN ('admin', 'owner')) AS "admins",
      (SELECT COUNT(*)::int FROM "Invitation" WHERE "orgId" = ${orgId}::uuid
         AND "acceptedAt" IS NULL AND "revokedAt" IS NULL AND "expiresAt" > ${now}) AS "pendingInvitations",
      (SELECT COUNT(*)::int FROM "ApiKey" WHERE "orgId" = ${orgId}::uuid AND "revokedAt" IS NULL) AS "activeApiKeys"`;

  // Days come from generate_series so that days without activity are rows of zeros.
  // Sign-ins count only people who are members now (the join on Membership), at any time.
  const series = await db.$queryRaw<DayRow[]>`
    WITH "days" AS (
      SELECT d::date AS "day" FROM generate_series(${utcDay(from)}::date, ${utcDay(now)}::date, interval '1 day') AS d
    ), "joined" AS (
      SELECT ("createdAt" AT TIME ZONE 'UTC')::date AS "day", COUNT(*)::int AS "n" FROM "Membership"
      WHERE "orgId" = ${orgId}::uuid AND "createdAt" >= ${from} AND "createdAt" < ${until}
      GROUP BY 1
    ), "signIns" AS (
      SELECT (e."createdAt" AT TIME ZONE 'UTC')::date AS "day", COUNT(*)::int AS "n"
      FROM "LoginEvent" e JOIN "Membership" m ON m."userId" = e."userId" AND m."orgId" = ${orgId}::uuid
      WHERE e."createdAt" >= ${from} AND e."createdAt" < ${until}
      GROUP BY 1
    ), "calls" AS (
      SELECT "day", "calls" AS "n" FROM "ApiUsageDaily"
      WHERE "orgId" = ${orgId}::uuid AND "day" >= ${utcDay(from)}::date AND "day" <= ${utcDay(now)}::date
    )
    SELECT to_char("days"."day", 'YYYY-MM-DD') AS "date",
           COALESCE("joined"."n", 0) AS "membersJoined",
           COALESCE("signIns"."n", 0) AS "signIns",
           COALESCE("calls"."n", 0) AS "apiCalls"
    FROM "days"
    LEFT JOIN "joined" ON "joined"."day" = "days"."day"
    LEFT JOIN "signIns" ON "signIns"."day" = "days"."day"
    LEFT JOIN "calls" ON "calls"."day" = "days"."day"
    ORDER BY "days"."day"`;

  return {
    days,
    totals: totals ?? { members: 0, admins: 0, pendingInvitations: 0, activeApiKeys: 0 },
    series: series.map((row): ActivityDay => ({
      date: row.date,
      membersJoined: row.membersJoined,
      signIns: row.signIns,
      apiCalls: row.apiCalls,
    })),
  };
};
