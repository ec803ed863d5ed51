import { z } from 'zod';
import { AppError } from '../http/app-error';

export type Page<T> = { items: T[]; nextCursor: string | null };

/**
 * A page from rows fetched with `take: limit + 1` (the extra row only tells that another page
 * follows); the cursor is the id of the page's last row.
 */
export const toPage = <R extends { id: string }, T>(rows: R[], limit: number, toItem: (row: R) => T): Page<T> => {
  const page = rows.slice(0, limit);
  return { items: page.map(toItem), nextCursor: rows.length > limit ? (page[page.length - 1]?.id ?? null) : null };
};

const timeCursorSchema = z.object({ t: z.iso.datetime(), id: z.uuid() });

/** An opaque cursor naming a row of a newest-first list ordered by (a time, id). */
export const encodeTimeCursor = (at: Date, id: string): string =>
  Buffer.from(JSON.stringify({ t: at.toISOString(), id })).toString('base64url');

/**
 * The (time, id) a cursor of `encodeTimeCursor` names; a cursor that is not one answers 400 in
 * plain words. Rows after it in newest-first order: time < at, or time = at and id < id.
 */
export const decodeTimeCursor = (cursor: string): { at: Date; id: string } => {
  try {
    const decoded = timeCursorSchema.parse(JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')));
    return { at: new Date(decoded.t), id: decoded.id };
  } catch {
    const message = 'This page link is out of date; open the list again';
    throw new AppError('VALIDATION_FAILED', message, { issues: [{ location: 'query', path: 'cursor', message }] });
  }
};
