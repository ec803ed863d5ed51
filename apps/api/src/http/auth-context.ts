import type { Request } from 'express';
import type { ApiKeyScope, OrgRole } from '@aiceo/shared/roles';
import { AppError } from './app-error';

export type Auth =
  | { kind: 'user'; userId: string; isPlatformAdmin: boolean }
  | { kind: 'apiKey'; apiKeyId: string; orgId: string; scopes: ApiKeyScope[] };

/** What orgGuard established for an org-scoped request: the org and the caller's role in it (null for API keys). */
export type OrgAccess = { orgId: string; role: OrgRole | null };

export const authOf = (req: Request): Auth => {
  if (!req.auth) throw new AppError('UNAUTHENTICATED', 'Sign in first');
  return req.auth;
};

/** The signed-in person behind a request, or null for an API key (which has no person to name). */
export const userIdOrNull = (auth: Auth): string | null => (auth.kind === 'user' ? auth.userId : null);

export const userOf = (req: Request): Extract<Auth, { kind: 'user' }> => {
  const auth = authOf(req);
  if (auth.kind !== 'user') throw new AppError('FORBIDDEN', 'API keys can only be used on organisation routes');
  return auth;
};

export const orgOf = (req: Request): OrgAccess => {
  if (!req.org) throw new AppError('INTERNAL', 'orgGuard did not run for this route');
  return req.org;
};
