import { z } from 'zod';

/**
 * What PostgreSQL cannot store, and so no input may carry: text with a NUL character (neither
 * `text` nor `jsonb` accept U+0000) or a lone UTF-16 surrogate (not valid UTF-8), and dates
 * outside the years 1 to 9999 (ISO 8601 has no year 0, JavaScript dates and PostgreSQL
 * disagree about the years around it, and five-digit years are not ISO 8601 without a sign).
 */

const NUL = '\u0000';
/** A high surrogate not followed by a low one, or a low one not preceded by a high one. */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

export const NUL_MESSAGE = 'Remove the NUL character (\\u0000): text cannot contain it';
export const SURROGATE_MESSAGE = 'Remove the broken character: the text is not valid Unicode (a lone surrogate)';

/** Why a string cannot be stored, or null when it can. */
export const unstorableTextReason = (value: string): string | null => {
  if (value.includes(NUL)) return NUL_MESSAGE;
  if (LONE_SURROGATE.test(value)) return SURROGATE_MESSAGE;
  return null;
};

/** A problem found in one place of a nested input; `path` is dotted, like validation issues. */
export type UnstorableIssue = { path: string; message: string };

const MAX_ISSUES = 20;
const MAX_DEPTH = 64;

/**
 * Walks any parsed JSON, query or params value (strings, arrays, objects, and object keys too) and
 * lists every string that cannot be stored. Runs before any schema, so free-form JSON fields and
 * fields a schema forgot are covered as well.
 */
export const findUnstorableText = (value: unknown): UnstorableIssue[] => {
  const issues: UnstorableIssue[] = [];
  const visit = (node: unknown, path: string[], depth: number): void => {
    if (issues.length >= MAX_ISSUES) return;
    if (typeof node === 'string') {
      const reason = unstorableTextReason(node);
      if (reason) issues.push({ path: path.join('.'), message: reason });
      return;
    }
    if (typeof node !== 'object' || node === null || depth > MAX_DEPTH) return;
    if (Array.isArray(node)) {
      node.forEach((item, index) => visit(item, [...path, String(index)], depth + 1));
      return;
    }
    for (const [key, item] of Object.entries(node)) {
      const keyReason = unstorableTextReason(key);
      if (keyReason) issues.push({ path: [...path, '(key)'].join('.'), message: keyReason });
      visit(item, [...path, key], depth + 1);
    }
  };
  visit(value, [], 0);
  return issues;
};

/** Earliest and latest instants a stored date may have: 0001-01-01 and the end of 9999, UTC. */
export const MIN_STORABLE_DATE_MS = new Date('0001-01-01T00:00:00.000Z').getTime();
export const MAX_STORABLE_DATE_MS = new Date('9999-12-31T23:59:59.999Z').getTime();

export const DATE_RANGE_MESSAGE = 'Use a date between the years 0001 and 9999';

/** True for a real calendar instant inside the storable range. */
export const isStorableDate = (date: Date): boolean => {
  const ms = date.getTime();
  return Number.isFinite(ms) && ms >= MIN_STORABLE_DATE_MS && ms <= MAX_STORABLE_DATE_MS;
};

/** The year, month and day of an ISO date or date-time name a day that exists (no 30 February). */
const isRealDay = (iso: string): boolean => {
  const match = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(2000, month - 1, day));
  date.setUTCFullYear(year);
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
};

/** A date-time string (ISO 8601 with an offset) of a real day in the years 0001 to 9999. */
export const storableDateTimeSchema = z.iso
  .datetime({ offset: true, message: 'Use an ISO 8601 date and time, like 2026-03-01T09:00:00Z' })
  .refine(isRealDay, 'That day does not exist in the calendar')
  .refine((value) => isStorableDate(new Date(value)), DATE_RANGE_MESSAGE);

/** A calendar day (YYYY-MM-DD) that exists, in the years 0001 to 9999. */
export const storableDaySchema = z.iso
  .date({ message: 'Use a date like 2026-03-01' })
  .refine(isRealDay, 'That day does not exist in the calendar')
  .refine((value) => isStorableDate(new Date(`${value}T00:00:00Z`)), DATE_RANGE_MESSAGE);
