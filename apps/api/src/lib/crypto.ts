import { createHash, randomBytes } from 'node:crypto';

/** A URL-safe random token with `bytes` of entropy. */
export const randomToken = (bytes = 32): string => randomBytes(bytes).toString('base64url');

/** Tokens we hand out are long and random, so a fast hash is enough to store them (no bcrypt needed). */
export const sha256 = (value: string): string => createHash('sha256').update(value).digest('hex');
