import { createHmac, createSecretKey, type KeyObject } from 'node:crypto';
import jwt from 'jsonwebtoken';

export type AccessClaims = { userId: string; isPlatformAdmin: boolean };
export type IssuedAccessToken = { token: string; expiresAt: Date };

export type AccessTokens = {
  issue(claims: AccessClaims, now: Date): IssuedAccessToken;
  /** Returns the claims, or null for any invalid token (expired, tampered, wrong algorithm, issuer, audience). */
  verify(token: string): AccessClaims | null;
  /** HMAC-SHA256 of `data` under the same secret, separated by `purpose` (signed links such as unsubscribe). */
  mac(purpose: string, data: Buffer): Buffer;
};

const ALGORITHM = 'HS256';

/**
 * Access tokens are short-lived HS256 JWTs. The secret is a pre-built KeyObject:
 * with a string secret jsonwebtoken tries createPublicKey on every verify, which costs
 * hundreds of microseconds (PLATFORM_NOTES, auth0/node-jsonwebtoken#966).
 */
export const createAccessTokens = (options: { secret: string; issuer: string; audience: string; ttlSeconds: number }): AccessTokens => {
  const key: KeyObject = createSecretKey(Buffer.from(options.secret, 'utf8'));
  return {
    mac: (purpose, data) => createHmac('sha256', createHmac('sha256', key).update(purpose).digest()).update(data).digest(),
    issue: ({ userId, isPlatformAdmin }, now) => {
      const iat = Math.floor(now.getTime() / 1000);
      const exp = iat + options.ttlSeconds;
      const token = jwt.sign({ adm: isPlatformAdmin, iat, exp }, key, {
        algorithm: ALGORITHM,
        issuer: options.issuer,
        audience: options.audience,
        subject: userId,
      });
      return { token, expiresAt: new Date(exp * 1000) };
    },
    verify: (token) => {
      try {
        const payload = jwt.verify(token, key, {
          algorithms: [ALGORITHM],
          issuer: options.issuer,
          audience: options.audience,
        });
        if (typeof payload !== 'object' || typeof payload.sub !== 'string') return null;
        return { userId: payload.sub, isPlatformAdmin: payload['adm'] === true };
      } catch {
        return null;
      }
    },
  };
};
