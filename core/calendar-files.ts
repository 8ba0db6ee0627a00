import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type CalendarOverride, CalendarOverrideSchema } from './domain/calendar-override';
import type { Country } from './domain/country';

/** Where the per-year production-calendar overrides live; add a file per country and year, no code change. */
export const DEFAULT_CALENDAR_DIR = 'config/calendars';

const FILE_NAME = /^(KZ|RU)-(\d{4})\.json$/;

export class CalendarFileError extends Error {
  constructor(
    readonly file: string,
    readonly problems: string[],
  ) {
    super(`${file}: ${problems.join('; ')}`);
    this.name = 'CalendarFileError';
  }
}

/** Parses and checks one override file's text; `file` names it in errors. */
export function parseCalendarOverride(file: string, text: string): CalendarOverride {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new CalendarFileError(file, [`not valid JSON (${(error as Error).message})`]);
  }
  const parsed = CalendarOverrideSchema.safeParse(json);
  if (!parsed.success) {
    throw new CalendarFileError(
      file,
      parsed.error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`),
    );
  }
  const match = FILE_NAME.exec(file.split(/[\\/]/).pop() ?? '');
  if (match && (match[1] !== parsed.data.country || Number(match[2]) !== parsed.data.year)) {
    throw new CalendarFileError(file, [
      `file name says ${match[1]}-${match[2]} but the content says ${parsed.data.country}-${parsed.data.year}`,
    ]);
  }
  return parsed.data;
}

/** Reads every `<country>-<year>.json` in `dir` (other files are ignored), optionally for one country. */
export async function loadCalendarOverrides(
  dir: string = DEFAULT_CALENDAR_DIR,
  country?: Country,
): Promise<CalendarOverride[]> {
  const names = (await readdir(dir)).filter((name) => FILE_NAME.test(name)).sort();
  const overrides: CalendarOverride[] = [];
  for (const name of names) {
    if (country && !name.startsWith(`${country}-`)) continue;
    const file = join(dir, name);
    overrides.push(parseCalendarOverride(file, await readFile(file, 'utf8')));
  }
  return overrides;
}
