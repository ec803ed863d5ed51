import type { Deps } from '../../deps';
import { AppError } from '../../http/app-error';
import type { RateLimitWindow } from '../../lib/rate-limiter';

/** One bucket of the public widget's rate limits and the words the widget shows when it is full. */
export type WidgetLimit = RateLimitWindow & { key: string; message: (seconds: number) => string };

const tooFast = (seconds: number) =>
  `You are sending messages too quickly. Please wait ${seconds} seconds and try again.`;

export const widgetLimits = {
  /** One visitor's messages: a burst of a few, then about one every 6 seconds. */
  visitorMessages: (tokenHash: string): WidgetLimit => ({
    key: `widget:msg:${tokenHash}`,
    limit: 10,
    windowSeconds: 60,
    message: tooFast,
  }),
  /** One visitor's polling for a teammate's replies (every few seconds while the chat is open). */
  visitorSync: (tokenHash: string): WidgetLimit => ({
    key: `widget:sync:${tokenHash}`,
    limit: 60,
    windowSeconds: 60,
    message: (seconds) => `The chat is checking for replies too often. It will try again in ${seconds} seconds.`,
  }),
  /** New conversations from one address (a bot opening thousands). */
  startsPerIp: (ip: string): WidgetLimit => ({
    key: `widget:start:${ip}`,
    limit: 20,
    windowSeconds: 600,
    message: (seconds) => `Too many chats were started from your network. Please try again in ${seconds} seconds.`,
  }),
  /** Every call to one org's widget, whoever makes it: a cap on what a flood can cost the owner. */
  site: (orgId: string): WidgetLimit => ({
    key: `widget:site:${orgId}`,
    limit: 600,
    windowSeconds: 60,
    message: (seconds) => `This chat is very busy right now. Please try again in ${seconds} seconds.`,
  }),
};

/** Counts one hit on every bucket (side by side); 429 RATE_LIMITED with the first full bucket's plain message. */
export const countWidgetHit = async ({ rateLimiter }: Pick<Deps, 'rateLimiter'>, ...limits: WidgetLimit[]) => {
  const results = await Promise.all(
    limits.map(({ key, limit, windowSeconds }) => rateLimiter.hit(key, { limit, windowSeconds })),
  );
  results.forEach((result, index) => {
    if (!result.allowed)
      throw new AppError(
        'RATE_LIMITED',
        limits[index]?.message(result.retryAfterSeconds) ?? 'Too many requests; please wait and try again.',
        { retryAfterSeconds: result.retryAfterSeconds },
        { headers: { 'Retry-After': String(result.retryAfterSeconds) } },
      );
  });
};
