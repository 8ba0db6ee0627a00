import { describe, expect, it } from 'vitest';
import { createPiiProtector, PiiDecryptError } from '../../core/crypto';

const KEY = 'test-master-key-0123456789abcdef-0123456789';
const OTHER_KEY = 'another-master-key-0123456789abcdef-987654';

describe('createPiiProtector', () => {
  const pii = createPiiProtector(KEY);

  it('round-trips text, Cyrillic and Kazakh letters included', () => {
    for (const plain of ['900515300127', 'Иванов Иван Иванович', 'Әсел Қайратқызы Ұлықбекова', '']) {
      const cipher = pii.encrypt(plain);
      expect(cipher.startsWith('v1:')).toBe(true);
      expect(cipher).not.toContain(plain || 'never');
      expect(pii.decrypt(cipher)).toBe(plain);
    }
  });

  it('uses a fresh IV: the same text encrypts differently each time', () => {
    const a = pii.encrypt('900515300127');
    const b = pii.encrypt('900515300127');
    expect(a).not.toBe(b);
    expect(pii.decrypt(a)).toBe(pii.decrypt(b));
  });

  it('lays out base64(iv 12 | tag 16 | ciphertext)', () => {
    const raw = Buffer.from(pii.encrypt('900515300127').slice(3), 'base64');
    expect(raw.length).toBe(12 + 16 + 12);
  });

  it('detects tampering with ciphertext, tag or IV', () => {
    const cipher = pii.encrypt('900515300127');
    const raw = Buffer.from(cipher.slice(3), 'base64');
    for (const index of [0, 12, raw.length - 1]) {
      const altered = Buffer.from(raw);
      altered[index] = (altered[index] ?? 0) ^ 0x01;
      expect(() => pii.decrypt(`v1:${altered.toString('base64')}`)).toThrow(PiiDecryptError);
    }
  });

  it('rejects unknown versions and truncated input', () => {
    const cipher = pii.encrypt('x');
    expect(() => pii.decrypt(cipher.replace(/^v1:/, 'v2:'))).toThrow(/unknown format/);
    expect(() => pii.decrypt('900515300127')).toThrow(PiiDecryptError);
    expect(() => pii.decrypt('v1:AAAA')).toThrow(/too short/);
  });

  it('cannot decrypt what another key encrypted', () => {
    const other = createPiiProtector(OTHER_KEY);
    expect(() => other.decrypt(pii.encrypt('900515300127'))).toThrow(PiiDecryptError);
  });

  it('hashes deterministically, as 64 hex characters', () => {
    expect(pii.hash('900515300127')).toBe(createPiiProtector(KEY).hash('900515300127'));
    expect(pii.hash('900515300127')).toMatch(/^[0-9a-f]{64}$/);
    expect(pii.hash('900515300127')).not.toBe(pii.hash('900515400123'));
  });

  it('gives different hashes for different keys, and separates look-up hashes from secret hashes', () => {
    const other = createPiiProtector(OTHER_KEY);
    expect(other.hash('900515300127')).not.toBe(pii.hash('900515300127'));
    expect(other.hashSecret('123456')).not.toBe(pii.hashSecret('123456'));
    expect(pii.hashSecret('123456')).not.toBe(pii.hash('123456'));
    expect(pii.hashSecret('123456')).toBe(createPiiProtector(KEY).hashSecret('123456'));
  });

  it('verifies secrets against their stored hash', () => {
    const stored = pii.hashSecret('482913');
    expect(pii.verifySecret('482913', stored)).toBe(true);
    expect(pii.verifySecret('482914', stored)).toBe(false);
    expect(pii.verifySecret('482913', 'not-hex')).toBe(false);
    expect(createPiiProtector(OTHER_KEY).verifySecret('482913', stored)).toBe(false);
  });

  it('refuses a too short master key', () => {
    expect(() => createPiiProtector('short')).toThrow(/at least 16/);
  });
});
