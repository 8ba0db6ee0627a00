/** Calendar days handed to Fluent's DATE() (core/i18n.ts) as 'YYYY-MM-DD'. */

/** 'YYYY-MM-DD' of a calendar day (a string, or a `@db.Date` value, which Prisma gives as UTC midnight). */
export function isoDay(day: string | Date): string {
  const iso = typeof day === 'string' ? day : day.toISOString();
  if (!/^\d{4}-\d{2}-\d{2}/.test(iso)) throw new RangeError(`not a calendar day: ${iso}`);
  return iso.slice(0, 10);
}

/** 'YYYY-MM-DD' of the calendar day of an instant in a time zone (Asia/Almaty, Europe/Moscow). */
export function instantDay(instant: Date, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).formatToParts(instant);
  const get = (type: string) => parts.find((part) => part.type === type)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')}`;
}
