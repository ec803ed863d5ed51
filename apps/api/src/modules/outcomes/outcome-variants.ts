import type { OutcomeAction } from '@aiceo/shared/agentic';

/** How long an action has to show a result: a reply to a follow-up or a campaign, new leads after a post. */
export const OUTCOME_WINDOW_DAYS: Record<OutcomeAction, number> = { followup: 14, campaign: 14, post: 7 };
/** A campaign works when it gets a reply and unsubscribes stay under this share of its recipients. */
export const CAMPAIGN_MAX_UNSUBSCRIBE_RATE = 0.02;

const weekdayFormats = new Map<string, Intl.DateTimeFormat>();
const weekdayFormat = (timeZone: string): Intl.DateTimeFormat => {
  let format = weekdayFormats.get(timeZone);
  if (!format) {
    try {
      format = new Intl.DateTimeFormat('en-US', { weekday: 'long', timeZone });
    } catch {
      // A timezone the runtime does not know reads as UTC rather than failing the job.
      format = new Intl.DateTimeFormat('en-US', { weekday: 'long', timeZone: 'UTC' });
    }
    weekdayFormats.set(timeZone, format);
  }
  return format;
};

/** The day of the week in the org's timezone, lower case ("tuesday"). */
export const weekdayIn = (date: Date, timeZone: string): string => weekdayFormat(timeZone).format(date).toLowerCase();

const PROPOSAL_WORDS = /\b(proposals?|quotes?|quotations?|offer|pricing|estimate|contract)\b/i;
const MEETING_WORDS =
  /\b(meet|meeting|call|chat|catch[- ]up|demo|zoom|teams|calendar|calendly|slot|book(?:ing)? a time|15 minutes|30 minutes)\b/i;

/** What a follow-up is about: the proposal when it mentions it, a meeting or call when it proposes one, else a check-in. */
export const followupTopic = (text: string): 'proposal' | 'meeting' | 'check-in' =>
  PROPOSAL_WORDS.test(text) ? 'proposal' : MEETING_WORDS.test(text) ? 'meeting' : 'check-in';

const KNOWN_TOPICS = [
  'offer',
  'discount',
  'sale',
  'launch',
  'webinar',
  'event',
  'newsletter',
  'update',
  'case study',
  'tips',
  'guide',
  'invitation',
  'announcement',
  'pricing',
  'hiring',
  'results',
] as const;
const STOP_WORDS = new Set(
  'about after again also because been before being could every from have here into just like more most much only other over some such than that their them then there these they this those through very what when where which while with would your yours ours our you the and for are was were will can'.split(
    ' ',
  ),
);

/** A short keyword for what a subject or title is about: a known topic word, else its longest plain word, else "general". */
export const topicKeyword = (text: string): string => {
  const lower = text.toLowerCase();
  const known = KNOWN_TOPICS.find((word) => new RegExp(`\\b${word}s?\\b`).test(lower));
  if (known) return known;
  const words = (lower.match(/[a-z][a-z'-]{3,}/g) ?? []).filter((word) => !STOP_WORDS.has(word));
  const longest = words.reduce<string | null>((best, word) => (!best || word.length > best.length ? word : best), null);
  return longest ? longest.slice(0, 24) : 'general';
};

/** Audience size buckets for campaigns. */
export const audienceBucket = (recipients: number): string =>
  recipients < 25 ? '1-24' : recipients < 100 ? '25-99' : recipients < 500 ? '100-499' : '500+';

/** Post length buckets (characters of the body). */
export const lengthBucket = (characters: number): 'short' | 'medium' | 'long' =>
  characters < 400 ? 'short' : characters < 1_200 ? 'medium' : 'long';

/** The tone as a variant value: trimmed, lower case, short; null when the org set none. */
export const toneValue = (tone: string | null | undefined): string | null => {
  const value = (tone ?? '').trim().toLowerCase().replace(/\s+/g, ' ').slice(0, 40);
  return value || null;
};

export const variant = (dimension: string, value: string): string => `${dimension}:${value}`;
export const splitVariant = (text: string): { dimension: string; value: string } | null => {
  const at = text.indexOf(':');
  return at > 0 ? { dimension: text.slice(0, at), value: text.slice(at + 1) } : null;
};

const capitalise = (word: string): string => word.charAt(0).toUpperCase() + word.slice(1);

const lengthWords: Record<string, string> = {
  short: 'Short posts (under 400 characters)',
  medium: 'Medium posts (400 to 1,200 characters)',
  long: 'Long posts (1,200 characters or more)',
};

/** "Follow-ups that mention the proposal", "Posts on Tuesday", "Campaigns to 25-99 leads". */
const subjectWords = (action: OutcomeAction, dimension: string, value: string): string => {
  if (action === 'followup') {
    if (dimension === 'topic')
      return value === 'proposal'
        ? 'Follow-ups that mention the proposal'
        : value === 'meeting'
          ? 'Follow-ups that propose a meeting or a call'
          : 'Follow-ups that check in';
    if (dimension === 'weekday') return `Follow-ups sent on ${capitalise(value)}`;
    if (dimension === 'channel') return `Follow-ups sent by ${value}`;
    if (dimension === 'tone') return `Follow-ups in a ${value} tone`;
    return `Follow-ups with ${dimension} ${value}`;
  }
  if (action === 'campaign') {
    if (dimension === 'weekday') return `Campaigns sent on ${capitalise(value)}`;
    if (dimension === 'topic') return `Campaigns about "${value}"`;
    if (dimension === 'audience') return `Campaigns to ${value} recipients`;
    return `Campaigns with ${dimension} ${value}`;
  }
  if (dimension === 'weekday') return `Posts on ${capitalise(value)}`;
  if (dimension === 'topic') return `Posts about "${value}"`;
  if (dimension === 'length') return lengthWords[value] ?? `${capitalise(value)} posts`;
  return `Posts with ${dimension} ${value}`;
};

const resultWords: Record<OutcomeAction, string> = {
  followup: 'got a reply',
  campaign: 'got replies with unsubscribes under 2%',
  post: 'brought new leads',
};

const times = (count: number): string => (count === 1 ? '1 time' : `${count} times`);

/** The ranking line in words: "Follow-ups that mention the proposal got a reply 4 times out of 6". */
export const variantSentence = (options: {
  action: OutcomeAction;
  dimension: string;
  value: string;
  successes: number;
  attempts: number;
}): string =>
  `${subjectWords(options.action, options.dimension, options.value)} ${resultWords[options.action]} ${times(options.successes)} out of ${options.attempts}`;

/** (successes + 1) / (attempts + 2): a variant tried once is not ranked above one that worked 8 times out of 10. */
export const variantScore = (successes: number, attempts: number): number => (successes + 1) / (attempts + 2);
