import type { RequestHandler } from 'express';
import type { Deps } from '../../deps';
import { sha256 } from '../../lib/crypto';
import { AppError } from '../app-error';

export const API_KEY_PREFIX = 'aiceo_';
const LAST_USED_RESOLUTION_MS = 60_000;

const bearerOf = (header: string | undefined): string | null => {
  if (!header) return null;
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  return match?.[1] ?? null;
};

/**
 * Accepts `Authorization: Bearer <access JWT>` or `Bearer <org API key>` and sets req.auth.
 * Every failure is the same 401, so a caller learns nothing about which part was wrong.
 */
export const requireAuth = (deps: Pick<Deps, 'db' | 'tokens' | 'clock'>, options: { allowApiKeys: boolean }): RequestHandler =>
  async (req, _res, next) => {
    const token = bearerOf(req.headers.authorization);
    if (!token) throw new AppError('UNAUTHENTICATED', 'Sign in first: send Authorization: Bearer <token>');

    if (token.startsWith(API_KEY_PREFIX)) {
      if (!options.allowApiKeys) throw new AppError('FORBIDDEN', 'API keys can only be used on organisation routes');
      const now = deps.clock.now();
      const key = await deps.db.apiKey.findUnique({
        where: { keyHash: sha256(token) },
        select: { id: true, orgId: true, scopes: true, revokedAt: true, lastUsedAt: true },
      });
      if (!key || key.revokedAt) throw new AppError('UNAUTHENTICATED', 'Invalid or revoked API key');
      // Coarse last-used time: one write a minute per key, not one per request.
      if (!key.lastUsedAt || now.getTime() - key.lastUsedAt.getTime() > LAST_USED_RESOLUTION_MS) {
        await deps.db.apiKey.update({ where: { id: key.id }, data: { lastUsedAt: now }, select: { id: true } });
      }
      req.auth = { kind: 'apiKey', apiKeyId: key.id, orgId: key.orgId, scopes: key.scopes };
      return next();
    }

    const claims = deps.tokens.verify(token);
    if (!claims) throw new AppError('UNAUTHENTICATED', 'Invalid or expired access token');
    req.auth = { kind: 'user', userId: claims.userId, isPlatformAdmin: claims.isPlatformAdmin };
    next();
  };
