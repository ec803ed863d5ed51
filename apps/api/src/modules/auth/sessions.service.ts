import { randomUUID } from 'node:crypto';
import type { AuthSession, User } from '@aiceo/shared/auth';
import type { Deps } from '../../deps';
import type { Prisma } from '../../generated/prisma/client';
import { AppError } from '../../http/app-error';
import { randomToken, sha256 } from '../../lib/crypto';

export type Db = Prisma.TransactionClient;

const DAY_MS = 24 * 60 * 60 * 1000;

export const userSelect = {
  id: true,
  email: true,
  name: true,
  isPlatformAdmin: true,
  createdAt: true,
} as const satisfies Prisma.UserSelect;
export type UserRow = Prisma.UserGetPayload<{ select: typeof userSelect }>;

/** A user as a new session needs it: the DTO fields plus the session version its access token carries. */
export const sessionUserSelect = { ...userSelect, sessionVersion: true } as const satisfies Prisma.UserSelect;
export type SessionUserRow = Prisma.UserGetPayload<{ select: typeof sessionUserSelect }>;

// Field by field, so that a wider row (sessionVersion, passwordHash) never reaches the wire.
export const toUserDto = ({ id, email, name, isPlatformAdmin, createdAt }: UserRow): User => ({
  id,
  email,
  name,
  isPlatformAdmin,
  createdAt: createdAt.toISOString(),
});

const invalidRefreshToken = () =>
  new AppError('UNAUTHENTICATED', 'Invalid, expired or revoked refresh token; sign in again');

/** Issues an access token and a new refresh token (in `familyId`, or a new family for a fresh sign-in). */
export const startSession = async (
  { db, env, tokens, clock }: Pick<Deps, 'env' | 'tokens' | 'clock'> & { db: Db },
  { user, familyId }: { user: SessionUserRow; familyId?: string },
): Promise<AuthSession> => {
  const now = clock.now();
  const refreshToken = randomToken(32);
  const refreshTokenExpiresAt = new Date(now.getTime() + env.REFRESH_TOKEN_TTL_DAYS * DAY_MS);
  await db.refreshToken.create({
    data: {
      userId: user.id,
      familyId: familyId ?? randomUUID(),
      tokenHash: sha256(refreshToken),
      expiresAt: refreshTokenExpiresAt,
      createdAt: now,
    },
    select: { id: true },
  });
  const access = tokens.issue({
    userId: user.id,
    isPlatformAdmin: user.isPlatformAdmin,
    sessionVersion: user.sessionVersion,
  });
  return {
    accessToken: access.token,
    accessTokenExpiresAt: access.expiresAt.toISOString(),
    refreshToken,
    refreshTokenExpiresAt: refreshTokenExpiresAt.toISOString(),
    user: toUserDto(user),
  };
};

export const revokeFamily = (db: Db, { familyId, now }: { familyId: string; now: Date }) =>
  db.refreshToken.updateMany({ where: { familyId, revokedAt: null }, data: { revokedAt: now } });

/**
 * Ends every session of the user: revokes their refresh tokens and bumps their session version,
 * which voids every access token issued before. Run it inside the caller's transaction, then call
 * `forgetSessionVersion` once that has committed. Resolves to the new version.
 */
export const endAllSessions = async (db: Db, { userId, now }: { userId: string; now: Date }): Promise<number> => {
  await db.refreshToken.updateMany({ where: { userId, revokedAt: null }, data: { revokedAt: now } });
  const user = await db.user.update({
    where: { id: userId },
    data: { sessionVersion: { increment: 1 } },
    select: { sessionVersion: true },
  });
  return user.sessionVersion;
};

/**
 * Drops this process's cached session version of the user, so their old access tokens fail on
 * the next request here (other instances notice within their cache's TTL). Call it after the
 * commit: before, a request could read and cache the old version again.
 */
