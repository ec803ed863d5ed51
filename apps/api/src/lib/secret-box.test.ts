import { randomBytes } from 'node:crypto';
import { parseEncryptionKey } from './encryption-key';
import { createSecretBox, SecretBoxError } from './secret-box';

describe('secret box (AES-256-GCM)', () => {
  const box = createSecretBox(randomBytes(32));

  it('when a secret is sealed, then it opens to the same text and the sealed form does not contain it', () => {
    const sealed = box.seal('AQV_super-secret-token');
    expect(sealed).toMatch(/^v1\.[\w-]+\.[\w-]+\.[\w-]+$/);
    expect(sealed).not.toContain('super-secret');
    expect(box.open(sealed)).toBe('AQV_super-secret-token');
    expect(box.seal('AQV_super-secret-token')).not.toBe(sealed);
  });

  it('when the ciphertext, tag or IV is changed, or the key differs, then opening is refused', () => {
    const sealed = box.seal('token');
    const [v, iv = '', tag = '', ct = ''] = sealed.split('.');
    const flip = (part: string) => `${part.charAt(0) === 'A' ? 'B' : 'A'}${part.slice(1)}`;
    for (const tampered of [
      [v, iv, tag, flip(ct)],
      [v, iv, flip(tag), ct],
      [v, flip(iv), tag, ct],
    ].map((p) => p.join('.'))) {
      expect(() => box.open(tampered)).toThrow(SecretBoxError);
    }
    expect(() => createSecretBox(randomBytes(32)).open(sealed)).toThrow(SecretBoxError);
    expect(() => box.open('v2.a.b.c')).toThrow(SecretBoxError);
    expect(() => box.open('plain-token')).toThrow(SecretBoxError);
  });

  it.each([
    ['64 hex characters', 'ab'.repeat(32), true],
    ['base64 of 32 bytes', randomBytes(32).toString('base64'), true],
    ['base64url of 32 bytes', randomBytes(32).toString('base64url'), true],
    ['16 bytes', randomBytes(16).toString('base64'), false],
    ['text', 'not a key at all!', false],
  ])('when the key is %s, then parsing accepts it: %s', (_name, value, ok) => {
    expect(parseEncryptionKey(value) !== null).toBe(ok);
  });
});
