import { dirname, join } from 'node:path';
import { fromRoot } from '../config/paths';
import type { Logger } from './logger';
import type { Env } from '../config/env';
import type { LinkedInStandInTarget } from './linkedin-client';
import type { StripeStandInTarget } from './stripe-gateway';
import type { TelegramStandInTarget } from './telegram';

/*
 * The API's side of the local stand-ins (`@aiceo/stand-ins`, a devDependency: never in a production
 * install or image). This file is the only one that loads the package, lazily, and only outside
 * production when a real key is missing. The types below are what the API expects of it; the
 * package's own types are checked against them where it is imported, and nothing of it is imported
 * statically, so the built API runs without the package.
 */

export type RunningStripeStandIn = StripeStandInTarget & { setWebhookUrl(url: string): void; close(): Promise<void> };
export type RunningLinkedInStandIn = LinkedInStandInTarget & { close(): Promise<void> };
export type RunningTelegramStandIn = TelegramStandInTarget & { close(): Promise<void> };

/** `@aiceo/stand-ins/embedded` as the API uses it. */
export type StandInsModule = {
  startEmbeddedStripe(options: {
    priceIds: { pro: string; enterprise: string };
    /** Where its customers and subscriptions outlive a restart. */
    stateFile?: string;
  }): Promise<RunningStripeStandIn>;
  startLocalLinkedIn(options?: { port?: number }): Promise<RunningLinkedInStandIn>;
  startLocalTelegram(options?: { port?: number }): Promise<RunningTelegramStandIn>;
};

export type LocalStandIns = {
  stripe: RunningStripeStandIn | null;
  linkedin: RunningLinkedInStandIn | null;
  telegram: RunningTelegramStandIn | null;
  close(): Promise<void>;
};

/** No STRIPE_SECRET_KEY and no stand-in of one's own (STRIPE_API_PORT): one in-process. Never in production. */
export const wantsEmbeddedStripe = (env: Env): boolean =>
  env.NODE_ENV !== 'production' && !env.STRIPE_SECRET_KEY && !env.STRIPE_API_PORT;

/** No LINKEDIN_CLIENT_ID and no stand-in of one's own (LINKEDIN_*_BASE_URL): one in-process. Never in production. */
export const wantsEmbeddedLinkedIn = (env: Env): boolean =>
  env.NODE_ENV !== 'production' && !env.LINKEDIN_CLIENT_ID && !env.LINKEDIN_AUTH_BASE_URL && !env.LINKEDIN_API_BASE_URL;

/** No TELEGRAM_BOT_TOKEN and no stand-in of one's own (TELEGRAM_API_ROOT): one in-process. Never in production. */
export const wantsEmbeddedTelegram = (env: Env): boolean =>
  env.NODE_ENV !== 'production' && !env.TELEGRAM_BOT_TOKEN && !env.TELEGRAM_API_ROOT;

/** The Stripe stand-in's state, in the data folder beside the PGlite database (<repo>/.data/stand-ins/stripe.json). */
export const stripeStandInStateFile = (env: Env): string =>
  join(dirname(fromRoot(env.PGLITE_DATA_DIR)), 'stand-ins', 'stripe.json');

const none: LocalStandIns = { stripe: null, linkedin: null, telegram: null, close: async () => undefined };

/**
 * Starts the stand-ins this environment wants (none in production, none when the keys are there).
 * Without the package installed (a production install run in development), it says so and starts none:
 * billing and LinkedIn calls then fail as unreachable, and there is no Telegram bot.
 */
export const startLocalStandIns = async (env: Env, log: Logger): Promise<LocalStandIns> => {
  const stripeWanted = wantsEmbeddedStripe(env);
  const linkedinWanted = wantsEmbeddedLinkedIn(env);
  const telegramWanted = wantsEmbeddedTelegram(env);
  if (env.NODE_ENV === 'production' || (!stripeWanted && !linkedinWanted && !telegramWanted)) return none;
  let standIns: StandInsModule;
  try {
    standIns = await import('@aiceo/stand-ins/embedded');
  } catch (error) {
    log.warn(
      { err: error },
      'local stand-ins not installed (@aiceo/stand-ins): Stripe and LinkedIn are unreachable, no Telegram bot',
    );
    return none;
  }
  const stripe = stripeWanted
    ? await standIns.startEmbeddedStripe({
        priceIds: { pro: env.STRIPE_PRICE_PRO, enterprise: env.STRIPE_PRICE_ENTERPRISE },
        stateFile: stripeStandInStateFile(env),
      })
    : null;
  const linkedin = linkedinWanted ? await standIns.startLocalLinkedIn({ port: 0 }) : null;
  const telegram = telegramWanted ? await standIns.startLocalTelegram({ port: 0 }) : null;
  return {
    stripe,
    linkedin,
    telegram,
    close: async () => {
      await Promise.all([stripe?.close(), linkedin?.close(), telegram?.close()]);
    },
  };
};
