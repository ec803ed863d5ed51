import type { Integration, LinkedinCallbackOutcome } from '@aiceo/shared/integrations';
import type { z } from 'zod';
import type { linkedinCallbackQuerySchema } from '@aiceo/shared/integrations';
import { hasRole } from '@aiceo/shared/roles';
import type { Deps } from '../../deps';
import type { Prisma } from '../../generated/prisma/client';
import { AppError, notFound } from '../../http/app-error';
import { randomToken, sha256 } from '../../lib/crypto';
import { LINKEDIN_NOT_CONFIGURED, LinkedInError, type LinkedInTokens } from '../../lib/linkedin-client';
import { secretBoxFor } from '../../lib/secret-box';

const LINKEDIN = 'linkedin';
/** How long a connect link may wait for the member's consent. */
export const OAUTH_STATE_TTL_MS = 10 * 60_000;
/** A token this close to expiry is refreshed before it is used. */
const REFRESH_BEFORE_USE_MS = 5 * 60_000;
/** The refresh job renews tokens this close to expiry. */
const REFRESH_AHEAD_MS = 24 * 60 * 60_000;
export const RECONNECT_MESSAGE = 'LinkedIn access expired: reconnect LinkedIn';

type IntegrationDeps = Pick<Deps, 'db' | 'clock' | 'env' | 'linkedin' | 'log'>;

const integrationSelect = {
  id: true,
  orgId: true,
  accountName: true,
  externalAccountId: true,
  accessTokenEnc: true,
  refreshTokenEnc: true,
  accessTokenExpiresAt: true,
  refreshTokenExpiresAt: true,
  lastError: true,
} satisfies Prisma.IntegrationSelect;
type IntegrationRow = Prisma.IntegrationGetPayload<{ select: typeof integrationSelect }>;

/** A LinkedIn problem that ends a publish or a refresh, in words for the owner. */
export class LinkedInAccessError extends Error {
  override name = 'LinkedInAccessError';
}

const canRefresh = (row: IntegrationRow, now: Date) =>
  row.refreshTokenEnc !== null && (row.refreshTokenExpiresAt === null || row.refreshTokenExpiresAt > now);

export const listIntegrations = async (
  { db, clock, linkedin }: Pick<Deps, 'db' | 'clock' | 'linkedin'>,
  { orgId }: { orgId: string },
): Promise<{ items: Integration[] }> => {
  const row = await db.integration.findFirst({ where: { orgId, provider: LINKEDIN }, select: integrationSelect });
  const now = clock.now();
  return {
    items: [
      {
        provider: 'linkedin',
        // Connected while a token works or can be renewed; otherwise the owner has to reconnect.
        connected: row !== null && (row.accessTokenExpiresAt > now || canRefresh(row, now)),
        accountName: row?.accountName ?? null,
        expiresAt: row?.accessTokenExpiresAt.toISOString() ?? null,
        lastError: row?.lastError ?? null,
        mode: linkedin.mode,
      },
    ],
  };
};

/** The consent URL; the state is stored only as a hash, bound to the user and the org, for 10 minutes and one use. */
export const startLinkedinConnect = async (
  { db, clock, linkedin }: Pick<Deps, 'db' | 'clock' | 'linkedin'>,
  { orgId, userId }: { orgId: string; userId: string },
) => {
  if (linkedin.mode === 'not-configured') throw new AppError('INTEGRATION_NOT_CONFIGURED', LINKEDIN_NOT_CONFIGURED);
  const state = randomToken(32);
  const now = clock.now();
  await db.oAuthState.create({
    data: {
      stateHash: sha256(state),
      orgId,
      userId,
      provider: LINKEDIN,
      expiresAt: new Date(now.getTime() + OAUTH_STATE_TTL_MS),
      createdAt: now,
    },
  });
  return { url: linkedin.authorizeUrl({ state }) };
};

const integrationsPage = (env: Deps['env'], orgId: string | null, outcome: LinkedinCallbackOutcome) => {
  const base = env.FRONTEND_URL.replace(/\/$/, '');
  return orgId ? `${base}/orgs/${orgId}/settings/integrations?linkedin=${outcome}` : `${base}/?linkedin=${outcome}`;
};

const expiryAfter = (now: Date, seconds: number) => new Date(now.getTime() + seconds * 1000);

