import { z } from 'zod';
import type { Endpoint } from './contract';

/**
 * Where a visit came from: its UTM parameters, the referring page and the page it landed on.
 * A lead keeps its first touch and its latest (Lead.firstTouch / lastTouch); revenue by source
 * credits either.
 */
export const touchSchema = z.object({
  /** utm_source: linkedin, email, website-chat, google ... ("" when the link carried none). */
  source: z.string().max(200),
  /** utm_medium: social, email, chat, cpc ... */
  medium: z.string().max(200),
  /** utm_campaign: the post's or campaign's name as a slug. */
  campaign: z.string().max(200),
  /** utm_content: which post or campaign exactly (`post-<uuid>`, `campaign-<uuid>`; see refFromTouch). */
  content: z.string().max(200),
  term: z.string().max(200),
  /** document.referrer, or "" for a direct visit. */
  referrer: z.string().max(2000),
  landingPage: z.string().max(2000),
  at: z.iso.datetime(),
});
export type Touch = z.infer<typeof touchSchema>;

/** What a browser reports of a visit; the server stamps the time. */
export const touchInputSchema = touchSchema.omit({ at: true }).partial();
export type TouchInput = z.infer<typeof touchInputSchema>;

/** What the product publishes links for. */
export const touchRefKinds = ['post', 'campaign', 'followup', 'widget'] as const;
export type TouchRefKind = (typeof touchRefKinds)[number];
export type TouchRef = { kind: TouchRefKind; id: string; name: string };

const UTM_SOURCE: Record<TouchRefKind, { source: string; medium: string }> = {
  post: { source: 'linkedin', medium: 'social' },
  campaign: { source: 'email', medium: 'email' },
  followup: { source: 'email', medium: 'followup' },
  widget: { source: 'website-chat', medium: 'chat' },
};

/** "Spring offer: 20% off!" -> "spring-offer-20-off". */
export const utmSlug = (name: string): string =>
  name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60) || 'untitled';

/** The UTM parameters naming what published a link. */
export const utmParamsFor = (ref: TouchRef): Record<string, string> => ({
  utm_source: UTM_SOURCE[ref.kind].source,
  utm_medium: UTM_SOURCE[ref.kind].medium,
  utm_campaign: utmSlug(ref.name),
  utm_content: `${ref.kind}-${ref.id}`,
});

/**
 * The link with the UTM parameters of `ref`; parameters the author set on the link are kept.
 * Anything that is not an absolute http(s) URL comes back unchanged.
 */
export const withUtm = (url: string, ref: TouchRef): string => {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return url;
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return url;
  for (const [key, value] of Object.entries(utmParamsFor(ref)))
    if (!parsed.searchParams.has(key)) parsed.searchParams.set(key, value);
  return parsed.toString();
};

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The post or campaign a touch's utm_content names, or null. */
export const refFromTouch = (touch: Pick<Touch, 'content'>): { kind: TouchRefKind; id: string } | null => {
  const match = /^([a-z]+)-(.+)$/.exec(touch.content);
  if (!match) return null;
  const [, kind = '', id = ''] = match;
  return (touchRefKinds as readonly string[]).includes(kind) && UUID.test(id)
    ? { kind: kind as TouchRefKind, id: id.toLowerCase() }
    : null;
};

/** A touch from a page's URL (its utm_ query) and referrer. */
export const touchFromUrl = (pageUrl: string, referrer: string): TouchInput => {
  let params = new URLSearchParams();
  try {
    params = new URL(pageUrl).searchParams;
  } catch {
    // not a URL: no UTM
  }
  return {
    source: params.get('utm_source') ?? '',
    medium: params.get('utm_medium') ?? '',
    campaign: params.get('utm_campaign') ?? '',
    content: params.get('utm_content') ?? '',
    term: params.get('utm_term') ?? '',
    referrer,
    landingPage: pageUrl,
  };
};

/** Attribution endpoints: touches, payments matched to leads, revenue by source. */
export const attributionEndpoints = {} satisfies Record<string, Endpoint>;
