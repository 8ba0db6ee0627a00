import type { WorkingCalendar } from './calendar';
import { dateParts } from './local-date';
import type { Programme } from './programme';
import type { DatedStep } from './schedule';
import { type Instant, toLocalDate, zonedInstant } from './zone';

/** The monthly "look at your cabinet" digest (seed 002 item 6): first working day of the month, at `digestTime`. */
export function monthlyDigest(
  year: number,
  month: number,
  programme: Pick<Programme, 'zone' | 'digestTime'>,
  calendar: WorkingCalendar,
): DatedStep {
  const date = calendar.firstWorkingDayOfMonth(year, month);
  return {
    step: `digest-${year}-${String(month).padStart(2, '0')}`,
    date,
    sendAt: zonedInstant(date, programme.digestTime, programme.zone),
  };
}

/** The first monthly digest whose send time is strictly after `after`. */
export function nextMonthlyDigest(
  after: Instant,
  programme: Pick<Programme, 'zone' | 'digestTime'>,
  calendar: WorkingCalendar,
): DatedStep {
  let { year, month } = dateParts(toLocalDate(after, programme.zone));
  for (;;) {
    const digest = monthlyDigest(year, month, programme, calendar);
    if (digest.sendAt.getTime() > after.getTime()) return digest;
    month = month === 12 ? 1 : month + 1;
    if (month === 1) year++;
  }
}
