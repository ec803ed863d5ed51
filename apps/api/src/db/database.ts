import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaPGlite } from 'pglite-prisma-adapter';
import { Client, Pool } from 'pg';
import { PrismaClient } from '../generated/prisma/client';

export type DbKind = 'pglite' | 'postgresql';

/** One connection (session) for work that needs session state, like advisory locks. */
export type SqlSession = {
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
  /** Runs a script of several statements. */
  exec(sql: string): Promise<void>;
  release(): Promise<void>;
};

export type Database = {
  kind: DbKind;
  prisma: PrismaClient;
  /**
   * One parameterised statement straight on the driver, for reads on every request's path
   * (the org guard): Prisma's query engine costs ~3x the driver's CPU per query.
   */
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
  session(): Promise<SqlSession>;
  /**
   * PostgreSQL only: calls `onNotify` on every NOTIFY on `channel` (from any process), over a
   * connection of its own that reconnects after a drop (and then calls `onNotify` once, for what
   * it missed). Resolves with the function that stops listening.
   */
  listen?: (
    channel: string,
    handlers: { onNotify: () => void; onError: (error: unknown) => void },
  ) => Promise<() => Promise<void>>;
  close(): Promise<void>;
  /** PGlite only: the whole data folder as a tarball (tests start from a migrated one). */
  dump?: () => Promise<Blob>;
};

const statementNames = new Map<string, string>();
const statementName = (sql: string): string => {
  let name = statementNames.get(sql);
  if (!name) statementNames.set(sql, (name = `q${createHash('sha1').update(sql).digest('hex').slice(0, 16)}`));
  return name;
};

const LISTEN_RECONNECT_MS = 5_000;

/** LISTEN on a dedicated connection (a pooled one would be handed to other queries). */
const listenOn = async (
  url: string,
  channel: string,
  { onNotify, onError }: { onNotify: () => void; onError: (error: unknown) => void },
) => {
  if (!/^[a-z_][a-z0-9_]*$/.test(channel)) throw new Error(`invalid channel name ${channel}`);
  let client: Client | null = null;
  let stopped = false;
  let retry: NodeJS.Timeout | undefined;
  const connect = async (): Promise<void> => {
    const next = new Client({ connectionString: url });
    next.on('notification', (message) => {
      if (message.channel === channel) onNotify();
    });
    next.on('error', (error) => {
      onError(error);
      if (client !== next) return;
      client = null;
      void next.end().catch(() => undefined);
      scheduleReconnect();
    });
    await next.connect();
    await next.query(`LISTEN ${channel}`);
    client = next;
  };
  const scheduleReconnect = () => {
    if (stopped || retry) return;
    retry = setTimeout(() => {
      retry = undefined;
      connect()
        .then(onNotify)
        .catch((error: unknown) => {
          onError(error);
          scheduleReconnect();
        });
    }, LISTEN_RECONNECT_MS);
    retry.unref();
  };
  await connect();
  return async () => {
    stopped = true;
    clearTimeout(retry);
    const last = client;
    client = null;
    await last?.end();
  };
};

export const createPostgresDatabase = (options: { url: string; poolSize: number }): Database => {
  const pool = new Pool({ connectionString: options.url, max: options.poolSize, connectionTimeoutMillis: 5_000 });
  // An idle client losing its connection must not crash the process; the pool replaces it.
  pool.on('error', () => undefined);
  const prisma = new PrismaClient({ adapter: new PrismaPg(pool) });
  return {
    kind: 'postgresql',
    prisma,
    // Named, so each connection parses and plans a hot statement once and then only executes it.
    query: async <T>(sql: string, params?: unknown[]) =>
      (await pool.query({ name: statementName(sql), text: sql, values: params })).rows as T[],
    session: async () => {
      const client = await pool.connect();
      return {
        query: async <T>(sql: string, params?: unknown[]) => (await client.query(sql, params)).rows as T[],
        exec: async (sql) => {
          await client.query(sql);
        },
        release: async () => client.release(),
      };
    },
    listen: (channel, handlers) => listenOn(options.url, channel, handlers),
    close: async () => {
      await prisma.$disconnect();
      await pool.end();
    },
  };
};

/** Refuses to open a data folder that another live process has open: PGlite is single-process. */
const lockDataDir = (dataDir: string): (() => void) => {
  const lockFile = resolve(dataDir, '..', `${dataDir.split(/[\\/]/).pop() ?? 'pglite'}.lock`);
  mkdirSync(dirname(lockFile), { recursive: true });
  // Created exclusively ('wx'), so two processes starting at the same instant cannot both take it.
  const tryLock = (): boolean => {
    try {
      writeFileSync(lockFile, String(process.pid), { flag: 'wx' });
      return true;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
      throw error;
    }
  };
  if (!tryLock()) {
    const pid = Number(readFileSync(lockFile, 'utf8'));
    const isAlive = (() => {
      // No pid yet: the other process is between creating the file and writing it.
      if (!Number.isInteger(pid) || pid <= 0) return true;
      try {
        process.kill(pid, 0);
        return pid !== process.pid;
      } catch {
        return false;
      }
    })();
    const inUse = new Error(
      `PGlite data folder ${dataDir} is in use by process ${pid || '(starting)'}; stop it or set PGLITE_DATA_DIR`,
    );
    if (isAlive) throw inUse;
    // A stale lock left by a process that died: take it over.
    rmSync(lockFile, { force: true });
    if (!tryLock()) throw inUse;
  }
  return () => rmSync(lockFile, { force: true });
};

/**
 * Embedded PostgreSQL: in memory when `dataDir` is undefined, else kept in that folder.
 * `loadDataDir` starts from a dump (tests use a migrated one: 0.7 s instead of 3-4 s of initdb).
 */
export const createPgliteDatabase = async (options: { dataDir?: string; loadDataDir?: Blob }): Promise<Database> => {
  const dataDir = options.dataDir ? resolve(options.dataDir) : undefined;
  const unlock = dataDir ? lockDataDir(dataDir) : () => undefined;
  if (dataDir) mkdirSync(dataDir, { recursive: true });
  // pg_trgm backs the leads' substring search (the same extension as on PostgreSQL); the contrib
  // module is ESM-only, hence the dynamic import.
  const { pg_trgm } = await import('@electric-sql/pglite/contrib/pg_trgm');
  const pglite = new PGlite({ dataDir, loadDataDir: options.loadDataDir, extensions: { pg_trgm } });
  await pglite.waitReady;
  const prisma = new PrismaClient({ adapter: new PrismaPGlite(pglite) });
  // PGlite is one backend, so two sessions would share one transaction and one (re-entrant)
  // advisory lock; handing out one session at a time gives what a pool of one connection would.
  let lastSession: Promise<void> = Promise.resolve();
  return {
    kind: 'pglite',
    prisma,
    // PGlite's query() waits for any open transaction, so it never reads inside one.
    query: async <T>(sql: string, params?: unknown[]) => (await pglite.query<T>(sql, params)).rows,
    session: async () => {
      const previous = lastSession;
      let release: () => void = () => undefined;
      lastSession = new Promise<void>((resolveRelease) => (release = resolveRelease));
      await previous;
      return {
        query: async <T>(sql: string, params?: unknown[]) => (await pglite.query<T>(sql, params)).rows,
        exec: async (sql) => {
          await pglite.exec(sql);
        },
        release: async () => release(),
      };
    },
    dump: async () => (await pglite.dumpDataDir('none')) as Blob,
    close: async () => {
      await prisma.$disconnect();
      await pglite.close();
      unlock();
    },
  };
};
