import { describe, expect, it } from 'vitest';
import { DEFAULT_PROGRAMME, makeProgramme, ProgrammeSchema } from '../../../core/domain/programme';

describe('Programme settings', () => {
  it('defaults follow the seeds', () => {
    expect(DEFAULT_PROGRAMME).toEqual({
      zone: 'Asia/Almaty',
      country: 'KZ',
      currency: 'KZT',
      franchiseBasisPoints: 2000,
      coolingOffDays: 15,
      coverageMonths: 12,
      expiryReminderDaysBefore: [30, 7],
      paymentWorkingDays: 30,
      reminderLadder: [
        { at: 'issue' },
        { at: 'after_issue', workingDays: 10 },
        { at: 'before_due', workingDays: 3, call: true },
        { at: 'due' },
      ],
      reminderTime: '10:00',
      noticeWindow: { from: '09:00', until: '21:00' },
      digestTime: '10:00',
      contactChangeDays: 5,
      penalty: { basisPointsPerDay: 10, capBasisPoints: 10_000 },
    });
  });

  it('fills nested defaults', () => {
    const ru = makeProgramme({
      zone: 'Europe/Moscow',
      country: 'RU',
      currency: 'RUB',
      penalty: { basisPointsPerDay: 5 },
    });
    expect(ru.penalty).toEqual({ basisPointsPerDay: 5, capBasisPoints: 10_000 });
    expect(ru.paymentWorkingDays).toBe(30);
  });

  it.each([
    [{ zone: 'Asia/Nowhere' }, 'zone'],
    [{ franchiseBasisPoints: 20.5 }, 'franchiseBasisPoints'],
    [{ franchiseBasisPoints: 10_001 }, 'franchiseBasisPoints'],
    [{ reminderTime: '25:00' }, 'reminderTime'],
    [{ reminderLadder: [{ at: 'after_issue' }] }, 'reminderLadder'],
    [{ reminderLadder: [{ at: 'after_due', workingDays: 1 }] }, 'reminderLadder'],
    [{ reminderLadder: [] }, 'reminderLadder'],
    [{ currency: 'USD' }, 'currency'],
    [{ franchisePercent: 20 }, ''],
  ])('refuses %j', (input, field) => {
    const result = ProgrammeSchema.safeParse(input);
    expect(result.success).toBe(false);
    expect(String(result.error?.issues[0]?.path[0] ?? '')).toBe(field);
  });
});
