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

// One atomic upsert per call: concurrent requests on the same day each add exactly one.
const COUNT_API_CALL_SQL = `INSERT INTO "ApiUsageDaily" ("orgId", "day", "calls") VALUES ($1, $2::date, 1)
ON CONFLICT ("orgId", "day") DO UPDATE SET "calls" = "ApiUsageDaily"."calls" + 1`;

const accountGone = () => new AppError('UNAUTHENTICATED', 'This account no longer exists; sign in again');
const sessionEnded = () =>
  new AppError('UNAUTHENTICATED', 'This session has ended (password changed or signed out everywhere); sign in again');

/**
 * The user's current session version, from the short-lived cache or one driver-level read (this
 * runs on every signed-in request); null when the user no longer exists.
 */
const findSessionVersion = async (
  deps: Pick<Deps, 'database' | 'sessionVersions'>,
  userId: string,
): Promise<number | null> => {
  const cached = deps.sessionVersions.get(userId);
  if (cached !== undefined) return cached;
  const stamp = deps.sessionVersions.stamp();
  const rows = await deps.database.query<{ sessionVersion: number }>(
    'SELECT "sessionVersion" FROM "User" WHERE "id" = $1',
    [userId],
  );
  const version = rows[0]?.sessionVersion ?? null;
  if (version !== null) deps.sessionVersions.set({ userId, version, stamp });
  return version;
};

/**
 * Accepts `Authorization: Bearer <access JWT>` or `Bearer <org API key>` and sets req.auth.
 * An access token counts only while its user exists and its session version is the user's
 * current one: changing or resetting the password and "log out everywhere" bump the version.
 * Every failure is 401 UNAUTHENTICATED, whichever check failed (a forged or foreign token is
 * told nothing more than "invalid"); the one 403 is a key sent where keys are not allowed.
 * Each request with a valid key counts as one API call of its org for the UTC day.
 */
export const requireAuth =
  (
    deps: Pick<Deps, 'db' | 'database' | 'tokens' | 'clock' | 'sessionVersions'>,
    options: { allowApiKeys: boolean },
  ): RequestHandler =>
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
      const counted = deps.database.query(COUNT_API_CALL_SQL, [key.orgId, now.toISOString().slice(0, 10)]);
      // Coarse last-used time: one write a minute per key, not one per request.
      const touched =
        !key.lastUsedAt || now.getTime() - key.lastUsedAt.getTime() > LAST_USED_RESOLUTION_MS
          ? deps.db.apiKey.update({ where: { id: key.id }, data: { lastUsedAt: now }, select: { id: true } })
          : undefined;
      await Promise.all([counted, touched]);
      req.auth = { kind: 'apiKey', apiKeyId: key.id, orgId: key.orgId, scopes: key.scopes };
      return next();
    }

    const claims = deps.tokens.verify(token);
    if (!claims) throw new AppError('UNAUTHENTICATED', 'Invalid or expired access token');
    const sessionVersion = await findSessionVersion(deps, claims.userId);
    if (sessionVersion === null) throw accountGone();
    if (claims.sessionVersion !== sessionVersion) throw sessionEnded();
    req.auth = { kind: 'user', userId: claims.userId, isPlatformAdmin: claims.isPlatformAdmin };
    next();
  };