const sealedTokens = (env: Deps['env'], tokens: LinkedInTokens, now: Date) => {
  const box = secretBoxFor(env);
  return {
    accessTokenEnc: box.seal(tokens.accessToken),
    accessTokenExpiresAt: expiryAfter(now, tokens.expiresIn),
    // LinkedIn may answer a refresh without a new refresh token: the old one then stays.
    ...(tokens.refreshToken
      ? {
          refreshTokenEnc: box.seal(tokens.refreshToken),
          refreshTokenExpiresAt:
            tokens.refreshTokenExpiresIn === null ? null : expiryAfter(now, tokens.refreshTokenExpiresIn),
        }
      : {}),
  };
};

type CallbackQuery = z.output<typeof linkedinCallbackQuerySchema>;

/**
 * The end of the OAuth dance, reached by a top-level navigation without our bearer token: the
 * stored state is the binding to the user and org, so it must be known, fresh and unused.
 * Answers where to send the browser; never throws for LinkedIn's or the user's doing.
 */
export const finishLinkedinConnect = async (
  deps: IntegrationDeps,
  { query }: { query: CallbackQuery },
): Promise<string> => {
  const { db, clock, env, linkedin, log } = deps;
  if (!query.state) return integrationsPage(env, null, 'invalid');
  const stateRow = await db.oAuthState.findUnique({
    where: { stateHash: sha256(query.state) },
    select: { id: true, orgId: true, userId: true, provider: true },
  });
  if (!stateRow || stateRow.provider !== LINKEDIN) return integrationsPage(env, null, 'invalid');
  const now = clock.now();
  // Single use: only the first callback with this state gets past this update.
  const claimed = await db.oAuthState.updateMany({
    where: { id: stateRow.id, usedAt: null, expiresAt: { gt: now } },
    data: { usedAt: now },
  });
  const { orgId, userId } = stateRow;
  if (claimed.count === 0) return integrationsPage(env, orgId, 'expired');
  if (query.error) {
    if (query.error === 'user_cancelled_authorize' || query.error === 'user_cancelled_login')
      return integrationsPage(env, orgId, 'denied');
    log.warn({ orgId, error: query.error, description: query.error_description }, 'LinkedIn refused the authorization');
    return integrationsPage(env, orgId, 'error');
  }
  if (!query.code) return integrationsPage(env, orgId, 'invalid');
  // The user may have lost admin rights while on LinkedIn's page.
  const membership = await db.membership.findFirst({ where: { orgId, userId }, select: { role: true } });
  if (!membership || !hasRole(membership.role, 'admin')) return integrationsPage(env, orgId, 'error');
  try {
    const tokens = await linkedin.exchangeCode({ code: query.code });
    const member = await linkedin.userinfo({ accessToken: tokens.accessToken });
    const data = {
      accountName: member.name,
      externalAccountId: `urn:li:person:${member.sub}`,
      scopes: tokens.scopes,
      connectedBy: userId,
      lastError: null,
      refreshTokenEnc: null,
      refreshTokenExpiresAt: null,
      ...sealedTokens(env, tokens, now),
    };
    await db.integration.upsert({
      where: { orgId_provider: { orgId, provider: LINKEDIN } },
      create: { orgId, provider: LINKEDIN, ...data },
      update: data,
    });
    return integrationsPage(env, orgId, 'connected');
  } catch (error) {
    log.warn({ err: error, orgId }, 'LinkedIn connection failed');
    return integrationsPage(env, orgId, 'error');
  }
};

export const disconnectLinkedin = async (
  { db, env, linkedin, log }: IntegrationDeps,
  { orgId }: { orgId: string },
): Promise<void> => {
  const row = await db.integration.findFirst({
    where: { orgId, provider: LINKEDIN },
    select: { accessTokenEnc: true },
  });
  if (!row) throw notFound('LinkedIn connection');
  try {
    await linkedin.revoke({ accessToken: secretBoxFor(env).open(row.accessTokenEnc) });
  } catch (error) {
    // Best effort: the token is forgotten here either way, and it expires at LinkedIn on its own.
    log.warn({ err: error, orgId }, 'could not revoke the LinkedIn token');
  }
  await db.integration.deleteMany({ where: { orgId, provider: LINKEDIN } });
};

export const recordIntegrationError = async (
  { db }: Pick<Deps, 'db'>,
  { orgId, message }: { orgId: string; message: string | null },
): Promise<void> => {
  await db.integration.updateMany({ where: { orgId, provider: LINKEDIN }, data: { lastError: message } });
};

