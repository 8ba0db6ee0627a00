import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadCalendarOverrides } from '../../../core/calendar-files';
import { createCalendar } from '../../../core/domain/calendar';
import { monthlyDigest, nextMonthlyDigest } from '../../../core/domain/digest';
import { billDueDate, billState, overdueFrom, reminderSchedule } from '../../../core/domain/dunning';
import { billFranchise, franchiseEffective, lineCost, lineFranchise } from '../../../core/domain/franchise';
import { addDays, fromEpochDay, type LocalDate, toEpochDay } from '../../../core/domain/local-date';
import { type Money, money } from '../../../core/domain/money';
import { overdueDays, penaltyAccrued } from '../../../core/domain/penalty';
import { makeProgramme, DEFAULT_PROGRAMME as P } from '../../../core/domain/programme';
import { upcomingSteps } from '../../../core/domain/schedule';

const d = (text: string) => text as LocalDate;
const at = (iso: string) => new Date(iso);
const kzt = (amount: number): Money => money(amount, 'KZT');
const overrides = await loadCalendarOverrides('config/calendars');
const kz = createCalendar({ country: 'KZ', overrides: overrides.filter((o) => o.country === 'KZ') });
const ru = createCalendar({ country: 'RU', overrides: overrides.filter((o) => o.country === 'RU') });
const RU = makeProgramme({ zone: 'Europe/Moscow', country: 'RU', currency: 'RUB' });

describe('franchise', () => {
  it('line cost and per-line half-up rounding', () => {
    const line = { quantity: 2, unitCost: kzt(123_455) };
    expect(lineCost(line)).toEqual(kzt(246_910));
    expect(lineFranchise(line, 2000)).toEqual(kzt(49_382));
    expect(lineFranchise({ quantity: 1, unitCost: kzt(3) }, 2000)).toEqual(kzt(1)); // 0.6 → 1
  });

  it('the bill total is the sum of the rounded lines, not the rounded total', () => {
    const lines = [1, 1, 1].map(() => ({ quantity: 1, unitCost: kzt(3) })); // 0.6 each
    expect(billFranchise(lines, 2000, 'KZT')).toEqual({ lines: [kzt(1), kzt(1), kzt(1)], total: kzt(3) });
  });

  it('property: total = Σ lines, and differs from the exact share by at most ½ tiyn per line', () => {
    const line = fc.record({
      quantity: fc.integer({ min: 0, max: 50 }),
      unitCost: fc.integer({ min: 0, max: 10 ** 9 }).map(kzt),
    });
    fc.assert(
      fc.property(fc.array(line, { maxLength: 30 }), fc.integer({ min: 0, max: 10_000 }), (lines, share) => {
        const bill = billFranchise(lines, share, 'KZT');
        expect(bill.total.amount).toBe(bill.lines.reduce((sum, m) => sum + m.amount, 0));
        const exactTimes10k = lines.reduce((sum, l) => sum + BigInt(lineCost(l).amount) * BigInt(share), 0n);
        const error = BigInt(bill.total.amount) * 10_000n - exactTimes10k;
        expect(error <= BigInt(lines.length) * 5000n && error >= -BigInt(lines.length) * 5000n).toBe(true);
      }),
    );
  });

  it.each([
    ['2026-03-20T10:00:00Z', '2026-03-26', '2026-03-25T19:00:00.000Z'], // Fri before Nauryz
    ['2026-03-19T19:30:00Z', '2026-03-26', '2026-03-25T19:00:00.000Z'], // 00:30 Fri local
    ['2026-03-19T18:30:00Z', '2026-03-20', '2026-03-19T19:00:00.000Z'], // 23:30 Thu local
    ['2026-03-02T05:00:00Z', '2026-03-03', '2026-03-02T19:00:00.000Z'], // working Monday → Tuesday
    ['2024-02-29T18:30:00Z', '2024-03-01', '2024-02-29T19:00:00.000Z'], // zone change night
    ['2025-12-31T12:00:00Z', '2026-01-05', '2026-01-04T19:00:00.000Z'], // year end
  ])('activated %s → effective %s at %s', (activatedAt, effectiveOn, effectiveAt) => {
    const result = franchiseEffective(at(activatedAt), P, kz);
    expect(result.effectiveOn).toBe(effectiveOn);
    expect(result.effectiveAt.toISOString()).toBe(effectiveAt);
  });
});

