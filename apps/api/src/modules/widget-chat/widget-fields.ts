import { emailSchema } from '@aiceo/shared/common';
import {
  capturedFieldKeys,
  capturedFieldsSchema,
  emptyCapturedFields,
  type CapturedFieldKey,
  type CapturedFields,
} from '@aiceo/shared/widget';
import type { AiResponseFormat } from '../../lib/ai/provider';

/** The conversation's stored fields (anything unreadable counts as not captured yet). */
export const readFields = (value: unknown): CapturedFields => {
  const parsed = capturedFieldsSchema.partial().safeParse(value);
  return { ...emptyCapturedFields, ...(parsed.success ? parsed.data : {}) };
};

/** The visitor can be reached: the moment the CRM lead is created. */
export const isReachable = (fields: CapturedFields): boolean => fields.email !== null || fields.phone !== null;

/**
 * A qualified lead, the one definition: reachable, with a need, and a budget or a timeline.
 * The team is told once per conversation when it first holds.
 */
export const isQualified = (fields: CapturedFields): boolean =>
  isReachable(fields) && fields.need !== null && (fields.budget !== null || fields.timeline !== null);

const MAX_LENGTH: Record<CapturedFieldKey, number> = {
  name: 200,
  email: 320,
  company: 200,
  phone: 50,
  need: 1000,
  budget: 200,
  timeline: 200,
};

const PHONE = /^\+?[\d ()./-]{7,}$/;

/** One value as it may be saved: trimmed, cut to its limit, an email only when it is one, a phone only when it has 7+ digits. */
const cleanValue = (key: CapturedFieldKey, value: unknown): string | null => {
  if (typeof value !== 'string') return null;
  const text = value.replace(/\s+/g, ' ').trim().slice(0, MAX_LENGTH[key]);
  if (!text || /^(null|none|n\/a|unknown|-)$/i.test(text)) return null;
  if (key === 'email') {
    const email = emailSchema.safeParse(text);
    return email.success ? email.data : null;
  }
  if (key === 'phone') return PHONE.test(text) && text.replace(/\D/g, '').length >= 7 ? text : null;
  return text;
};

/**
 * What an extraction (the model's JSON or the rules) found, each field checked on its own so one bad
 * value does not lose the others; the result is validated with capturedFieldsSchema.
 */
export const cleanFields = (raw: unknown): Partial<CapturedFields> => {
  const record = typeof raw === 'object' && raw !== null ? (raw as Record<string, unknown>) : {};
  const found: Partial<CapturedFields> = {};
  for (const key of capturedFieldKeys) {
    const value = cleanValue(key, record[key]);
    if (value !== null) found[key] = value;
  }
  return capturedFieldsSchema.partial().parse(found);
};

/** New values win; a field is never set back to null. */
export const mergeFields = (current: CapturedFields, found: Partial<CapturedFields>): CapturedFields => {
  const merged = { ...current };
  for (const key of capturedFieldKeys) {
    const value = found[key];
    if (value) merged[key] = value;
  }
  return capturedFieldsSchema.parse(merged);
};

export const parseFieldsJson = (text: string): Partial<CapturedFields> => {
  try {
    return cleanFields(JSON.parse(text) as unknown);
  } catch {
    return {};
  }
};

const FIELD_DESCRIPTIONS: Record<CapturedFieldKey, string> = {
  name: "The visitor's name, as they gave it",
  email: "The visitor's email address",
  company: 'The company or organisation the visitor is with',
  phone: "The visitor's phone number",
  need: 'What the visitor needs or wants help with, in a short sentence',
  budget: 'The budget the visitor mentioned, with its currency if given',
  timeline: 'When the visitor wants it done or to start',
};

/** The JSON schema of the extraction (OpenAI strict mode: every field required, null when not stated). */
export const capturedFieldsResponseFormat: AiResponseFormat = {
  type: 'json_schema',
  json_schema: {
    name: 'captured_fields',
    description: 'What the website visitor said about themselves so far',
    strict: true,
    schema: {
      type: 'object',
      additionalProperties: false,
      required: [...capturedFieldKeys],
      properties: Object.fromEntries(
        capturedFieldKeys.map((key) => [key, { type: ['string', 'null'], description: FIELD_DESCRIPTIONS[key] }]),
      ),
    },
  },
};

// --- the rules (offline, while a person has the chat, or when the AI is unavailable) ------------

const EMAIL = /[\w.+-]+@[\w-]+(?:\.[\w-]+)+/;
const PHONE_IN_TEXT = /\+?\d[\d ()./-]{5,}\d/;
// The lead-in in either case, the name itself capitalised ("i'm looking for" is no name).
const NAME =
  /(?:^|\s)(?:[Mm]y name is|[Mm]y name's|[Ii] am|[Ii]'m|[Ii]m|[Tt]his is|[Cc]all me)\s+(\p{Lu}[\p{L}'-]+(?:\s+\p{Lu}[\p{L}'-]+)?)/u;
