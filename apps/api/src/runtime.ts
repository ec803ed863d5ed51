import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import Redis from 'ioredis';
import type { Env } from './config/env';
import { fromRoot } from './config/paths';
import { createPgliteDatabase, createPostgresDatabase, type Database } from './db/database';
import { applyMigrations, readMigrations } from './db/migrate';
import { systemClock, type Clock, type Deps } from './deps';
import { createAccessTokens } from './lib/access-tokens';
import { createAiGatewayFromEnv } from './lib/ai/config';
import type { AiGateway } from './lib/ai/gateway';
import { randomToken } from './lib/crypto';
import { taskSignalFor } from './lib/task-signal';
import { linkedinClientFor, type LinkedInClient } from './lib/linkedin-client';
import { telegramGatewayFor, type TelegramGateway } from './lib/telegram';
import { createLogger, type Logger } from './lib/logger';
import { createMailer } from './lib/mailer';
import { createOrgAccessCache } from './lib/org-access-cache';
import { createSessionVersionCache } from './lib/session-version-cache';
import { createDatabaseRateLimiter, createRedisRateLimiter, type RateLimiter } from './lib/rate-limiter';
import { stripeGatewayFor, type StripeGateway } from './lib/stripe-gateway';
import { approvalReply } from './modules/telegram-bot/approval-buttons';
import { provideApprovalReplies } from './modules/telegram-notify/telegram-notify.service';

export const MIGRATIONS_DIR = fromRoot('prisma/migrations');
export const VERSION: string = (
  JSON.parse(readFileSync(fromRoot('apps/api/package.json'), 'utf8')) as { version: string }
).version;

export const openDatabase = async (env: Env): Promise<Database> =>
  env.DATABASE_URL
    ? createPostgresDatabase({ url: env.DATABASE_URL, poolSize: env.DATABASE_POOL_SIZE })
    : createPgliteDatabase({ dataDir: fromRoot(env.PGLITE_DATA_DIR) });

export const migrateDatabase = async (database: Database, log: Logger): Promise<void> => {
  const session = await database.session();
  try {
    const report = await applyMigrations(session, {
      migrations: readMigrations(MIGRATIONS_DIR),
      onApplied: (name, ms) => log.info({ migration: name, ms: Math.round(ms) }, 'migration applied'),
    });
    log.info({ applied: report.applied.length, alreadyApplied: report.alreadyApplied }, 'database migrated');
  } finally {
    await session.release();
  }
};

/**
 * Without JWT_SECRET (development only; production refuses to start) a secret is made once
 * and kept beside the PGlite data, so sessions survive restarts.
 */
const jwtSecretFor = (env: Env): string => {
  if (env.JWT_SECRET) return env.JWT_SECRET;
  const file = join(dirname(fromRoot(env.PGLITE_DATA_DIR)), 'jwt-secret');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(dirname(file), { recursive: true });
  const secret = randomToken(48);
  writeFileSync(file, secret, { mode: 0o600 });
  return secret;
};

/**
 * Rate limits in Redis when REDIS_URL is set, else in the app's database: either way shared by every
 * instance. The Redis client connects on first use (lazyConnect), so a worker that never checks a
 * limit never connects; `rateLimiter.close()` disconnects it.
 */
const rateLimiterFor = ({ env, database, log }: { env: Env; database: Database; log: Logger }): RateLimiter => {
  if (!env.REDIS_URL) return createDatabaseRateLimiter({ prisma: database.prisma, log });
  // While Redis is down, a command fails at the next failed reconnect (every 0.5 s at most) or after
  // the timeouts, and the limit falls back to this instance's memory instead of holding up the login.
  const redis = new Redis(env.REDIS_URL, {
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    retryStrategy: (attempt) => Math.min(attempt * 50, 500),
    connectTimeout: 2_000,
    commandTimeout: 1_000,
    // After a refused connection ioredis keeps a timer of this length on disconnect; short, so closing is quick.
    disconnectTimeout: 200,
  });
  let isDown = false;
  redis.on('error', (error) => {
    if (!isDown) log.warn({ err: error }, "Redis is unreachable: rate limits fall back to each instance's memory");
    isDown = true;
  });
  redis.on('ready', () => {
    if (isDown) log.info('Redis is reachable again: rate limits are shared again');
    isDown = false;
  });
  return createRedisRateLimiter({ redis });
};

export const createDeps = (options: {
  env: Env;
  database: Database;
  log: Logger;
  clock?: Clock;
  jwtSecret?: string;
  stripe?: StripeGateway;
  ai?: AiGateway;
  linkedin?: LinkedInClient;
  telegram?: TelegramGateway;
}): Deps => {
  const { env, database, log } = options;
  const clock = options.clock ?? systemClock;
  // Approval items reach Telegram rendered by the bot (handed in here: the bot depends on approvals).
  provideApprovalReplies(approvalReply);
  return {
    env,
    db: database.prisma,
    database,
    migrations: readMigrations(MIGRATIONS_DIR),
    log,
    clock,
    mailer: createMailer({
      db: database.prisma,
      log,
      from: env.MAIL_FROM,
      smtpUrl: env.SMTP_URL,
      now: () => clock.now(),
    }),
    tokens: createAccessTokens({
      secret: options.jwtSecret ?? jwtSecretFor(env),
      issuer: env.JWT_ISSUER,
      audience: env.JWT_AUDIENCE,
      ttlSeconds: env.ACCESS_TOKEN_TTL_SECONDS,
    }),
    rateLimiter: rateLimiterFor({ env, database, log }),
    orgAccessCache: createOrgAccessCache({ ttlMs: env.ORG_ACCESS_CACHE_MS, clock }),
    // The same bound on staleness across instances as members' roles: a few seconds.
    sessionVersions: createSessionVersionCache({ ttlMs: env.ORG_ACCESS_CACHE_MS, clock }),
    stripe: options.stripe ?? stripeGatewayFor(env),
    ai: options.ai ?? createAiGatewayFromEnv(env),
    linkedin: options.linkedin ?? linkedinClientFor(env),
    telegram: options.telegram ?? telegramGatewayFor(env),
    taskSignal: taskSignalFor({ database, log }),
    version: VERSION,
    startedAt: clock.now(),
  };
};

export { createLogger };
