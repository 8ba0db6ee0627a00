import { isValidYmd, type LocalDate, localDate } from '../domain/local-date';

/**
 * Calendar days as people type them (dialog) and as HR files carry them (roster CSV):
 * `DD.MM.YYYY` (also with `/` or `-`, one-digit day or month) or ISO `YYYY-MM-DD`.
 * Two-digit years are refused: a birth year must be unambiguous (seed 002: check the year).
 */
export type DayInputFailure = 'format' | 'date';
export type DayInputResult = { ok: true; date: LocalDate } | { ok: false; reason: DayInputFailure };

const DMY = /^(\d{1,2})[./-](\d{1,2})[./-](\d{4})$/;
const YMD = /^(\d{4})-(\d{1,2})-(\d{1,2})$/;

export function parseDayInput(text: string): DayInputResult {
  const compact = text
    .trim()
    .replace(/\s+/g, '')
    .replace(/г\.?$|ж\.?$/u, '');
  const dmy = DMY.exec(compact);
  const ymd = dmy ? null : YMD.exec(compact);
  const parts = dmy
    ? { day: Number(dmy[1]), month: Number(dmy[2]), year: Number(dmy[3]) }
    : ymd
      ? { year: Number(ymd[1]), month: Number(ymd[2]), day: Number(ymd[3]) }
      : null;
  if (!parts) return { ok: false, reason: 'format' };
  if (!isValidYmd(parts.year, parts.month, parts.day)) return { ok: false, reason: 'date' };
  return { ok: true, date: localDate(parts.year, parts.month, parts.day) };
}
