/** AES-256: the token encryption key is 32 bytes. */
export const KEY_BYTES = 32;

/** A 32-byte key from 64 hex characters or base64 (standard or url-safe); null when it is neither. */
export const parseEncryptionKey = (value: string): Buffer | null => {
  const trimmed = value.trim();
  if (/^[0-9a-fA-F]{64}$/.test(trimmed)) return Buffer.from(trimmed, 'hex');
  if (!/^[A-Za-z0-9+/_-]+={0,2}$/.test(trimmed)) return null;
  const key = Buffer.from(trimmed.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
  return key.length === KEY_BYTES ? key : null;
};
