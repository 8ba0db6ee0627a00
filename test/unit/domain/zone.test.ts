import { describe, expect, it } from 'vitest';
import type { LocalDate } from '../../../core/domain/local-date';
import {
  isValidTimeZone,
  startOfDay,
  toLocalDate,
  zonedInstant,
  zoneOffsetMs,
} from '../../../core/domain/zone';

const d = (text: string) => text as LocalDate;
const HOUR = 3_600_000;

describe('time zones', () => {
  it('Asia/Almaty moved from UTC+6 to UTC+5 on 2024-03-01 (tz database via Intl)', () => {
    expect(zoneOffsetMs(new Date('2024-02-29T17:59:59Z'), 'Asia/Almaty')).toBe(6 * HOUR);
    expect(zoneOffsetMs(new Date('2024-02-29T18:00:00Z'), 'Asia/Almaty')).toBe(5 * HOUR);
    expect(zoneOffsetMs(new Date('2026-07-01T00:00:00Z'), 'Europe/Moscow')).toBe(3 * HOUR);
  });

  it.each([
    ['2024-01-15T18:00:00Z', 'Asia/Almaty', '2024-01-16'], // 00:00 at +6
    ['2025-01-15T18:00:00Z', 'Asia/Almaty', '2025-01-15'], // 23:00 at +5
    ['2024-02-29T18:30:00Z', 'Asia/Almaty', '2024-02-29'], // 23:30 after the clocks went back
    ['2024-02-29T19:00:00Z', 'Asia/Almaty', '2024-03-01'],
    ['2025-12-31T21:00:00Z', 'Europe/Moscow', '2026-01-01'],
    ['2025-12-31T20:59:59Z', 'Europe/Moscow', '2025-12-31'],
  ])('toLocalDate(%s, %s) = %s', (instant, zone, expected) => {
    expect(toLocalDate(new Date(instant), zone)).toBe(expected);
  });

  it('start of day uses the offset of that day; 29 Feb 2024 lasted 25 hours in Almaty', () => {
    const feb29 = startOfDay(d('2024-02-29'), 'Asia/Almaty');
    const mar1 = startOfDay(d('2024-03-01'), 'Asia/Almaty');
    expect(feb29.toISOString()).toBe('2024-02-28T18:00:00.000Z');
    expect(mar1.toISOString()).toBe('2024-02-29T19:00:00.000Z');
    expect(mar1.getTime() - feb29.getTime()).toBe(25 * HOUR);
    expect(startOfDay(d('2026-01-01'), 'Europe/Moscow').toISOString()).toBe('2025-12-31T21:00:00.000Z');
  });

  it('local wall time to instant', () => {
    expect(zonedInstant(d('2026-03-02'), '10:00', 'Asia/Almaty').toISOString()).toBe(
      '2026-03-02T05:00:00.000Z',
    );
    expect(zonedInstant(d('2023-03-02'), '10:00', 'Asia/Almaty').toISOString()).toBe(
      '2023-03-02T04:00:00.000Z',
    );
    expect(() => zonedInstant(d('2026-03-02'), '24:00' as never, 'Asia/Almaty')).toThrow(RangeError);
  });

  it('validates zone names', () => {
    expect(isValidTimeZone('Asia/Almaty')).toBe(true);
    expect(isValidTimeZone('Asia/Nowhere')).toBe(false);
  });
});
