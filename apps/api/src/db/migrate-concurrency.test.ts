import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { MIGRATIONS_DIR } from '../runtime';
import { createTestDatabase, testDbKind, type TestDatabase } from '../testing/test-db';
import { createPgliteDatabase, type Database } from './database';
import { applyMigrations, readMigrations } from './migrate';

const API_DIR = resolve(__dirname, '..', '..');
// tsx as a loader in one node process (the tsx CLI would add a parent process to each run).
const TSX_LOADER = pathToFileURL(require.resolve('tsx')).href;
const RUN_TIMEOUT_MS = 60_000;

type MigrateRun = { code: number | null; stdout: string; stderr: string };

/** `pnpm db:migrate` as its own OS process (src/scripts/migrate.ts through tsx), bounded in time. */
const runMigrator = (env: Record<string, string>): Promise<MigrateRun> =>
  new Promise((resolveRun, reject) => {
    const child = spawn(
      process.execPath,
      ['--conditions=@aiceo/source', '--import', TSX_LOADER, 'src/scripts/migrate.ts'],
      {
        cwd: API_DIR,
        env: { PATH: process.env['PATH'] ?? '', LOG_LEVEL: 'info', ...env },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), RUN_TIMEOUT_MS);
    child.on('error', reject);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolveRun({ code, stdout, stderr });
    });
  });

/** How many migrations this run applied, from its "database migrated" log line. */
const appliedCount = (run: MigrateRun): number => Number(/"applied":(\d+)/.exec(run.stdout)?.[1] ?? NaN);

type MigrationRow = { migration_name: string; finished_at: Date | null; rolled_back_at: Date | null };

const recordedMigrations = async (database: Database): Promise<MigrationRow[]> => {
  const session = await database.session();
  try {
    return await session.query<MigrationRow>(
      'SELECT migration_name, finished_at, rolled_back_at FROM "_prisma_migrations" ORDER BY migration_name',
    );
  } finally {
    await session.release();
  }
};

const expectEachMigrationOnceAndFinished = (rows: MigrationRow[]) => {
  const migrations = readMigrations(MIGRATIONS_DIR);
  expect(rows.map((r) => r.migration_name)).toEqual(migrations.map((m) => m.name));
  for (const row of rows) {
    expect(row.finished_at).not.toBeNull();
    expect(row.rolled_back_at).toBeNull();
  }
};

/** Two migrators on one database at once, in this process; each takes its own session. */
const migrateTwiceAtOnce = async (database: Database) => {
  const migrations = readMigrations(MIGRATIONS_DIR);
  const migrateOnce = async () => {
    const session = await database.session();
    try {
      return await applyMigrations(session, { migrations });
    } finally {
      await session.release();
    }
  };
  return Promise.all([migrateOnce(), migrateOnce()]);
};

const onPostgres = testDbKind() === 'postgresql' ? describe : describe.skip;
const onPglite = testDbKind() === 'pglite' ? describe : describe.skip;

onPostgres('migrations run by two processes at once on PostgreSQL (skipped on PGlite, which one process owns)', () => {
  let testDb: TestDatabase;
  beforeAll(async () => {
    testDb = await createTestDatabase({ migrated: false });
  });
  afterAll(() => testDb.drop());

  it('when two migrator processes start together on an empty database, then both exit 0 and each migration is applied once', async () => {
    // Arrange
    const env = { DATABASE_URL: testDb.url ?? '' };

    // Act
    const runs = await Promise.all([runMigrator(env), runMigrator(env)]);

    // Assert
    expect(runs.map((r) => [r.code, r.stderr])).toEqual([
      [0, ''],
      [0, ''],
    ]);
    // The advisory lock made one wait for the other: one applied everything, the other nothing.
    expect(runs.map(appliedCount).sort()).toEqual([0, readMigrations(MIGRATIONS_DIR).length]);
    expectEachMigrationOnceAndFinished(await recordedMigrations(testDb.database));
    const tables = await testDb.database.prisma.$queryRaw<{ name: string }[]>`
      SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public' AND table_name IN ('User', 'Organization', 'Membership')`;
    expect(tables.map((t) => t.name).sort()).toEqual(['Membership', 'Organization', 'User']);
  }, 90_000);
});

onPostgres(
  'migrations run twice at once in one process on PostgreSQL (skipped on PGlite: see the PGlite block)',
  () => {
    let testDb: TestDatabase;
    beforeAll(async () => {
      testDb = await createTestDatabase({ migrated: false });
    });
    afterAll(() => testDb.drop());

    it('when two sessions migrate an empty database together, then one applies everything and the other nothing', async () => {
      const [first, second] = await migrateTwiceAtOnce(testDb.database);

      expect([first.applied.length, second.applied.length].sort()).toEqual([0, readMigrations(MIGRATIONS_DIR).length]);
      expectEachMigrationOnceAndFinished(await recordedMigrations(testDb.database));
    });
  },
);

onPglite('migrations on one PGlite data folder (skipped on PostgreSQL: see the PostgreSQL blocks)', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'aiceo-migrate-test-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('when two migrations run at once in one process, then each migration is applied once', async () => {
    // Arrange
    const database = await createPgliteDatabase({});
    try {
      // Act
      const [first, second] = await migrateTwiceAtOnce(database);

      // Assert
      expect([first.applied.length, second.applied.length].sort()).toEqual([0, readMigrations(MIGRATIONS_DIR).length]);
      expectEachMigrationOnceAndFinished(await recordedMigrations(database));
    } finally {
      await database.close();
    }
  });

  it('when another process holds the data folder, then the migrator exits 1 with one line saying the folder is in use', async () => {
    // Arrange: this test process opens the folder, as a running API would (the lock is taken
    // before PGlite's initdb, so the migrator can start while that runs)
    const dataDir = join(dir, 'pglite');
    const opening = createPgliteDatabase({ dataDir });
    try {
      // Act
      const run = await runMigrator({ PGLITE_DATA_DIR: dataDir });

      // Assert
      expect(run.code).toBe(1);
      expect(run.stderr.trimEnd().split('\n')[0]).toBe(
        `Error: PGlite data folder ${dataDir} is in use by process ${process.pid}; stop it or set PGLITE_DATA_DIR`,
      );
    } finally {
      await (await opening).close();
    }
  });

  it('when two migrator processes start together on a fresh folder, then one migrates, the other is refused or finds nothing to do', async () => {
    // Arrange
    const env = { PGLITE_DATA_DIR: join(dir, 'pglite') };

    // Act
    const runs = await Promise.all([runMigrator(env), runMigrator(env)]);

    // Assert: never both inside the folder; the loser is normally refused (it starts while the winner runs initdb)
    for (const run of runs) {
      if (run.code !== 0) expect(run.stderr).toMatch(/PGlite data folder .* is in use by process/);
    }
    expect(runs.filter((r) => r.code === 0).map(appliedCount)).toContain(readMigrations(MIGRATIONS_DIR).length);
    const database = await createPgliteDatabase({ dataDir: env.PGLITE_DATA_DIR });
    try {
      expectEachMigrationOnceAndFinished(await recordedMigrations(database));
    } finally {
      await database.close();
    }
  }, 90_000);
});
