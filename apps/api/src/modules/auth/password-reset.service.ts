import bcrypt from 'bcrypt';
import type { ForgotPasswordInput, ResetPasswordInput } from '@aiceo/shared/auth';
import type { Deps } from '../../deps';
import { AppError } from '../../http/app-error';
import { randomToken, sha256 } from '../../lib/crypto';
import { accountLimit, countAttempt, ipLimit } from './auth.limits';
import { endAllSessions, forgetSessionVersion } from './sessions.service';

const RESET_TOKEN_TTL_MS = 60 * 60 * 1000;

const invalidResetToken = () =>
  new AppError('VALIDATION_FAILED', 'This reset link is invalid, expired or already used; ask for a new one', {
    issues: [{ location: 'body', path: 'token', message: 'Invalid, expired or already used token' }],
  });

export const resetLink = (frontendUrl: string, token: string): string =>
  `${frontendUrl.replace(/\/+$/, '')}/reset-password?token=${encodeURIComponent(token)}`;

/** Mails a one-hour reset link when the account exists; the caller cannot tell whether it does. */
export const requestPasswordReset = async (
  { db, env, clock, mailer, rateLimiter }: Pick<Deps, 'db' | 'env' | 'clock' | 'mailer' | 'rateLimiter'>,
  { input, ip }: { input: ForgotPasswordInput; ip: string },
): Promise<void> => {
  await countAttempt(rateLimiter, ipLimit(env, { flow: 'forgot', ip }));
  await countAttempt(rateLimiter, accountLimit(env, { flow: 'forgot', email: input.email }));

  const user = await db.user.findUnique({
    where: { email: input.email },
    select: { id: true, email: true, name: true },
  });
  if (!user) return;
  const now = clock.now();
  const token = randomToken(32);
  await db.passwordResetToken.create({
    data: {
      userId: user.id,
      tokenHash: sha256(token),
      expiresAt: new Date(now.getTime() + RESET_TOKEN_TTL_MS),
      createdAt: now,
    },
    select: { id: true },
  });
  await mailer.send({
    to: user.email,
    subject: 'Reset your AI CEO password',
    text: [
      `Hi ${user.name},`,
      '',
      'Someone asked to reset the password of your AI CEO account. To choose a new one, open:',
      '',
      resetLink(env.FRONTEND_URL, token),
      '',
      'The link works once and expires in 1 hour. If you did not ask for it, ignore this mail: your password stays as it is.',
    ].join('\n'),
  });
};

/** Sets the new password, uses up every pending reset token of the user and ends all their sessions (access tokens too). */
export const resetPassword = async (
  {
    db,
    env,
    clock,
    rateLimiter,
    sessionVersions,
  }: Pick<Deps, 'db' | 'env' | 'clock' | 'rateLimiter' | 'sessionVersions'>,
  { input }: { input: ResetPasswordInput },
): Promise<void> => {
  const now = clock.now();
  const row = await db.passwordResetToken.findUnique({
    where: { tokenHash: sha256(input.token) },
    select: { id: true, userId: true, usedAt: true, expiresAt: true, user: { select: { email: true } } },
  });
  if (!row || row.usedAt || row.expiresAt <= now) throw invalidResetToken();
  const passwordHash = await bcrypt.hash(input.password, env.BCRYPT_COST);

  await db.$transaction(async (tx) => {
    // Claimed conditionally, so one token resets the password once even when presented twice at once.
    const claimed = await tx.passwordResetToken.updateMany({
      where: { id: row.id, usedAt: null, expiresAt: { gt: now } },
      data: { usedAt: now },
    });
    if (claimed.count === 0) throw invalidResetToken();
    await tx.user.update({
      where: { id: row.userId },
      data: { passwordHash, passwordChangedAt: now },
      select: { id: true },
    });
    await tx.passwordResetToken.updateMany({ where: { userId: row.userId, usedAt: null }, data: { usedAt: now } });
    await endAllSessions(tx, { userId: row.userId, now });
  });
  forgetSessionVersion({ sessionVersions }, row.userId);
  // Whoever proved control of the mailbox may sign in again at once.
  await rateLimiter.reset(accountLimit(env, { flow: 'login', email: row.user.email }).key);
};
