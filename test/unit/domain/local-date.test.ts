import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addDays,
  addMonths,
  daysBetween,
  fromEpochDay,
  isoDayOfWeek,
  type LocalDate,
  localDate,
  parseLocalDate,
  toEpochDay,
} from '../../../core/domain/local-date';

const d = (text: string) => text as LocalDate;

describe('LocalDate', () => {
  it.each([
    ['2024-02-29', true],
    ['2023-02-29', false],
    ['1900-02-29', false],
    ['2000-02-29', true],
    ['2026-04-31', false],
    ['2026-12-31', true],
    ['2026-1-05', false],
    ['2026-01-05T00:00', false],
  ])('parseLocalDate(%s) accepts real days only: %s', (text, valid) => {
    expect(parseLocalDate(text) !== null).toBe(valid);
  });

  it('builds padded dates and refuses missing days', () => {
    expect(localDate(2026, 3, 9)).toBe('2026-03-09');
    expect(() => localDate(2026, 2, 29)).toThrow(RangeError);
  });

  it.each([
    ['2025-12-31', 1, '2026-01-01'],
    ['2024-02-28', 1, '2024-02-29'],
    ['2023-02-28', 1, '2023-03-01'],
    ['2026-01-01', -1, '2025-12-31'],
    ['2026-03-01', 15, '2026-03-16'],
  ])('addDays(%s, %d) = %s', (date, days, expected) => {
    expect(addDays(d(date), days)).toBe(expected);
  });

  it.each([
    ['2026-01-31', 1, 'clamp', '2026-02-28'],
    ['2024-01-31', 1, 'clamp', '2024-02-29'],
    ['2024-02-29', 12, 'clamp', '2025-02-28'],
    ['2026-03-31', -1, 'clamp', '2026-02-28'],
    ['2026-12-15', 1, 'clamp', '2027-01-15'],
    ['2026-01-31', 1, 'next_month_start', '2026-03-01'],
    ['2024-02-29', 12, 'next_month_start', '2025-03-01'],
    ['2026-03-16', 12, 'next_month_start', '2027-03-16'],
  ] as const)('addMonths(%s, %d, %s) = %s', (date, months, overflow, expected) => {
    expect(addMonths(d(date), months, overflow)).toBe(expected);
  });

  it('knows weekdays', () => {
    expect(isoDayOfWeek(d('2026-03-21'))).toBe(6); // Saturday
    expect(isoDayOfWeek(d('2026-03-23'))).toBe(1); // Monday
    expect(isoDayOfWeek(d('1970-01-01'))).toBe(4); // Thursday
    expect(isoDayOfWeek(d('1969-12-28'))).toBe(7); // Sunday, before the epoch
  });

  it('epoch days round-trip and daysBetween is their difference', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -100_000, max: 100_000 }),
        fc.integer({ min: -1000, max: 1000 }),
        (day, delta) => {
          const date = fromEpochDay(day);
          expect(toEpochDay(date)).toBe(day);
          expect(daysBetween(date, addDays(date, delta))).toBe(delta);
        },
      ),
    );
  });
});
