import express, { type Express } from 'express';
import type { DestinationStream } from 'pino';
import { createApp } from '../app';
import { loadEnv, type Env } from '../config/env';
import type { Clock, Deps } from '../deps';
import { createLogger } from '../lib/logger';
import { createDeps } from '../runtime';
import { recordStatuses } from './observed-statuses';
import { createTestDatabase, type TestDatabase } from './test-db';

/** A clock tests can move; starts at the real time. */
export type FakeClock = Clock & { advance(ms: number): void; set(date: Date): void };
export const createFakeClock = (start = new Date()): FakeClock => {
  let current = start.getTime();
  return {
    now: () => new Date(current),
    advance: (ms) => {
      current += ms;
    },
    set: (date) => {
      current = date.getTime();
    },
  };
};

export const TEST_JWT_SECRET = 'test-secret-that-is-at-least-32-characters-long';

export const testEnv = (overrides: Record<string, string> = {}): Env =>
  loadEnv({
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    BCRYPT_COST: '4',
    JWT_SECRET: TEST_JWT_SECRET,
    WEB_DIST_DIR: '',
    FRONTEND_URL: 'http://localhost:5173',
    ...overrides,
  });

export type TestContext = { app: Express; deps: Deps; clock: FakeClock; testDb: TestDatabase; close(): Promise<void> };

/**
 * One app over its own fresh database, for one test file:
 * `const t = await createTestContext(); afterAll(() => t.close());`
 */
export const createTestContext = async (
  options: {
    env?: Record<string, string>;
    /** Receives the app's logs at level info (silent without it). */ logDestination?: DestinationStream;
  } = {},
): Promise<TestContext> => {
  const testDb = await createTestDatabase();
  const env = testEnv(options.env);
  const clock = createFakeClock();
  const log = options.logDestination
    ? createLogger({ level: 'info', destination: options.logDestination })
    : createLogger({ level: 'silent' });
  const deps: Deps = createDeps({ env, database: testDb.database, log, clock });
  // The app inside a thin outer one that notes every status each operation answers (for the docs check).
  const app = express().disable('x-powered-by').use(recordStatuses, createApp(deps));
  return { app, deps, clock, testDb, close: () => testDb.drop() };
};
