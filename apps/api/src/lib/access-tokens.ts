import { createHmac, createSecretKey, type KeyObject } from 'node:crypto';
import jwt from 'jsonwebtoken';

/** `sessionVersion` is the user's User.sessionVersion when the token was issued (claim "sv"). */
export type AccessClaims = { userId: string; isPlatformAdmin: boolean; sessionVersion: number };
export type IssuedAccessToken = { token: string; expiresAt: Date };

export type AccessTokens = {
  /** Signs a token valid for the TTL from `issuedAt` (default: now, on the wall clock). */
  issue(claims: AccessClaims, issuedAt?: Date): IssuedAccessToken;
  /**
   * Returns the claims, or null for any invalid token: expired, tampered, wrong algorithm, issuer
   * or audience, without `exp`, `iat` or `sv`, or issued in the future.
   */
  verify(token: string): AccessClaims | null;
  /** HMAC-SHA256 of `data` under the same secret, separated by `purpose` (signed links such as unsubscribe). */
  mac(purpose: string, data: Buffer): Buffer;
};

const ALGORITHM = 'HS256';
// A token may say it was issued this many seconds ahead of our clock (servers' clocks drift a
// little); one from further in the future was not made by a well-behaved issuer, and would
// outlive its TTL, so it is refused.
const MAX_CLOCK_SKEW_SECONDS = 5;

const isCount = (value: unknown): value is number =>
  typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;

/**
 * Access tokens are short-lived HS256 JWTs. The secret is a pre-built KeyObject:
 * with a string secret jsonwebtoken tries createPublicKey on every verify, which costs
 * hundreds of microseconds (PLATFORM_NOTES, auth0/node-jsonwebtoken#966).
 * They are issued and checked on the wall clock, not deps.clock: `iat` and `exp` are facts
 * every verifier reads the same way, and tests that move the fake clock by days (to expire an
 * invitation, a billing grace period) keep their sessions.
 */
export const createAccessTokens = (options: {
  secret: string;
  issuer: string;
  audience: string;
  ttlSeconds: number;
}): AccessTokens => {
  const key: KeyObject = createSecretKey(Buffer.from(options.secret, 'utf8'));
  return {
    mac: (purpose, data) =>
      createHmac('sha256', createHmac('sha256', key).update(purpose).digest()).update(data).digest(),
    issue: ({ userId, isPlatformAdmin, sessionVersion }, issuedAt = new Date()) => {
      const iat = Math.floor(issuedAt.getTime() / 1000);
      const exp = iat + options.ttlSeconds;
      const token = jwt.sign({ adm: isPlatformAdmin, sv: sessionVersion, iat, exp }, key, {
        algorithm: ALGORITHM,
        issuer: options.issuer,
        audience: options.audience,
        subject: userId,
      });
      return { token, expiresAt: new Date(exp * 1000) };
    },
    verify: (token) => {
      try {
        // One reading of the clock for both checks: jsonwebtoken's `exp` and ours on `iat`.
        const nowSeconds = Math.floor(Date.now() / 1000);
        const payload = jwt.verify(token, key, {
          algorithms: [ALGORITHM],
          issuer: options.issuer,
          audience: options.audience,
          clockTimestamp: nowSeconds,
        });
        if (typeof payload !== 'object' || typeof payload.sub !== 'string') return null;
        // jsonwebtoken accepts a token without `exp` (it would never expire) and one whose `iat` is ahead.
        if (!isCount(payload.exp) || !isCount(payload.iat) || payload.iat > nowSeconds + MAX_CLOCK_SKEW_SECONDS)
          return null;
        const sessionVersion = payload['sv'];
        if (!isCount(sessionVersion)) return null;
        return { userId: payload.sub, isPlatformAdmin: payload['adm'] === true, sessionVersion };
      } catch {
        return null;
      }
    },
  };
};
