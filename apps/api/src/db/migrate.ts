import { createHash, randomUUID } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { SqlSession } from './database';

/** The advisory-lock key Prisma Migrate takes, so this runner and `prisma migrate deploy` exclude each other. */
const PRISMA_MIGRATE_LOCK_KEY = 72707369;

export type MigrationFile = { name: string; sql: string; checksum: string };
export type MigrationReport = { applied: string[]; alreadyApplied: number };

const CREATE_MIGRATIONS_TABLE = `
CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id"                    VARCHAR(36) PRIMARY KEY NOT NULL,
    "checksum"              VARCHAR(64) NOT NULL,
    "finished_at"           TIMESTAMPTZ,
    "migration_name"        VARCHAR(255) NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        TIMESTAMPTZ,
    "started_at"            TIMESTAMPTZ NOT NULL DEFAULT now(),
    "applied_steps_count"   INTEGER NOT NULL DEFAULT 0
)`;

/** Migration folders in name order, as Prisma lays them out: `<timestamp>_<name>/migration.sql`. */
export const readMigrations = (migrationsDir: string): MigrationFile[] =>
  readdirSync(migrationsDir)
    .filter((name) => statSync(join(migrationsDir, name)).isDirectory())
    .sort()
    .map((name) => {
      const sql = readFileSync(join(migrationsDir, name, 'migration.sql'), 'utf8');
      // Prisma's checksum is the sha256 of the file's bytes.
      return { name, sql, checksum: createHash('sha256').update(sql).digest('hex') };
    });

type AppliedRow = { migration_name: string; checksum: string; finished_at: Date | null; rolled_back_at: Date | null };

export class MigrationError extends Error {
  override name = 'MigrationError';
}

/**
 * Applies every migration not yet recorded, each once and in its own transaction,
 * under Prisma's advisory lock so that processes starting together wait for each other.
 */
export const applyMigrations = async (
  session: SqlSession,
  options: { migrations: MigrationFile[]; onApplied?: (name: string, ms: number) => void },
): Promise<MigrationReport> => {
  await session.query('SELECT pg_advisory_lock($1)', [PRISMA_MIGRATE_LOCK_KEY]);
  try {
    await session.exec(CREATE_MIGRATIONS_TABLE);
    const rows = await session.query<AppliedRow>(
      'SELECT migration_name, checksum, finished_at, rolled_back_at FROM "_prisma_migrations"',
    );
    const done = new Set(rows.filter((r) => r.finished_at && !r.rolled_back_at).map((r) => r.migration_name));
    const failed = rows.find((r) => !r.finished_at && !r.rolled_back_at);
    if (failed) {
      throw new MigrationError(
        `Migration ${failed.migration_name} started but never finished; resolve it (prisma migrate resolve) before starting`,
      );
    }
    const applied: string[] = [];
    for (const migration of options.migrations) {
      if (done.has(migration.name)) continue;
      const id = randomUUID();
      const started = performance.now();
      await session.query(
        'INSERT INTO "_prisma_migrations" (id, checksum, migration_name, started_at, applied_steps_count) VALUES ($1, $2, $3, now(), 0)',
        [id, migration.checksum, migration.name],
      );
      try {
        await session.exec(`BEGIN;\n${migration.sql}\n;COMMIT;`);
      } catch (error) {
        await session.exec('ROLLBACK').catch(() => undefined);
        // Rolled back as a whole, so the row is marked rolled back and the next start retries it.
        await session.query('UPDATE "_prisma_migrations" SET logs = $2, rolled_back_at = now() WHERE id = $1', [
          id,
          String(error instanceof Error ? error.message : error),
        ]);
        throw new MigrationError(
          `Migration ${migration.name} failed: ${error instanceof Error ? error.message : error}`,
        );
      }
      await session.query(
        'UPDATE "_prisma_migrations" SET finished_at = now(), applied_steps_count = 1 WHERE id = $1',
        [id],
      );
      applied.push(migration.name);
      options.onApplied?.(migration.name, performance.now() - started);
    }
    return { applied, alreadyApplied: done.size };
  } finally {
    await session.query('SELECT pg_advisory_unlock($1)', [PRISMA_MIGRATE_LOCK_KEY]);
  }
};

/** Names of migrations on disk that the database has not finished. */
export const pendingMigrations = async (
  session: SqlSession,
  migrations: MigrationFile[],
): Promise<{ applied: number; pending: string[]; latest: string | null }> => {
  const rows = await session
    .query<{ migration_name: string }>(
      'SELECT migration_name FROM "_prisma_migrations" WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL ORDER BY migration_name',
    )
    .catch(() => []);
  const done = new Set(rows.map((r) => r.migration_name));
  return {
    applied: done.size,
    pending: migrations.filter((m) => !done.has(m.name)).map((m) => m.name),
    latest: rows.at(-1)?.migration_name ?? null,
  };
};
