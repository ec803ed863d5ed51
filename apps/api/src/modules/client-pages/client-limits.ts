import type { Deps } from '../../deps';
import type { RateLimitWindow } from '../../lib/rate-limiter';

/** One bucket of the public pages' rate limits. */
export type ClientPageLimit = RateLimitWindow & { key: string };

// Per address and per link: a person reads and prints a few times a minute; a scraper or a
// script hammering one link stops here. Answers (accept, decline) are rarer still.
export const clientPageLimits = {
  viewsPerIp: (ip: string): ClientPageLimit => ({ key: `client-page:ip:${ip}`, limit: 60, windowSeconds: 60 }),
  viewsPerLink: (tokenHash: string): ClientPageLimit => ({
    key: `client-page:link:${tokenHash}`,
    limit: 120,
    windowSeconds: 60,
  }),
  answersPerIp: (ip: string): ClientPageLimit => ({ key: `client-page:answer:${ip}`, limit: 20, windowSeconds: 600 }),
  answersPerLink: (tokenHash: string): ClientPageLimit => ({
    key: `client-page:answer-link:${tokenHash}`,
    limit: 20,
    windowSeconds: 600,
  }),
};

/** Counts one hit on each bucket; the seconds to wait when one is full, else null. */
export const countClientPageHit = async (
  { rateLimiter }: Pick<Deps, 'rateLimiter'>,
  limits: ClientPageLimit[],
): Promise<number | null> => {
  const results = await Promise.all(
    limits.map(({ key, limit, windowSeconds }) => rateLimiter.hit(key, { limit, windowSeconds })),
  );
  const waits = results.flatMap((r) => (r.allowed ? [] : [r.retryAfterSeconds]));
  return waits.length > 0 ? Math.max(...waits) : null;
};
