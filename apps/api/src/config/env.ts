import { validate as isValidCron } from 'node-cron';
import { z } from 'zod';
import { parsePrices } from '../lib/ai/pricing';
import { parseRouting } from '../lib/ai/routing';
import { parseEncryptionKey } from '../lib/encryption-key';

const bool = (fallback: 'true' | 'false') =>
  z
    .enum(['true', 'false', '1', '0'])
    .default(fallback)
    .transform((v) => v === 'true' || v === '1');

const localUrl = (port: number): string => `http://localhost:${port}`;

const envSchema = z
  .object({
    NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
    PORT: z.coerce.number().int().min(0).max(65535).default(3000),
    HOST: z.string().min(1).default('0.0.0.0'),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    /** PostgreSQL connection string; absent means the embedded PGlite database. */
    DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/ }).optional(),
    DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(100).default(10),
    /** Relative paths here and in WEB_DIST_DIR are taken from the repository root. */
    PGLITE_DATA_DIR: z.string().min(1).default('./.data/pglite'),
    MIGRATE_ON_START: bool('true'),
    /**
     * Demo data (an org with a demo owner) on first start, only ever into a database with no users:
     * `auto` seeds the embedded PGlite database only, so a real PostgreSQL is never touched unasked.
     */
    SEED_DEMO: z.enum(['auto', 'true', 'false']).default('auto'),
    /** HMAC secret for access tokens; absent outside production means one generated and kept in the data folder. */
    JWT_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
    JWT_ISSUER: z.string().min(1).default('aiceo-api'),
    JWT_AUDIENCE: z.string().min(1).default('aiceo'),
    ACCESS_TOKEN_TTL_SECONDS: z.coerce.number().int().min(30).max(3600).default(900),
    REFRESH_TOKEN_TTL_DAYS: z.coerce.number().int().min(1).max(365).default(30),
    /** A rotated refresh token presented again within this many seconds gets a new token instead of revoking its family. */
    REFRESH_REUSE_GRACE_SECONDS: z.coerce.number().int().min(0).max(300).default(30),
    BCRYPT_COST: z.coerce.number().int().min(4).max(15).default(12),
    /** Login attempts allowed per window: per client IP and per account. */
    LOGIN_RATE_LIMIT_PER_IP: z.coerce.number().int().min(1).default(20),
    LOGIN_RATE_LIMIT_PER_ACCOUNT: z.coerce.number().int().min(1).default(5),
    LOGIN_RATE_LIMIT_WINDOW_SECONDS: z.coerce.number().int().min(1).default(900),
    /**
     * Redis for the rate limits (login, signup, forgot-password), e.g. redis://127.0.0.1:6379 or rediss:// for
     * TLS; absent means they are kept in the app's database. Either way every API instance shares them.
     */
    REDIS_URL: z.url({ protocol: /^rediss?$/ }).optional(),
    /** Hops of reverse proxies in front of the API (for the client IP in rate limits). */
    TRUST_PROXY: z.coerce.number().int().min(0).max(10).default(0),
    /** How long a member's role may be served from memory; 0 queries on every request. */
    ORG_ACCESS_CACHE_MS: z.coerce.number().int().min(0).max(60_000).default(2_000),
    /**
     * The SPA's origin: the one CORS allows and the base of every link the app makes (OAuth callbacks,
     * checkout returns, mails). Absent means this server itself, http://localhost:<the port it listens on>.
     */
    FRONTEND_URL: z.url().optional(),
    BODY_LIMIT: z
      .string()
      .regex(/^\d+(b|kb|mb)$/i, 'like 1mb or 100kb')
      .default('1mb'),
    /** Invite-only signup, whatever the admin switch says. */
    PRIVATE_MODE: bool('false'),
    MAIL_FROM: z.string().min(3).default('AI CEO <no-reply@aiceo.local>'),
    /** smtp://user:pass@host:port (or smtps://); absent means mail goes to the in-app outbox. */
    SMTP_URL: z.url({ protocol: /^smtps?$/ }).optional(),
    /** Folder of the built SPA to serve on the same port; set it empty to serve only the API. */
    WEB_DIST_DIR: z.string().default('apps/web/dist'),
    SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(0).default(10_000),
    /** Stripe secret key; absent means the embedded local Stripe stand-in (offline, no real payments). */
    STRIPE_SECRET_KEY: z.string().startsWith('sk_', 'must start with sk_').optional(),
    /** Signing secret of the webhook endpoint (required with STRIPE_SECRET_KEY; the stand-in has its own). */
    STRIPE_WEBHOOK_SECRET: z.string().startsWith('whsec_', 'must start with whsec_').optional(),
    /** Where the SDK sends API calls, e.g. a stand-in started by hand (`pnpm stripe:local`); absent means api.stripe.com. */
    STRIPE_API_HOST: z.string().min(1).optional(),
    STRIPE_API_PORT: z.coerce.number().int().min(1).max(65535).optional(),
    STRIPE_API_PROTOCOL: z.enum(['http', 'https']).optional(),
    /** Stripe price ids of the monthly plans (the stand-in knows these defaults). */
    STRIPE_PRICE_PRO: z.string().min(1).default('price_local_pro'),
    STRIPE_PRICE_ENTERPRISE: z.string().min(1).default('price_local_enterprise'),
    /** Seconds a webhook signature stays valid (Stripe's default is 300). */
    STRIPE_WEBHOOK_TOLERANCE_SECONDS: z.coerce.number().int().min(1).max(3600).default(300),
    /** Days a past-due subscription keeps its plan before the org drops to free. */
    BILLING_GRACE_DAYS: z.coerce.number().min(0).max(90).default(7),
    /** Scheduled jobs (jobs/scheduler.ts) in this process; exclusive ones run on one instance at a time (JobLock). */
    JOBS_ENABLED: bool('true'),
    /** Minutes between runs of the job that drops orgs past their grace period to free. */
    BILLING_GRACE_JOB_MINUTES: z.coerce.number().min(1).max(1440).default(60),
    /**
     * AI providers, each through its OpenAI-compatible endpoint with the official openai SDK.
     * A provider is configured when its key is set; with none, the AI CEO runs in offline mode.
     */
    OPENAI_API_KEY: z.string().min(1).optional(),
    OPENAI_BASE_URL: z.url().default('https://api.openai.com/v1'),
    OPENAI_MODEL: z.string().min(1).default('gpt-4o-mini'),
    ANTHROPIC_API_KEY: z.string().min(1).optional(),
    ANTHROPIC_BASE_URL: z.url().default('https://api.anthropic.com/v1'),
    ANTHROPIC_MODEL: z.string().min(1).default('claude-sonnet-4-20250514'),
    XAI_API_KEY: z.string().min(1).optional(),
    XAI_BASE_URL: z.url().default('https://api.x.ai/v1'),
    XAI_MODEL: z.string().min(1).default('grok-3-mini'),
    MISTRAL_API_KEY: z.string().min(1).optional(),
    MISTRAL_BASE_URL: z.url().default('https://api.mistral.ai/v1'),
    MISTRAL_MODEL: z.string().min(1).default('mistral-small-latest'),
    /**
     * The cheaper model of each provider, used once an org has spent 80% of its monthly AI budget
     * (the margin guard's budget tier; budgets are set per plan by the platform admin).
     */
    OPENAI_BUDGET_MODEL: z.string().min(1).default('gpt-4o-mini'),
    ANTHROPIC_BUDGET_MODEL: z.string().min(1).default('claude-3-5-haiku-latest'),
    XAI_BUDGET_MODEL: z.string().min(1).default('grok-3-mini'),
    MISTRAL_BUDGET_MODEL: z.string().min(1).default('mistral-small-latest'),
    /** Provider order per purpose, e.g. `chat=openai>anthropic;analysis=anthropic`; unlisted purposes keep the defaults. */
    AI_ROUTING: z.string().optional(),
    /** Extra or changed prices, JSON `{"model": [inputUsdPerMillion, outputUsdPerMillion]}`. */
    AI_PRICES: z.string().optional(),
    /** Longest wait for a provider's first token, and between tokens, before the attempt counts as timed out. */
    AI_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(60_000),
    /** Retries per provider after a timeout, 429 or 5xx, before falling back to the next one. */
    AI_MAX_RETRIES: z.coerce.number().int().min(0).max(10).default(2),
    /** Backoff before retry n is base * 2^(n-1), capped (a provider's Retry-After is honoured up to the cap). */
    AI_RETRY_BASE_MS: z.coerce.number().int().min(0).max(60_000).default(500),
    AI_RETRY_MAX_MS: z.coerce.number().int().min(0).max(120_000).default(8_000),
    AI_MAX_OUTPUT_TOKENS: z.coerce.number().int().min(16).max(32_000).default(1_024),
    /** Tokens of organisation data every prompt may carry. */
    AI_CONTEXT_TOKEN_BUDGET: z.coerce.number().int().min(100).max(32_000).default(1_200),
    /** Pause between the words of an offline answer, so it streams like a model's. */
    AI_OFFLINE_WORD_DELAY_MS: z.coerce.number().int().min(0).max(1_000).default(15),
    /**
     * LinkedIn app credentials; absent means the local LinkedIn stand-in (`pnpm linkedin:local`, or
     * the embedded one) with its own fixed credentials: no real posts.
     */
    LINKEDIN_CLIENT_ID: z.string().min(1).optional(),
    LINKEDIN_CLIENT_SECRET: z.string().min(1).optional(),
    /** Absent: https://www.linkedin.com with LINKEDIN_CLIENT_ID, else the local stand-in. */
    LINKEDIN_AUTH_BASE_URL: z.url().optional(),
    /** Absent: https://api.linkedin.com with LINKEDIN_CLIENT_ID, else the local stand-in. */
    LINKEDIN_API_BASE_URL: z.url().optional(),
    /** The LinkedIn-Version header of REST calls (YYYYMM). */
    LINKEDIN_VERSION: z
      .string()
      .regex(/^\d{6}$/, 'like 202411')
      .default('202411'),
    /** Where LinkedIn sends the browser back; absent means `${FRONTEND_URL}/api/integrations/linkedin/callback`. */
    LINKEDIN_REDIRECT_URI: z.url().optional(),
    /**
     * The owner's Telegram bot, from @BotFather. Absent: outside production the local Telegram stand-in
     * (embedded, or `pnpm telegram:local` with TELEGRAM_API_ROOT); in production no bot.
     */
    TELEGRAM_BOT_TOKEN: z
      .string()
      .regex(/^\d{1,20}:[A-Za-z0-9_-]{20,100}$/, 'looks like 123456789:AA... (the token @BotFather gave)')
      .optional(),
    /** The Bot API's address. Absent: https://api.telegram.org with TELEGRAM_BOT_TOKEN, else the local stand-in. */
    TELEGRAM_API_ROOT: z.url().optional(),
    /**
     * Telegram sends it in X-Telegram-Bot-Api-Secret-Token with every update; the webhook refuses others.
     * Required in production with TELEGRAM_BOT_TOKEN; absent elsewhere means one made at each start.
     */
    TELEGRAM_WEBHOOK_SECRET: z
      .string()
      .regex(/^[A-Za-z0-9_-]{16,256}$/, 'must be 16 to 256 characters of A-Z, a-z, 0-9, _ and -')
      .optional(),
    /** Where Telegram posts updates; absent means `${FRONTEND_URL}/api/telegram/webhook`. Set at every start. */
    TELEGRAM_WEBHOOK_URL: z.url().optional(),
    /** webhook (always in production), or polling: getUpdates from this process, for development without a public address. */
    TELEGRAM_UPDATES: z.enum(['webhook', 'polling']).default('webhook'),
    /** AES-256 key for tokens at rest, 32 bytes as base64 or 64 hex; absent outside production means one generated and kept in the data folder. */
    TOKEN_ENCRYPTION_KEY: z.string().optional(),
    /** in-process: the API runs the task executor; worker: only `pnpm worker` processes do. */
    TASK_EXECUTOR: z.enum(['in-process', 'worker']).default('in-process'),
    /** node-cron expression (seconds field allowed) of the executor tick; each tick drains every due task. */
    TASK_EXECUTOR_CRON: z.string().min(1).default('* * * * *'),
    /** How long a claimed task is a worker's before another may take it over; renewed every third of it while the task runs. */
    TASK_LEASE_SECONDS: z.coerce.number().int().min(5).max(3600).default(120),
    /** Tasks one worker claims per query and runs side by side. */
    TASK_BATCH_SIZE: z.coerce.number().int().min(1).max(500).default(20),
    /** Backoff before retry n: TASK_RETRY_BASE_SECONDS * 2^(n-1), at most TASK_RETRY_MAX_SECONDS. */
    TASK_RETRY_BASE_SECONDS: z.coerce.number().int().min(1).max(3600).default(30),
    TASK_RETRY_MAX_SECONDS: z.coerce.number().int().min(1).max(86_400).default(3600),
    /** node-cron expression of the agentic engine over pro and enterprise orgs. */
    AGENTIC_CRON: z.string().min(1).default('0 * * * *'),
    /** Tasks the agentic engine creates on its own wait this long before they run, so the owner can still undo them in the insights feed. */
    AGENTIC_UNDO_MINUTES: z.coerce.number().int().min(0).max(1440).default(10),
    /** node-cron expression of the scheduled-post publisher. */
    PUBLISH_POSTS_CRON: z.string().min(1).default('* * * * *'),
    /** node-cron expression of the daily owner summary email (UTC). */
    OWNER_SUMMARY_CRON: z.string().min(1).default('0 7 * * *'),
  })
  .superRefine((env, ctx) => {
    if (env.NODE_ENV === 'production' && !env.JWT_SECRET) {
      ctx.addIssue({ code: 'custom', path: ['JWT_SECRET'], message: 'is required in production' });
    }
    for (const [path, parse] of [
      ['AI_ROUTING', () => parseRouting(env.AI_ROUTING)],
      ['AI_PRICES', () => parsePrices(env.AI_PRICES)],
    ] as const) {
      try {
        parse();
      } catch (error) {
        ctx.addIssue({ code: 'custom', path: [path], message: error instanceof Error ? error.message : 'is invalid' });
      }
    }
    if (env.STRIPE_SECRET_KEY && !env.STRIPE_WEBHOOK_SECRET) {
      ctx.addIssue({ code: 'custom', path: ['STRIPE_WEBHOOK_SECRET'], message: 'is required with STRIPE_SECRET_KEY' });
    }
    if (env.LINKEDIN_CLIENT_ID && !env.LINKEDIN_CLIENT_SECRET) {
      ctx.addIssue({
        code: 'custom',
        path: ['LINKEDIN_CLIENT_SECRET'],
        message: 'is required with LINKEDIN_CLIENT_ID',
      });
    }
    if (env.NODE_ENV === 'production' && env.TELEGRAM_BOT_TOKEN && !env.TELEGRAM_WEBHOOK_SECRET) {
      ctx.addIssue({
        code: 'custom',
        path: ['TELEGRAM_WEBHOOK_SECRET'],
        message: 'is required in production with TELEGRAM_BOT_TOKEN',
      });
    }
    if (env.NODE_ENV === 'production' && env.TELEGRAM_UPDATES === 'polling') {
      ctx.addIssue({
        code: 'custom',
        path: ['TELEGRAM_UPDATES'],
        message: 'polling is for local development; production takes updates through the webhook',
      });
    }
    if (env.TOKEN_ENCRYPTION_KEY !== undefined && !parseEncryptionKey(env.TOKEN_ENCRYPTION_KEY)) {
      ctx.addIssue({
        code: 'custom',
        path: ['TOKEN_ENCRYPTION_KEY'],
        message: 'must be 32 bytes as base64 or 64 hex characters',
      });
    }
    for (const key of ['TASK_EXECUTOR_CRON', 'AGENTIC_CRON', 'PUBLISH_POSTS_CRON', 'OWNER_SUMMARY_CRON'] as const) {
      if (!isValidCron(env[key]))
        ctx.addIssue({
          code: 'custom',
          path: [key],
          message: 'is not a valid cron expression (like "0 7 * * *"; a leading seconds field is allowed)',
        });
    }
    if (env.NODE_ENV === 'production' && !env.TOKEN_ENCRYPTION_KEY) {
      ctx.addIssue({ code: 'custom', path: ['TOKEN_ENCRYPTION_KEY'], message: 'is required in production' });
    }
  })
  .transform((env) => ({ ...env, FRONTEND_URL: env.FRONTEND_URL ?? localUrl(env.PORT) }));

