import bcrypt from 'bcrypt';
import type {
  AuthConfig,
  AuthSession,
  ChangePasswordInput,
  LoginInput,
  SignupInput,
  UpdateProfileInput,
  User,
} from '@aiceo/shared/auth';
import type { Deps } from '../../deps';
import { Prisma } from '../../generated/prisma/client';
import { AppError } from '../../http/app-error';
import { randomToken } from '../../lib/crypto';
import { isPrivateMode } from '../../lib/platform-settings';
import type { RateLimiter } from '../../lib/rate-limiter';
import { accountLimit, assertUnderLimit, countAttempt, ipLimit } from './auth.limits';
import {
  endAllSessions,
  forgetSessionVersion,
  sessionUserSelect,
  startSession,
  toUserDto,
  userSelect,
  type Db,
} from './sessions.service';

/**
 * Transaction-level advisory lock that serialises signups, so exactly one of several concurrent
 * first signups becomes platform admin (distinct from the migrator's key 72707369).
 */
export const FIRST_USER_LOCK_KEY = 72707370;

const WRONG_CREDENTIALS = 'Wrong email or password';

type SessionDeps = Pick<Deps, 'db' | 'env' | 'tokens' | 'clock' | 'rateLimiter'>;

const emailTaken = (email: string) => new AppError('ALREADY_EXISTS', `An account with ${email} already exists`);
const isUniqueViolation = (error: unknown) =>
  error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002';

// Unknown emails are checked against this hash, so they cost as much time as a wrong password.
const dummyHashes = new Map<number, Promise<string>>();
export const dummyHashFor = (cost: number): Promise<string> => {
  const cached = dummyHashes.get(cost) ?? bcrypt.hash(randomToken(), cost);
  dummyHashes.set(cost, cached);
  return cached;
};

/** One row per successful sign-in, for the dashboard's activity chart. */
const recordSignIn = (db: Db, { userId, at }: { userId: string; at: Date }) =>
  db.loginEvent.create({ data: { userId, createdAt: at }, select: { id: true } });

/** Takes one use of an active code atomically: of two signups racing for its last use, one gets null. */
const redeemInviteCode = async (db: Db, { code, now }: { code: string; now: Date }): Promise<string | null> => {
  const rows = await db.$queryRaw<{ id: string }[]>`
    UPDATE "InviteCode" SET "usedCount" = "usedCount" + 1
    WHERE "code" = ${code} AND "revokedAt" IS NULL AND ("expiresAt" IS NULL OR "expiresAt" > ${now})
      AND "usedCount" < "maxUses"
    RETURNING "id"::text AS id`;
  return rows[0]?.id ?? null;
};

