import Holidays from 'date-holidays';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadCalendarOverrides } from '../../../core/calendar-files';
import { createCalendar } from '../../../core/domain/calendar';
import { CalendarOverrideSchema } from '../../../core/domain/calendar-override';
import { kurbanAitFirstDay, statutoryDaysOff } from '../../../core/domain/holidays';
import { addDays, fromEpochDay, type LocalDate, toEpochDay } from '../../../core/domain/local-date';

const d = (text: string) => text as LocalDate;
const overrides = await loadCalendarOverrides('config/calendars');
const kz = createCalendar({ country: 'KZ', overrides: overrides.filter((o) => o.country === 'KZ') });
const ru = createCalendar({ country: 'RU', overrides: overrides.filter((o) => o.country === 'RU') });
const kzRulesOnly = createCalendar({ country: 'KZ' });
const ruRulesOnly = createCalendar({ country: 'RU' });

describe('statutory days off', () => {
  it('KZ 2026 as published on eGov: Nauryz collision gives 24 and 25 March', () => {
    const days = statutoryDaysOff('KZ', 2026).map((x) => x.date.slice(5));
    // biome-ignore format: a compact list reads better than one date per line
    expect(days).toEqual([
      '01-01', '01-02', '01-07', '03-08', '03-09', '03-21', '03-22', '03-23', '03-24', '03-25',
      '05-01', '05-07', '05-09', '05-11', '05-27', '07-06', '08-30', '08-31', '10-25', '10-26', '12-16',
    ]);
  });

  it('KZ: 7 Jan and Kurban Ait on a weekend do not move; 16 Dec does', () => {
    expect(kzRulesOnly.dayKind(d('2023-01-07'))).toBe('holiday'); // Saturday
    expect(kzRulesOnly.isWorkingDay(d('2023-01-09'))).toBe(true);
    expect(kurbanAitFirstDay(2024)).toBe('2024-06-16'); // Sunday
    expect(kzRulesOnly.nextWorkingDay(d('2024-06-14'))).toBe('2024-06-17');
    expect(kzRulesOnly.dayKind(d('2023-12-18'))).toBe('transfer'); // 16 Dec 2023 was a Saturday
  });

  it('KZ Kurban Ait 2026 is 27 May (eGov); pinned so a date-holidays change is noticed', () => {
    expect(kurbanAitFirstDay(2026)).toBe('2026-05-27');
    expect(kz.isWorkingDay(d('2026-05-27'))).toBe(false);
  });

  it('RU: January holidays never move by themselves; others move to the next working day', () => {
    expect(ruRulesOnly.isWorkingDay(d('2026-01-09'))).toBe(true); // only the decree makes it a day off
    expect(ruRulesOnly.dayKind(d('2026-03-09'))).toBe('transfer'); // 8 Mar 2026 is a Sunday
    expect(ruRulesOnly.dayKind(d('2026-05-11'))).toBe('transfer'); // 9 May 2026 is a Saturday
    expect(ruRulesOnly.dayKind(d('2025-02-24'))).toBe('transfer'); // 23 Feb 2025 was a Sunday
  });

  it.each([2024, 2025])('KZ %d agrees with date-holidays (public days incl. its substitutes)', (year) => {
    const library = new Holidays('KZ')
      .getHolidays(year)
      .filter((h) => h.type === 'public')
      .map((h) => h.date.slice(0, 10));
    expect(statutoryDaysOff('KZ', year).map((x) => x.date)).toEqual([...new Set(library)].sort());
  });
});

