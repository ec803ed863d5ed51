import { minorDigits } from '@aiceo/shared/money';
import type { StatementDateFormat as DateFormat } from '@aiceo/shared/finance-imports';

// Reading cells of exported tables: dates in every layout banks and spreadsheets use, and amounts
// in every number format, each checked against a whole column before it is trusted.

const MONTHS: readonly (readonly string[])[] = [
  ['jan', 'ene', 'gen'],
  ['feb', 'fev'],
  ['mar', 'mrz', 'mrt', 'mae'],
  ['apr', 'avr', 'abr'],
  ['may', 'mai', 'mei', 'mag'],
  ['jun', 'juin', 'giu'],
  ['jul', 'juil', 'lug'],
  ['aug', 'aou', 'ago'],
  ['sep', 'set'],
  ['oct', 'okt', 'out', 'ott'],
  ['nov'],
  ['dec', 'dez', 'dic'],
];

const plain = (text: string) =>
  text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase();

/** "Dec", "déc.", "Dezember", "maggio" to 1-12; null for anything else. */
export const monthNumber = (word: string): number | null => {
  const w = plain(word).replace(/\.$/, '');
  if (w.length < 3 || !/^[a-z]+$/.test(w)) return null;
  // Longest names first, so "juin" is June and "juil" July before "jun"/"jul" are tried.
  let best: { month: number; length: number } | null = null;
  MONTHS.forEach((names, index) => {
    for (const name of names) {
      if (w.startsWith(name) && (!best || name.length > best.length)) best = { month: index + 1, length: name.length };
    }
  });
  return (best as { month: number } | null)?.month ?? null;
};

type DateParts = { y: number; m: number; d: number };

const isValidDate = ({ y, m, d }: DateParts) => {
  if (y < 1900 || y > 2200 || m < 1 || m > 12 || d < 1) return false;
  return d <= new Date(Date.UTC(y, m, 0)).getUTCDate();
};

const fullYear = (year: string) => (year.length === 2 ? 2000 + Number(year) : Number(year));

const pad = (n: number, width = 2) => String(n).padStart(width, '0');
export const isoDay = ({ y, m, d }: DateParts) => `${pad(y, 4)}-${pad(m)}-${pad(d)}`;

// A time after the date ("2026-11-28 10:15:30", "28.11.2026 10:15") is ignored.
const TIME_SUFFIX = /(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:\s?[AP]M)?(?:Z|[+-]\d{2}:?\d{2})?)?$/i;
const NUMERIC = new RegExp(`^(\\d{1,4})([./-])(\\d{1,2})\\2(\\d{2,4})${TIME_SUFFIX.source}`, 'i');
const COMPACT = /^(\d{4})(\d{2})(\d{2})$/;
const NAMED = new RegExp(`^(\\d{1,2})[ .-]+([\\p{L}.]{3,12})[ .-]+(\\d{2,4})${TIME_SUFFIX.source}`, 'iu');

/** What one date cell could be: each format it fits, with the day it gives under that format. */
export const dateReadings = (raw: string): { format: DateFormat; day: string }[] => {
  const value = raw.trim();
  const out: { format: DateFormat; day: string }[] = [];
  const add = (format: DateFormat, parts: DateParts) => {
    if (isValidDate(parts)) out.push({ format, day: isoDay(parts) });
  };
  const numeric = NUMERIC.exec(value);
  if (numeric) {
    const [, a = '', sep = '', b = '', c = ''] = numeric;
    if (a.length === 4) {
      if (c.length <= 2)
        add(sep === '-' ? 'YYYY-MM-DD' : sep === '/' ? 'YYYY/MM/DD' : 'YYYY.MM.DD', { y: +a, m: +b, d: +c });
      return out;
    }
    if (a.length > 2) return out;
    const yy = c.length === 2;
    if (c.length !== 2 && c.length !== 4) return out;
    const y = fullYear(c);
    const dm = `DD${sep}MM${sep}${yy ? 'YY' : 'YYYY'}` as DateFormat;
    const md = `MM${sep}DD${sep}${yy ? 'YY' : 'YYYY'}` as DateFormat;
    add(dm, { y, m: +b, d: +a });
    if (sep !== '.') add(md, { y, m: +a, d: +b });
    return out;
  }
  const compact = COMPACT.exec(value);
  if (compact) {
    add('YYYYMMDD', { y: +(compact[1] ?? 0), m: +(compact[2] ?? 0), d: +(compact[3] ?? 0) });
    return out;
  }
  const named = NAMED.exec(value);
  if (named) {
    const month = monthNumber(named[2] ?? '');
    if (month)
      add((named[3] ?? '').length === 2 ? 'DD MMM YY' : 'DD MMM YYYY', {
        y: fullYear(named[3] ?? ''),
        m: month,
        d: +(named[1] ?? 0),
      });
  }
  return out;
};

