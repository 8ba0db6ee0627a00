/**
 * A calendar day with no time and no zone, as an ISO 'YYYY-MM-DD' string.
 * A branded string serialises to JSON as-is and maps 1:1 to a Postgres `date`.
 * Arithmetic goes through "epoch days" (days since 1970-01-01) so it never touches a clock or a zone.
 */
export type LocalDate = string & { readonly __brand: 'LocalDate' };

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const MS_PER_DAY = 86_400_000;

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

export function isValidYmd(year: number, month: number, day: number): boolean {
  return (
    Number.isInteger(year) &&
    Number.isInteger(month) &&
    Number.isInteger(day) &&
    year >= 1 &&
    year <= 9999 &&
    month >= 1 &&
    month <= 12 &&
    day >= 1 &&
    day <= daysInMonth(year, month)
  );
}

/** Builds a LocalDate from numbers; throws RangeError for a day that does not exist. */
export function localDate(year: number, month: number, day: number): LocalDate {
  if (!isValidYmd(year, month, day)) throw new RangeError(`not a calendar date: ${year}-${month}-${day}`);
  return `${String(year).padStart(4, '0')}-${pad2(month)}-${pad2(day)}` as LocalDate;
}

/** A LocalDate when `text` is exactly 'YYYY-MM-DD' and a real day, else null. */
export function parseLocalDate(text: string): LocalDate | null {
  const match = ISO_DATE.exec(text);
  if (!match) return null;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  return isValidYmd(year, month, day) ? (text as LocalDate) : null;
}

export function isLocalDate(value: unknown): value is LocalDate {
  return typeof value === 'string' && parseLocalDate(value) !== null;
}

export interface DateParts {
  year: number;
  month: number;
  day: number;
}

export function dateParts(date: LocalDate): DateParts {
  return { year: Number(date.slice(0, 4)), month: Number(date.slice(5, 7)), day: Number(date.slice(8, 10)) };
}

export function toEpochDay(date: LocalDate): number {
  const { year, month, day } = dateParts(date);
  return Math.round(utcMs(year, month, day) / MS_PER_DAY);
}

export function fromEpochDay(epochDay: number): LocalDate {
  const d = new Date(epochDay * MS_PER_DAY);
  return localDate(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate());
}

export function addDays(date: LocalDate, days: number): LocalDate {
  return fromEpochDay(toEpochDay(date) + days);
}

/** Whole days from `from` to `to` (positive when `to` is later). */
export function daysBetween(from: LocalDate, to: LocalDate): number {
  return toEpochDay(to) - toEpochDay(from);
}

/**
 * Adds calendar months.
 * - 'clamp' (default): a day missing in the target month becomes its last day (31 Jan + 1 month = 28/29 Feb).
 * - 'next_month_start': a missing day becomes the 1st of the following month (31 Jan + 1 month = 1 Mar);
 *   used for exclusive term ends, so a term never loses the last day of a short month.
 */
export function addMonths(
  date: LocalDate,
  months: number,
  overflow: 'clamp' | 'next_month_start' = 'clamp',
): LocalDate {
  const { year, month, day } = dateParts(date);
  const monthIndex = year * 12 + (month - 1) + months;
  const targetYear = Math.floor(monthIndex / 12);
  const targetMonth = (monthIndex % 12) + 1;
  const lastDay = daysInMonth(targetYear, targetMonth);
  if (day <= lastDay) return localDate(targetYear, targetMonth, day);
  if (overflow === 'clamp') return localDate(targetYear, targetMonth, lastDay);
  return addDays(localDate(targetYear, targetMonth, lastDay), 1);
}

/** ISO day of week: 1 = Monday … 7 = Sunday. */
export function isoDayOfWeek(date: LocalDate): number {
  // 1970-01-01 was a Thursday (4).
  return ((((toEpochDay(date) + 3) % 7) + 7) % 7) + 1;
}

export function isWeekend(date: LocalDate): boolean {
  return isoDayOfWeek(date) >= 6;
}

export function compareDates(a: LocalDate, b: LocalDate): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function minDate(a: LocalDate, b: LocalDate): LocalDate {
  return a <= b ? a : b;
}

export function maxDate(a: LocalDate, b: LocalDate): LocalDate {
  return a >= b ? a : b;
}

function utcMs(year: number, month: number, day: number): number {
  const d = new Date(0);
  // setUTCFullYear keeps years 1..99 literal (Date.UTC would map them to 1900..1999).
  d.setUTCFullYear(year, month - 1, day);
  return d.getTime();
}

function pad2(n: number): string {
  return String(n).padStart(2, '0');
}
