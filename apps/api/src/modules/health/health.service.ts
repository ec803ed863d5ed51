import type { Health } from '@aiceo/shared/health';
import type { Deps } from '../../deps';

const PING_TIMEOUT_MS = 2_000;

const withTimeout = <T>(promise: Promise<T>, ms: number): Promise<T> =>
  new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms);
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error instanceof Error ? error : new Error(String(error)));
      },
    );
  });

/** Database reachability and latency, migration state, configured AI providers, version and uptime. */
export const getHealth = async (deps: Pick<Deps, 'db' | 'database' | 'migrations' | 'version' | 'startedAt' | 'clock' | 'ai'>): Promise<Health> => {
  const { mode, providers } = deps.ai.status();
  const base = {
    ai: { mode, providers },
    version: deps.version,
    uptimeSeconds: Math.round((deps.clock.now().getTime() - deps.startedAt.getTime()) / 1000),
  };
  const started = performance.now();
  try {
    await withTimeout(deps.db.$queryRaw`SELECT 1`, PING_TIMEOUT_MS);
    const latencyMs = Math.round((performance.now() - started) * 100) / 100;
    const rows = await withTimeout(
      deps.db.$queryRaw<{ migration_name: string }[]>`SELECT migration_name FROM "_prisma_migrations" WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL ORDER BY migration_name`,
      PING_TIMEOUT_MS,
    );
    const done = new Set(rows.map((r) => r.migration_name));
    return {
      status: 'ok',
      ...base,
      database: { kind: deps.database.kind, ok: true, latencyMs },
      migrations: { applied: done.size, pending: deps.migrations.filter((m) => !done.has(m.name)).map((m) => m.name), latest: rows.at(-1)?.migration_name ?? null },
    };
  } catch (error) {
    // The reason stays generic on the wire: a driver message can name hosts and users.
    void error;
    return { status: 'down', ...base, database: { kind: deps.database.kind, ok: false, latencyMs: null, error: 'database unreachable' }, migrations: null };
  }
};
