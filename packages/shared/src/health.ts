import { z } from 'zod';
import { aiProviderStatusSchema } from './ai';
import { isoDateSchema } from './common';
import { defineEndpoint, publicAuth } from './contract';

/** A scheduled job: its cron expression and its last run on any instance. */
export const jobHealthSchema = z.object({
  name: z.string(),
  schedule: z.string(),
  lastRun: z
    .object({
      startedAt: isoDateSchema,
      finishedAt: isoDateSchema.nullable(),
      ok: z.boolean().nullable(),
      durationMs: z.number().int().nullable(),
      error: z.string().nullable(),
    })
    .nullable(),
});
export type JobHealth = z.infer<typeof jobHealthSchema>;

export const healthSchema = z.object({
  status: z.enum(['ok', 'down']),
  version: z.string(),
  uptimeSeconds: z.number(),
  database: z.object({
    kind: z.enum(['pglite', 'postgresql']),
    ok: z.boolean(),
    latencyMs: z.number().nullable(),
    error: z.string().optional(),
  }),
  migrations: z
    .object({
      applied: z.number().int(),
      pending: z.array(z.string()),
      latest: z.string().nullable(),
    })
    .nullable(),
  /** Configured AI providers (never their keys); `offline` when none is. */
  ai: z.object({ mode: z.enum(['online', 'offline']), providers: z.array(aiProviderStatusSchema) }),
  /** Where tasks run: inside this API process, or only in separate `pnpm worker` processes. */
  executor: z.enum(['in-process', 'worker']),
  /** The scheduled jobs (executor tick, agentic engine, post publisher, owner summary, ...). */
  jobs: z.array(jobHealthSchema),
});
export type Health = z.infer<typeof healthSchema>;

export const liveSchema = z.object({ status: z.literal('ok') });

const tag = 'Ops';
export const healthEndpoints = {
  health: defineEndpoint({
    method: 'GET',
    path: '/api/health',
    summary:
      'Database reachability and latency, migrations, AI providers, version, uptime (503 when the database is down)',
    tag,
    auth: publicAuth,
    status: 200,
    response: healthSchema,
    errors: [503],
  }),
  live: defineEndpoint({
    method: 'GET',
    path: '/api/health/live',
    summary: 'Liveness; never touches the database',
    tag,
    auth: publicAuth,
    status: 200,
    response: liveSchema,
  }),
};
