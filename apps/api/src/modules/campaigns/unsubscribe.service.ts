import { timingSafeEqual } from 'node:crypto';
import type { Deps } from '../../deps';

// Signed with the access-token secret (kept across restarts, also in development), under its own purpose.
const PURPOSE = 'campaign-unsubscribe/v1';
const MAC_BYTES = 16;
const UUID_BYTES = 16;

const uuidBytes = (uuid: string): Buffer => Buffer.from(uuid.replace(/-/g, ''), 'hex');
const bytesUuid = (bytes: Buffer): string => {
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
};

/** `recipientId`: the campaign recipient row when the link came in a campaign mail. */
type LeadRef = { orgId: string; leadId: string; recipientId?: string | null };

/**
 * The token names the org and the lead (and, from a campaign mail, the recipient row), with an
 * HMAC so it can be neither guessed nor changed. Links from before recipients were named carry
 * only the org and the lead, and keep working.
 */
const unsubscribeToken = ({ tokens }: Pick<Deps, 'tokens'>, { orgId, leadId, recipientId }: LeadRef): string => {
  const payload = Buffer.concat([
    uuidBytes(orgId),
    uuidBytes(leadId),
    ...(recipientId ? [uuidBytes(recipientId)] : []),
  ]);
  const mac = tokens.mac(PURPOSE, payload).subarray(0, MAC_BYTES);
  return Buffer.concat([payload, mac]).toString('base64url');
};

const verifyUnsubscribeToken = ({ tokens }: Pick<Deps, 'tokens'>, token: string): LeadRef | null => {
  if (!/^[A-Za-z0-9_-]{1,100}$/.test(token)) return null;
  const bytes = Buffer.from(token, 'base64url');
  if (bytes.toString('base64url') !== token) return null;
  const uuids = (bytes.length - MAC_BYTES) / UUID_BYTES;
  if (uuids !== 2 && uuids !== 3) return null;
  const payload = bytes.subarray(0, uuids * UUID_BYTES);
  const expected = tokens.mac(PURPOSE, payload).subarray(0, MAC_BYTES);
  if (!timingSafeEqual(expected, bytes.subarray(uuids * UUID_BYTES))) return null;
  return {
    orgId: bytesUuid(payload.subarray(0, UUID_BYTES)),
    leadId: bytesUuid(payload.subarray(UUID_BYTES, 2 * UUID_BYTES)),
    recipientId: uuids === 3 ? bytesUuid(payload.subarray(2 * UUID_BYTES)) : null,
  };
};

/** The unsubscribe link of a test mail: its page explains, and unsubscribes nobody. */
export const TEST_UNSUBSCRIBE_TOKEN = 'test-mail';

/** Served by the API under the SPA's origin (the SPA's dev server proxies /api). */
export const unsubscribeUrl = (deps: Pick<Deps, 'env' | 'tokens'>, ref: LeadRef): string =>
  `${deps.env.FRONTEND_URL.replace(/\/+$/, '')}/api/unsubscribe/${unsubscribeToken(deps, ref)}`;

export type UnsubscribeTarget = { email: string; orgName: string; unsubscribedAt: Date | null };

export const findUnsubscribeTarget = async (
  deps: Pick<Deps, 'tokens' | 'db'>,
  { token }: { token: string },
): Promise<UnsubscribeTarget | null> => {
  const ref = verifyUnsubscribeToken(deps, token);
  if (!ref) return null;
  const lead = await deps.db.lead.findFirst({
    where: { id: ref.leadId, orgId: ref.orgId },
    select: { email: true, unsubscribedAt: true, org: { select: { name: true } } },
  });
  return lead ? { email: lead.email ?? '', orgName: lead.org.name, unsubscribedAt: lead.unsubscribedAt } : null;
};

/**
 * Marks the link's lead unsubscribed, and the campaign recipient the link came to (keeping the
 * first time of each); null for a bad link.
 */
export const unsubscribeLead = async (
  deps: Pick<Deps, 'tokens' | 'db' | 'clock'>,
  { token }: { token: string },
): Promise<UnsubscribeTarget | null> => {
  const ref = verifyUnsubscribeToken(deps, token);
  if (!ref) return null;
  const now = deps.clock.now();
  await deps.db.$transaction(async (tx) => {
    await tx.lead.updateMany({
      where: { id: ref.leadId, orgId: ref.orgId, unsubscribedAt: null },
      data: { unsubscribedAt: now },
    });
    if (ref.recipientId)
      await tx.campaignRecipient.updateMany({
        where: { id: ref.recipientId, orgId: ref.orgId, leadId: ref.leadId, unsubscribedAt: null },
        data: { unsubscribedAt: now },
      });
  });
  return findUnsubscribeTarget(deps, { token });
};
