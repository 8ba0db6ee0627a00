import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  CalendarFileError,
  loadCalendarOverrides,
  parseCalendarOverride,
} from '../../../core/calendar-files';

describe('calendar override files', () => {
  it('loads the shipped files', async () => {
    const overrides = await loadCalendarOverrides('config/calendars');
    expect(overrides.map((o) => `${o.country}-${o.year}`)).toEqual(['KZ-2026', 'KZ-2027', 'RU-2026']);
    expect(overrides.find((o) => o.country === 'RU')?.daysOff).toEqual(['2026-01-09', '2026-12-31']);
    expect(await loadCalendarOverrides('config/calendars', 'KZ')).toHaveLength(2);
  });

  it('names the file and the field at fault', () => {
    const text = JSON.stringify({
      country: 'KZ',
      year: 2027,
      daysOff: ['2027-01-03', '2027-02-30'],
      source: 'x',
    });
    try {
      parseCalendarOverride('config/calendars/KZ-2027.json', text);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(CalendarFileError);
      expect((error as Error).message).toMatch(/^config\/calendars\/KZ-2027\.json: daysOff\.1: /);
    }
  });

  it.each([
    ['{ not json', /not valid JSON/],
    [
      JSON.stringify({ country: 'KZ', year: 2027, daysOff: ['2026-12-31'], source: 'x' }),
      /daysOff\.0: 2026-12-31 is not in 2027/,
    ],
    [
      JSON.stringify({
        country: 'KZ',
        year: 2027,
        daysOff: ['2027-01-04'],
        workingDays: ['2027-01-04'],
        source: 'x',
      }),
      /also in daysOff/,
    ],
    [JSON.stringify({ country: 'KZ', year: 2027, source: '' }), /source: name the decree/],
    [JSON.stringify({ country: 'UZ', year: 2027, source: 'x' }), /country/],
    [JSON.stringify({ country: 'RU', year: 2027, source: 'x' }), /file name says KZ-2027/],
    [JSON.stringify({ country: 'KZ', year: 2027, source: 'x', extra: 1 }), /extra/],
  ])('refuses %s', (text, message) => {
    expect(() => parseCalendarOverride('KZ-2027.json', text)).toThrow(message);
  });

  it('ignores files that are not <country>-<year>.json', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'calendars-'));
    await writeFile(join(dir, 'README.md'), 'notes');
    await writeFile(join(dir, 'KZ-2027.json'), JSON.stringify({ country: 'KZ', year: 2027, source: 'test' }));
    const overrides = await loadCalendarOverrides(dir);
    expect(overrides).toEqual([{ country: 'KZ', year: 2027, daysOff: [], workingDays: [], source: 'test' }]);
  });
});
