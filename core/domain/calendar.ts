import type { CalendarOverride } from './calendar-override';
import type { Country } from './country';
import { type StatutoryDayOff, statutoryDaysOff } from './holidays';
import { addDays, dateParts, isWeekend, type LocalDate, localDate } from './local-date';

export type DayKind =
  | 'working'
  | 'weekend'
  | 'holiday'
  | 'transfer'
  | 'decree_day_off'
  | 'decree_working_day';

/**
 * A country's production calendar: weekends, statutory holidays and their transfers, then the
 * year's override file on top (a decree wins over the rules). Pure and deterministic.
 */
export interface WorkingCalendar {
  readonly country: Country;
  /** Why a day is or is not worked. */
  dayKind(date: LocalDate): DayKind;
  isWorkingDay(date: LocalDate): boolean;
  /** The first working day strictly after `date`. */
  nextWorkingDay(date: LocalDate): LocalDate;
  /** The last working day strictly before `date`. */
  previousWorkingDay(date: LocalDate): LocalDate;
  /**
   * The n-th working day strictly after `date` (the day itself never counts, even if it is a
   * working day). n = 0 returns `date` unchanged.
   */
  addWorkingDays(date: LocalDate, n: number): LocalDate;
  /** The n-th working day strictly before `date`; n = 0 returns `date`. */
  subtractWorkingDays(date: LocalDate, n: number): LocalDate;
  /**
   * Working days in the half-open range (from, to]: `from` excluded, `to` included, so that
   * `workingDaysBetween(d, addWorkingDays(d, n)) === n`. Negative when `to` is before `from`.
   */
  workingDaysBetween(from: LocalDate, to: LocalDate): number;
  firstWorkingDayOfMonth(year: number, month: number): LocalDate;
  /** Every day of a year that is not a plain weekday or plain weekend (holidays, transfers, decrees), for audits. */
  exceptionsOf(year: number): { date: LocalDate; kind: DayKind }[];
}

export interface CalendarOptions {
  country: Country;
  /** Already-parsed override files (see core/calendar-files.ts); others' countries are refused. */
  overrides?: readonly CalendarOverride[];
}

/** No stretch of days off in either country is near this long; it stops runaway loops on bad data. */
const MAX_CONSECUTIVE_DAYS_OFF = 60;

export function createCalendar({ country, overrides = [] }: CalendarOptions): WorkingCalendar {
  const decreeDaysOff = new Set<string>();
  const decreeWorkingDays = new Set<string>();
  for (const override of overrides) {
    if (override.country !== country) {
      throw new Error(`override for ${override.country} ${override.year} given to the ${country} calendar`);
    }
    for (const date of override.daysOff) decreeDaysOff.add(date);
    for (const date of override.workingDays) decreeWorkingDays.add(date);
  }

  const statutoryByYear = new Map<number, Map<string, StatutoryDayOff>>();
  const statutoryOf = (year: number) => {
    let days = statutoryByYear.get(year);
    if (!days) {
      days = new Map(statutoryDaysOff(country, year).map((d) => [d.date, d]));
      statutoryByYear.set(year, days);
    }
    return days;
  };

  const dayKind = (date: LocalDate): DayKind => {
    if (decreeWorkingDays.has(date)) return 'decree_working_day';
    if (decreeDaysOff.has(date)) return 'decree_day_off';
    const statutory = statutoryOf(dateParts(date).year).get(date);
    if (statutory) return statutory.reason;
    return isWeekend(date) ? 'weekend' : 'working';
  };

  const isWorkingDay = (date: LocalDate) => {
    const kind = dayKind(date);
    return kind === 'working' || kind === 'decree_working_day';
  };

  const step = (date: LocalDate, direction: 1 | -1): LocalDate => {
    let candidate = addDays(date, direction);
    for (let i = 0; !isWorkingDay(candidate); i++) {
      if (i > MAX_CONSECUTIVE_DAYS_OFF) throw new Error(`no working day within ${i} days of ${date}`);
      candidate = addDays(candidate, direction);
    }
    return candidate;
  };

  const moveWorkingDays = (date: LocalDate, n: number, direction: 1 | -1): LocalDate => {
    if (!Number.isSafeInteger(n) || n < 0)
      throw new RangeError(`working days must be a whole number ≥ 0, got ${n}`);
    let current = date;
    for (let i = 0; i < n; i++) current = step(current, direction);
    return current;
  };

  const workingDaysBetween = (from: LocalDate, to: LocalDate): number => {
    if (to < from) return -workingDaysBetween(to, from);
    let count = 0;
    for (let day = addDays(from, 1); day <= to; day = addDays(day, 1)) if (isWorkingDay(day)) count++;
    return count;
  };

  const firstWorkingDayOfMonth = (year: number, month: number): LocalDate => {
    const first = localDate(year, month, 1);
    return isWorkingDay(first) ? first : step(first, 1);
  };

  const exceptionsOf = (year: number) => {
    const result: { date: LocalDate; kind: DayKind }[] = [];
    for (let day = localDate(year, 1, 1); day <= localDate(year, 12, 31); day = addDays(day, 1)) {
      const kind = dayKind(day);
      if (isWeekend(day) ? kind !== 'weekend' : kind !== 'working') result.push({ date: day, kind });
    }
    return result;
  };

  return {
    country,
    dayKind,
    isWorkingDay,
    nextWorkingDay: (date) => step(date, 1),
    previousWorkingDay: (date) => step(date, -1),
    addWorkingDays: (date, n) => moveWorkingDays(date, n, 1),
    subtractWorkingDays: (date, n) => moveWorkingDays(date, n, -1),
    workingDaysBetween,
    firstWorkingDayOfMonth,
    exceptionsOf,
  };
}
