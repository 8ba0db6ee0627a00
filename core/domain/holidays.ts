import Holidays from 'date-holidays';
import type { Country } from './country';
import { addDays, isWeekend, type LocalDate, localDate } from './local-date';

/**
 * Statutory holidays by law (see docs/domain.md), before any yearly government transfer.
 * The fixed dates are this table (the law as written in DOMAIN.md); only the movable Kurban Ait date
 * comes from `date-holidays`, because its own KZ/RU substitute-day logic misses collisions
 * (Nauryz 2026) and RU transfers (9 May 2026 → 11 May).
 */
interface FixedHoliday {
  month: number;
  day: number;
  /** Does a weekend occurrence move the day off to the next working day? */
  movesOffWeekend: boolean;
}

const fixed = (month: number, day: number, movesOffWeekend = true): FixedHoliday => ({
  month,
  day,
  movesOffWeekend,
});

const FIXED_HOLIDAYS: Record<Country, readonly FixedHoliday[]> = {
  // Law of RK "On holidays" + Labour Code art. 85: 7 Jan and Kurban Ait never move.
  KZ: [
    fixed(1, 1),
    fixed(1, 2),
    fixed(1, 7, false),
    fixed(3, 8),
    fixed(3, 21),
    fixed(3, 22),
    fixed(3, 23),
    fixed(5, 1),
    fixed(5, 7),
    fixed(5, 9),
    fixed(7, 6),
    fixed(8, 30),
    fixed(10, 25),
    fixed(12, 16),
  ],
  // Labour Code of RF art. 112: the January days (1–8 Jan) are moved only by government decree.
  RU: [
    fixed(1, 1, false),
    fixed(1, 2, false),
    fixed(1, 3, false),
    fixed(1, 4, false),
    fixed(1, 5, false),
    fixed(1, 6, false),
    fixed(1, 7, false),
    fixed(1, 8, false),
    fixed(2, 23),
    fixed(3, 8),
    fixed(5, 1),
    fixed(5, 9),
    fixed(6, 12),
    fixed(11, 4),
  ],
};

export type DayOffReason = 'holiday' | 'transfer';

export interface StatutoryDayOff {
  date: LocalDate;
  reason: DayOffReason;
  /** For a transfer: the weekend holiday it replaces. */
  replaces?: LocalDate;
}

let kazakhHolidays: Holidays | undefined;

/** First day of Kurban Ait (10 Dhu al-Hijjah) as date-holidays computes it; the official date may differ by a day (fix it in the year's override file). */
export function kurbanAitFirstDay(year: number): LocalDate | null {
  kazakhHolidays ??= new Holidays('KZ');
  const entry = kazakhHolidays
    .getHolidays(year)
    .find((holiday) => holiday.type === 'public' && holiday.rule.includes('Dhu al-Hijjah'));
  return entry ? (entry.date.slice(0, 10) as LocalDate) : null;
}

interface HolidayOccurrence {
  date: LocalDate;
  movesOffWeekend: boolean;
}

function holidayOccurrences(country: Country, year: number): HolidayOccurrence[] {
  const occurrences = FIXED_HOLIDAYS[country].map((h) => ({
    date: localDate(year, h.month, h.day),
    movesOffWeekend: h.movesOffWeekend,
  }));
  if (country === 'KZ') {
    const kurbanAit = kurbanAitFirstDay(year);
    if (kurbanAit) occurrences.push({ date: kurbanAit, movesOffWeekend: false });
  }
  return occurrences.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
}

/**
 * Holidays of `year` plus the statutory transfers: a holiday on Saturday/Sunday gives a day off on the
 * next day that is neither a weekend, a holiday nor an earlier transfer (KZ Nauryz 2026: 21 Sat → 24, 22 Sun → 25).
 * Transfers from late-December holidays of the previous year are included when they land in `year`.
 */
export function statutoryDaysOff(country: Country, year: number): StatutoryDayOff[] {
  const result: StatutoryDayOff[] = [];
  for (const y of [year - 1, year]) {
    const occurrences = holidayOccurrences(country, y);
    const taken = new Set(occurrences.map((o) => o.date));
    for (const occurrence of occurrences) {
      if (y === year) result.push({ date: occurrence.date, reason: 'holiday' });
      if (!occurrence.movesOffWeekend || !isWeekend(occurrence.date)) continue;
      let candidate = addDays(occurrence.date, 1);
      while (isWeekend(candidate) || taken.has(candidate)) candidate = addDays(candidate, 1);
      taken.add(candidate);
      if (candidate.startsWith(`${year}-`)) {
        result.push({ date: candidate, reason: 'transfer', replaces: occurrence.date });
      }
    }
  }
  return result.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
}
