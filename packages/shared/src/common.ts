import { z } from 'zod';
import { storableDateTimeSchema, storableDaySchema } from './storable';

/** A database id (UUID). */
export const idSchema = z.uuid();

/** ISO 8601 timestamp as sent on the wire: a real day in the years 0001 to 9999. */
export const isoDateSchema = storableDateTimeSchema;

/** A calendar day (YYYY-MM-DD) as sent on the wire, in the years 0001 to 9999. */
export const isoDaySchema = storableDaySchema;

/** Email, trimmed and lower-cased so that lookups are case-insensitive. */
export const emailSchema = z
  .string()
  .trim()
  .toLowerCase()
  .max(254)
  .pipe(z.email({ message: 'Enter a valid email address' }));

/** UTF-8 byte length without TextEncoder, so this file runs in any runtime. */
export const utf8Length = (value: string): number => {
  let bytes = 0;
  for (const char of value) {
    const code = char.codePointAt(0) ?? 0;
    bytes += code < 0x80 ? 1 : code < 0x800 ? 2 : code < 0x10000 ? 3 : 4;
  }
  return bytes;
};

/** A password being checked: any non-empty string up to a sane bound. */
export const passwordSchema = z.string().min(1, 'Enter your password').max(1024);

export const personNameSchema = z.string().trim().min(1, 'Enter a name').max(100);

/** A list in a query string, comma-separated (`stage=new,contacted`), of at most `max` items. */
export const commaListSchema = <T extends z.ZodType>(item: T, max: number) =>
  z.preprocess(
    (value) =>
      typeof value === 'string'
        ? value
            .split(',')
            .map((v) => v.trim())
            .filter(Boolean)
        : value,
    z.array(item).max(max),
  );

/** Query for cursor pagination: `cursor` is the last id of the previous page. */
export const pageQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(50),
  cursor: z.uuid().optional(),
});
export type PageQuery = z.infer<typeof pageQuerySchema>;

/** A page of items; `nextCursor` is null on the last page. */
export const pageSchema = <T extends z.ZodType>(item: T) =>
  z.object({ items: z.array(item), nextCursor: z.string().nullable() });

/** Body for actions that just acknowledge. */
export const okSchema = z.object({ ok: z.literal(true) });
