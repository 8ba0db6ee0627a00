import { addDays, type LocalDate } from './local-date';

/**
 * The insured must report a changed phone or e-mail "not later than 5 calendar days" after the
 * change (seed 002 item 6): the deadline is changedOn + days, inclusive (changed 27 Dec → report by 1 Jan).
 * Calendar days, so weekends and holidays do not extend it.
 */
export function contactChangeDeadline(changedOn: LocalDate, days = 5): LocalDate {
  return addDays(changedOn, days);
}
