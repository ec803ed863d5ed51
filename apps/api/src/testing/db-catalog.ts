import type { SqlSession } from '../db/database';

/** A referential action as PostgreSQL spells it in DDL. */
export type ReferentialAction = 'CASCADE' | 'RESTRICT' | 'NO ACTION' | 'SET NULL' | 'SET DEFAULT';

export type CatalogColumn = {
  /** As `format_type` prints it: `uuid`, `text`, `timestamp(3) with time zone`, `"OrgRole"`, `"ApiKeyScope"[]`. */
  type: string;
  nullable: boolean;
  /** As `pg_get_expr` prints it (`CURRENT_TIMESTAMP`, `false`, `0`), or null for none. */
  default: string | null;
};
export type CatalogIndex = {
  table: string;
  columns: string[];
  unique: boolean;
  primary: boolean;
  method: string;
  partial: boolean;
};
export type CatalogForeignKey = {
  table: string;
  columns: string[];
  refTable: string;
  refColumns: string[];
  onDelete: ReferentialAction;
  onUpdate: ReferentialAction;
};

/** The parts of a database schema that schema.prisma decides, keyed by name, ready to compare. */
export type Catalog = {
  tables: string[];
  enums: Record<string, string[]>;
  /** Keyed by `Table.column`. */
  columns: Record<string, CatalogColumn>;
  /** Keyed by index name; primary keys are the indexes with `primary`. */
  indexes: Record<string, CatalogIndex>;
  /** Keyed by constraint name. */
  foreignKeys: Record<string, CatalogForeignKey>;
};

/** Tables the migrator owns rather than schema.prisma. */
const IGNORED_TABLES = ['_prisma_migrations'];

const ACTIONS: Record<string, ReferentialAction> = {
  a: 'NO ACTION',
  r: 'RESTRICT',
  c: 'CASCADE',
  n: 'SET NULL',
  d: 'SET DEFAULT',
};
const actionOf = (code: string): ReferentialAction => {
  const action = ACTIONS[code];
  if (!action) throw new Error(`Unknown referential action code ${code}`);
  return action;
};

// pg_catalog rather than information_schema: it names enum types and index columns exactly, on PostgreSQL and PGlite alike.
const TABLES_SQL = `
SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p')`;

const COLUMNS_SQL = `
SELECT c.relname AS table_name, a.attname AS column_name, format_type(a.atttypid, a.atttypmod) AS type,
       NOT a.attnotnull AS nullable, pg_get_expr(d.adbin, d.adrelid) AS default_expr
FROM pg_attribute a
JOIN pg_class c ON c.oid = a.attrelid
JOIN pg_namespace n ON n.oid = c.relnamespace
LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND a.attnum > 0 AND NOT a.attisdropped`;

const ENUMS_SQL = `
SELECT t.typname AS name, e.enumlabel AS value
FROM pg_type t JOIN pg_enum e ON e.enumtypid = t.oid JOIN pg_namespace n ON n.oid = t.typnamespace
WHERE n.nspname = 'public' ORDER BY t.typname, e.enumsortorder`;

const INDEXES_SQL = `
SELECT i.relname AS name, t.relname AS table_name, ix.indisunique AS is_unique, ix.indisprimary AS is_primary,
       am.amname AS method, ix.indpred IS NOT NULL AS is_partial,
       array_agg(coalesce(a.attname::text, '(expression)') ORDER BY k.ord) AS columns
FROM pg_index ix
JOIN pg_class i ON i.oid = ix.indexrelid
JOIN pg_class t ON t.oid = ix.indrelid
JOIN pg_namespace n ON n.oid = t.relnamespace
JOIN pg_am am ON am.oid = i.relam
CROSS JOIN LATERAL unnest(ix.indkey::int2[]) WITH ORDINALITY AS k(attnum, ord)
LEFT JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum
WHERE n.nspname = 'public'
GROUP BY i.relname, t.relname, ix.indisunique, ix.indisprimary, am.amname, ix.indpred`;

