import { parse } from 'node:querystring';
import { AppError } from './app-error';

const isWellEncoded = (part: string): boolean => {
  try {
    decodeURIComponent(part);
    return true;
  } catch {
    return false;
  }
};

/**
 * Express's "simple" query parser (node:querystring), except that a malformed %-escape (one that is
 * not UTF-8, such as an encoded lone surrogate) is the client's mistake, answered with 400, instead
 * of being turned silently into replacement characters.
 */
export const parseQueryString = (raw: string | null | undefined): Record<string, string | string[] | undefined> => {
  // Express passes no string at all for a URL without "?".
  const text = raw ?? '';
  const bad = text.split('&').find((pair) => !pair.split('=').every(isWellEncoded));
  if (bad !== undefined) {
    const name = bad.split('=')[0] ?? '';
    throw new AppError('VALIDATION_FAILED', 'The query string has a malformed %-escape', {
      issues: [
        {
          location: 'query',
          path: isWellEncoded(name) ? decodeURIComponent(name) : '',
          message: 'Malformed percent-encoding',
        },
      ],
    });
  }
  return parse(text);
};
