import { DEFAULT_CALENDAR_DIR, loadCalendarOverrides } from './calendar-files';
import { createCalendar, type WorkingCalendar } from './domain/calendar';
import type { Country } from './domain/country';

const cache = new Map<string, Promise<WorkingCalendar>>();

/**
 * The production calendar of a country with the override files of `dir` (config/calendars),
 * read once per process. Restart to pick up a new year's file (docs/domain.md).
 */
export function workingCalendar(
  country: Country,
  dir: string = DEFAULT_CALENDAR_DIR,
): Promise<WorkingCalendar> {
  const key = `${country}:${dir}`;
  let calendar = cache.get(key);
  if (!calendar) {
    calendar = loadCalendarOverrides(dir, country).then((overrides) =>
      createCalendar({ country, overrides }),
    );
    calendar.catch(() => cache.delete(key));
    cache.set(key, calendar);
  }
  return calendar;
}
