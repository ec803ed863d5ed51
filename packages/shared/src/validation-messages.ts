import { z } from 'zod';

/**
 * Zod's own messages ("Too big: expected string to have <=100 characters", "Invalid input:
 * expected number, received NaN") are for programmers. This turns every issue a schema did not
 * word itself into a sentence with the field's name in words, once, for the API's 400 envelopes
 * and the SPA's forms alike: `applyPlainValidationMessages()` installs it as zod's global error
 * customisation (a message a schema sets itself still wins).
 */

type Issue = z.core.$ZodRawIssue;

const WORDS: Record<string, string> = {
  id: 'ID',
  ids: 'IDs',
  url: 'web address',
  uri: 'web address',
  org: 'organisation',
  ai: 'AI',
  api: 'API',
  csv: 'CSV',
  iban: 'IBAN',
  mrr: 'MRR',
  kpi: 'KPI',
};

/** `firstName` -> "First name", `ownerUserId` -> "Owner user ID", `amountMinor` -> "Amount". */
export const fieldLabel = (key: string): string => {
  const words = key
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/[_-]+/g, ' ')
    .trim()
    .toLowerCase()
    .split(/\s+/)
    .filter((w) => w !== 'minor' && w !== 'cents' && w !== '');
  if (words.length === 0) return 'This value';
  const text = words.map((w) => WORDS[w] ?? w).join(' ');
  return text.charAt(0).toUpperCase() + text.slice(1);
};

/** The field an issue is about, in words; list items name their list ("Tags (item 2)"). */
const subjectOf = (path: readonly PropertyKey[] | undefined): string => {
  const keys = (path ?? []).filter((k): k is string | number => typeof k !== 'symbol');
  const last = keys[keys.length - 1];
  if (last === undefined) return 'This value';
  if (typeof last === 'number' || /^\d+$/.test(String(last))) {
    const list = keys
      .slice(0, -1)
      .reverse()
      .find((k) => typeof k === 'string' && !/^\d+$/.test(k));
    return `${list === undefined ? 'Item' : fieldLabel(String(list))} (item ${Number(last) + 1})`;
  }
  return fieldLabel(String(last));
};

const plural = (n: number | bigint, one: string, many: string) => `${n.toString()} ${Number(n) === 1 ? one : many}`;

const shown = (value: unknown): string => (typeof value === 'string' ? value : String(value));

const TYPE_WORDS: Record<string, string> = {
  string: 'text',
  number: 'a number',
  int: 'a whole number',
  bigint: 'a whole number',
  boolean: 'yes or no (true or false)',
  array: 'a list',
  object: 'a group of fields (an object)',
  date: 'a date',
  record: 'a group of fields (an object)',
  map: 'a group of fields',
  set: 'a list',
  file: 'a file',
};

const isMissing = (input: unknown) => input === undefined;

const typeMessage = (subject: string, issue: Extract<Issue, { code: 'invalid_type' }>): string => {
  const { expected, input } = issue;
  if (isMissing(input)) return `${subject} is required`;
  if (input === null) return `${subject} cannot be empty`;
  if (expected === 'number' || expected === 'int') {
    if (typeof input === 'number' && Number.isNaN(input)) return `${subject} must be a number`;
    if (typeof input === 'number' && !Number.isFinite(input)) return `${subject} must be a finite number`;
    if (typeof input === 'number' && expected === 'int') return `${subject} must be a whole number`;
  }
  const words = TYPE_WORDS[expected];
  return words ? `${subject} must be ${words}` : `${subject} has the wrong kind of value`;
};

const sizeMessage = (
  subject: string,
  issue: Extract<Issue, { code: 'too_big' }> | Extract<Issue, { code: 'too_small' }>,
): string => {
  const big = issue.code === 'too_big';
  const limit = big ? issue.maximum : issue.minimum;
  const exact = issue.exact === true;
  const inclusive = issue.inclusive !== false;
  switch (issue.origin) {
    case 'string': {
      if (exact) return `${subject} must be exactly ${plural(limit, 'character', 'characters')} long`;
      if (big) return `${subject} is too long: use at most ${plural(limit, 'character', 'characters')}`;
      if (Number(limit) <= 1) return `${subject} cannot be empty`;
      return `${subject} is too short: use at least ${plural(limit, 'character', 'characters')}`;
    }
    case 'array':
    case 'set': {
      if (exact) return `${subject} must have exactly ${plural(limit, 'item', 'items')}`;
      if (big) return `${subject} has too many items: use at most ${plural(limit, 'item', 'items')}`;
      if (Number(limit) <= 1) return `${subject} needs at least one item`;
      return `${subject} needs at least ${plural(limit, 'item', 'items')}`;
    }
    case 'file':
      return big
        ? `${subject} is too large: at most ${plural(limit, 'byte', 'bytes')}`
        : `${subject} is too small: at least ${plural(limit, 'byte', 'bytes')}`;
    case 'date': {
      const day = new Date(Number(limit)).toISOString().slice(0, 10);
      if (big) return `${subject} must be ${inclusive ? 'on or before' : 'before'} ${day}`;
      return `${subject} must be ${inclusive ? 'on or after' : 'after'} ${day}`;
    }
    default: {
      const n = Number(limit).toLocaleString('en-GB');
      if (exact) return `${subject} must be exactly ${n}`;
      if (big) return inclusive ? `${subject} must be at most ${n}` : `${subject} must be less than ${n}`;
      return inclusive ? `${subject} must be at least ${n}` : `${subject} must be more than ${n}`;
    }
  }
};

