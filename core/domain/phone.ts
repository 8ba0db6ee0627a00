/**
 * Kazakhstan and Russia share country code +7 and 10-digit national numbers.
 * Accepts what people type and stores E.164: '+7' followed by 10 digits.
 */
export type E164Phone = string & { readonly __brand: 'E164Phone' };

export type PhoneFailure =
  /** nothing typed */
  | 'empty'
  /** letters or symbols other than digits, spaces, dashes, dots, brackets and one leading '+' */
  | 'format'
  /** not 10 national digits (or 11 with a leading 7/8) */
  | 'length'
  /** a country code other than +7 */
  | 'country'
  /** the national number starts with 0 or 1, which zone 7 never assigns */
  | 'prefix';

export type PhoneResult = { ok: true; phone: E164Phone } | { ok: false; reason: PhoneFailure };

// Separators people use between groups, including non-breaking spaces and Unicode dashes from copy-paste.
const SEPARATORS = /[\s\u00a0\u202f().\-\u2010-\u2015]/g;

export function parsePhone(input: string): PhoneResult {
  const trimmed = input.trim();
  if (trimmed === '') return { ok: false, reason: 'empty' };
  const compact = trimmed.replace(SEPARATORS, '');
  if (!/^\+?\d+$/.test(compact)) return { ok: false, reason: 'format' };

  const digits = compact.replace('+', '');
  let national: string;
  if (compact.startsWith('+')) {
    if (!digits.startsWith('7')) return { ok: false, reason: 'country' };
    national = digits.slice(1);
  } else if (digits.length === 11) {
    if (digits[0] !== '7' && digits[0] !== '8') return { ok: false, reason: 'country' };
    national = digits.slice(1);
  } else {
    national = digits;
  }
  if (national.length !== 10) return { ok: false, reason: 'length' };
  if (national[0] === '0' || national[0] === '1') return { ok: false, reason: 'prefix' };
  return { ok: true, phone: `+7${national}` as E164Phone };
}

/** '+77011234567' → '+7 701 123 45 67' for display. */
export function formatPhone(phone: E164Phone): string {
  const n = phone.slice(2);
  return `+7 ${n.slice(0, 3)} ${n.slice(3, 6)} ${n.slice(6, 8)} ${n.slice(8, 10)}`;
}
