import { randomBytes, randomInt } from 'node:crypto';

/**
 * The stand-ins own their credentials: fresh random ones at every start, handed to whoever started
 * the stand-in (the API, a test, or printed by a stand-alone one). Nothing guards anything real, but a
 * fixed key would let any local process drive a developer's stand-in, and would end up copied into code.
 */
export const newStripeKeys = (): { secretKey: string; webhookSecret: string } => ({
  secretKey: `sk_test_local_${randomBytes(12).toString('hex')}`,
  webhookSecret: `whsec_${randomBytes(24).toString('base64url')}`,
});

export const newLinkedInKeys = (): { clientId: string; clientSecret: string } => ({
  clientId: `local-${randomBytes(8).toString('hex')}`,
  clientSecret: randomBytes(32).toString('base64url'),
});

/** A bot token in Telegram's shape, `<bot id>:<35 characters>`; the stand-in's bot takes its id from it. */
export const newTelegramBotToken = (): string =>
  `${7_000_000_000 + randomInt(0, 999_999_999)}:AA${randomBytes(25).toString('base64url').slice(0, 33)}`;
