import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { MIGRATIONS_DIR } from '../runtime';
import { diffCatalogs, readCatalog, type Catalog } from '../testing/db-catalog';
import { expectedCatalog, parsePrismaSchema } from '../testing/prisma-schema';
import { createTestDatabase, type TestDatabase } from '../testing/test-db';

// No Prisma tool can diff here (the schema engine is a download), so this test does it:
// it derives from schema.prisma what `prisma migrate` would create and compares it with a
// database built by our migrations alone.
const SCHEMA_TEXT = readFileSync(join(MIGRATIONS_DIR, '..', 'schema.prisma'), 'utf8');
const expectedFrom = (text: string): Catalog => expectedCatalog(parsePrismaSchema(text));

/** schema.prisma with `insert` placed right after the line that opens `model <name> {`. */
const withLineInModel = (model: string, insert: string): string => {
  const opening = `model ${model} {`;
  if (!SCHEMA_TEXT.includes(opening)) throw new Error(`schema.prisma has no model ${model}`);
  return SCHEMA_TEXT.replace(opening, `${opening}\n  ${insert}`);
};

describe('schema drift: migrations vs prisma/schema.prisma', () => {
  let testDb: TestDatabase;
  let actual: Catalog;
  let expected: Catalog;
  beforeAll(async () => {
    testDb = await createTestDatabase();
    const session = await testDb.database.session();
    try {
      actual = await readCatalog(session);
    } finally {
      await session.release();
    }
    expected = expectedFrom(SCHEMA_TEXT);
  });
  afterAll(() => testDb.drop());

  it('when the migrated database is compared with schema.prisma, then nothing differs', () => {
    expect(diffCatalogs(expected, actual)).toEqual([]);
  });

  it('when compared part by part, then tables, enums, columns, indexes and foreign keys all match', () => {
    expect(actual.tables).toEqual(expected.tables);
    expect(actual.enums).toEqual(expected.enums);
    expect(actual.columns).toEqual(expected.columns);
    expect(actual.indexes).toEqual(expected.indexes);
    expect(actual.foreignKeys).toEqual(expected.foreignKeys);
  });

  it('when reading the schema, then it sees the kinds of column the project uses (a guard against a reader that sees nothing)', () => {
    expect(expected.tables).toEqual(expect.arrayContaining(['User', 'Organization', 'Membership', 'ApiKey']));
    // toMatchObject: features add enums of their own; these must be read exactly.
    expect(expected.enums).toMatchObject({
      OrgRole: ['owner', 'admin', 'member'],
      ApiKeyScope: ['read', 'write'],
      Plan: ['free', 'pro', 'enterprise'],
      UsageResource: ['tasks', 'posts', 'emails', 'aiMessages'],
    });
    expect(expected.columns).toMatchObject({
      'User.id': { type: 'uuid', nullable: false, default: null },
      'User.isPlatformAdmin': { type: 'boolean', nullable: false, default: 'false' },
      'User.createdAt': { type: 'timestamp(3) with time zone', nullable: false, default: 'CURRENT_TIMESTAMP' },
      'User.inviteCodeId': { type: 'uuid', nullable: true, default: null },
      'Membership.role': { type: '"OrgRole"', nullable: false, default: null },
      'ApiKey.scopes': { type: '"ApiKeyScope"[]', nullable: true, default: null },
      'InviteCode.usedCount': { type: 'integer', nullable: false, default: '0' },
      'InviteCode.note': { type: 'text', nullable: true, default: null },
      'PlatformSettings.id': { type: 'integer', nullable: false, default: '1' },
    });
    expect(expected.indexes['Membership_orgId_userId_key']).toEqual({
      table: 'Membership',
      columns: ['orgId', 'userId'],
      unique: true,
      primary: false,
      method: 'btree',
      partial: false,
    });
    expect(expected.indexes['User_pkey']).toMatchObject({ columns: ['id'], primary: true });
    expect(expected.foreignKeys['ApiKey_createdById_fkey']).toEqual({
      table: 'ApiKey',
      columns: ['createdById'],
      refTable: 'User',
      refColumns: ['id'],
      onDelete: 'SET NULL',
      onUpdate: 'CASCADE',
    });
  });

  describe('when schema.prisma changes without a migration, then the comparison reports it', () => {
    it.each([
      ['a new optional field', withLineInModel('User', 'nickname String?'), 'column User.nickname: in schema.prisma'],
      [
        'a new required field with a default',
        withLineInModel('Organization', 'isArchived Boolean @default(false)'),
        'column Organization.isArchived: in schema.prisma',
      ],
      [
        'a field made optional',
        SCHEMA_TEXT.replace(/(\n\s+slug\s+)String(\s+@unique)/, '$1String?$2'),
        'column Organization.slug: schema.prisma says {"type":"text","nullable":true',
      ],
      [
        'a native type dropped',
        SCHEMA_TEXT.replace(/(\n\s+familyId\s+String\s+)@db\.Uuid/, '$1'),
        'column RefreshToken.familyId: schema.prisma says {"type":"text"',
      ],
      ['a new index', withLineInModel('MailOutbox', '@@index([to])'), 'index MailOutbox_to_idx: in schema.prisma'],
      [
        'a new unique constraint',
        withLineInModel('Invitation', '@@unique([orgId, email])'),
        'index Invitation_orgId_email_key: in schema.prisma',
      ],
      [
        'a changed ON DELETE',
        SCHEMA_TEXT.replace(
          /(model ApiKey \{[\s\S]*?\n\s+org\s+Organization\s+@relation\(fields: \[orgId\], references: \[id\], onDelete: )Cascade/,
          '$1Restrict',
        ),
        'foreign key ApiKey_orgId_fkey: schema.prisma says',
      ],
      [
        'a new enum value',
        SCHEMA_TEXT.replace('enum ApiKeyScope {\n  read\n  write', 'enum ApiKeyScope {\n  read\n  write\n  admin'),
        'enum ApiKeyScope: schema.prisma says ["read","write","admin"]',
      ],
      [
        'a new model',
        `${SCHEMA_TEXT}\nmodel Note {\n  id String @id @default(uuid()) @db.Uuid\n}\n`,
        'table Note: in schema.prisma',
      ],
    ])('%s', (_label, changedSchema, expectedProblem) => {
      expect(changedSchema).not.toBe(SCHEMA_TEXT);
      const problems = diffCatalogs(expectedFrom(changedSchema), actual);
      expect(problems).toEqual(expect.arrayContaining([expect.stringContaining(expectedProblem)]));
    });

    it('a construct the reader does not know makes it throw rather than pass', () => {
      expect(() => expectedFrom(withLineInModel('User', 'location Unsupported("point")?'))).toThrow(/schema\.prisma/);
      expect(() => expectedFrom(withLineInModel('User', '@@fulltext([name])'))).toThrow(/@@fulltext/);
    });
  });
});
