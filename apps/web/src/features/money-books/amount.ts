import { majorToMinor, minorDigits } from '@aiceo/shared/money';

/** Which of `.` and `,` separates the decimals in `digits`, or null when neither does. */
const decimalSeparatorOf = (digits: string, currency: string): '.' | ',' | null => {
  const last = Math.max(digits.lastIndexOf('.'), digits.lastIndexOf(','));
  if (last < 0) return null;
  const separator = digits[last] as '.' | ',';
  if (digits.includes('.') && digits.includes(',')) return separator;
  if (digits.indexOf(separator) !== last) return null;
  // "1.234" or "1,234" groups thousands, unless the currency has three decimals (KWD).
  const isGrouping = digits.length - last - 1 === 3 && minorDigits(currency) !== 3 && !/^0[.,]/.test(digits);
  return isGrouping ? null : separator;
};

/**
 * What the owner typed in an amount field ("1,234.50", "1.234,50", "12,5", "-40") as positive
 * minor units, and whether it carried a minus; null when it is not an amount in this currency.
 */
export const parseAmount = (text: string, currency: string): { minor: number; isNegative: boolean } | null => {
  const trimmed = text.replace(/[\s\u00a0']/g, '');
  const isNegative = /^-|^\(.*\)$|-$/.test(trimmed);
  const digits = trimmed.replace(/^[-(]+|[-)]+$/g, '').replace(/[^\d.,]/g, '');
  if (!/^\d[\d.,]*$/.test(digits)) return null;
  const separator = decimalSeparatorOf(digits, currency);
  const cut = separator ? digits.lastIndexOf(separator) : -1;
  const whole = (cut < 0 ? digits : digits.slice(0, cut)).replace(/[.,]/g, '');
  const normal = cut < 0 ? whole : `${whole}.${digits.slice(cut + 1)}`;
  const minor = majorToMinor(normal, currency);
  return minor === null ? null : { minor: Math.abs(minor), isNegative };
};

/** Minor units back to what an amount field shows ("1234.5" for 123450 cents), without sign or grouping. */
export const toMajorText = (minor: number, digits: number): string => {
  const abs = Math.abs(minor);
  if (digits === 0) return String(abs);
  const text = String(abs).padStart(digits + 1, '0');
  return `${text.slice(0, -digits)}.${text.slice(-digits)}`.replace(/\.?0+$/, '');
};
