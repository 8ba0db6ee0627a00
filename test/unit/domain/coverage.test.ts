import { describe, expect, it } from 'vitest';
import { contactChangeDeadline } from '../../../core/domain/contact-change';
import {
  coveragePeriod,
  coveragePeriodFromDate,
  coverageStartNotice,
  coverageStatus,
  expiryReminders,
} from '../../../core/domain/coverage';
import type { LocalDate } from '../../../core/domain/local-date';
import { DEFAULT_PROGRAMME as P } from '../../../core/domain/programme';

const d = (text: string) => text as LocalDate;
const at = (iso: string) => new Date(iso);

describe('coverage period', () => {
  it.each([
    ['2026-03-01', '2026-03-16', '2027-03-15', '2027-03-16'],
    ['2028-02-14', '2028-02-29', '2029-02-28', '2029-03-01'], // starts on a leap day: runs to the end of Feb
    ['2027-02-14', '2027-03-01', '2028-02-29', '2028-03-01'], // ends on a leap day
    ['2026-12-17', '2027-01-01', '2027-12-31', '2028-01-01'], // year boundaries
    ['2026-12-31', '2027-01-15', '2028-01-14', '2028-01-15'],
  ])('activated %s → covered %s … %s (ends before %s)', (activatedOn, startsOn, lastDay, endsBefore) => {
    expect(coveragePeriodFromDate(d(activatedOn), P)).toEqual({ activatedOn, startsOn, lastDay, endsBefore });
  });

  it('the activation day is read in the programme zone (Almaty was UTC+6 before 2024-03-01)', () => {
    // 23:30 on 29 Feb in Almaty (UTC+5); the old +6 offset would have said 1 March.
    expect(coveragePeriod(at('2024-02-29T18:30:00Z'), P).activatedOn).toBe('2024-02-29');
    expect(coveragePeriod(at('2024-02-28T18:30:00Z'), P).activatedOn).toBe('2024-02-29'); // 00:30 at +6
    expect(coveragePeriod(at('2026-03-01T19:30:00Z'), P).startsOn).toBe('2026-03-17'); // 00:30 on 2 Mar
  });

  it('settings change the lengths', () => {
    expect(coveragePeriodFromDate(d('2026-01-31'), { coolingOffDays: 0, coverageMonths: 1 })).toMatchObject({
      startsOn: '2026-01-31',
      lastDay: '2026-02-28',
    });
  });
});

describe('coverageStatus', () => {
  const period = coveragePeriodFromDate(d('2026-03-01'), P);
  it.each([
    ['2026-03-01T05:00:00Z', { status: 'cooling_off', startsOn: '2026-03-16', daysUntilStart: 15 }],
    ['2026-03-15T18:59:59Z', { status: 'cooling_off', startsOn: '2026-03-16', daysUntilStart: 1 }],
    ['2026-03-15T19:00:00Z', { status: 'active', lastDay: '2027-03-15', daysLeft: 365 }],
    ['2027-03-15T18:59:59Z', { status: 'active', lastDay: '2027-03-15', daysLeft: 1 }],
    ['2027-03-15T19:00:00Z', { status: 'expired', lastDay: '2027-03-15' }],
    ['2026-02-01T00:00:00Z', { status: 'cooling_off', startsOn: '2026-03-16', daysUntilStart: 43 }],
  ])('at %s', (now, expected) => {
    expect(coverageStatus(period, at(now), P.zone)).toEqual(expected);
  });
});

describe('coverage notices', () => {
  const period = coveragePeriodFromDate(d('2026-03-01'), P);

  it('announces the start at 10:00 local', () => {
    expect(coverageStartNotice(period, P)).toEqual({
      step: 'coverage_start',
      date: '2026-03-16',
      sendAt: at('2026-03-16T05:00:00Z'),
    });
  });

  it('reminds 30 and 7 days before the end, when exactly that many covered days remain', () => {
    const reminders = expiryReminders(period, P);
    expect(reminders).toEqual([
      { step: 'expiry-30d', date: '2027-02-14', sendAt: at('2027-02-14T05:00:00Z') },
      { step: 'expiry-7d', date: '2027-03-09', sendAt: at('2027-03-09T05:00:00Z') },
    ]);
    for (const r of reminders) {
      const status = coverageStatus(period, r.sendAt, P.zone);
      expect(status).toMatchObject({ status: 'active', daysLeft: Number(r.step.match(/\d+/)?.[0]) });
    }
  });

  it('drops reminders that would come before coverage starts', () => {
    const short = coveragePeriodFromDate(d('2026-03-01'), { coolingOffDays: 15, coverageMonths: 1 });
    expect(expiryReminders(short, { ...P, expiryReminderDaysBefore: [7, 30, 7] }).map((r) => r.step)).toEqual(
      ['expiry-30d', 'expiry-7d'],
    );
    expect(expiryReminders(short, { ...P, expiryReminderDaysBefore: [40] })).toEqual([]);
  });
});

describe('contact-change duty', () => {
  it.each([
    ['2026-03-02', '2026-03-07'],
    ['2026-12-27', '2027-01-01'],
    ['2028-02-25', '2028-03-01'],
  ])('changed %s → report by %s (calendar days)', (changedOn, deadline) => {
    expect(contactChangeDeadline(d(changedOn))).toBe(deadline);
  });
});
