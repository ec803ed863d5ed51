import type { Clock } from '../deps';

export type RateLimitResult = { allowed: true } | { allowed: false; retryAfterSeconds: number };

/** Counts hits per key in fixed windows. One process's memory: each API instance limits on its own. */
export type RateLimiter = {
  hit(key: string, options: { limit: number; windowSeconds: number }): RateLimitResult;
  /** Checks without counting. */
  peek(key: string, options: { limit: number; windowSeconds: number }): RateLimitResult;
  reset(key: string): void;
};

const MAX_KEYS = 100_000;

export const createMemoryRateLimiter = (clock: Clock): RateLimiter => {
  const windows = new Map<string, { count: number; resetAt: number }>();

  const current = (key: string, windowSeconds: number) => {
    const now = clock.now().getTime();
    const entry = windows.get(key);
    if (entry && entry.resetAt > now) return { entry, now };
    if (windows.size >= MAX_KEYS) {
      for (const [k, v] of windows) if (v.resetAt <= now) windows.delete(k);
    }
    const fresh = { count: 0, resetAt: now + windowSeconds * 1000 };
    windows.set(key, fresh);
    return { entry: fresh, now };
  };
  const verdict = (entry: { count: number; resetAt: number }, now: number, limit: number): RateLimitResult =>
    entry.count > limit ? { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((entry.resetAt - now) / 1000)) } : { allowed: true };

  return {
    hit: (key, { limit, windowSeconds }) => {
      const { entry, now } = current(key, windowSeconds);
      entry.count += 1;
      return verdict(entry, now, limit);
    },
    peek: (key, { limit, windowSeconds }) => {
      const { entry, now } = current(key, windowSeconds);
      return entry.count >= limit
        ? { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((entry.resetAt - now) / 1000)) }
        : { allowed: true };
    },
    reset: (key) => {
      windows.delete(key);
    },
  };
};
