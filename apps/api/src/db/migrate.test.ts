import { createTestDatabase, type TestDatabase } from '../testing/test-db';
import { applyMigrations, readMigrations } from './migrate';
import { MIGRATIONS_DIR } from '../runtime';

describe('applyMigrations', () => {
  let testDb: TestDatabase;
  beforeAll(async () => {
    testDb = await createTestDatabase({ migrated: false });
  });
  afterAll(() => testDb.drop());

  it('when run on an empty database twice, then applies each migration once and records it as Prisma does', async () => {
    const migrations = readMigrations(MIGRATIONS_DIR);
    const session = await testDb.database.session();
    try {
      const first = await applyMigrations(session, { migrations });
      const second = await applyMigrations(session, { migrations });
      expect(first.applied).toEqual(migrations.map((m) => m.name));
      expect(second.applied).toEqual([]);
      const rows = await session.query<{
        migration_name: string;
        checksum: string;
        applied_steps_count: number;
        finished_at: Date | null;
      }>(
        'SELECT migration_name, checksum, applied_steps_count, finished_at FROM "_prisma_migrations" ORDER BY migration_name',
      );
      expect(rows.map((r) => [r.migration_name, r.checksum, r.applied_steps_count, r.finished_at !== null])).toEqual(
        migrations.map((m) => [m.name, m.checksum, 1, true]),
      );
    } finally {
      await session.release();
    }
  });
});
