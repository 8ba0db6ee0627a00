import { addDays, addMonths, daysBetween, type LocalDate } from './local-date';
import type { Programme } from './programme';
import type { DatedStep } from './schedule';
import { type Instant, toLocalDate, zonedInstant } from './zone';

/**
 * «Личный врач» coverage (seed 000 items 4 and 8): it starts `coolingOffDays` calendar days after the
 * activation date and lasts `coverageMonths` months.
 *
 * Activated 1 Mar 2026 (any time that day, in the programme's zone) with the defaults:
 * cooling-off 1–15 Mar, covered from 00:00 on 16 Mar 2026 to 24:00 on 15 Mar 2027
 * (`lastDay`), i.e. until 00:00 on 16 Mar 2027 (`endsBefore`, exclusive).
 * If the start day does not exist in the end month (start 29 Feb), the term runs to the end of that
 * month (last day 28 Feb): a term measured in months never loses a day to a short month.
 */
export interface CoveragePeriod {
  activatedOn: LocalDate;
  /** First covered day. */
  startsOn: LocalDate;
  /** Last covered day (inclusive). */
  lastDay: LocalDate;
  /** The day coverage no longer applies: lastDay + 1 (exclusive end). */
  endsBefore: LocalDate;
}

type CoverageSettings = Pick<Programme, 'coolingOffDays' | 'coverageMonths'>;

export function coveragePeriodFromDate(activatedOn: LocalDate, settings: CoverageSettings): CoveragePeriod {
  const startsOn = addDays(activatedOn, settings.coolingOffDays);
  const endsBefore = addMonths(startsOn, settings.coverageMonths, 'next_month_start');
  return { activatedOn, startsOn, lastDay: addDays(endsBefore, -1), endsBefore };
}

/** The activation day is the calendar day of `activatedAt` in the programme's zone. */
export function coveragePeriod(activatedAt: Instant, settings: CoverageSettings & Pick<Programme, 'zone'>) {
  return coveragePeriodFromDate(toLocalDate(activatedAt, settings.zone), settings);
}

export type CoverageStatus =
  | { status: 'cooling_off'; startsOn: LocalDate /** whole days until startsOn */; daysUntilStart: number }
  | { status: 'active'; lastDay: LocalDate /** covered days left, today included */; daysLeft: number }
  | { status: 'expired'; lastDay: LocalDate };

/** Where `now` (read in `zone`) falls; a `now` before activation also counts as cooling-off. */
export function coverageStatus(period: CoveragePeriod, now: Instant, zone: string): CoverageStatus {
  const today = toLocalDate(now, zone);
  if (today < period.startsOn) {
    return {
      status: 'cooling_off',
      startsOn: period.startsOn,
      daysUntilStart: daysBetween(today, period.startsOn),
    };
  }
  if (today <= period.lastDay) {
    return { status: 'active', lastDay: period.lastDay, daysLeft: daysBetween(today, period.endsBefore) };
  }
  return { status: 'expired', lastDay: period.lastDay };
}

/** The announcement that coverage has begun, on `startsOn` at the programme's reminder time. */
export function coverageStartNotice(
  period: CoveragePeriod,
  settings: Pick<Programme, 'zone' | 'reminderTime'>,
): DatedStep {
  return {
    step: 'coverage_start',
    date: period.startsOn,
    sendAt: zonedInstant(period.startsOn, settings.reminderTime, settings.zone),
  };
}

/**
 * Expiry reminders "N days before the end": on `endsBefore − N`, the day from which exactly N covered
 * days remain (30 → 14 Feb 2027 for coverage ending after 15 Mar 2027). Reminders that would fall before
 * coverage starts are dropped; sorted by date, one per distinct N.
 */
export function expiryReminders(
  period: CoveragePeriod,
  settings: Pick<Programme, 'zone' | 'reminderTime' | 'expiryReminderDaysBefore'>,
): DatedStep[] {
  const distinct = [...new Set(settings.expiryReminderDaysBefore)];
  return distinct
    .map((daysBefore) => ({ daysBefore, date: addDays(period.endsBefore, -daysBefore) }))
    .filter(({ date }) => date >= period.startsOn)
    .sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0))
    .map(({ daysBefore, date }) => ({
      step: `expiry-${daysBefore}d`,
      date,
      sendAt: zonedInstant(date, settings.reminderTime, settings.zone),
    }));
}