/** One cell in a known format to YYYY-MM-DD; null when it does not fit. */
export const parseDate = (raw: string, format: DateFormat): string | null =>
  dateReadings(raw).find((r) => r.format === format)?.day ?? null;

const isMonotonic = (days: string[]) => {
  let up = true;
  let down = true;
  for (let i = 1; i < days.length; i += 1) {
    const prev = days[i - 1] ?? '';
    const cur = days[i] ?? '';
    if (cur < prev) up = false;
    if (cur > prev) down = false;
  }
  return up || down;
};

export type DateFormatVerdict =
  { kind: 'found'; format: DateFormat } | { kind: 'ambiguous'; formats: DateFormat[] } | { kind: 'none' };

/**
 * The one date format every (non-empty) value of a column fits. When day/month and month/day
 * both fit every value (no day above 12), the statement's order decides: banks list by date, so
 * the reading under which the column is sorted is the right one; if both are sorted it is
 * ambiguous and the owner chooses.
 */
export const detectDateFormat = (values: string[], { minShare = 1 } = {}): DateFormatVerdict => {
  const cells = values.map((v) => v.trim()).filter((v) => v !== '');
  if (cells.length === 0) return { kind: 'none' };
  const fits = new Map<DateFormat, string[]>();
  for (const cell of cells) {
    for (const { format, day } of dateReadings(cell)) {
      const list = fits.get(format) ?? [];
      list.push(day);
      fits.set(format, list);
    }
  }
  // The formats that fit the most values (one value with a day above 12 rules out month/day).
  const most = Math.max(0, ...[...fits.values()].map((days) => days.length));
  if (most < Math.ceil(cells.length * minShare)) return { kind: 'none' };
  const full = [...fits.entries()].filter(([, days]) => days.length === most);
  if (full.length === 0) return { kind: 'none' };
  if (full.length === 1) return { kind: 'found', format: full[0]![0] };
  const sorted = full.filter(([, days]) => isMonotonic(days));
  if (sorted.length === 1) return { kind: 'found', format: sorted[0]![0] };
  return { kind: 'ambiguous', formats: full.map(([format]) => format) };
};

// --- amounts --------------------------------------------------------------------------------

export type DecimalSeparator = '.' | ',';

