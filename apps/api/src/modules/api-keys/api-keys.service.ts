import { randomBytes } from 'node:crypto';
import type { ApiKey, CreateApiKeyInput, CreatedApiKey } from '@aiceo/shared/api-keys';
import type { Deps } from '../../deps';
import type { Prisma } from '../../generated/prisma/client';
import { AppError } from '../../http/app-error';
import { API_KEY_PREFIX } from '../../http/middleware/require-auth';
import { randomToken, sha256 } from '../../lib/crypto';

const PREFIX_ALPHABET = 'abcdefghijklmnopqrstuvwxyz234567';
const PREFIX_RANDOM_CHARS = 8;

const apiKeySelect = {
  id: true,
  name: true,
  prefix: true,
  scopes: true,
  createdAt: true,
  lastUsedAt: true,
  revokedAt: true,
  createdBy: { select: { id: true, name: true } },
} as const satisfies Prisma.ApiKeySelect;

type ApiKeyRow = Prisma.ApiKeyGetPayload<{ select: typeof apiKeySelect }>;

const toApiKey = (row: ApiKeyRow): ApiKey => ({
  ...row,
  createdAt: row.createdAt.toISOString(),
  lastUsedAt: row.lastUsedAt?.toISOString() ?? null,
  revokedAt: row.revokedAt?.toISOString() ?? null,
});

/**
 * `aiceo_<8 chars>_<secret>`: the first part is the visible prefix owners tell keys apart by,
 * the whole string is what we hash. requireAuth recognises keys by API_KEY_PREFIX.
 */
export const generateKey = (): { key: string; prefix: string } => {
  // 32 symbols, so each random byte maps to one without bias.
  const id = Array.from(
    randomBytes(PREFIX_RANDOM_CHARS),
    (byte) => PREFIX_ALPHABET[byte % PREFIX_ALPHABET.length],
  ).join('');
  const prefix = `${API_KEY_PREFIX}${id}`;
  return { prefix, key: `${prefix}_${randomToken(32)}` };
};

export const listApiKeys = async ({ db }: Pick<Deps, 'db'>, { orgId }: { orgId: string }): Promise<ApiKey[]> => {
  const rows = await db.apiKey.findMany({
    where: { orgId },
    select: apiKeySelect,
    orderBy: [{ createdAt: 'desc' }, { id: 'asc' }],
  });
  return rows.map(toApiKey);
};

type CreateApiKeyOptions = { orgId: string; userId: string; input: CreateApiKeyInput };

/** The only place the secret exists in clear: the caller shows it once; we keep its sha256. */
export const createApiKey = async (
  { db, clock }: Pick<Deps, 'db' | 'clock'>,
  { orgId, userId, input }: CreateApiKeyOptions,
): Promise<CreatedApiKey> => {
  const { key, prefix } = generateKey();
  const row = await db.apiKey.create({
    data: {
      orgId,
      createdById: userId,
      name: input.name,
      scopes: input.scopes,
      prefix,
      keyHash: sha256(key),
      createdAt: clock.now(),
    },
    select: apiKeySelect,
  });
  return { ...toApiKey(row), key };
};

/** Revoking an already revoked key keeps its first revocation time. */
export const revokeApiKey = async (
  { db, clock }: Pick<Deps, 'db' | 'clock'>,
  { orgId, keyId }: { orgId: string; keyId: string },
): Promise<void> => {
  const { count } = await db.apiKey.updateMany({
    where: { id: keyId, orgId, revokedAt: null },
    data: { revokedAt: clock.now() },
  });
  if (count > 0) return;
  const exists = await db.apiKey.findFirst({ where: { id: keyId, orgId }, select: { id: true } });
  if (!exists) throw new AppError('NOT_FOUND', 'API key not found');
};
