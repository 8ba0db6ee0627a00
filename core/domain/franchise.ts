import type { WorkingCalendar } from './calendar';
import type { LocalDate } from './local-date';
import { type BasisPoints, type Currency, type Money, multiplyMoney, percentOf, sumMoney } from './money';
import type { Programme } from './programme';
import { type Instant, startOfDay, toLocalDate } from './zone';

/** The part of a clinic invoice line the franchise is computed from (seed 002 item 9). */
export interface ChargeableLine {
  /** Whole units of the service, ≥ 0. */
  quantity: number;
  unitCost: Money;
}

/** quantity × unit cost, exact in minor units. */
export function lineCost(line: ChargeableLine): Money {
  return multiplyMoney(line.unitCost, line.quantity);
}

/** The insured's share of one line: cost × share, rounded half-up to the minor unit per line. */
export function lineFranchise(line: ChargeableLine, share: BasisPoints): Money {
  return percentOf(lineCost(line), share);
}

export interface BillFranchise {
  /** One franchise per line, in the lines' order. */
  lines: Money[];
  /** Sum of the rounded line franchises; not the total cost × share, which can differ by rounding. */
  total: Money;
}

export function billFranchise(
  lines: readonly ChargeableLine[],
  share: BasisPoints,
  currency: Currency,
): BillFranchise {
  const perLine = lines.map((line) => lineFranchise(line, share));
  return { lines: perLine, total: sumMoney(perLine, currency) };
}

/**
 * Franchise service starts at 00:00 (programme zone) of the first working day strictly after the
 * activation day (seed 002 item 3). Activation on Friday, or on any day before a holiday weekend,
 * is effective on the next working day; activation on a working Monday, on Tuesday.
 */
export function franchiseEffective(
  activatedAt: Instant,
  programme: Pick<Programme, 'zone'>,
  calendar: WorkingCalendar,
): { effectiveOn: LocalDate; effectiveAt: Instant } {
  const effectiveOn = calendar.nextWorkingDay(toLocalDate(activatedAt, programme.zone));
  return { effectiveOn, effectiveAt: startOfDay(effectiveOn, programme.zone) };
}
