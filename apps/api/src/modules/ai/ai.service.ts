import { randomUUID } from 'node:crypto';
import type { AiCall, AiPurpose, AiUsage } from '@aiceo/shared/ai';
import type { z } from 'zod';
import type { aiCallsQuerySchema } from '@aiceo/shared/ai';
import type { Deps } from '../../deps';
import { Prisma } from '../../generated/prisma/client';
import { AiFailure, type AiAttempt, type AiRunResult } from '../../lib/ai/gateway';
import type { AiMessage, AiResponseFormat } from '../../lib/ai/provider';
import { reserveAiBudget, type AiBudgetHold } from '../ai-budget/ai-budget.service';
import { offlineAnswer } from './offline-answers';
import { gatherOrgFacts, renderOrgContext, type OrgFacts } from './org-context';
import { buildSystemPrompt } from './prompt';
import { toPage } from '../../lib/pagination';

type RecordOptions = {
  orgId: string;
  userId: string | null;
  requestId: string;
  purpose: AiPurpose;
  attempts: AiAttempt[];
};

/**
 * Stores every attempt with its cost. The AI cost we bear is the platform's (usage views, margin), not an
 * expense in the org's books.
 */
export const recordAiCalls = async (
  { db, clock }: Pick<Deps, 'db' | 'clock'>,
  { orgId, userId, requestId, purpose, attempts }: RecordOptions,
): Promise<void> => {
  if (attempts.length === 0) return;
  const now = clock.now();
  await db.aiCall.createMany({
    data: attempts.map((a) => ({
      orgId,
      userId,
      requestId,
      attempt: a.attempt,
      provider: a.provider,
      model: a.model,
      purpose,
      outcome: a.outcome,
      tokensIn: a.tokensIn,
      tokensOut: a.tokensOut,
      costNanoUsd: BigInt(a.costNanoUsd),
      latencyMs: a.latencyMs,
      firstTokenMs: a.firstTokenMs,
      error: a.error,
      createdAt: now,
    })),
  });
};

export type AiTurn = { role: 'user' | 'assistant'; content: string };

export type RunAiOptions = {
  orgId: string;
  userId: string | null;
  purpose: AiPurpose;
  /** The conversation so far, ending with the owner's request. */
  turns: AiTurn[];
  /** Extra instruction for this task (drafting a post, a follow-up ...). */
  task?: string;
  signal?: AbortSignal;
  onDelta?: (text: string) => void;
  /** Facts already gathered by the caller (saves a second read). */
  facts?: OrgFacts;
  /**
   * A whole system prompt of the caller's, for a feature that talks to people outside the org (the
   * website's sales rep): it replaces the owner's prompt, and the org's facts (leads, money) are
   * then neither gathered nor sent.
   */
  system?: string;
  /** The caller's own offline answer (with `system`, which has no facts for the default one). */
  offlineAnswer?: (messages: AiMessage[]) => string;
  /** Structured output: the answer is JSON against this schema. */
  responseFormat?: AiResponseFormat;
  maxTokens?: number;
  temperature?: number;
};

export type RunAiResult = AiRunResult & { requestId: string };

/**
 * AI messages (the plan unit) one answer takes: none in offline mode, whose template answers cost
 * nothing. Features pass it as the count to spendUsage, so an offline answer leaves the count alone.
 */
export const aiMessagesPerAnswer = (deps: Pick<Deps, 'ai'>): number => (deps.ai.status().mode === 'offline' ? 0 : 1);

/**
 * The one way features call the AI: the org's personality and data go into the system
 * prompt, offline mode answers from the same facts, and every attempt is recorded with its
 * cost, whether the run succeeds or not.
 */
