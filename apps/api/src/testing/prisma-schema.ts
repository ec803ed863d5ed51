import type { Catalog, CatalogColumn, ReferentialAction } from './db-catalog';

/*
 * A deliberately small reader of schema.prisma for the drift test: it knows the PostgreSQL
 * subset this project uses and throws on anything else, so a new construct makes the test
 * fail loudly (teach it here) instead of being skipped. It derives what `prisma migrate`
 * would create, using Prisma's naming conventions for constraints and indexes.
 */

type Attribute = { name: string; args: string | null };
type Field = { name: string; type: string; optional: boolean; list: boolean; attributes: Attribute[] };
type Model = { name: string; fields: Field[]; attributes: Attribute[] };
type Enum = { name: string; values: { name: string; dbName: string }[]; dbName: string };
export type PrismaSchema = { models: Model[]; enums: Enum[] };

const fail = (message: string): never => {
  throw new Error(`schema.prisma: ${message} (teach src/testing/prisma-schema.ts about it)`);
};

/** Drops `//` comments (and `///` doc comments) outside string literals. */
const stripComment = (line: string): string => {
  let inString = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (ch === '"' && line[i - 1] !== '\\') inString = !inString;
    else if (!inString && ch === '/' && line[i + 1] === '/') return line.slice(0, i);
  }
  return line;
};

/** Splits on `separator` at depth 0, outside strings, brackets and parentheses. */
const splitTopLevel = (text: string, separator: string): string[] => {
  const parts: string[] = [];
  let depth = 0;
  let inString = false;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '"' && text[i - 1] !== '\\') inString = !inString;
    if (inString) continue;
    if (ch === '(' || ch === '[') depth++;
    else if (ch === ')' || ch === ']') depth--;
    else if (ch === separator && depth === 0) {
      parts.push(text.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(text.slice(start));
  return parts.map((p) => p.trim()).filter((p) => p.length > 0);
};

/** `@id @default(uuid()) @db.Uuid` -> [{id}, {default, 'uuid()'}, {db.Uuid}]. */
const parseAttributes = (text: string, marker: '@' | '@@'): Attribute[] => {
  const attributes: Attribute[] = [];
  let i = 0;
  while (i < text.length) {
    if (/\s/.test(text[i] ?? '')) {
      i++;
      continue;
    }
    if (!text.startsWith(marker, i) || (marker === '@' && text.startsWith('@@', i)))
      fail(`cannot read "${text.slice(i)}"`);
    i += marker.length;
    const name = /^[\w.]+/.exec(text.slice(i))?.[0] ?? fail(`attribute without a name in "${text}"`);
    i += name.length;
    let args: string | null = null;
    if (text[i] === '(') {
      let depth = 0;
      let inString = false;
      const start = i + 1;
      for (; i < text.length; i++) {
        const ch = text[i];
        if (ch === '"' && text[i - 1] !== '\\') inString = !inString;
        if (inString) continue;
        if (ch === '(') depth++;
        else if (ch === ')' && --depth === 0) break;
      }
      if (depth !== 0) fail(`unbalanced parentheses in "${text}"`);
      args = text.slice(start, i);
      i++;
    }
    attributes.push({ name, args });
  }
  return attributes;
};

type Args = { positional: string[]; named: Record<string, string> };
const parseArgs = (args: string | null): Args => {
  const result: Args = { positional: [], named: {} };
  for (const part of splitTopLevel(args ?? '', ',')) {
    const named = /^(\w+)\s*:\s*([\s\S]+)$/.exec(part);
    if (named?.[1] && named[2]) result.named[named[1]] = named[2].trim();
    else result.positional.push(part);
  }
  return result;
};

const parseString = (value: string): string => {
  const match = /^"((?:[^"\\]|\\.)*)"$/.exec(value.trim());
  return match?.[1] !== undefined ? match[1].replace(/\\(.)/g, '$1') : fail(`expected a string, got ${value}`);
};

/**
 * `[orgId, userId]` -> ['orgId', 'userId']. An operator class (`name(ops: raw("gin_trgm_ops"))`)
 * is accepted and not compared; other per-field options like `email(sort: Desc)` are not supported.
 */
