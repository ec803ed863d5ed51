import type { Touch, TouchInput } from './attribution';

/**
 * The pure link and touch rules of attribution, without zod: the website widget bundles them
 * (zod would multiply its size), and attribution.ts re-exports them for everyone else.
 */

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

/** The name a post's links carry and reports show: its title, else the first words of its body. */
export const postRefName = (post: { title: string; body: string }): string => {
  const title = post.title.trim();
  if (title) return title;
  const words = post.body.trim().split(/\s+/).filter(Boolean);
  return words.length === 0 ? 'Untitled post' : `${words.slice(0, 8).join(' ')}${words.length > 8 ? '…' : ''}`;
};

// --- links in published text ----------------------------------------------------------------

// A URL in prose runs to the next space or bracket-like delimiter; what ends a sentence after it
// (".", ",", "!", a closing quote or an unmatched ")") is the writer's, not the link's.
const URL_IN_TEXT = /\bhttps?:\/\/[^\s<>"'`]+/gi;
const SENTENCE_END = /[.,;:!?'"»”’…]$/;
const CLOSERS: Record<string, string> = { ')': '(', ']': '[', '}': '{' };
const countOf = (text: string, char: string) => text.split(char).length - 1;

const trimTrailing = (candidate: string): string => {
  let url = candidate;
  for (;;) {
    const last = url.at(-1) ?? '';
    const opener = CLOSERS[last];
    if (SENTENCE_END.test(last) || (opener && countOf(url, last) > countOf(url, opener))) url = url.slice(0, -1);
    else return url;
  }
};

/**
 * The text with every absolute http(s) link carrying the UTM parameters of `ref` (see withUtm:
 * parameters the author set are kept). Punctuation after a link ("see https://x.test/a.") and a
 * closing bracket around it stay outside the link; all other text is unchanged. With `maxLength`
 * (a channel's limit), links are tagged in order only while the text stays within it.
 */
export const withUtmInText = (text: string, ref: TouchRef, { maxLength }: { maxLength?: number } = {}): string => {
  let length = text.length;
  return text.replace(URL_IN_TEXT, (match) => {
    const url = trimTrailing(match);
    const tagged = withUtm(url, ref);
    if (maxLength !== undefined && length + tagged.length - url.length > maxLength) return match;
    length += tagged.length - url.length;
    return `${tagged}${match.slice(url.length)}`;
  });
};

// --- channels -------------------------------------------------------------------------------

/** The host of a referrer without "www.", or "" when it is not an http(s) URL. */
export const referrerHost = (referrer: string): string => {
  try {
    const url = new URL(referrer);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return '';
    return url.hostname.toLowerCase().replace(/^www\./, '');
  } catch {
    return '';
  }
};

/**
 * The channel a touch credits: its UTM source and medium ("linkedin / social"), else the host of
 * its referrer ("google.com"), else "Direct"; "Not tracked" for a lead with no touch at all (added
 * by hand or imported).
 */
export const channelOf = (
  touch: Pick<Touch, 'source' | 'medium' | 'referrer'> | null,
): { key: string; label: string } => {
  if (!touch) return { key: 'none', label: 'Not tracked' };
  const source = touch.source.trim().toLowerCase();
  const medium = touch.medium.trim().toLowerCase();
  if (source) return { key: `utm:${source}/${medium}`, label: medium ? `${source} / ${medium}` : source };
  const host = referrerHost(touch.referrer);
  if (host) return { key: `referrer:${host}`, label: host };
  return { key: 'direct', label: 'Direct' };
};