export const forgetSessionVersion = ({ sessionVersions }: Pick<Deps, 'sessionVersions'>, userId: string): void => {
  sessionVersions.invalidateUser(userId);
};

/**
 * Exchanges a refresh token for a new session in the same family. A token that was already
 * rotated is a replay (stolen, or a lost answer): its whole family is revoked, so whoever
 * holds the newest token is signed out too. The exception is a retry within
 * REFRESH_REUSE_GRACE_SECONDS of the rotation (a reload that never received the answer, a
 * race between tabs): that gets a fresh token in the same family instead (Auth0's "reuse interval").
 */
export const rotateRefreshToken = async (
  deps: Pick<Deps, 'db' | 'env' | 'tokens' | 'clock' | 'log'>,
  { refreshToken }: { refreshToken: string },
): Promise<AuthSession> => {
  const now = deps.clock.now();
  const graceMs = deps.env.REFRESH_REUSE_GRACE_SECONDS * 1000;
  const row = await deps.db.refreshToken.findUnique({
    where: { tokenHash: sha256(refreshToken) },
    select: {
      id: true,
      familyId: true,
      expiresAt: true,
      rotatedAt: true,
      revokedAt: true,
      user: { select: sessionUserSelect },
    },
  });
  if (!row) throw invalidRefreshToken();

  const onReuse = async () => {
    await revokeFamily(deps.db, { familyId: row.familyId, now });
    deps.log.warn({ userId: row.user.id, familyId: row.familyId }, 'refresh token reused; family revoked');
    return invalidRefreshToken();
  };
  const isGraceRetry = (rotatedAt: Date | null) => rotatedAt !== null && now.getTime() - rotatedAt.getTime() <= graceMs;
  const retryInFamily = () => startSession(deps, { user: row.user, familyId: row.familyId });

  if (row.revokedAt) throw await onReuse();
  if (row.expiresAt <= now) throw invalidRefreshToken();
  if (row.rotatedAt) {
    if (isGraceRetry(row.rotatedAt)) return retryInFamily();
    throw await onReuse();
  }

  const session = await deps.db.$transaction(async (tx) => {
    // The conditional claim lets exactly one of several concurrent refreshes with this token rotate it.
    const claimed = await tx.refreshToken.updateMany({
      where: { id: row.id, rotatedAt: null, revokedAt: null },
      data: { rotatedAt: now },
    });
    if (claimed.count === 0) return null;
    return startSession({ ...deps, db: tx }, { user: row.user, familyId: row.familyId });
  });
  if (session) return session;
  // Lost the race: a sibling request rotated it a moment ago, unless it was revoked meanwhile.
  const current = await deps.db.refreshToken.findUnique({
    where: { id: row.id },
    select: { rotatedAt: true, revokedAt: true },
  });
  if (current && !current.revokedAt && isGraceRetry(current.rotatedAt)) return retryInFamily();
  throw await onReuse();
};

/**
 * Revokes the family of `refreshToken` (unknown tokens are ignored). With `everywhere`, a
 * still-valid token ends every session of its user, access tokens included.
 */
export const logout = async (
  { db, clock, sessionVersions }: Pick<Deps, 'db' | 'clock' | 'sessionVersions'>,
  { refreshToken, everywhere }: { refreshToken?: string; everywhere: boolean },
): Promise<void> => {
  if (!refreshToken) return;
  const now = clock.now();
  const row = await db.refreshToken.findUnique({
    where: { tokenHash: sha256(refreshToken) },
    select: { userId: true, familyId: true, expiresAt: true, rotatedAt: true, revokedAt: true },
  });
  if (!row) return;
  const isLive = !row.rotatedAt && !row.revokedAt && row.expiresAt > now;
  if (!everywhere || !isLive) {
    await revokeFamily(db, { familyId: row.familyId, now });
    return;
  }
  await db.$transaction((tx) => endAllSessions(tx, { userId: row.userId, now }));
  forgetSessionVersion({ sessionVersions }, row.userId);
};
