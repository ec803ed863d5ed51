import { randomBytes } from 'node:crypto';
import { Blob } from 'node:buffer';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { createPgliteDatabase, createPostgresDatabase, type Database } from '../db/database';
import { applyMigrations, readMigrations } from '../db/migrate';
import { MIGRATIONS_DIR } from '../runtime';

export type TestDbKind = 'pglite' | 'postgresql';

/** Which database this jest run targets: scripts/test.mjs runs the suite once per kind. */
export const testDbKind = (): TestDbKind => (process.env['TEST_DB'] === 'postgresql' ? 'postgresql' : 'pglite');

const adminUrl = (): string => {
  const url = process.env['TEST_DATABASE_URL'];
  if (!url) throw new Error('TEST_DB=postgresql needs TEST_DATABASE_URL');
  return url;
};
const withDatabase = (url: string, name: string): string => {
  const parsed = new URL(url);
  parsed.pathname = `/${name}`;
  return parsed.toString();
};
export const templateName = (): string => process.env['AICEO_TEST_TEMPLATE'] ?? 'aiceo_test_template';

const runAdmin = async <T>(fn: (client: Client) => Promise<T>): Promise<T> => {
  const client = new Client({ connectionString: adminUrl() });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
};

export const migrate = async (database: Database): Promise<void> => {
  const session = await database.session();
  try {
    await applyMigrations(session, { migrations: readMigrations(MIGRATIONS_DIR) });
  } finally {
    await session.release();
  }
};

/** Creates and migrates the PostgreSQL template every test file's database is cloned from. */
export const createPostgresTemplate = async (): Promise<void> => {
  const name = templateName();
  await runAdmin(async (client) => {
    await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await client.query(`CREATE DATABASE "${name}"`);
  });
  const database = createPostgresDatabase({ url: withDatabase(adminUrl(), name), poolSize: 1 });
  try {
    await migrate(database);
  } finally {
    await database.close();
  }
};

export const dropPostgresTemplate = async (): Promise<void> => {
  await runAdmin((client) => client.query(`DROP DATABASE IF EXISTS "${templateName()}" WITH (FORCE)`));
};

const pgliteSeedFile = (): string => process.env['AICEO_PGLITE_SEED'] ?? join(tmpdir(), 'aiceo-pglite-seed.tar');

/** Migrates one in-memory PGlite and dumps it; each test file loads the dump instead of running initdb. */
export const createPgliteSeed = async (): Promise<void> => {
  process.env['AICEO_PGLITE_SEED'] = join(tmpdir(), `aiceo-pglite-seed-${process.pid}.tar`);
  const database = await createPgliteDatabase({});
  try {
    await migrate(database);
    const dump = await database.dump!();
    writeFileSync(pgliteSeedFile(), Buffer.from(await dump.arrayBuffer()));
  } finally {
    await database.close();
  }
};
export const dropPgliteSeed = (): void => rmSync(pgliteSeedFile(), { force: true });

export type TestDatabase = { database: Database; url?: string; drop(): Promise<void> };

/** A fresh, migrated database of its own for one test file: in-memory PGlite, or a PostgreSQL clone of the template. */
export const createTestDatabase = async (options: { migrated?: boolean } = {}): Promise<TestDatabase> => {
  const migrated = options.migrated ?? true;
  if (testDbKind() === 'pglite') {
    const seed = migrated && existsSync(pgliteSeedFile()) ? new Blob([readFileSync(pgliteSeedFile())]) : undefined;
    const database = await createPgliteDatabase({ loadDataDir: seed });
    if (migrated && !seed) await migrate(database);
    return { database, drop: () => database.close() };
  }
  const name = `aiceo_t_${randomBytes(6).toString('hex')}`;
  await runAdmin((client) =>
    client.query(migrated ? `CREATE DATABASE "${name}" TEMPLATE "${templateName()}"` : `CREATE DATABASE "${name}"`),
  );
  const url = withDatabase(adminUrl(), name);
  const database = createPostgresDatabase({ url, poolSize: 10 });
  return {
    database,
    url,
    drop: async () => {
      await database.close();
      await runAdmin((client) => client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
    },
  };
};
