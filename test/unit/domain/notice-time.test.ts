import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { NoticeWindowSchema } from '../../../core/domain/programme';
import { noticeTime } from '../../../core/domain/schedule';
import { type LocalTime, toLocalDate, zonedInstant } from '../../../core/domain/zone';

const ALMATY = 'Asia/Almaty';
const DAY = NoticeWindowSchema.parse({});
const at = (iso: string) => new Date(iso);
const localClock = (instant: Date, zone: string) =>
  new Intl.DateTimeFormat('en-GB', {
    timeZone: zone,
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(instant);

describe('noticeTime', () => {
  it('examples in Almaty (UTC+5), window 09:00–21:00', () => {
    expect(noticeTime(at('2026-11-20T07:00:00Z'), { zone: ALMATY, noticeWindow: DAY })).toEqual(
      at('2026-11-20T07:00:00Z'),
    ); // 12:00
    expect(noticeTime(at('2026-11-19T22:00:00Z'), { zone: ALMATY, noticeWindow: DAY })).toEqual(
      at('2026-11-20T04:00:00Z'),
    ); // 03:00 → 09:00
    expect(noticeTime(at('2026-11-20T16:00:00Z'), { zone: ALMATY, noticeWindow: DAY })).toEqual(
      at('2026-11-21T04:00:00Z'),
    ); // 21:00 → next 09:00
    expect(noticeTime(at('2026-11-20T04:00:00Z'), { zone: ALMATY, noticeWindow: DAY })).toEqual(
      at('2026-11-20T04:00:00Z'),
    ); // 09:00 sharp
  });

  it('no window: at once, whatever the hour', () => {
    expect(noticeTime(at('2026-11-19T22:00:00Z'), { zone: ALMATY, noticeWindow: null })).toEqual(
      at('2026-11-19T22:00:00Z'),
    );
  });

  it('a window across midnight (20:00–02:00)', () => {
    const evening = NoticeWindowSchema.parse({ from: '20:00', until: '02:00' });
    expect(noticeTime(at('2026-11-20T20:00:00Z'), { zone: ALMATY, noticeWindow: evening })).toEqual(
      at('2026-11-20T20:00:00Z'),
    ); // 01:00
    expect(noticeTime(at('2026-11-20T07:00:00Z'), { zone: ALMATY, noticeWindow: evening })).toEqual(
      at('2026-11-20T15:00:00Z'),
    ); // 12:00 → 20:00
  });

  const hhmm = fc
    .tuple(fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 }))
    .map(([h, m]) => `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}` as LocalTime);
  const instant = fc.date({
    min: at('2024-06-01T00:00:00Z'),
    max: at('2030-12-31T00:00:00Z'),
    noInvalidDate: true,
  });
  const zone = fc.constantFrom(ALMATY, 'Europe/Moscow', 'Asia/Aqtobe');

  it('never earlier than now, within a day, and inside the window', () => {
    fc.assert(
      fc.property(instant, zone, hhmm, hhmm, (now, tz, from, until) => {
        fc.pre(from !== until);
        const window = NoticeWindowSchema.parse({ from, until });
        const sendAt = noticeTime(now, { zone: tz, noticeWindow: window });
        expect(sendAt.getTime()).toBeGreaterThanOrEqual(now.getTime());
        expect(sendAt.getTime() - now.getTime()).toBeLessThan(24 * 3_600_000);
        const local = localClock(sendAt, tz);
        const inside = from < until ? local >= from && local < until : local >= from || local < until;
        expect(inside).toBe(true);
        // sent later only because it was outside: then exactly at the window's opening
        if (sendAt.getTime() !== now.getTime()) {
          expect(local).toBe(from);
          expect(sendAt).toEqual(zonedInstant(toLocalDate(sendAt, tz), from, tz));
        }
      }),
    );
  });
});
