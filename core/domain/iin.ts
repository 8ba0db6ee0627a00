import { dateParts, isValidYmd, type LocalDate, localDate } from './local-date';

/**
 * Kazakhstan IIN: YYMMDD birth date, a century/sex digit (1–6), four serial digits and a check digit.
 * Each refusal has its own reason code so the UI can say what is wrong in ru/kk.
 */
export type Sex = 'male' | 'female';

export type IinFailure = 'empty' | 'format' | 'century' | 'birth_date' | 'checksum';

export type IinResult =
  | { ok: true; iin: string; birthDate: LocalDate; sex: Sex }
  | { ok: false; reason: IinFailure };

const FIRST_ROUND_WEIGHTS = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11] as const;
const SECOND_ROUND_WEIGHTS = [3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2] as const;

/** digit 7 → [century start year, sex] */
const CENTURY_DIGITS: Record<number, [number, Sex]> = {
  1: [1800, 'male'],
  2: [1800, 'female'],
  3: [1900, 'male'],
  4: [1900, 'female'],
  5: [2000, 'male'],
  6: [2000, 'female'],
};

/** Spaces people type between digit groups are ignored; anything else but digits is a format error. */
export function validateIin(input: string): IinResult {
  const iin = input.replace(/\s+/g, '');
  if (iin === '') return { ok: false, reason: 'empty' };
  if (!/^\d{12}$/.test(iin)) return { ok: false, reason: 'format' };

  const digits = [...iin].map(Number);
  const century = CENTURY_DIGITS[digits[6]!];
  if (!century) return { ok: false, reason: 'century' };

  // The century must be known first: 29 Feb of '00' exists in 2000 but not in 1900.
  const [centuryStart, sex] = century;
  const year = centuryStart + Number(iin.slice(0, 2));
  const month = Number(iin.slice(2, 4));
  const day = Number(iin.slice(4, 6));
  if (!isValidYmd(year, month, day)) return { ok: false, reason: 'birth_date' };

  if (iinCheckDigit(digits.slice(0, 11)) !== digits[11]) return { ok: false, reason: 'checksum' };
  return { ok: true, iin, birthDate: localDate(year, month, day), sex };
}

/** Check digit of the first 11 digits, or null when both weight rounds give 10 (no valid IIN has them). */
export function iinCheckDigit(first11: readonly number[]): number | null {
  if (first11.length !== 11) throw new RangeError('an IIN check digit needs exactly 11 digits');
  const firstRound = weightedSumMod11(first11, FIRST_ROUND_WEIGHTS);
  if (firstRound !== 10) return firstRound;
  const secondRound = weightedSumMod11(first11, SECOND_ROUND_WEIGHTS);
  return secondRound === 10 ? null : secondRound;
}

function weightedSumMod11(digits: readonly number[], weights: readonly number[]): number {
  return digits.reduce((sum, digit, i) => sum + digit * weights[i]!, 0) % 11;
}

/** Does a separately entered birth date agree with the IIN? False for an invalid IIN. */
export function iinMatchesBirthDate(iin: string, birthDate: LocalDate): boolean {
  const result = validateIin(iin);
  return result.ok && result.birthDate === birthDate;
}

/**
 * Full years of age on `day`. Someone born on 29 Feb becomes a year older on 1 Mar in non-leap
 * years (the birthday has not yet happened on 28 Feb), which is the cautious reading for the 18+ rule.
 */
export function ageOn(birthDate: LocalDate, day: LocalDate): number {
  const born = dateParts(birthDate);
  const on = dateParts(day);
  const hadBirthday = on.month > born.month || (on.month === born.month && on.day >= born.day);
  return on.year - born.year - (hadBirthday ? 0 : 1);
}

/**
 * A valid IIN for tests and demo data, or null when `serial` gives an impossible check digit
 * (both rounds 10: try the next serial). Birth years 1800–2099; serial 0–9999.
 */
export function makeIin(birthDate: LocalDate, sex: Sex, serial: number): string | null {
  const { year, month, day } = dateParts(birthDate);
  if (year < 1800 || year > 2099) throw new RangeError(`IINs encode birth years 1800–2099, got ${year}`);
  if (!Number.isInteger(serial) || serial < 0 || serial > 9999) {
    throw new RangeError(`serial must be 0–9999, got ${serial}`);
  }
  const centuryDigit = (Math.floor(year / 100) - 18) * 2 + (sex === 'male' ? 1 : 2);
  const first11 =
    String(year % 100).padStart(2, '0') +
    String(month).padStart(2, '0') +
    String(day).padStart(2, '0') +
    centuryDigit +
    String(serial).padStart(4, '0');
  const check = iinCheckDigit([...first11].map(Number));
  return check === null ? null : first11 + check;
}