// Currency signs and codes around an amount, and the spaces and apostrophes used to group thousands.
const CURRENCY = /(?:[€$£¥₹]|CHF|EUR|USD|GBP|SEK|NOK|DKK|PLN|CZK|Fr\.|kr)/giu;
const GROUPING = /[\s\u00a0\u202f'’]/g;

type Unsigned = { digits: string; negative: boolean };

/** Sign markers taken off: "-12.00", "+12.00", "(12.00)", "12.00-", "12.00 DR" / "CR", a Unicode minus. */
const stripSign = (raw: string): Unsigned | null => {
  let value = raw.trim().replace(/\u2212/g, '-');
  let negative = false;
  const suffix = /\s*\b(DR|CR)\.?$/i.exec(value);
  if (suffix && /\d/.test(value.slice(0, suffix.index))) {
    negative = suffix[1]?.toUpperCase().startsWith('D') ?? false;
    value = value.slice(0, suffix.index);
  }
  value = value.replace(CURRENCY, '').replace(GROUPING, '');
  if (/^\(.*\)$/.test(value)) {
    negative = !negative;
    value = value.slice(1, -1);
  }
  if (value.startsWith('-') || value.endsWith('-')) {
    negative = !negative;
    value = value.startsWith('-') ? value.slice(1) : value.slice(0, -1);
  } else if (value.startsWith('+')) value = value.slice(1);
  value = value.replace(CURRENCY, '').trim();
  if (!/^[\d.,]+$/.test(value) || !/\d/.test(value)) return null;
  return { digits: value, negative };
};

/** Which separator is the decimal one in a cell, if the cell says: strong when certain, weak when only likely. */
const separatorVote = (digits: string): { sep: DecimalSeparator; strong: boolean } | null => {
  const lastPoint = digits.lastIndexOf('.');
  const lastComma = digits.lastIndexOf(',');
  if (lastPoint >= 0 && lastComma >= 0) return { sep: lastPoint > lastComma ? '.' : ',', strong: true };
  const sep = lastPoint >= 0 ? '.' : lastComma >= 0 ? ',' : null;
  if (!sep) return null;
  const other: DecimalSeparator = sep === '.' ? ',' : '.';
  if (digits.split(sep).length > 2) return { sep: other, strong: true };
  const decimals = digits.length - digits.lastIndexOf(sep) - 1;
  if (decimals === 3) return { sep: other, strong: false };
  return { sep, strong: true };
};

export type SeparatorVerdict = { kind: 'found'; separator: DecimalSeparator } | { kind: 'conflict' };

/** The decimal separator of the amount columns taken together: "1.234,56" and "12,50" say comma. */
export const detectDecimalSeparator = (values: string[]): SeparatorVerdict => {
  const strong = { '.': 0, ',': 0 };
  const weak = { '.': 0, ',': 0 };
  for (const value of values) {
    const unsigned = stripSign(value);
    const vote = unsigned && separatorVote(unsigned.digits);
    if (vote) (vote.strong ? strong : weak)[vote.sep] += 1;
  }
  if (strong['.'] > 0 && strong[','] > 0) return { kind: 'conflict' };
  if (strong['.'] > 0) return { kind: 'found', separator: '.' };
  if (strong[','] > 0) return { kind: 'found', separator: ',' };
  return { kind: 'found', separator: weak[','] > weak['.'] ? ',' : '.' };
};

// minorDigits builds an Intl.NumberFormat: once per currency, not once per cell.
const digitsByCurrency = new Map<string, number>();
const digitsOf = (currency: string) => {
  let digits = digitsByCurrency.get(currency);
  if (digits === undefined) {
    digits = minorDigits(currency);
    digitsByCurrency.set(currency, digits);
  }
  return digits;
};

/** Whole and fraction digits to minor units; null with more decimals than the currency has or past 2^53. */
const toMinor = (whole: string, fraction: string, currency: string): number | null => {
  const digits = digitsOf(currency);
  const trimmed = fraction.replace(/0+$/, '');
  if (trimmed.length > digits) return null;
  const minor = Number(whole || '0') * 10 ** digits + Number(trimmed.padEnd(digits, '0') || '0');
  return Number.isSafeInteger(minor) ? minor : null;
};

/** One amount cell in minor units of `currency`; null when it is not a number (or has too many decimals). */
export const parseAmount = (raw: string, { decimal, currency }: { decimal: DecimalSeparator; currency: string }) => {
  const unsigned = stripSign(raw);
  if (!unsigned) return null;
  const thousands = decimal === '.' ? ',' : '.';
  const parts = unsigned.digits.split(decimal);
  if (parts.length > 2) return null;
  const whole = (parts[0] ?? '').split(thousands).join('');
  if (!/^\d*$/.test(whole) || (parts[1] !== undefined && !/^\d+$/.test(parts[1]))) return null;
  const minor = toMinor(whole, parts[1] ?? '', currency);
  if (minor === null) return null;
  return unsigned.negative ? -minor : minor;
};

/** The cell carries a sign of its own ("-", parentheses, a trailing minus, DR). */
export const hasSign = (raw: string): boolean => stripSign(raw)?.negative ?? false;
export const isAmountLike = (raw: string): boolean => stripSign(raw) !== null;
