import type Redis from 'ioredis';
import {
  RateLimiterMemory,
  RateLimiterPrisma,
  RateLimiterRedis,
  RateLimiterRes,
  type RateLimiterAbstract,
} from 'rate-limiter-flexible';
import type { Database } from '../db/database';
import type { Logger } from './logger';

export type RateLimitResult = { allowed: true } | { allowed: false; retryAfterSeconds: number };
export type RateLimitWindow = { limit: number; windowSeconds: number };

/**
 * Counts hits per key in fixed windows, in a store every API instance shares (the database, or
 * Redis), so a limit holds however many instances serve the requests. Windows run on real time
 * (the library's clock), not on deps.clock.
 */
export type RateLimiter = {
  hit(key: string, window: RateLimitWindow): Promise<RateLimitResult>;
  /** Checks without counting. */
  peek(key: string, window: RateLimitWindow): Promise<RateLimitResult>;
  reset(key: string): Promise<void>;
  /** Releases what the limiter opened itself (the Redis connection); the database closes with the app. */
  close(): Promise<void>;
};

type StoreOptions = { points: number; duration: number; keyPrefix: string };

const KEY_PREFIX = 'rl';

const limitedFor = (res: RateLimiterRes): RateLimitResult => ({
  allowed: false,
  retryAfterSeconds: Math.max(1, Math.ceil(res.msBeforeNext / 1000)),
});

/**
 * rate-limiter-flexible fixes points and duration per limiter, while callers pass them per call:
 * one library limiter per (limit, window), all over the same keys in the same store.
 */
const createLibraryRateLimiter = (options: {
  build: (store: StoreOptions) => RateLimiterAbstract;
  beforeHit?: () => Promise<void>;
  afterReset?: (key: string) => Promise<void>;
  close?: () => Promise<void>;
}): RateLimiter => {
  const limiters = new Map<string, RateLimiterAbstract>();
  const limiterFor = ({ limit, windowSeconds }: RateLimitWindow): RateLimiterAbstract => {
    const id = `${limit}/${windowSeconds}`;
    let limiter = limiters.get(id);
    if (!limiter)
      limiters.set(id, (limiter = options.build({ points: limit, duration: windowSeconds, keyPrefix: KEY_PREFIX })));
    return limiter;
  };
  // Deleting a key does not depend on its limit.
  const deleter = options.build({ points: 1, duration: 1, keyPrefix: KEY_PREFIX });

  return {
    hit: async (key, window) => {
      await options.beforeHit?.();
      try {
        await limiterFor(window).consume(key);
        return { allowed: true };
      } catch (error) {
        // The library rejects with a RateLimiterRes when over the limit, with an Error when the store fails.
        if (error instanceof RateLimiterRes) return limitedFor(error);
        throw error;
      }
    },
    peek: async (key, window) => {
      const res = await limiterFor(window).get(key);
      return res && res.consumedPoints >= window.limit ? limitedFor(res) : { allowed: true };
    },
    reset: async (key) => {
      await deleter.delete(key);
      await options.afterReset?.(key);
    },
    close: async () => {
      await options.close?.();
    },
  };
};

const SWEEP_EVERY_MS = 5 * 60_000;

/**
 * Buckets in the app's own database (table RateLimiterFlexible), through Prisma: the one client that
 * reaches both PostgreSQL and embedded PGlite, which has no `pg` pool for RateLimiterPostgres.
 */
export const createDatabaseRateLimiter = (options: {
  prisma: Database['prisma'];
  log: Logger;
  sweepEveryMs?: number;
}): RateLimiter => {
  const { prisma, log, sweepEveryMs = SWEEP_EVERY_MS } = options;
  // Expired rows are deleted here, on the first hit and then at most every sweepEveryMs per instance,
  // rather than by the library's own timer (clearExpiredByTimeout), which nothing can stop on close.
  let lastSweepAt = -Infinity;
  const sweep = async () => {
    const now = Date.now();
    if (now - lastSweepAt < sweepEveryMs) return;
    lastSweepAt = now;
    try {
      await prisma.rateLimiterFlexible.deleteMany({ where: { expire: { lt: new Date(now) } } });
    } catch (error) {
      log.warn({ err: error }, 'rate limits: could not delete expired buckets');
    }
  };
  return createLibraryRateLimiter({
    build: (store) => new RateLimiterPrisma({ ...store, storeClient: prisma, clearExpiredByTimeout: false }),
    beforeHit: sweep,
  });
};

/**
 * Buckets in Redis, which expires them itself. While Redis cannot answer, each instance falls back
 * to limits in its own memory (the library's insurance limiter) rather than refusing every login.
 */
export const createRedisRateLimiter = ({ redis }: { redis: Redis }): RateLimiter => {
  const fallbacks: RateLimiterMemory[] = [];
  const fallbackFor = (store: StoreOptions) => {
    const fallback = new RateLimiterMemory(store);
    fallbacks.push(fallback);
    return fallback;
  };
  return createLibraryRateLimiter({
    build: (store) => new RateLimiterRedis({ ...store, storeClient: redis, insuranceLimiter: fallbackFor(store) }),
    // Each limiter falls back to a memory of its own; a reset must clear the key in all of them.
    afterReset: async (key) => {
      await Promise.all(fallbacks.map((fallback) => fallback.delete(key)));
    },
    close: async () => {
      // quit() lets pending replies arrive, but would first connect a client that never did (lazyConnect).
      if (redis.status === 'ready') await redis.quit();
      else redis.disconnect();
    },
  });
};
