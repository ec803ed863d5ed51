import { z } from 'zod';
import { utf8Length } from './common';

/** The fewest characters a new password may have. */
export const MIN_PASSWORD_LENGTH = 10;

// bcrypt ignores every byte after the 72nd, so a longer password would only look stronger.
const BCRYPT_MAX_BYTES = 72;

/** What a form shows under a new-password field before anyone submits. */
export const PASSWORD_RULE_HINT = `At least ${MIN_PASSWORD_LENGTH} characters, and not a commonly used password: a few unrelated words work well.`;

/** The field messages of newPasswordSchema, in plain words. */
export const passwordMessages = {
  tooShort: `Use at least ${MIN_PASSWORD_LENGTH} characters`,
  tooLong: `Use at most ${BCRYPT_MAX_BYTES} bytes`,
  tooCommon: 'This password is too common; add words or characters that are not easy to guess',
} as const;

/** True when a password is commonly used or easy to guess (see ./common-passwords). */
export type CommonPasswordCheck = (password: string) => boolean;

let commonPasswordCheck: CommonPasswordCheck | null = null;

/**
 * Makes newPasswordSchema refuse common passwords too. The check's dictionary is about 200 KB
 * gzipped, so this file does not import it: the API installs it when it builds its routes, the
 * SPA loads it (dynamic import) on the pages that set a password. Until it is installed the
 * schema checks the length only, which is fine in the SPA because the API checks again.
 */
export const installCommonPasswordCheck = (check: CommonPasswordCheck): void => {
  commonPasswordCheck = check;
};

/** Whether newPasswordSchema checks commonness yet (it always does in the API). */
export const hasCommonPasswordCheck = (): boolean => commonPasswordCheck !== null;

/**
 * A new password: at least 10 characters, at most 72 bytes (bcrypt ignores the rest), and not a
 * commonly used one. One message per failure, shortest rule first, and the estimator only ever
 * sees at most 72 bytes (its cost grows with the length).
 */
export const newPasswordSchema = z
  .string()
  .min(MIN_PASSWORD_LENGTH, passwordMessages.tooShort)
  .superRefine((value, ctx) => {
    if (value.length < MIN_PASSWORD_LENGTH) return;
    if (utf8Length(value) > BCRYPT_MAX_BYTES) ctx.addIssue({ code: 'custom', message: passwordMessages.tooLong });
    else if (commonPasswordCheck?.(value)) ctx.addIssue({ code: 'custom', message: passwordMessages.tooCommon });
  });