const parseFieldList = (value: string): string[] => {
  const match = /^\[([\s\S]*)\]$/.exec(value.trim()) ?? fail(`expected a field list, got ${value}`);
  return splitTopLevel(match[1] ?? '', ',').map((name) => {
    const withOps = /^(\w+)\(ops:\s*raw\("\w+"\)\)$/.exec(name);
    if (withOps?.[1]) return withOps[1];
    return /^\w+$/.test(name) ? name : fail(`unsupported field reference ${name}`);
  });
};

const INDEX_METHODS: Record<string, string> = {
  BTree: 'btree',
  Hash: 'hash',
  Gin: 'gin',
  Gist: 'gist',
  Brin: 'brin',
  SpGist: 'spgist',
};

export const parsePrismaSchema = (text: string): PrismaSchema => {
  const lines = text.split('\n').map(stripComment);
  const models: Model[] = [];
  const enums: Enum[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = (lines[i] ?? '').trim();
    if (line === '') continue;
    const header = /^(\w+)\s+(\w+)\s*\{$/.exec(line) ?? fail(`unexpected line "${line}"`);
    const [, kind, name = ''] = header;
    const body: string[] = [];
    for (i++; i < lines.length && (lines[i] ?? '').trim() !== '}'; i++) {
      const inner = (lines[i] ?? '').trim();
      if (inner) body.push(inner);
    }
    if (kind === 'generator' || kind === 'datasource') continue;
    if (kind === 'enum') {
      const attributes = body.filter((l) => l.startsWith('@@')).flatMap((l) => parseAttributes(l, '@@'));
      const values = body
        .filter((l) => !l.startsWith('@@'))
        .map((l) => {
          const [, value = '', rest = ''] = /^(\w+)(.*)$/.exec(l) ?? fail(`cannot read enum value "${l}"`);
          const map = parseAttributes(rest, '@').find((a) => a.name === 'map');
          return { name: value, dbName: map ? parseString(parseArgs(map.args).positional[0] ?? '') : value };
        });
      const map = attributes.find((a) => a.name === 'map');
      if (attributes.some((a) => a.name !== 'map')) fail(`unsupported attribute on enum ${name}`);
      enums.push({ name, values, dbName: map ? parseString(parseArgs(map.args).positional[0] ?? '') : name });
      continue;
    }
    if (kind !== 'model') fail(`unsupported block "${kind} ${name}"`);
    const fields: Field[] = [];
    const attributes: Attribute[] = [];
    for (const l of body) {
      if (l.startsWith('@@')) {
        attributes.push(...parseAttributes(l, '@@'));
        continue;
      }
      const match = /^(\w+)\s+(\w+)(\[\]|\?)?(?:\s+(.*))?$/.exec(l) ?? fail(`cannot read field "${l}" of ${name}`);
      const [, fieldName = '', type = '', modifier, rest = ''] = match;
      fields.push({
        name: fieldName,
        type,
        optional: modifier === '?',
        list: modifier === '[]',
        attributes: parseAttributes(rest, '@'),
      });
    }
    models.push({ name, fields, attributes });
  }
  return { models, enums };
};

const quoteIdent = (name: string): string => (/^[a-z_][a-z0-9_]*$/.test(name) ? name : `"${name}"`);

/** Column type as `format_type` prints it, from the Prisma type and its `@db.*` native type. */
const columnTypeOf = (field: Field, enumDbName: string | undefined): string => {
  const native = field.attributes.find((a) => a.name.startsWith('db.'));
  const nativeName = native?.name.slice(3);
  const nativeArgs = native?.args?.replace(/\s/g, '');
  let base: string;
  if (enumDbName) base = quoteIdent(enumDbName);
  else {
    const key = `${field.type}${nativeName ? `@${nativeName}` : ''}`;
    const types: Record<string, string> = {
      String: 'text',
      'String@Text': 'text',
      'String@Uuid': 'uuid',
      'String@VarChar': nativeArgs ? `character varying(${nativeArgs})` : 'character varying',
      'String@Char': `character(${nativeArgs ?? '1'})`,
      Boolean: 'boolean',
      Int: 'integer',
      'Int@SmallInt': 'smallint',
      BigInt: 'bigint',
      Float: 'double precision',
      'Float@Real': 'real',
      Decimal: 'numeric(65,30)',
      'Decimal@Decimal': `numeric(${nativeArgs ?? '65,30'})`,
      DateTime: 'timestamp(3) without time zone',
      'DateTime@Timestamp': `timestamp(${nativeArgs ?? '3'}) without time zone`,
      'DateTime@Timestamptz': `timestamp(${nativeArgs ?? '3'}) with time zone`,
      'DateTime@Date': 'date',
      Json: 'jsonb',
      'Json@Json': 'json',
      Bytes: 'bytea',
    };
    base = types[key] ?? fail(`unsupported column type ${key} on field ${field.name}`);
  }
  return field.list ? `${base}[]` : base;
};

/** The default `prisma migrate` writes into the table, as `pg_get_expr` prints it back. */
const columnDefaultOf = (
  field: Field,
  options: { table: string; column: string; enumDbName?: string; enumValues?: Enum['values'] },
): string | null => {
  const attribute = field.attributes.find((a) => a.name === 'default');
  if (!attribute) return null;
  const value = (attribute.args ?? '').trim();
  if (field.list) return fail(`list default on ${field.name}`);
  if (/^(uuid|cuid|nanoid|ulid)\(.*\)$/.test(value)) return null; // made by the client, not the database
  if (value === 'now()') return 'CURRENT_TIMESTAMP';
  if (value === 'autoincrement()')
    return `nextval('${quoteIdent(`${options.table}_${options.column}_seq`)}'::regclass)`;
  const generated = /^dbgenerated\(([\s\S]*)\)$/.exec(value);
  if (generated) return parseString(generated[1] ?? '');
  if (options.enumValues) {
    const enumValue =
      options.enumValues.find((v) => v.name === value) ?? fail(`default ${value} is not a value of ${field.type}`);
    return `'${enumValue.dbName}'::${quoteIdent(options.enumDbName ?? field.type)}`;
  }
  if (field.type === 'Boolean' && (value === 'true' || value === 'false')) return value;
  if ((field.type === 'Int' || field.type === 'BigInt') && /^\d+$/.test(value)) return value;
  if (field.type === 'String' && value.startsWith('"') && !field.attributes.some((a) => a.name.startsWith('db.'))) {
    return `'${parseString(value).replace(/'/g, "''")}'::text`;
  }
  return fail(`unsupported default ${value} on ${field.name}`);
};

const ACTIONS: Record<string, ReferentialAction> = {
  Cascade: 'CASCADE',
  Restrict: 'RESTRICT',
  NoAction: 'NO ACTION',
  SetNull: 'SET NULL',
  SetDefault: 'SET DEFAULT',
};
const actionOf = (value: string): ReferentialAction => ACTIONS[value] ?? fail(`unknown referential action ${value}`);

const mapOf = (attributes: Attribute[]): string | undefined => {
  const map = attributes.find((a) => a.name === 'map');
  return map ? parseString(parseArgs(map.args).positional[0] ?? '') : undefined;
};

const SUPPORTED_FIELD_ATTRIBUTES = ['id', 'default', 'unique', 'updatedAt', 'map', 'relation'];
const SUPPORTED_MODEL_ATTRIBUTES = ['id', 'unique', 'index', 'map'];

/** What the database must hold for this schema, in the shape `readCatalog` reads. */
export const expectedCatalog = (schema: PrismaSchema): Catalog => {
  const enumByName = new Map(schema.enums.map((e) => [e.name, e]));
  const modelByName = new Map(schema.models.map((m) => [m.name, m]));
  const tableOf = (model: Model) => mapOf(model.attributes) ?? model.name;
  const columnOf = (model: Model, fieldName: string): string => {
    const field = model.fields.find((f) => f.name === fieldName) ?? fail(`${model.name} has no field ${fieldName}`);
    return mapOf(field.attributes) ?? field.name;
  };

  const catalog: Catalog = { tables: [], enums: {}, columns: {}, indexes: {}, foreignKeys: {} };
  for (const e of schema.enums) catalog.enums[e.dbName] = e.values.map((v) => v.dbName);

  for (const model of schema.models) {
    const table = tableOf(model);
    catalog.tables.push(table);
    const addIndex = (fields: string[], kind: 'pkey' | 'key' | 'idx', args: Args) => {
      const columns = fields.map((f) => columnOf(model, f));
      const name = args.named['map']
        ? parseString(args.named['map'])
        : `${table}_${kind === 'pkey' ? '' : `${columns.join('_')}_`}${kind}`;
      const type = args.named['type'];
      const method = type ? (INDEX_METHODS[type] ?? fail(`unsupported index type ${type} on ${model.name}`)) : 'btree';
      catalog.indexes[name] = {
        table,
        columns,
        unique: kind !== 'idx',
        primary: kind === 'pkey',
        method,
        partial: false,
      };
    };

    for (const field of model.fields) {
      const unknown = field.attributes.find(
        (a) => !SUPPORTED_FIELD_ATTRIBUTES.includes(a.name) && !a.name.startsWith('db.'),
      );
      if (unknown) fail(`unsupported attribute @${unknown.name} on ${model.name}.${field.name}`);
      const related = modelByName.get(field.type);
      if (related) {
        const relation = field.attributes.find((a) => a.name === 'relation');
        const args = parseArgs(relation?.args ?? null);
        if (!args.named['fields']) continue; // the other side of a relation has no column
        const fields = parseFieldList(args.named['fields']);
        const references = parseFieldList(
          args.named['references'] ?? fail(`relation ${model.name}.${field.name} has fields but no references`),
        );
        const columns = fields.map((f) => columnOf(model, f));
        const anyOptional = fields.some((f) => model.fields.find((x) => x.name === f)?.optional);
        const name = args.named['map'] ? parseString(args.named['map']) : `${table}_${columns.join('_')}_fkey`;
        catalog.foreignKeys[name] = {
          table,
          columns,
          refTable: tableOf(related),
          refColumns: references.map((f) => columnOf(related, f)),
          // Prisma's defaults: SetNull when the relation is optional, Restrict when required; Cascade on update.
          onDelete: args.named['onDelete'] ? actionOf(args.named['onDelete']) : anyOptional ? 'SET NULL' : 'RESTRICT',
          onUpdate: args.named['onUpdate'] ? actionOf(args.named['onUpdate']) : 'CASCADE',
        };
        continue;
      }
      const column = mapOf(field.attributes) ?? field.name;
      const enumType = enumByName.get(field.type);
      const columnInfo: CatalogColumn = {
        type: columnTypeOf(field, enumType?.dbName),
        // Prisma leaves scalar list columns nullable on PostgreSQL.
        nullable: field.optional || field.list,
        default: columnDefaultOf(field, { table, column, enumDbName: enumType?.dbName, enumValues: enumType?.values }),
      };
      catalog.columns[`${table}.${column}`] = columnInfo;
      for (const attribute of field.attributes) {
        if (attribute.name === 'id') addIndex([field.name], 'pkey', parseArgs(attribute.args));
        if (attribute.name === 'unique') addIndex([field.name], 'key', parseArgs(attribute.args));
      }
    }

    for (const attribute of model.attributes) {
      if (!SUPPORTED_MODEL_ATTRIBUTES.includes(attribute.name))
        fail(`unsupported attribute @@${attribute.name} on ${model.name}`);
      if (attribute.name === 'map') continue;
      const args = parseArgs(attribute.args);
      const fields = parseFieldList(
        args.named['fields'] ?? args.positional[0] ?? fail(`@@${attribute.name} without fields on ${model.name}`),
      );
      addIndex(fields, attribute.name === 'id' ? 'pkey' : attribute.name === 'unique' ? 'key' : 'idx', args);
    }
  }
  catalog.tables.sort();
  return catalog;
};
