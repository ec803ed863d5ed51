import type { Env } from './config/env';
import type { Clock } from './lib/clock';
import type { Database } from './db/database';
import type { MigrationFile } from './db/migrate';
import type { AccessTokens } from './lib/access-tokens';
import type { AiGateway } from './lib/ai/gateway';
import type { LinkedInClient } from './lib/linkedin-client';
import type { Logger } from './lib/logger';
import type { Mailer } from './lib/mailer';
import type { OrgAccessCache } from './lib/org-access-cache';
import type { RateLimiter } from './lib/rate-limiter';
import type { SessionVersionCache } from './lib/session-version-cache';
import type { StripeGateway } from './lib/stripe-gateway';
import type { TaskSignal } from './lib/task-signal';
import type { TelegramGateway } from './lib/telegram';

/** Everything a route, service or job needs from the outside world; only main.ts builds the real ones. */
export type Deps = {
  env: Env;
  db: Database['prisma'];
  database: Database;
  migrations: MigrationFile[];
  log: Logger;
  clock: Clock;
  mailer: Mailer;
  tokens: AccessTokens;
  rateLimiter: RateLimiter;
  orgAccessCache: OrgAccessCache;
  sessionVersions: SessionVersionCache;
  stripe: StripeGateway;
  ai: AiGateway;
  linkedin: LinkedInClient;
  telegram: TelegramGateway;
  taskSignal: TaskSignal;
  version: string;
  startedAt: Date;
};

export { systemClock, type Clock } from './lib/clock';
