import type { Env } from '../../config/env';
import { AppError } from '../../http/app-error';
import type { RateLimiter, RateLimitResult } from '../../lib/rate-limiter';

/** One rate-limit bucket: its key, how many hits it allows, and over what window. */
export type Limit = { key: string; limit: number; windowSeconds: number };

const throwIfLimited = (result: RateLimitResult): void => {
  if (result.allowed) return;
  throw new AppError(
    'RATE_LIMITED',
    `Too many attempts; try again in ${result.retryAfterSeconds} seconds`,
    { retryAfterSeconds: result.retryAfterSeconds },
    { headers: { 'Retry-After': String(result.retryAfterSeconds) } },
  );
};

/** Counts this attempt against the bucket; throws 429 once it is over the limit. */
export const countAttempt = async (limiter: RateLimiter, { key, ...options }: Limit): Promise<void> =>
  throwIfLimited(await limiter.hit(key, options));

/** Throws 429 when the bucket is already full, without counting. */
export const assertUnderLimit = async (limiter: RateLimiter, { key, ...options }: Limit): Promise<void> =>
  throwIfLimited(await limiter.peek(key, options));

type Flow = 'login' | 'signup' | 'forgot';

/** Every attempt from one client address. */
export const ipLimit = (env: Env, { flow, ip }: { flow: Flow; ip: string }): Limit => ({
  key: `${flow}:ip:${ip}`,
  limit: env.LOGIN_RATE_LIMIT_PER_IP,
  windowSeconds: env.LOGIN_RATE_LIMIT_WINDOW_SECONDS,
});

/** Attempts on one email, whether or not an account has it, so a 429 reveals nothing. */
export const accountLimit = (env: Env, { flow, email }: { flow: Flow; email: string }): Limit => ({
  key: `${flow}:account:${email}`,
  limit: env.LOGIN_RATE_LIMIT_PER_ACCOUNT,
  windowSeconds: env.LOGIN_RATE_LIMIT_WINDOW_SECONDS,
});