/**
 * Renews the tokens with the refresh token. Refresh tokens rotate, so a concurrent renewal may
 * have used ours first: then its result, already stored, is the one to use.
 */
const refreshRow = async (deps: IntegrationDeps, row: IntegrationRow): Promise<IntegrationRow> => {
  const { db, clock, env, linkedin } = deps;
  const now = clock.now();
  if (!row.refreshTokenEnc || !canRefresh(row, now)) throw new LinkedInAccessError(RECONNECT_MESSAGE);
  const box = secretBoxFor(env);
  let tokens: LinkedInTokens;
  try {
    tokens = await linkedin.refresh({ refreshToken: box.open(row.refreshTokenEnc) });
  } catch (error) {
    const latest = await db.integration.findFirst({
      where: { id: row.id, orgId: row.orgId },
      select: integrationSelect,
    });
    if (
      latest &&
      latest.accessTokenEnc !== row.accessTokenEnc &&
      latest.accessTokenExpiresAt.getTime() - now.getTime() > REFRESH_BEFORE_USE_MS
    )
      return latest;
    if (error instanceof LinkedInError && error.kind !== 'unavailable' && error.kind !== 'rate_limited')
      throw new LinkedInAccessError(RECONNECT_MESSAGE, { cause: error });
    throw new LinkedInAccessError(
      `LinkedIn could not renew access, try again later (${error instanceof Error ? error.message : String(error)})`,
      { cause: error },
    );
  }
  const data = { ...sealedTokens(env, tokens, now), lastError: null };
  const { count } = await db.integration.updateMany({
    where: { id: row.id, orgId: row.orgId, accessTokenEnc: row.accessTokenEnc },
    data,
  });
  if (count === 0) {
    const latest = await db.integration.findFirst({
      where: { id: row.id, orgId: row.orgId },
      select: integrationSelect,
    });
    if (latest) return latest;
  }
  return {
    ...row,
    ...data,
    refreshTokenEnc: data.refreshTokenEnc ?? row.refreshTokenEnc,
    refreshTokenExpiresAt:
      data.refreshTokenExpiresAt !== undefined ? data.refreshTokenExpiresAt : row.refreshTokenExpiresAt,
  };
};

export type LinkedInAccess = { accessToken: string; authorUrn: string; refresh(): Promise<LinkedInAccess> };

/**
 * A working access token for the org's LinkedIn account, renewed first when it expires within
 * 5 minutes; null when LinkedIn is not connected. `refresh()` renews once more (after a 401).
 */
export const linkedinAccess = async (
  deps: IntegrationDeps,
  { orgId }: { orgId: string },
): Promise<LinkedInAccess | null> => {
  const row = await deps.db.integration.findFirst({ where: { orgId, provider: LINKEDIN }, select: integrationSelect });
  if (!row) return null;
  const toAccess = (current: IntegrationRow): LinkedInAccess => ({
    accessToken: secretBoxFor(deps.env).open(current.accessTokenEnc),
    authorUrn: current.externalAccountId,
    refresh: async () => toAccess(await refreshRow(deps, current)),
  });
  const expiresSoon = row.accessTokenExpiresAt.getTime() - deps.clock.now().getTime() <= REFRESH_BEFORE_USE_MS;
  return toAccess(expiresSoon ? await refreshRow(deps, row) : row);
};

/** For the refresh job: renews every LinkedIn token expiring within a day; failures are kept in lastError. */
export const refreshExpiringIntegrations = async (
  deps: IntegrationDeps,
  { now, limit = 100 }: { now: Date; limit?: number },
) => {
  const rows = await deps.db.integration.findMany({
    where: {
      provider: LINKEDIN,
      accessTokenExpiresAt: { lte: new Date(now.getTime() + REFRESH_AHEAD_MS) },
      refreshTokenEnc: { not: null },
    },
    orderBy: { accessTokenExpiresAt: 'asc' },
    take: limit,
    select: integrationSelect,
  });
  let refreshed = 0;
  let failed = 0;
  for (const row of rows) {
    try {
      await refreshRow(deps, row);
      refreshed += 1;
    } catch (error) {
      failed += 1;
      const message = error instanceof Error ? error.message : String(error);
      await deps.db.integration.updateMany({ where: { id: row.id, orgId: row.orgId }, data: { lastError: message } });
      deps.log.warn({ err: error, orgId: row.orgId }, 'LinkedIn token refresh failed');
    }
  }
  return { refreshed, failed };
};
