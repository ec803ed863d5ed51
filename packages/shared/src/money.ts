import { z } from 'zod';

// Money on the wire is always an integer in the currency's minor units plus its ISO 4217 code.
// This file is the one place that knows how many minor units a currency has and how to show it.

const supported = (key: 'currency' | 'timeZone'): Set<string> => {
  const intl = Intl as unknown as { supportedValuesOf?: (k: string) => string[] };
  return new Set(intl.supportedValuesOf ? intl.supportedValuesOf(key) : []);
};

const currencies = supported('currency');
const timeZones = supported('timeZone');

/** An ISO 4217 currency code, upper case (`eur` is accepted and upper-cased). */
export const currencySchema = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^[A-Z]{3}$/, 'Use a three-letter ISO 4217 currency code such as USD or EUR')
  .refine((code) => currencies.size === 0 || currencies.has(code), 'Not a currency this app knows (ISO 4217)');
export type Currency = z.infer<typeof currencySchema>;

/** An IANA timezone such as Europe/Berlin (UTC too). */
export const timezoneSchema = z
  .string()
  .trim()
  .min(1)
  .max(64)
  .refine(
    (zone) => zone === 'UTC' || timeZones.size === 0 || timeZones.has(zone),
    'Not an IANA timezone (for example Europe/Berlin)',
  );

/** The first month (1 = January) of the fiscal year. */
export const fiscalYearStartMonthSchema = z.number().int().min(1, 'Use 1 to 12').max(12, 'Use 1 to 12');

/** An amount in minor units (cents for USD, whole yen for JPY) and its currency. */
export const moneySchema = z.object({ amountMinor: z.number().int(), currency: z.string() });
export type Money = z.infer<typeof moneySchema>;

/** The org's money settings. */
export const moneySettingsSchema = z.object({
  currency: z.string(),
  timezone: z.string(),
  fiscalYearStartMonth: z.number().int(),
});
export type MoneySettings = z.infer<typeof moneySettingsSchema>;

/** How many digits a currency has after the decimal point (2 for EUR, 0 for JPY, 3 for KWD). */
export const minorDigits = (currency: string): number => {
  try {
    return new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
  } catch {
    return 2;
  }
};

/** Minor units to a major-unit number (1250 USD cents -> 12.5); for display and charts only. */
export const minorToMajor = (amountMinor: number, currency: string): number =>
  amountMinor / 10 ** minorDigits(currency);

/** A decimal amount written with a point ("-12.5") to exact minor units; null when it has more digits than the currency. */
export const majorToMinor = (value: string, currency: string): number | null => {
  const match = /^(-?)(\d+)(?:\.(\d+))?$/.exec(value.trim());
  if (!match) return null;
  const digits = minorDigits(currency);
  const fraction = (match[3] ?? '').replace(/0+$/, '');
  if (fraction.length > digits) return null;
  const minor = Number(match[2]) * 10 ** digits + Number(fraction.padEnd(digits, '0') || '0');
  if (!Number.isSafeInteger(minor)) return null;
  return match[1] ? -minor : minor;
};

type FormatOptions = {
  locale?: string;
  /** Whole units only (dashboard tiles, chart axes). */
  whole?: boolean;
  /** "+$12.00" for money in. */
  signed?: boolean;
  /** "$1.2K" for axes and tight tiles. */
  compact?: boolean;
};

/** Formats minor units in their currency with Intl.NumberFormat: the only money formatter of the SPA and of mails. */
export const formatMoney = (amountMinor: number, currency: string, options: FormatOptions = {}): string => {
  const digits = minorDigits(currency);
  const format = new Intl.NumberFormat(options.locale, {
    style: 'currency',
    currency,
    ...(options.compact ? { notation: 'compact', maximumFractionDigits: 1 } : {}),
    ...(options.whole && !options.compact ? { minimumFractionDigits: 0, maximumFractionDigits: 0 } : {}),
    ...(!options.whole && !options.compact ? { minimumFractionDigits: digits, maximumFractionDigits: digits } : {}),
    signDisplay: options.signed ? 'exceptZero' : 'auto',
  });
  return format.format(amountMinor / 10 ** digits);
};
