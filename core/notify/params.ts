import type { PiiProtector } from '../crypto';
import type { Notification } from '../generated/prisma/client';
import type { MessageParams } from '../i18n';

const CIPHER = /^(.+)Cipher$/;

/**
 * The message arguments of an outbox row. A param named `<name>Cipher` holds `pii.encrypt(value)`
 * and reaches the message as `<name>`, decrypted only here, just before sending: one-time codes
 * never sit in the outbox in clear. Without `pii` such params are left out (the message then fails
 * to render, visibly, instead of showing ciphertext).
 */
export function noticeParams(
  raw: Notification['params'],
  pii?: Pick<PiiProtector, 'decrypt'>,
): MessageParams {
  const params: MessageParams = {};
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return params;
  for (const [key, value] of Object.entries(raw)) {
    const cipher = CIPHER.exec(key);
    if (cipher) {
      if (pii && typeof value === 'string') params[cipher[1]!] = pii.decrypt(value);
    } else if (typeof value === 'string' || typeof value === 'number') params[key] = value;
    else if (typeof value === 'boolean') params[key] = String(value);
  }
  return params;
}