describe('bills', () => {
  it('due 30 working days after issue; overdue from the next calendar day', () => {
    expect(billDueDate(d('2026-03-02'), P, kz)).toBe('2026-04-17');
    expect(billDueDate(d('2026-03-21'), P, kz)).toBe('2026-05-08'); // issued on a holiday Saturday
    expect(billDueDate(d('2026-12-01'), RU, ru)).toBe('2027-01-21'); // 31 Dec by decree, 1–8 Jan 2027
    expect(billDueDate(d('2026-03-02'), makeProgramme({ paymentWorkingDays: 1 }), kz)).toBe('2026-03-03');
    expect(overdueFrom(d('2026-04-17'))).toBe('2026-04-18');
    expect(overdueFrom(d('2026-12-31'))).toBe('2027-01-01');
  });

  it.each([
    [{ dueDate: d('2026-04-17') }, '2026-04-17T18:59:59Z', 'unpaid'], // 23:59:59 local on the due date
    [{ dueDate: d('2026-04-17') }, '2026-04-17T19:00:00Z', 'overdue'],
    [{ dueDate: d('2026-04-17'), paidAt: null }, '2026-05-01T00:00:00Z', 'overdue'],
    [{ dueDate: d('2026-04-17'), paidAt: at('2026-04-20T00:00:00Z') }, '2026-05-01T00:00:00Z', 'paid'],
    [{ dueDate: d('2026-04-17'), paidAt: at('2026-04-20T00:00:00Z') }, '2026-04-19T00:00:00Z', 'overdue'],
  ])('billState(%j, %s) = %s', (bill, now, expected) => {
    expect(billState(bill, at(now), P.zone)).toBe(expected);
  });
});

describe('reminder ladder', () => {
  const bill = { issuedOn: d('2026-03-02'), dueDate: d('2026-04-17') };

  it('default ladder at 10:00 Almaty', () => {
    expect(reminderSchedule(bill, P, kz)).toEqual([
      { step: 'issue', date: '2026-03-02', sendAt: at('2026-03-02T05:00:00Z'), kind: 'issue', call: false },
      {
        step: 'after_issue-10wd',
        date: '2026-03-17',
        sendAt: at('2026-03-17T05:00:00Z'),
        kind: 'after_issue',
        call: false,
      },
      {
        step: 'before_due-3wd',
        date: '2026-04-14',
        sendAt: at('2026-04-14T05:00:00Z'),
        kind: 'before_due',
        call: true,
      },
      { step: 'due', date: '2026-04-17', sendAt: at('2026-04-17T05:00:00Z'), kind: 'due', call: false },
    ]);
  });

  it('deduplicates by day (the nearer-deadline point wins), drops points outside issue…due, sorts', () => {
    const programme = makeProgramme({
      reminderTime: '09:30',
      reminderLadder: [
        { at: 'due' },
        { at: 'after_issue', workingDays: 30 }, // = due date
        { at: 'after_issue', workingDays: 31 }, // after due: dropped
        { at: 'before_due', workingDays: 40 }, // before issue: dropped
        { at: 'before_due', workingDays: 29 }, // = 1 working day after issue
        { at: 'after_issue', workingDays: 1 },
        { at: 'issue' },
        { at: 'issue' },
      ],
    });
    expect(reminderSchedule(bill, programme, kz)).toEqual([
      { step: 'issue', date: '2026-03-02', sendAt: at('2026-03-02T04:30:00Z'), kind: 'issue', call: false },
      {
        step: 'before_due-29wd',
        date: '2026-03-03',
        sendAt: at('2026-03-03T04:30:00Z'),
        kind: 'before_due',
        call: false,
      },
      { step: 'due', date: '2026-04-17', sendAt: at('2026-04-17T04:30:00Z'), kind: 'due', call: false },
    ]);
  });

  it('a call on any point of a day makes that day a call step, whichever point speaks', () => {
    const programme = makeProgramme({
      reminderLadder: [
        { at: 'after_issue', workingDays: 30, call: true }, // = due date: `due` speaks, the call stays
        { at: 'due' },
        { at: 'before_due', workingDays: 3 },
        { at: 'before_due', workingDays: 10, call: false },
      ],
    });
    expect(reminderSchedule(bill, programme, kz).map((s) => [s.step, s.kind, s.call])).toEqual([
      ['before_due-10wd', 'before_due', false],
      ['before_due-3wd', 'before_due', false],
      ['due', 'due', true],
    ]);
  });

  it('rejects a call flag that is not a boolean', () => {
    expect(() => makeProgramme({ reminderLadder: [{ at: 'due', call: 'yes' as never }] })).toThrow();
  });

  it('never schedules after the due date, always sorted and unique', () => {
    const point = fc.oneof(
      fc.constant({ at: 'issue' as const }),
      fc.constant({ at: 'due' as const }),
      fc.record({ at: fc.constant('after_issue' as const), workingDays: fc.integer({ min: 1, max: 40 }) }),
      fc.record({ at: fc.constant('before_due' as const), workingDays: fc.integer({ min: 1, max: 40 }) }),
    );
    const issued = fc
      .integer({ min: toEpochDay(d('2025-06-01')), max: toEpochDay(d('2026-12-31')) })
      .map(fromEpochDay);
    fc.assert(
      fc.property(issued, fc.array(point, { minLength: 1, maxLength: 8 }), (issuedOn, ladder) => {
        const programme = makeProgramme({ reminderLadder: ladder });
        const dueDate = billDueDate(issuedOn, programme, kz);
        const steps = reminderSchedule({ issuedOn, dueDate }, programme, kz);
        const dates = steps.map((s) => s.date);
        expect(dates).toEqual([...new Set(dates)].sort());
        for (const date of dates) expect(date >= issuedOn && date <= dueDate).toBe(true);
      }),
    );
  });

  it('upcomingSteps keeps what is strictly in the future', () => {
    const steps = reminderSchedule(bill, P, kz);
    expect(upcomingSteps(steps, at('2026-03-17T05:00:00Z')).map((s) => s.step)).toEqual([
      'before_due-3wd',
      'due',
    ]);
  });
});

