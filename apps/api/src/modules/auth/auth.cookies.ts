import type { CookieOptions, Response } from 'express';
import { REFRESH_COOKIE_NAME } from '@aiceo/shared/auth';
import type { Env } from '../../config/env';

// Strict and scoped to /api/auth: the browser sends it only to refresh and logout, never cross-site.
const refreshCookieOptions = (env: Env): CookieOptions => ({
  httpOnly: true,
  sameSite: 'strict',
  path: '/api/auth',
  secure: env.NODE_ENV === 'production',
});

export const setRefreshCookie = (
  res: Response,
  { env, refreshToken, expiresAt }: { env: Env; refreshToken: string; expiresAt: string },
): void => {
  res.cookie(REFRESH_COOKIE_NAME, refreshToken, { ...refreshCookieOptions(env), expires: new Date(expiresAt) });
};

export const clearRefreshCookie = (res: Response, env: Env): void => {
  res.clearCookie(REFRESH_COOKIE_NAME, refreshCookieOptions(env));
};

/** One cookie's value from a Cookie header (RFC 6265 pairs separated by `;`); undefined when absent or malformed. */
export const readCookie = (header: string | undefined, name: string): string | undefined => {
  for (const pair of (header ?? '').split(';')) {
    const separator = pair.indexOf('=');
    if (separator < 0 || pair.slice(0, separator).trim() !== name) continue;
    const raw = pair
      .slice(separator + 1)
      .trim()
      .replace(/^"(.*)"$/, '$1');
    try {
      return decodeURIComponent(raw) || undefined;
    } catch {
      return undefined;
    }
  }
  return undefined;
};
