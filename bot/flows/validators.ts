/**
 * Checks of what people type, with a reason per failure so the flow can say exactly what is wrong.
 * Pure functions; IIN rules live in core/domain/iin.ts.
 */
export type NameFailure = 'empty' | 'chars' | 'words' | 'length';
export type NameResult = { ok: true; name: string } | { ok: false; reason: NameFailure };

export const MAX_NAME_LENGTH = 100;

/** Cyrillic (incl. Kazakh ә ғ қ ң ө ұ ү һ і, ё) or Latin letters, optionally joined by hyphens. */
const WORD = /^[\p{Script=Cyrillic}\p{Script=Latin}]+(?:-[\p{Script=Cyrillic}\p{Script=Latin}]+)*$/u;

/** Full name (ФИО / ТАӘ): letters, spaces and hyphens; at least two words (surname and given name). */
export function validateFullName(input: string): NameResult {
  const name = input
    .normalize('NFC')
    .trim()
    .replace(/\s*[-‐‑–—]\s*/g, '-')
    .replace(/\s+/g, ' ');
  if (name === '') return { ok: false, reason: 'empty' };
  if (name.length > MAX_NAME_LENGTH) return { ok: false, reason: 'length' };
  const words = name.split(' ');
  if (!words.every((word) => WORD.test(word))) return { ok: false, reason: 'chars' };
  if (words.length < 2) return { ok: false, reason: 'words' };
  return { ok: true, name };
}
