import { timingSafeEqual } from 'node:crypto';
import { withUtm, utmSlug, type Touch } from '@aiceo/shared/attribution';
import type { Deps } from '../../deps';
import { recordLeadTouch } from '../attribution/touches.service';

// Signed with the access-token secret under its own purpose, like the unsubscribe links.
const PURPOSE = 'campaign-click/v1';
const VERSION = 1;
const MAC_BYTES = 16;
const UUID_BYTES = 16;
const HEAD_BYTES = 1 + 3 * UUID_BYTES;
const NO_RECIPIENT = Buffer.alloc(UUID_BYTES);
/** Longer links are left as they are (not tracked) rather than making a link nobody can paste. */
export const MAX_TRACKED_URL = 2000;

const uuidBytes = (uuid: string): Buffer => Buffer.from(uuid.replace(/-/g, ''), 'hex');
const bytesUuid = (bytes: Buffer): string => {
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
};

/** `recipientId` null: a test mail or a preview, whose clicks go through but count for nobody. */
export type ClickRef = { orgId: string; campaignId: string; recipientId: string | null; target: string };

/**
 * The token carries the org, campaign, recipient and target link, with an HMAC over all of it:
 * the server only ever redirects to a link it put in a mail itself (no open redirect).
 */
const clickToken = ({ tokens }: Pick<Deps, 'tokens'>, ref: ClickRef): string => {
  const payload = Buffer.concat([
    Buffer.from([VERSION]),
    uuidBytes(ref.orgId),
    uuidBytes(ref.campaignId),
    ref.recipientId ? uuidBytes(ref.recipientId) : NO_RECIPIENT,
    Buffer.from(ref.target, 'utf8'),
  ]);
  const mac = tokens.mac(PURPOSE, payload).subarray(0, MAC_BYTES);
  return Buffer.concat([payload, mac]).toString('base64url');
};

const MAX_TOKEN = Math.ceil(((HEAD_BYTES + MAX_TRACKED_URL * 4 + MAC_BYTES) * 4) / 3);

export const verifyClickToken = ({ tokens }: Pick<Deps, 'tokens'>, token: string): ClickRef | null => {
  if (token.length > MAX_TOKEN || !/^[A-Za-z0-9_-]+$/.test(token)) return null;
  const bytes = Buffer.from(token, 'base64url');
  // Only the one spelling we issue: extra characters that decode to nothing are a changed token.
  if (bytes.toString('base64url') !== token) return null;
  if (bytes.length <= HEAD_BYTES + MAC_BYTES || bytes[0] !== VERSION) return null;
  const payload = bytes.subarray(0, bytes.length - MAC_BYTES);
  const expected = tokens.mac(PURPOSE, payload).subarray(0, MAC_BYTES);
  if (!timingSafeEqual(expected, bytes.subarray(bytes.length - MAC_BYTES))) return null;
  const recipient = payload.subarray(1 + 2 * UUID_BYTES, HEAD_BYTES);
  const target = payload.subarray(HEAD_BYTES).toString('utf8');
  if (!/^https?:\/\//i.test(target)) return null;
  return {
    orgId: bytesUuid(payload.subarray(1, 1 + UUID_BYTES)),
    campaignId: bytesUuid(payload.subarray(1 + UUID_BYTES, 1 + 2 * UUID_BYTES)),
    recipientId: recipient.equals(NO_RECIPIENT) ? null : bytesUuid(recipient),
    target,
  };
};

/** The tracked form of an http(s) link in a campaign mail; served under the SPA's origin like /api/unsubscribe. */
export const trackedUrl = (deps: Pick<Deps, 'env' | 'tokens'>, ref: ClickRef): string =>
  ref.target.length > MAX_TRACKED_URL
    ? ref.target
    : `${deps.env.FRONTEND_URL.replace(/\/+$/, '')}/api/r/${clickToken(deps, ref)}`;

/**
 * Link checkers of mail providers and chat apps fetch links before (or instead of) a person.
 * Matching their user agents is cheap and keeps most of them out of the counts; a request with
 * no user agent at all is no browser either.
 */
const SCANNER =
  /bot\b|bot\/|crawler|spider|slurp|preview|scanner|checker|validator|monitor|headless|phantom|curl\/|wget\/|python|java\/|go-http-client|okhttp|axios|node-fetch|undici|libwww|httpclient|facebookexternalhit|whatsapp|skypeuripreview|microsoft office|barracuda|proofpoint|mimecast/i;

export const looksLikeScanner = (userAgent: string | undefined): boolean => !userAgent || SCANNER.test(userAgent);

/** A browser fetching ahead of a click says so (`Sec-Purpose: prefetch`, older `Purpose: prefetch`). */
export const isPrefetch = (purpose: string | undefined): boolean => /prefetch|prerender/i.test(purpose ?? '');

/**
 * Where a tracked link goes: its target with the campaign's UTM parameters, or null for a token
 * that is not ours (the caller answers 404). With `count`, the recipient's click is recorded
 * (first click time, count + 1) and becomes a touch on the lead for attribution.
 */
export const followTrackedLink = async (
  deps: Pick<Deps, 'db' | 'tokens' | 'clock'>,
  { token, count }: { token: string; count: boolean },
): Promise<string | null> => {
  const ref = verifyClickToken(deps, token);
  if (!ref) return null;
  const campaign = await deps.db.emailCampaign.findFirst({
    where: { id: ref.campaignId, orgId: ref.orgId },
    select: { id: true, name: true },
  });
  // A draft deleted after its test mail: the link was ours, it still goes where it said.
  if (!campaign) return ref.target;
  const target = withUtm(ref.target, { kind: 'campaign', id: campaign.id, name: campaign.name });
  if (count && ref.recipientId) {
    const now = deps.clock.now();
    const touch: Touch = {
      source: 'email',
      medium: 'email',
      campaign: utmSlug(campaign.name),
      content: `campaign-${campaign.id}`,
      term: '',
      referrer: '',
      landingPage: ref.target,
      at: now.toISOString(),
    };
    const recipientId = ref.recipientId;
    await deps.db.$transaction(async (tx) => {
      const where = { id: recipientId, orgId: ref.orgId, campaignId: campaign.id };
      const recipient = await tx.campaignRecipient.findFirst({ where, select: { leadId: true } });
      if (!recipient) return;
      await tx.campaignRecipient.updateMany({ where, data: { clickCount: { increment: 1 } } });
      await tx.campaignRecipient.updateMany({ where: { ...where, clickedAt: null }, data: { clickedAt: now } });
      if (recipient.leadId) await recordLeadTouch(tx, { orgId: ref.orgId, leadId: recipient.leadId, touch });
    });
  }
  return target;
};
