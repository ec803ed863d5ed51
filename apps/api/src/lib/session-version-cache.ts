import type { Clock } from './clock';

/**
 * Remembers each user's session version for a moment, so requireAuth does not query on every
 * request. Only existing users are kept. A change in this process invalidates its user at once;
 * one made by another instance is seen after at most `ttlMs` (like OrgAccessCache).
 */
export type SessionVersionCache = {
  get(userId: string): number | undefined;
  /** A stamp to take before reading the version from the database, and to hand to `set`. */
  stamp(): number;
  /** Keeps a version read after `stamp`, unless an invalidation came in between (the read may be stale). */
  set(options: { userId: string; version: number; stamp: number }): void;
  invalidateUser(userId: string): void;
};

const MAX_USERS = 100_000;

export const createSessionVersionCache = (options: { ttlMs: number; clock: Clock }): SessionVersionCache => {
  const byUser = new Map<string, { version: number; expiresAt: number }>();
  let invalidations = 0;
  if (options.ttlMs <= 0)
    return { get: () => undefined, stamp: () => 0, set: () => undefined, invalidateUser: () => undefined };
  return {
    get: (userId) => {
      const entry = byUser.get(userId);
      if (!entry) return undefined;
      if (entry.expiresAt > options.clock.now().getTime()) return entry.version;
      byUser.delete(userId);
      return undefined;
    },
    stamp: () => invalidations,
    set: ({ userId, version, stamp }) => {
      if (stamp !== invalidations) return;
      if (byUser.size >= MAX_USERS && !byUser.has(userId)) byUser.clear();
      byUser.set(userId, { version, expiresAt: options.clock.now().getTime() + options.ttlMs });
    },
    invalidateUser: (userId) => {
      invalidations += 1;
      byUser.delete(userId);
    },
  };
};