const COMPANY =
  /\b(?:[Ff]rom|at|[Ww]ork for|[Ww]orking for|[Ii] run|[Oo]ur company is|[Cc]ompany is|[Cc]ompany:)\s+(\p{Lu}[\w&.'-]*(?:\s+(?:\p{Lu}|&)[\w&.'-]*)*)/u;
const BUDGET = [
  /\bbudget\b[^.!?\n\d$€£]{0,30}([$€£]?\s?\d[\d,.]*\s?(?:k|m|thousand|million)?\s?(?:usd|eur|gbp|dollars|euros|pounds|[$€£])?(?:\s?(?:-|to)\s?[$€£]?\d[\d,.]*\s?(?:k|m)?)?(?:\s?(?:a|per)\s(?:month|year))?)/i,
  /(?:around|about|up to|max(?:imum)?|roughly)?\s?([$€£]\s?\d[\d,.]*\s?(?:k|m|thousand|million)?(?:\s?(?:a|per)\s(?:month|year))?)/i,
  /(\d[\d,.]*\s?(?:k|thousand|million)?\s?(?:usd|eur|gbp|dollars|euros|pounds)\b)/i,
];
const TIMELINE =
  /\b((?:within|in|by|before|over|for|next|this|end of|starting|asap|as soon as possible)\b\s*(?:the\s)?(?:(?:\d+|a|one|two|three|four|six|few|couple of)\s+)?(?:days?|weeks?|months?|quarters?|years?|q[1-4]|january|february|march|april|may|june|july|august|september|october|november|december|spring|summer|autumn|fall|winter|week|month|quarter|year|monday|tuesday|wednesday|thursday|friday)?(?:\s\d{4})?)/i;
const NEED =
  /\b(?:i need|we need|i'm looking for|im looking for|we're looking for|looking for|i want|we want|i'd like|we'd like|interested in|help with|help me with|help us with)\s+([^.!?\n]{3,300})/i;
const GREETING = /^\s*(hi|hello|hey|good (morning|afternoon|evening)|yo|hiya|thanks|thank you|ok|okay)\b[\s!.,]*$/i;
const SKIP = /^\s*(no|none|nope|n\/a|skip|not sure|don't know|dont know|rather not|prefer not)\b/i;

const cleanPhone = (text: string): string | null => {
  const match = PHONE_IN_TEXT.exec(text)?.[0];
  return match && match.replace(/\D/g, '').length >= 7 ? match.trim() : null;
};

const budgetOf = (text: string): string | null => {
  for (const rule of BUDGET) {
    const value = rule.exec(text)?.[1]?.trim();
    if (value && /\d/.test(value)) return value;
  }
  return null;
};

const timelineOf = (text: string): string | null => {
  const value = TIMELINE.exec(text)?.[1]?.trim();
  if (!value) return null;
  // "in" or "this" alone is no timeline: it needs a unit or a date after it.
  return value.split(/\s+/).length >= 2 || /^asap$/i.test(value) ? value : null;
};

/** The answer to a question the qualifier asked, when no rule matched it (a short direct answer). */
const directAnswer = (key: CapturedFieldKey, text: string): string | null => {
  const line = text.trim().replace(/[.!]+$/, '');
  if (!line || SKIP.test(line) || line.includes('?')) return null;
  const words = line.split(/\s+/).length;
  switch (key) {
    case 'name':
      return words <= 4 && /^[\p{L}'. -]+$/u.test(line) ? line : null;
    case 'company':
      return words <= 6 ? line : null;
    case 'need':
      return words >= 2 ? line : null;
    case 'budget':
      return /\d/.test(line) && words <= 10 ? line : null;
    case 'timeline':
      return words <= 8 ? line : null;
    default:
      return null;
  }
};

/**
 * Deterministic extraction from one visitor message: email and phone by pattern, "I'm Dana",
 * "from Acme", "budget about $5k", "within 3 months", "we need ...". `asked` is the field the
 * scripted qualifier asked for last, so a bare answer ("Dana", "Acme Ltd") fills it. `needKnown`
 * says whether the need is captured: the first message with substance is then taken as the need.
 */
export const extractByRules = (
  text: string,
  { asked, needKnown }: { asked: CapturedFieldKey | null; needKnown: boolean },
): Partial<CapturedFields> => {
  const found: Record<string, string | null> = {
    email: EMAIL.exec(text)?.[0] ?? null,
    phone: cleanPhone(text.replace(EMAIL, ' ')),
    name: NAME.exec(text)?.[1] ?? null,
    company: COMPANY.exec(text)?.[1]?.replace(/[.,]+$/, '') ?? null,
    budget: budgetOf(text),
    timeline: timelineOf(text),
    // Once the need is known, "we need it within 2 months" is about time, not a new need.
    need: needKnown ? null : (NEED.exec(text)?.[1]?.trim() ?? null),
  };
  if (asked && !found[asked]) found[asked] = directAnswer(asked, text);
  // The first substantial message of a conversation says what the visitor came for.
  const substantial = text.trim().split(/\s+/).length >= 4 && !GREETING.test(text);
  if (!needKnown && !found['need'] && substantial && !found['email'] && !found['name'] && asked === null)
    found['need'] = text.trim();
  return cleanFields(found);
};
