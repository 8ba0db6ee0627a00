import { daysBetween, type LocalDate } from './local-date';
import { BASIS_POINTS_PER_WHOLE, divideRoundHalfUp, type Money, money, percentOf } from './money';
import type { PenaltyRate } from './programme';

/** Calendar days overdue on `asOf`: 0 up to the due date, 1 on the day after it, and so on. */
export function overdueDays(dueDate: LocalDate, asOf: LocalDate): number {
  return Math.max(0, daysBetween(dueDate, asOf));
}

/**
 * Penalty accrued on `unpaid` from the day after `dueDate` to `asOf`, both inclusive
 * (for a bill paid late, pass the payment day as `asOf`).
 *
 * Rounding: one rounding of the exact total, half-up to the minor unit
 * (unpaid × rate × days / 10 000), not a per-day rounding: per-day rounding would lose or invent a
 * tiyn per day on small debts. Then capped at `capBasisPoints` of the unpaid amount (itself rounded
 * half-up). Integer arithmetic only; the result never decreases as `asOf` moves later.
 */
export function penaltyAccrued(unpaid: Money, dueDate: LocalDate, asOf: LocalDate, rate: PenaltyRate): Money {
  if (unpaid.amount < 0) throw new RangeError('unpaid amount must not be negative');
  const days = overdueDays(dueDate, asOf);
  const accrued = divideRoundHalfUp(
    BigInt(unpaid.amount) * BigInt(rate.basisPointsPerDay) * BigInt(days),
    BigInt(BASIS_POINTS_PER_WHOLE),
  );
  const cap = rate.capBasisPoints === null ? null : BigInt(percentOf(unpaid, rate.capBasisPoints).amount);
  const capped = cap !== null && accrued > cap ? cap : accrued;
  return money(Number(capped), unpaid.currency);
}
