/**
 * Personal data must never reach a log line unmasked. Values under known keys are masked whole;
 * free text is scanned for IIN-like numbers, phones and e-mails.
 */
const SENSITIVE_KEYS = new Set([
  'iin',
  'phone',
  'email',
  'fullname',
  'firstname',
  'lastname',
  'middlename',
  'birthdate',
  'password',
  'code',
  'activationcode',
  'token',
  'text',
]);

const EMAIL = /[\p{L}\p{N}._%+-]+@[\p{L}\p{N}.-]+\.[\p{L}]{2,}/gu;
const PHONE = /(?<!\d)(?:\+?[78])?[\s(-]*\d{3}[\s)-]*\d{3}[\s-]*\d{2}[\s-]*\d{2}(?!\d)/g;
const LONG_DIGITS = /(?<!\d)\d{12}(?!\d)/g;

export function maskText(text: string): string {
  return text
    .replace(EMAIL, (email) => `${email[0]}***@***`)
    .replace(LONG_DIGITS, (digits) => `${digits.slice(0, 2)}**********`)
    .replace(PHONE, (phone) => `***${phone.replace(/\D/g, '').slice(-2)}`);
}

function maskWhole(value: unknown): string {
  if (value === null || value === undefined) return String(value);
  const text = String(value);
  return text.length <= 2 ? '***' : `${text[0]}***`;
}

export function maskPii(value: unknown, depth = 0): unknown {
  if (depth > 8) return '[deep]';
  if (typeof value === 'string') return maskText(value);
  if (Array.isArray(value)) return value.map((item) => maskPii(item, depth + 1));
  if (value instanceof Error) {
    return {
      type: value.name,
      message: maskText(value.message),
      stack: value.stack && maskText(value.stack),
    };
  }
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, inner] of Object.entries(value)) {
      out[key] = SENSITIVE_KEYS.has(key.toLowerCase()) ? maskWhole(inner) : maskPii(inner, depth + 1);
    }
    return out;
  }
  return value;
}