export const signup = async (
  deps: SessionDeps,
  { input, ip }: { input: SignupInput; ip: string },
): Promise<AuthSession> => {
  const { db, env, clock, rateLimiter } = deps;
  await countAttempt(rateLimiter, ipLimit(env, { flow: 'signup', ip }));
  const passwordHash = await bcrypt.hash(input.password, env.BCRYPT_COST);
  const now = clock.now();
  try {
    return await db.$transaction(async (tx) => {
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(${FIRST_USER_LOCK_KEY})`;
      const isFirstUser = (await tx.user.findFirst({ select: { id: true } })) === null;
      let inviteCodeId: string | null = null;
      // The code is checked before the email so that uninvited callers cannot probe for accounts.
      if (!isFirstUser && (await isPrivateMode({ env, db: tx }))) {
        if (!input.inviteCode) throw new AppError('FORBIDDEN', 'Sign-up is by invitation only: enter your invite code');
        inviteCodeId = await redeemInviteCode(tx, { code: input.inviteCode, now });
        if (!inviteCodeId)
          throw new AppError('FORBIDDEN', 'This invite code is not valid: it is unknown, expired, revoked or used up');
      }
      const clash = await tx.user.findUnique({ where: { email: input.email }, select: { id: true } });
      if (clash) throw emailTaken(input.email);
      const user = await tx.user.create({
        data: {
          email: input.email,
          name: input.name,
          passwordHash,
          isPlatformAdmin: isFirstUser,
          inviteCodeId,
          passwordChangedAt: now,
        },
        select: sessionUserSelect,
      });
      await recordSignIn(tx, { userId: user.id, at: now });
      return startSession({ ...deps, db: tx }, { user });
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw emailTaken(input.email);
    throw error;
  }
};

export const login = async (
  deps: SessionDeps,
  { input, ip }: { input: LoginInput; ip: string },
): Promise<AuthSession> => {
  const { db, env, rateLimiter } = deps;
  const account = accountLimit(env, { flow: 'login', email: input.email });
  await countAttempt(rateLimiter, ipLimit(env, { flow: 'login', ip }));
  await assertUnderLimit(rateLimiter, account);

  const found = await db.user.findUnique({
    where: { email: input.email },
    select: { ...sessionUserSelect, passwordHash: true },
  });
  const isValid = await bcrypt.compare(input.password, found?.passwordHash ?? (await dummyHashFor(env.BCRYPT_COST)));
  if (!found || !isValid) {
    await rateLimiter.hit(account.key, account);
    throw new AppError('UNAUTHENTICATED', WRONG_CREDENTIALS);
  }
  await rateLimiter.reset(account.key);
  const { passwordHash: _, ...user } = found;
  // Side by side, not one after the other: on a pool the sign-in record costs no extra round trip.
  const [session] = await Promise.all([
    startSession(deps, { user }),
    recordSignIn(db, { userId: user.id, at: deps.clock.now() }),
  ]);
  return session;
};

/** Checks the signed-in user's password; failures count against the same bucket as login. */
const verifyCurrentPassword = async (
  { env, rateLimiter }: { env: Deps['env']; rateLimiter: RateLimiter },
  { email, passwordHash, password }: { email: string; passwordHash: string; password: string },
): Promise<void> => {
  const account = accountLimit(env, { flow: 'login', email });
  await assertUnderLimit(rateLimiter, account);
  if (await bcrypt.compare(password, passwordHash)) {
    await rateLimiter.reset(account.key);
    return;
  }
  await rateLimiter.hit(account.key, account);
  throw new AppError('VALIDATION_FAILED', 'Your current password is wrong', {
    issues: [{ location: 'body', path: 'currentPassword', message: 'Wrong password' }],
  });
};

const accountGone = () => new AppError('UNAUTHENTICATED', 'This account no longer exists');

export const getMe = async ({ db }: Pick<Deps, 'db'>, { userId }: { userId: string }): Promise<User> => {
  const user = await db.user.findUnique({ where: { id: userId }, select: userSelect });
  if (!user) throw accountGone();
  return toUserDto(user);
};

export const updateMe = async (
  deps: Pick<Deps, 'db' | 'env' | 'rateLimiter'>,
  { userId, input }: { userId: string; input: UpdateProfileInput },
): Promise<User> => {
  const { db } = deps;
  const current = await db.user.findUnique({ where: { id: userId }, select: { email: true, passwordHash: true } });
  if (!current) throw accountGone();
  const newEmail = input.email !== undefined && input.email !== current.email ? input.email : undefined;
  if (newEmail !== undefined) {
    await verifyCurrentPassword(deps, {
      email: current.email,
      passwordHash: current.passwordHash,
      password: input.currentPassword ?? '',
    });
    const clash = await db.user.findUnique({ where: { email: newEmail }, select: { id: true } });
    if (clash) throw emailTaken(newEmail);
  }
  try {
    const user = await db.user.update({
      where: { id: userId },
      data: { name: input.name, email: newEmail },
      select: userSelect,
    });
    return toUserDto(user);
  } catch (error) {
    if (isUniqueViolation(error) && newEmail !== undefined) throw emailTaken(newEmail);
    throw error;
  }
};

/**
 * Sets a new password, ends every session (access tokens included; pending reset links are voided
 * too) and answers with a fresh session, so the caller's own tab carries on with the new token.
 */
export const changePassword = async (
  deps: SessionDeps & Pick<Deps, 'sessionVersions'>,
  { userId, input }: { userId: string; input: ChangePasswordInput },
): Promise<AuthSession> => {
  const { db, env, clock } = deps;
  const found = await db.user.findUnique({
    where: { id: userId },
    select: { ...sessionUserSelect, passwordHash: true },
  });
  if (!found) throw accountGone();
  await verifyCurrentPassword(deps, {
    email: found.email,
    passwordHash: found.passwordHash,
    password: input.currentPassword,
  });
  const passwordHash = await bcrypt.hash(input.newPassword, env.BCRYPT_COST);
  const now = clock.now();
  const { passwordHash: _, ...user } = found;
  const session = await db.$transaction(async (tx) => {
    await tx.user.update({
      where: { id: userId },
      data: { passwordHash, passwordChangedAt: now },
      select: { id: true },
    });
    await tx.passwordResetToken.updateMany({ where: { userId, usedAt: null }, data: { usedAt: now } });
    const sessionVersion = await endAllSessions(tx, { userId, now });
    return startSession({ ...deps, db: tx }, { user: { ...user, sessionVersion } });
  });
  forgetSessionVersion(deps, userId);
  return session;
};

/** Invite-only is reported only once a user exists: the first one signs up without a code. */
export const getAuthConfig = async ({ db, env }: Pick<Deps, 'db' | 'env'>): Promise<AuthConfig> => {
  const hasUsers = (await db.user.findFirst({ select: { id: true } })) !== null;
  return { signupMode: hasUsers && (await isPrivateMode({ env, db })) ? 'invite_only' : 'open' };
};
