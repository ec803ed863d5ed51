import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Env } from '../config/env';
import { fromRoot } from '../config/paths';
import { KEY_BYTES, parseEncryptionKey } from './encryption-key';

/**
 * AES-256-GCM for secrets at rest (OAuth tokens). Sealed text is `v1.<iv>.<tag>.<ciphertext>`,
 * each part base64url, with a fresh 12-byte IV per seal; the version leaves room to rotate keys.
 */
export type SecretBox = { seal(plain: string): string; open(sealed: string): string };

export class SecretBoxError extends Error {
  override name = 'SecretBoxError';
}

const VERSION = 'v1';

export const createSecretBox = (key: Buffer): SecretBox => {
  if (key.length !== KEY_BYTES) throw new SecretBoxError('The key must be 32 bytes');
  return {
    seal: (plain) => {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      const ciphertext = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      return [
        VERSION,
        iv.toString('base64url'),
        cipher.getAuthTag().toString('base64url'),
        ciphertext.toString('base64url'),
      ].join('.');
    },
    open: (sealed) => {
      const [version, iv, tag, ciphertext, ...rest] = sealed.split('.');
      if (version !== VERSION || iv === undefined || tag === undefined || ciphertext === undefined || rest.length > 0) {
        throw new SecretBoxError('Not a sealed secret of a known version');
      }
      try {
        const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
        decipher.setAuthTag(Buffer.from(tag, 'base64url'));
        return Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64url')), decipher.final()]).toString(
          'utf8',
        );
      } catch (error) {
        // GCM refuses any change to IV, tag or ciphertext, and a wrong key.
        throw new SecretBoxError('The sealed secret was tampered with or sealed under another key', { cause: error });
      }
    },
  };
};

/**
 * Without TOKEN_ENCRYPTION_KEY (production refuses to start): in development a key is made once
 * and kept beside the jwt-secret file, so stored tokens survive restarts; tests get one per process.
 */
const keyFor = (env: Env): Buffer => {
  if (env.TOKEN_ENCRYPTION_KEY) {
    const key = parseEncryptionKey(env.TOKEN_ENCRYPTION_KEY);
    if (!key) throw new SecretBoxError('TOKEN_ENCRYPTION_KEY must be 32 bytes as base64 or 64 hex characters');
    return key;
  }
  if (env.NODE_ENV === 'test') return randomBytes(KEY_BYTES);
  const file = join(dirname(fromRoot(env.PGLITE_DATA_DIR)), 'token-encryption-key');
  if (existsSync(file)) {
    const key = parseEncryptionKey(readFileSync(file, 'utf8'));
    if (!key) throw new SecretBoxError(`${file} does not hold a 32-byte key`);
    return key;
  }
  mkdirSync(dirname(file), { recursive: true });
  const key = randomBytes(KEY_BYTES);
  writeFileSync(file, key.toString('hex'), { mode: 0o600 });
  return key;
};

// One box per loaded environment: the key file is read once, and a test app's random key stays the same for its life.
const boxes = new WeakMap<Env, SecretBox>();

export const secretBoxFor = (env: Env): SecretBox => {
  const known = boxes.get(env);
  if (known) return known;
  const box = createSecretBox(keyFor(env));
  boxes.set(env, box);
  return box;
};
