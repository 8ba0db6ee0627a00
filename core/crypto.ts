/**
 * Personal data protection: from one master key (config.piiKey) HKDF-SHA256 derives
 * - an AES-256-GCM key for reversible encryption (IIN kept in Person.iinCipher),
 * - an HMAC-SHA256 key for look-up hashes (Person.iinHash: equal input → equal hash),
 * - an HMAC-SHA256 key for secrets checked but never read back (activation and SMS codes).
 * Changing the master key makes existing ciphers, hashes and codes unusable.
 */
import {
  createCipheriv,
  createDecipheriv,
  createHash,
  createHmac,
  hkdfSync,
  randomBytes,
  timingSafeEqual,
} from 'node:crypto';

export interface PiiProtector {
  /** `v1:` + base64(iv[12] | tag[16] | ciphertext). A fresh IV each call: equal input → different output. */
  encrypt(plain: string): string;
  /** Throws when the text was altered, is not ours, or was made with another key. */
  decrypt(cipher: string): string;
  /** HMAC-SHA256 hex of the value, deterministic, for unique look-up columns (iinHash). */
  hash(value: string): string;
  /** HMAC-SHA256 hex with a separate key, for activation and verification codes. */
  hashSecret(value: string): string;
  /** Constant-time check of a secret against a stored `hashSecret` value. */
  verifySecret(value: string, storedHash: string): boolean;
}

const VERSION = 'v1';
const IV_BYTES = 12;
const TAG_BYTES = 16;
const SALT = 'insurance-assistant/pii/v1';

function derive(masterKey: string, purpose: string): Buffer {
  return Buffer.from(hkdfSync('sha256', Buffer.from(masterKey, 'utf8'), SALT, purpose, 32));
}

export class PiiDecryptError extends Error {
  constructor(reason: string) {
    super(`Cannot decrypt personal data: ${reason}`);
    this.name = 'PiiDecryptError';
  }
}

export function createPiiProtector(masterKey: string): PiiProtector {
  if (masterKey.length < 16) throw new Error('The PII master key must have at least 16 characters');
  const encryptionKey = derive(masterKey, 'encryption');
  const lookupKey = derive(masterKey, 'lookup-hash');
  const secretKey = derive(masterKey, 'secret-hash');
  const hmac = (key: Buffer, value: string) => createHmac('sha256', key).update(value, 'utf8').digest('hex');

  return {
    encrypt(plain) {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', encryptionKey, iv);
      cipher.setAAD(Buffer.from(VERSION));
      const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      return `${VERSION}:${Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64')}`;
    },
    decrypt(text) {
      const separator = text.indexOf(':');
      const version = separator > 0 ? text.slice(0, separator) : '';
      if (version !== VERSION) throw new PiiDecryptError(`unknown format "${version || text.slice(0, 4)}"`);
      const raw = Buffer.from(text.slice(separator + 1), 'base64');
      if (raw.length < IV_BYTES + TAG_BYTES) throw new PiiDecryptError('too short');
      const decipher = createDecipheriv('aes-256-gcm', encryptionKey, raw.subarray(0, IV_BYTES));
      decipher.setAAD(Buffer.from(VERSION));
      decipher.setAuthTag(raw.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
      try {
        return Buffer.concat([
          decipher.update(raw.subarray(IV_BYTES + TAG_BYTES)),
          decipher.final(),
        ]).toString('utf8');
      } catch {
        throw new PiiDecryptError('altered, or encrypted with another key');
      }
    },
    hash: (value) => hmac(lookupKey, value),
    hashSecret: (value) => hmac(secretKey, value),
    verifySecret(value, storedHash) {
      const actual = Buffer.from(hmac(secretKey, value), 'hex');
      const expected = Buffer.from(storedHash, 'hex');
      return actual.length === expected.length && timingSafeEqual(actual, expected);
    },
  };
}

/** Constant-time equality of a presented secret (token, header) with the expected one. */
export function sameSecret(presented: unknown, expected: string): boolean {
  if (typeof presented !== 'string') return false;
  const digest = (value: string) => createHash('sha256').update(value).digest();
  return timingSafeEqual(digest(presented), digest(expected));
}