describe('working-day calendar with the shipped 2026 overrides', () => {
  it.each([
    [kz, '2026-03-20', '2026-03-26'], // Fri → Nauryz 21–25 → Thu
    [kz, '2025-12-31', '2026-01-05'], // year end: 1–2 Jan + weekend
    [kz, '2026-08-28', '2026-08-31'], // 30 Aug is no longer a holiday in 2026 (override)
    [kzRulesOnly, '2026-08-28', '2026-09-01'], // without the override the old rule moves it to 31 Aug
    [kz, '2027-03-12', '2027-03-16'], // from 2027 Constitution Day is 15 March (Mon)
    [kz, '2027-08-27', '2027-08-30'], // and 30 Aug 2027 (Mon) is a working day
    [ru, '2026-01-08', '2026-01-12'], // 9 Jan by decree, then the weekend
    [ruRulesOnly, '2026-01-08', '2026-01-09'],
    [ru, '2026-12-30', '2027-01-11'], // 31 Dec by decree, 1–8 Jan 2027, weekend
    [ru, '2026-06-11', '2026-06-15'],
  ] as const)('nextWorkingDay(%#) is strictly after: %s → %s', (calendar, date, expected) => {
    expect(calendar.nextWorkingDay(d(date))).toBe(expected);
  });

  it('addWorkingDays does not count the start day; 0 returns it unchanged', () => {
    expect(kz.addWorkingDays(d('2026-03-02'), 0)).toBe('2026-03-02');
    expect(kz.addWorkingDays(d('2026-03-21'), 0)).toBe('2026-03-21');
    expect(kz.addWorkingDays(d('2026-03-02'), 1)).toBe('2026-03-03');
    expect(kz.addWorkingDays(d('2026-03-02'), 30)).toBe('2026-04-17');
    expect(kz.subtractWorkingDays(d('2026-03-26'), 1)).toBe('2026-03-20');
    expect(() => kz.addWorkingDays(d('2026-03-02'), -1)).toThrow(RangeError);
  });

  it('workingDaysBetween counts (from, to]', () => {
    expect(kz.workingDaysBetween(d('2026-03-02'), d('2026-04-17'))).toBe(30);
    expect(kz.workingDaysBetween(d('2026-03-20'), d('2026-03-25'))).toBe(0);
    expect(kz.workingDaysBetween(d('2026-04-17'), d('2026-03-02'))).toBe(-30);
    expect(ru.workingDaysBetween(d('2025-12-31'), d('2026-12-31'))).toBe(247); // RU 2026: 247 working days
  });

  it('firstWorkingDayOfMonth', () => {
    expect(kz.firstWorkingDayOfMonth(2026, 1)).toBe('2026-01-05');
    expect(kz.firstWorkingDayOfMonth(2026, 3)).toBe('2026-03-02');
    expect(ru.firstWorkingDayOfMonth(2026, 1)).toBe('2026-01-12');
    expect(kz.firstWorkingDayOfMonth(2027, 1)).toBe('2027-01-05'); // 2 Jan 2027 is a Saturday → 4 Jan off
  });

  it('a decree working Saturday is a working day', () => {
    const calendar = createCalendar({
      country: 'KZ',
      overrides: [
        CalendarOverrideSchema.parse({
          country: 'KZ',
          year: 2024,
          daysOff: ['2024-05-08'],
          workingDays: ['2024-05-04'],
          source: 'test',
        }),
      ],
    });
    expect(calendar.dayKind(d('2024-05-04'))).toBe('decree_working_day');
    expect(calendar.nextWorkingDay(d('2024-05-03'))).toBe('2024-05-04');
    expect(calendar.nextWorkingDay(d('2024-05-06'))).toBe('2024-05-10'); // 7 holiday, 8 decree, 9 holiday
  });

  it('refuses an override for another country', () => {
    const ruOverride = overrides.find((o) => o.country === 'RU')!;
    expect(() => createCalendar({ country: 'KZ', overrides: [ruOverride] })).toThrow(/RU 2026/);
  });
});

describe('working-day properties', () => {
  const day = fc
    .integer({ min: toEpochDay(d('2023-01-01')), max: toEpochDay(d('2027-12-31')) })
    .map(fromEpochDay);
  const calendar = fc.constantFrom(kz, ru);

  it('addWorkingDays lands on a working day, is strictly monotonic in n and inverts workingDaysBetween', () => {
    fc.assert(
      fc.property(calendar, day, fc.integer({ min: 1, max: 60 }), (cal, date, n) => {
        const landed = cal.addWorkingDays(date, n);
        expect(cal.isWorkingDay(landed)).toBe(true);
        expect(landed > cal.addWorkingDays(date, n - 1)).toBe(true);
        expect(cal.workingDaysBetween(date, landed)).toBe(n);
        expect(cal.addWorkingDays(date, 1)).toBe(cal.nextWorkingDay(date));
      }),
    );
  });

  it('subtractWorkingDays undoes addWorkingDays from a working day', () => {
    fc.assert(
      fc.property(calendar, day, fc.integer({ min: 0, max: 60 }), (cal, date, n) => {
        const start = cal.isWorkingDay(date) ? date : cal.nextWorkingDay(date);
        expect(cal.subtractWorkingDays(cal.addWorkingDays(start, n), n)).toBe(start);
      }),
    );
  });

  it('nextWorkingDay skips only days off', () => {
    fc.assert(
      fc.property(calendar, day, (cal, date) => {
        const next = cal.nextWorkingDay(date);
        for (let between = addDays(date, 1); between < next; between = addDays(between, 1)) {
          expect(cal.isWorkingDay(between)).toBe(false);
        }
      }),
    );
  });
});