describe('penalty', () => {
  const rate = { basisPointsPerDay: 10, capBasisPoints: 10_000 };

  it.each([
    ['2026-04-10', 0, 0],
    ['2026-04-17', 0, 0], // the due date itself
    ['2026-04-18', 1, 1000], // 0.1 % of 10 000 ₸ = 10 ₸
    ['2026-04-27', 10, 10_000],
    ['2029-01-01', 990, 990_000],
    ['2030-01-01', 1355, 1_000_000], // capped at 100 %
  ])('10 000 ₸ due 17 Apr, as of %s: %d days, %d tiyn', (asOf, days, amount) => {
    expect(overdueDays(d('2026-04-17'), d(asOf))).toBe(days);
    expect(penaltyAccrued(kzt(1_000_000), d('2026-04-17'), d(asOf), rate)).toEqual(kzt(amount));
  });

  it('rounds the total once, half-up (per-day floor would give 0)', () => {
    expect(
      penaltyAccrued(kzt(1000), d('2026-04-17'), d('2026-04-18'), {
        basisPointsPerDay: 5,
        capBasisPoints: null,
      }),
    ).toEqual(kzt(1)); // 0.5
    expect(
      penaltyAccrued(kzt(1000), d('2026-04-17'), d('2026-04-20'), {
        basisPointsPerDay: 1,
        capBasisPoints: null,
      }),
    ).toEqual(kzt(0)); // 0.3
    expect(
      penaltyAccrued(kzt(1000), d('2026-04-17'), d('2026-04-22'), {
        basisPointsPerDay: 1,
        capBasisPoints: null,
      }),
    ).toEqual(kzt(1)); // 0.5
  });

  it('is monotonic in the date and never above the cap', () => {
    const rates = fc.record({
      basisPointsPerDay: fc.integer({ min: 0, max: 10_000 }),
      capBasisPoints: fc.option(fc.integer({ min: 0, max: 50_000 }), { nil: null }),
    });
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 10 ** 12 }),
        rates,
        fc.integer({ min: -30, max: 4000 }),
        fc.integer({ min: 0, max: 400 }),
        (amount, r, offset, later) => {
          const due = d('2026-04-17');
          const first = penaltyAccrued(kzt(amount), due, addDays(due, offset), r).amount;
          const second = penaltyAccrued(kzt(amount), due, addDays(due, offset + later), r).amount;
          expect(second).toBeGreaterThanOrEqual(first);
          if (r.capBasisPoints !== null)
            expect(second).toBeLessThanOrEqual(Math.round((amount * r.capBasisPoints) / 10_000) + 1);
        },
      ),
    );
  });
});

describe('monthly digest', () => {
  it.each([
    [kz, P, 2026, 1, '2026-01-05', '2026-01-05T05:00:00Z'],
    [kz, P, 2026, 3, '2026-03-02', '2026-03-02T05:00:00Z'],
    [ru, RU, 2026, 1, '2026-01-12', '2026-01-12T07:00:00Z'],
    [kz, P, 2024, 3, '2024-03-01', '2024-03-01T05:00:00Z'], // first day at UTC+5
    [kz, P, 2024, 2, '2024-02-01', '2024-02-01T04:00:00Z'], // still UTC+6
  ] as const)(
    'case %#: first working day of the month at 10:00 local',
    (calendar, programme, year, month, date, sendAt) => {
      expect(monthlyDigest(year, month, programme, calendar)).toEqual({
        step: `digest-${year}-${String(month).padStart(2, '0')}`,
        date,
        sendAt: at(sendAt),
      });
    },
  );

  it('next digest is strictly after the given instant, across the year end', () => {
    expect(nextMonthlyDigest(at('2026-01-05T04:59:59Z'), P, kz).step).toBe('digest-2026-01');
    expect(nextMonthlyDigest(at('2026-01-05T05:00:00Z'), P, kz)).toMatchObject({
      step: 'digest-2026-02',
      date: '2026-02-02',
    });
    expect(nextMonthlyDigest(at('2026-12-15T00:00:00Z'), P, kz)).toMatchObject({
      step: 'digest-2027-01',
      date: '2027-01-05',
    });
  });
});
