import type { Env } from '../config/env';
import { randomToken, sha256 } from './crypto';
import { secretBoxFor } from './secret-box';

/**
 * Links a client opens without logging in (a proposal, a project's progress page). The token is
 * 32 random bytes in base64url (43 characters); the database keeps its SHA-256 to find the record
 * and the token sealed (AES-GCM under the app's key) so the owner can copy the link again.
 */
export type PublicLink = { token: string; tokenHash: string; tokenSealed: string };

export const PUBLIC_LINK_KINDS = { proposal: '/api/public/proposals/', project: '/api/public/projects/' } as const;
export type PublicLinkKind = keyof typeof PUBLIC_LINK_KINDS;

export const newPublicLink = (env: Env): PublicLink => {
  const token = randomToken(32);
  return { token, tokenHash: sha256(token), tokenSealed: secretBoxFor(env).seal(token) };
};

/** The hash a token is looked up by. */
export const publicTokenHash = (token: string): string => sha256(token);

/** The full address of a public page, from its sealed token. */
export const publicLinkUrl = (env: Env, kind: PublicLinkKind, tokenSealed: string): string =>
  `${env.FRONTEND_URL.replace(/\/+$/, '')}${PUBLIC_LINK_KINDS[kind]}${secretBoxFor(env).open(tokenSealed)}`;
