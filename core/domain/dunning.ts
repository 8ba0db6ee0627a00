import type { WorkingCalendar } from './calendar';
import { addDays, type LocalDate } from './local-date';
import type { Programme, ReminderPoint } from './programme';
import type { DatedStep } from './schedule';
import { type Instant, toLocalDate, zonedInstant } from './zone';

/**
 * The last day to pay a franchise bill: `paymentWorkingDays` working days after the day the bill
 * appeared (seed 002 item 7). The issue day itself is day 0 and never counts; the due date is the
 * last working day of the period and payment is on time until 24:00 of it in the programme's zone.
 */
export function billDueDate(
  issuedOn: LocalDate,
  programme: Pick<Programme, 'paymentWorkingDays'>,
  calendar: WorkingCalendar,
): LocalDate {
  return calendar.addWorkingDays(issuedOn, programme.paymentWorkingDays);
}

/** The first overdue day: the calendar day after the due date (even if it is a weekend). */
export function overdueFrom(dueDate: LocalDate): LocalDate {
  return addDays(dueDate, 1);
}

export type BillState = 'unpaid' | 'overdue' | 'paid';

export interface BillTiming {
  dueDate: LocalDate;
  /** When the payment was confirmed; null or absent when unpaid. */
  paidAt?: Instant | null;
}

/**
 * 'paid' once a payment at or before `now` is recorded (paid late is still 'paid'; the penalty
 * accrued until then is penalty.ts's business); otherwise 'overdue' from `overdueFrom(dueDate)` in `zone`.
 */
export function billState(bill: BillTiming, now: Instant, zone: string): BillState {
  if (bill.paidAt && bill.paidAt.getTime() <= now.getTime()) return 'paid';
  return toLocalDate(now, zone) > bill.dueDate ? 'overdue' : 'unpaid';
}

export function reminderStepId(point: ReminderPoint): string {
  switch (point.at) {
    case 'issue':
    case 'due':
      return point.at;
    case 'after_issue':
      return `after_issue-${point.workingDays}wd`;
    case 'before_due':
      return `before_due-${point.workingDays}wd`;
  }
}

/** When two points land on the same day, the one nearer the deadline speaks (its message is more urgent). */
const URGENCY: Record<ReminderPoint['at'], number> = { issue: 0, after_issue: 1, before_due: 2, due: 3 };

/** One dated reminder of a bill: its kind (the winning point's `at`) and whether the insurer also calls. */
export interface ReminderStep extends DatedStep {
  kind: ReminderPoint['at'];
  /** an operator phones the member (any point of that day asked for a call) */
  call: boolean;
}

/**
 * The unpaid-bill reminders for one bill, at the programme's reminder time:
 * dated between the issue day and the due date inclusive (points outside are dropped), one per day,
 * sorted by date. The caller drops steps already in the past (see `upcomingSteps`).
 */
export function reminderSchedule(
  bill: { issuedOn: LocalDate; dueDate: LocalDate },
  programme: Pick<Programme, 'zone' | 'reminderTime' | 'reminderLadder'>,
  calendar: WorkingCalendar,
): ReminderStep[] {
  const dateOf = (point: ReminderPoint): LocalDate => {
    switch (point.at) {
      case 'issue':
        return bill.issuedOn;
      case 'after_issue':
        return calendar.addWorkingDays(bill.issuedOn, point.workingDays);
      case 'before_due':
        return calendar.subtractWorkingDays(bill.dueDate, point.workingDays);
      case 'due':
        return bill.dueDate;
    }
  };

  const byDate = new Map<LocalDate, { point: ReminderPoint; call: boolean }>();
  for (const point of programme.reminderLadder) {
    const date = dateOf(point);
    if (date < bill.issuedOn || date > bill.dueDate) continue;
    const current = byDate.get(date);
    const call = (current?.call ?? false) || point.call === true;
    if (!current || URGENCY[point.at] > URGENCY[current.point.at]) byDate.set(date, { point, call });
    else current.call = call;
  }

  return [...byDate.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([date, { point, call }]) => ({
      step: reminderStepId(point),
      date,
      sendAt: zonedInstant(date, programme.reminderTime, programme.zone),
      kind: point.at,
      call,
    }));
}