const FORMAT_WORDS: Record<string, string> = {
  uuid: 'an ID (like 3f2b8c1e-0d4a-4c7b-9e21-5a6f7b8c9d0e)',
  guid: 'an ID (like 3f2b8c1e-0d4a-4c7b-9e21-5a6f7b8c9d0e)',
  uuidv4: 'an ID (like 3f2b8c1e-0d4a-4c7b-9e21-5a6f7b8c9d0e)',
  uuidv6: 'an ID',
  uuidv7: 'an ID',
  cuid: 'an ID',
  cuid2: 'an ID',
  ulid: 'an ID',
  nanoid: 'an ID',
  datetime: 'a date and time like 2026-03-01T09:00:00Z',
  date: 'a date like 2026-03-01',
  time: 'a time like 09:30',
  duration: 'a duration like PT15M',
  ipv4: 'an IP address like 192.0.2.1',
  ipv6: 'an IPv6 address',
  e164: 'a phone number in international form, like +441632960000',
  base64: 'base64 text',
  base64url: 'base64url text',
  jwt: 'a token',
  emoji: 'an emoji',
  json_string: 'JSON text',
  currency_code: 'a three-letter currency code like EUR',
  iban: 'an IBAN',
};

const formatMessage = (subject: string, issue: Extract<Issue, { code: 'invalid_format' }>): string => {
  const format = issue.format;
  if (format === 'email') return 'Enter an email address like name@example.com';
  if (format === 'url') return `${subject}: enter a web address like https://example.com`;
  if (format === 'starts_with' && 'prefix' in issue) return `${subject} must start with "${shown(issue.prefix)}"`;
  if (format === 'ends_with' && 'suffix' in issue) return `${subject} must end with "${shown(issue.suffix)}"`;
  if (format === 'includes' && 'includes' in issue) return `${subject} must contain "${shown(issue.includes)}"`;
  if (format === 'lowercase') return `${subject} must be in lower case`;
  if (format === 'uppercase') return `${subject} must be in upper case`;
  const words = FORMAT_WORDS[format];
  if (words) return `${subject} must be ${words}`;
  return `${subject} is not in the right form`;
};

const MAX_LISTED = 12;

const choiceMessage = (subject: string, values: readonly unknown[]): string => {
  const shownValues = values.map((v) => (v === null ? 'nothing' : shown(v)));
  if (shownValues.length === 1) return `${subject} must be ${shownValues[0] ?? ''}`;
  if (shownValues.length > MAX_LISTED) return `${subject} is not one of the allowed choices`;
  return `${subject}: choose one of: ${shownValues.join(', ')}`;
};

/** The plain-words message for one zod issue (raw, before zod finalises it). */
export const plainIssueMessage = (issue: Issue): string => {
  const subject = subjectOf(issue.path);
  switch (issue.code) {
    case 'invalid_type':
      return typeMessage(subject, issue);
    case 'too_big':
    case 'too_small':
      return sizeMessage(subject, issue);
    case 'invalid_format':
      return formatMessage(subject, issue);
    case 'invalid_value':
      return choiceMessage(subject, issue.values);
    case 'not_multiple_of':
      return `${subject} must be a multiple of ${shown(issue.divisor)}`;
    case 'unrecognized_keys':
      return issue.keys.length === 1
        ? `Remove the unknown field "${issue.keys[0] ?? ''}"`
        : `Remove the unknown fields: ${issue.keys.map((k) => `"${k}"`).join(', ')}`;
    case 'invalid_key':
      return `${subject} has a name that is not allowed`;
    case 'invalid_element':
      return `${subject} has an entry that is not allowed`;
    case 'invalid_union': {
      const options = (issue as { options?: unknown[] }).options;
      if (Array.isArray(options) && options.length > 0) return choiceMessage(subject, options);
      if (isMissing(issue.input)) return `${subject} is required`;
      return `${subject} is not valid: check what you entered`;
    }
    case 'custom':
    default:
      if (isMissing(issue.input)) return `${subject} is required`;
      return `${subject} is not valid: check what you entered`;
  }
};

/** Zod's phrases that must never reach a person; tests assert no message contains them. */
export const rawZodPhrases = [
  'expected',
  'received',
  'Too big',
  'Too small',
  'Invalid input',
  'Invalid option',
  'Invalid string',
  'Invalid number',
  '<=',
  '>=',
  'Unrecognized key',
] as const;

/** True when a message carries one of zod's programmer phrases. */
export const isRawZodMessage = (message: string): boolean =>
  rawZodPhrases.some((phrase) => message.toLowerCase().includes(phrase.toLowerCase()));

/**
 * Makes every zod parse in this JavaScript realm word its issues with `plainIssueMessage` (zod
 * keeps this setting on globalThis, so every copy of zod in the process shares it). Idempotent.
 */
export const applyPlainValidationMessages = (): void => {
  z.config({ customError: (issue) => plainIssueMessage(issue) });
};

/**
 * The envelope's headline for a failed validation: the issue itself when there is one, else a
 * count ("3 fields need attention: Name is too long ...; Amount must be a number ...").
 */
export const summariseIssues = (issues: readonly { message: string }[]): string => {
  const [first] = issues;
  if (!first) return 'The request is not valid';
  if (issues.length === 1) return first.message;
  const listed = issues
    .slice(0, 3)
    .map((i) => i.message)
    .join('; ');
  return `${issues.length} fields need attention: ${listed}${issues.length > 3 ? '; …' : ''}`;
};

applyPlainValidationMessages();