export const runAi = async (
  // The mailer (for the margin guard's alerts) is optional in the type: every caller's deps have it at run time.
  deps: Pick<Deps, 'db' | 'database' | 'clock' | 'ai' | 'env' | 'log'> & Partial<Pick<Deps, 'mailer'>>,
  options: RunAiOptions,
): Promise<RunAiResult> => {
  const { orgId, userId, purpose, turns } = options;
  const facts = options.system === undefined ? (options.facts ?? (await gatherOrgFacts(deps, { orgId }))) : null;
  const system = facts
    ? buildSystemPrompt({
        settings: facts.settings,
        orgName: facts.org.name,
        context: renderOrgContext(facts, deps.env.AI_CONTEXT_TOKEN_BUDGET).text,
        now: facts.now,
        ...(options.task ? { task: options.task } : {}),
      })
    : (options.system ?? '');
  const messages: AiMessage[] = [{ role: 'system', content: system }, ...turns];
  const question = [...turns].reverse().find((t) => t.role === 'user')?.content ?? '';
  const requestId = randomUUID();
  const record = (attempts: AiAttempt[]) =>
    recordAiCalls(deps, { orgId, userId, requestId, purpose, attempts }).catch((error: unknown) =>
      deps.log.error({ err: error, orgId, requestId }, 'could not record AI calls'),
    );
  // The margin guard: the call's most it can cost is reserved on the org's AI budget before it is sent
  // (402 when it does not fit), on the cheaper models past 80%. Offline answers cost nothing: no reservation.
  const budget: AiBudgetHold | null =
    deps.ai.status().mode === 'online'
      ? await reserveAiBudget(deps, {
          orgId,
          estimateFor: (tier) =>
            deps.ai.estimateCostNanoUsd({
              purpose,
              messages,
              tier,
              ...(options.maxTokens === undefined ? {} : { maxTokens: options.maxTokens }),
            }),
        })
      : null;
  const settle = (attempts: AiAttempt[]) => budget?.settle(attempts.reduce((sum, a) => sum + a.costNanoUsd, 0));
  try {
    const result = await deps.ai.run({
      purpose,
      messages,
      offlineAnswer:
        options.offlineAnswer ??
        (() => (facts ? offlineAnswer({ facts, purpose, question }) : 'Offline mode: no answer for this request.')),
      ...(options.responseFormat ? { responseFormat: options.responseFormat } : {}),
      ...(options.maxTokens === undefined ? {} : { maxTokens: options.maxTokens }),
      ...(options.temperature === undefined ? {} : { temperature: options.temperature }),
      ...(budget ? { tier: budget.tier } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
      ...(options.onDelta ? { onDelta: options.onDelta } : {}),
    });
    await Promise.all([record(result.attempts), settle(result.attempts)]);
    return { ...result, requestId };
  } catch (error) {
    // What the providers charged for failed attempts is spent all the same.
    await Promise.all([
      error instanceof AiFailure ? record(error.attempts) : undefined,
      settle(error instanceof AiFailure ? error.attempts : []),
    ]);
    throw error;
  }
};

export const getAiContext = async (
  deps: Pick<Deps, 'db' | 'database' | 'clock' | 'env'>,
  { orgId, userId }: { orgId: string; userId: string | null },
) =>
  renderOrgContext(
    // The money section only for an admin or owner asking (an API key sees the context without it).
    await gatherOrgFacts(deps, { orgId, viewer: userId ? { userId } : undefined }),
    deps.env.AI_CONTEXT_TOKEN_BUDGET,
  );

type Totals = { calls: number; failedCalls: number; tokensIn: number; tokensOut: number; costNanoUsd: number };
type TotalsRow = {
  calls: bigint;
  failed: bigint;
  tokens_in: bigint | null;
  tokens_out: bigint | null;
  cost: bigint | null;
};
const toTotals = (row: TotalsRow | undefined): Totals => ({
  calls: Number(row?.calls ?? 0),
  failedCalls: Number(row?.failed ?? 0),
  tokensIn: Number(row?.tokens_in ?? 0),
  tokensOut: Number(row?.tokens_out ?? 0),
  costNanoUsd: Number(row?.cost ?? 0),
});

const TOTALS = Prisma.sql`count(*) AS calls, count(*) FILTER (WHERE outcome NOT IN ('success', 'stopped')) AS failed,
  sum("tokensIn") AS tokens_in, sum("tokensOut") AS tokens_out, sum("costNanoUsd") AS cost`;

const dayAfter = (day: string): Date => new Date(new Date(`${day}T00:00:00.000Z`).getTime() + 86_400_000);

/** Spend between two UTC days (both included); defaults to this month so far. */
export const getAiUsage = async (
  { db, clock }: Pick<Deps, 'db' | 'clock'>,
  { orgId, from, to }: { orgId: string; from?: string; to?: string },
): Promise<AiUsage> => {
  const today = clock.now().toISOString().slice(0, 10);
  const start = from ?? `${today.slice(0, 7)}-01`;
  const end = to ?? today;
  const where = Prisma.sql`"orgId" = ${orgId}::uuid AND "createdAt" >= ${new Date(`${start}T00:00:00.000Z`)} AND "createdAt" < ${dayAfter(end)}`;
  const [totals, byModel, byPurpose, byDay] = await Promise.all([
    db.$queryRaw<TotalsRow[]>`SELECT ${TOTALS} FROM "AiCall" WHERE ${where}`,
    db.$queryRaw<(TotalsRow & { provider: AiCall['provider']; model: string; avg_latency: number | null })[]>`
      SELECT provider::text AS provider, model, ${TOTALS}, avg("latencyMs")::float8 AS avg_latency
      FROM "AiCall" WHERE ${where} GROUP BY provider, model ORDER BY sum("costNanoUsd") DESC, count(*) DESC`,
    db.$queryRaw<(TotalsRow & { purpose: AiPurpose })[]>`
      SELECT purpose::text AS purpose, ${TOTALS} FROM "AiCall" WHERE ${where} GROUP BY purpose ORDER BY purpose`,
    db.$queryRaw<(TotalsRow & { day: string })[]>`
      SELECT to_char("createdAt" AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS day, ${TOTALS} FROM "AiCall" WHERE ${where} GROUP BY 1 ORDER BY 1`,
  ]);
  return {
    from: start,
    to: end,
    totals: toTotals(totals[0]),
    byModel: byModel.map((row) => ({
      provider: row.provider,
      model: row.model,
      avgLatencyMs: Math.round(row.avg_latency ?? 0),
      ...toTotals(row),
    })),
    byPurpose: byPurpose.map((row) => ({ purpose: row.purpose, ...toTotals(row) })),
    byDay: byDay.map((row) => ({ day: row.day, ...toTotals(row) })),
  };
};

const callSelect = {
  id: true,
  requestId: true,
  attempt: true,
  provider: true,
  model: true,
  purpose: true,
  outcome: true,
  tokensIn: true,
  tokensOut: true,
  costNanoUsd: true,
  latencyMs: true,
  error: true,
  userId: true,
  createdAt: true,
} satisfies Prisma.AiCallSelect;

type CallsQuery = z.output<typeof aiCallsQuerySchema>;

export const listAiCalls = async ({ db }: Pick<Deps, 'db'>, { orgId, query }: { orgId: string; query: CallsQuery }) => {
  const { limit, cursor, provider, purpose, outcome } = query;
  const rows = await db.aiCall.findMany({
    where: {
      orgId,
      ...(provider ? { provider } : {}),
      ...(purpose ? { purpose } : {}),
      ...(outcome ? { outcome } : {}),
    },
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    // The cursor row must be this org's too, or the page starts from nothing rather than leaking position.
    ...(cursor ? { cursor: { id: cursor, orgId }, skip: 1 } : {}),
    take: limit + 1,
    select: callSelect,
  });
  return toPage(rows, limit, ({ costNanoUsd, createdAt, ...row }): AiCall => ({
    ...row,
    costNanoUsd: Number(costNanoUsd),
    createdAt: createdAt.toISOString(),
  }));
};
