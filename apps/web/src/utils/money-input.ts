import { z } from 'zod';
import { majorToMinor, minorDigits, minorToMajor } from '@aiceo/shared/money';

/** Minor units as the value of an amount input: "1250.50" for 125050 USD cents, "1250" for 1250 JPY. */
export const toMoneyInput = (amountMinor: number, currency: string): string =>
  minorToMajor(amountMinor, currency).toFixed(minorDigits(currency));

// The reader's own decimal separator ("." in English, "," in German), for "1.250" vs "1,250".
const localeDecimal = new Intl.NumberFormat().formatToParts(1.5).find((part) => part.type === 'decimal')?.value ?? '.';

// Which separator is the decimal one: with both kinds, the last; a repeated one groups
// thousands ("1.234.567"); a single one before exactly three digits groups thousands unless it
// is the reader's decimal separator ("1,250" is 1250 in English, "1.250" is 1250 in German).
const normalise = (raw: string, currency: string): string => {
  const text = raw.replace(/[\s\u00a0\u202f'’]/g, '').replace(/[^\d.,-]/g, '');
  const last = Math.max(text.lastIndexOf(','), text.lastIndexOf('.'));
  if (last === -1) return text;
  const separator = text.charAt(last);
  const head = text.slice(0, last);
  const tail = text.slice(last + 1);
  const isMixed = text.includes(',') && text.includes('.');
  const isGrouping =
    !isMixed &&
    (head.includes(separator) || (tail.length === 3 && (minorDigits(currency) === 0 || separator !== localeDecimal)));
  const digits = head.replace(/[.,]/g, '');
  return isGrouping ? `${digits}${tail}` : `${digits}.${tail}`;
};

/**
 * An amount typed in major units of `currency` ("1,250.50", "1.250,50", "€ 99") to minor units:
 * undefined when empty, NaN when it is not an amount the currency can hold (for the schema to refuse).
 */
export const parseMoneyInput = (value: unknown, currency: string): number | undefined => {
  if (typeof value !== 'string' || value.trim() === '') return undefined;
  return majorToMinor(normalise(value, currency), currency) ?? Number.NaN;
};

/**
 * The form's schema, with a plain message on the amount field `field` when its text was no
 * amount (NaN from parseMoneyInput) instead of the schema's "expected number, received NaN".
 */
export const withMoneyField = <S extends z.ZodType>(
  schema: S,
  { field, currency }: { field: string; currency: string },
) =>
  z
    .unknown()
    .superRefine((values, ctx) => {
      if (typeof values !== 'object' || values === null || !Number.isNaN((values as Record<string, unknown>)[field]))
        return;
      const example = toMoneyInput(125_050, currency);
      ctx.addIssue({ code: 'custom', path: [field], message: `Enter an amount in ${currency}, such as ${example}` });
    })
    .pipe(schema);