export type Env = z.infer<typeof envSchema>;

/**
 * The environment of a server that listens on `port`. PORT=0 lets the system pick a free port; a
 * FRONTEND_URL left unset (http://localhost:0 until then) becomes that port's address, so the links
 * the app makes lead back to this very server.
 */
export const atListenPort = (env: Env, port: number): Env =>
  env.PORT === port
    ? env
    : Object.freeze({
        ...env,
        PORT: port,
        FRONTEND_URL: env.FRONTEND_URL === localUrl(env.PORT) ? localUrl(port) : env.FRONTEND_URL,
      });

/** Names every bad variable and why, never its value. */
const formatIssues = (error: z.ZodError): string =>
  error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`).join('; ');

/** Variables where an empty value switches the feature off instead of taking the default. */
const EMPTY_MEANS_OFF = new Set(['WEB_DIST_DIR']);

export class EnvError extends Error {
  override name = 'EnvError';
}

export const loadEnv = (source: Record<string, string | undefined>): Env => {
  // Empty strings in .env files mean "not set", except where empty has a meaning of its own.
  const cleaned = Object.fromEntries(
    Object.entries(source).filter(([k, v]) => v !== undefined && (v !== '' || EMPTY_MEANS_OFF.has(k))),
  );
  const parsed = envSchema.safeParse(cleaned);
  if (!parsed.success) throw new EnvError(`Invalid environment: ${formatIssues(parsed.error)}`);
  return Object.freeze(parsed.data);
};