const FOREIGN_KEYS_SQL = `
SELECT con.conname AS name, t.relname AS table_name, rt.relname AS ref_table,
       (SELECT array_agg(a.attname::text ORDER BY k.ord) FROM unnest(con.conkey) WITH ORDINALITY AS k(attnum, ord)
          JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.attnum) AS columns,
       (SELECT array_agg(a.attname::text ORDER BY k.ord) FROM unnest(con.confkey) WITH ORDINALITY AS k(attnum, ord)
          JOIN pg_attribute a ON a.attrelid = con.confrelid AND a.attnum = k.attnum) AS ref_columns,
       con.confdeltype::text AS on_delete, con.confupdtype::text AS on_update
FROM pg_constraint con
JOIN pg_class t ON t.oid = con.conrelid
JOIN pg_class rt ON rt.oid = con.confrelid
JOIN pg_namespace n ON n.oid = t.relnamespace
WHERE con.contype = 'f' AND n.nspname = 'public'`;

/** Reads what a live database has, in the same shape `expectedCatalog` derives from schema.prisma. */
export const readCatalog = async (session: SqlSession): Promise<Catalog> => {
  const keep = (table: string) => !IGNORED_TABLES.includes(table);

  const tables = (await session.query<{ name: string }>(TABLES_SQL))
    .map((r) => r.name)
    .filter(keep)
    .sort();

  const enums: Catalog['enums'] = {};
  for (const row of await session.query<{ name: string; value: string }>(ENUMS_SQL))
    (enums[row.name] ??= []).push(row.value);

  const columns: Catalog['columns'] = {};
  const columnRows = await session.query<{
    table_name: string;
    column_name: string;
    type: string;
    nullable: boolean;
    default_expr: string | null;
  }>(COLUMNS_SQL);
  for (const row of columnRows.filter((r) => keep(r.table_name))) {
    columns[`${row.table_name}.${row.column_name}`] = {
      type: row.type,
      nullable: row.nullable,
      default: row.default_expr,
    };
  }

  const indexes: Catalog['indexes'] = {};
  const indexRows = await session.query<{
    name: string;
    table_name: string;
    is_unique: boolean;
    is_primary: boolean;
    method: string;
    is_partial: boolean;
    columns: string[];
  }>(INDEXES_SQL);
  for (const row of indexRows.filter((r) => keep(r.table_name))) {
    indexes[row.name] = {
      table: row.table_name,
      columns: row.columns,
      unique: row.is_unique,
      primary: row.is_primary,
      method: row.method,
      partial: row.is_partial,
    };
  }

  const foreignKeys: Catalog['foreignKeys'] = {};
  const fkRows = await session.query<{
    name: string;
    table_name: string;
    ref_table: string;
    columns: string[];
    ref_columns: string[];
    on_delete: string;
    on_update: string;
  }>(FOREIGN_KEYS_SQL);
  for (const row of fkRows.filter((r) => keep(r.table_name))) {
    foreignKeys[row.name] = {
      table: row.table_name,
      columns: row.columns,
      refTable: row.ref_table,
      refColumns: row.ref_columns,
      onDelete: actionOf(row.on_delete),
      onUpdate: actionOf(row.on_update),
    };
  }

  return { tables, enums, columns, indexes, foreignKeys };
};

/**
 * Every difference between what schema.prisma implies and what the database has, one line each
 * (empty when they match), so a failing test says exactly what a migration is missing.
 */
export const diffCatalogs = (expected: Catalog, actual: Catalog): string[] => {
  const flatten = (catalog: Catalog): Map<string, string> =>
    new Map<string, string>([
      ...catalog.tables.map((t): [string, string] => [`table ${t}`, 'exists']),
      ...Object.entries(catalog.enums).map(([k, v]): [string, string] => [`enum ${k}`, JSON.stringify(v)]),
      ...Object.entries(catalog.columns).map(([k, v]): [string, string] => [`column ${k}`, JSON.stringify(v)]),
      ...Object.entries(catalog.indexes).map(([k, v]): [string, string] => [`index ${k}`, JSON.stringify(v)]),
      ...Object.entries(catalog.foreignKeys).map(([k, v]): [string, string] => [`foreign key ${k}`, JSON.stringify(v)]),
    ]);
  const want = flatten(expected);
  const have = flatten(actual);
  const problems: string[] = [];
  for (const [key, value] of want) {
    const found = have.get(key);
    if (found === undefined) problems.push(`${key}: in schema.prisma (${value}) but not in the migrated database`);
    else if (found !== value) problems.push(`${key}: schema.prisma says ${value}, the migrated database has ${found}`);
  }
  for (const [key, value] of have)
    if (!want.has(key)) problems.push(`${key}: in the migrated database (${value}) but not in schema.prisma`);
  return problems.sort();
};
