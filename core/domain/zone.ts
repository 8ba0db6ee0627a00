import { dateParts, type LocalDate, localDate } from './local-date';

/**
 * A point in time. `Date` because Prisma, BullMQ and JSON already speak it; domain functions
 * never mutate one and never read the clock (`now` is always a parameter).
 */
export type Instant = Date;

/** 'HH:MM' wall-clock time, 24-hour. */
export type LocalTime = `${number}:${number}`;

const LOCAL_TIME = /^([01]\d|2[0-3]):([0-5]\d)$/;

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(zone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(zone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(zone, formatter);
  }
  return formatter;
}

/** True when the tz database (through Intl) knows `zone`, e.g. 'Asia/Almaty'. */
export function isValidTimeZone(zone: string): boolean {
  try {
    formatterFor(zone);
    return true;
  } catch {
    return false;
  }
}

export function isLocalTime(text: string): text is LocalTime {
  return LOCAL_TIME.test(text);
}

interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

function wallClockAt(epochMs: number, zone: string): WallClock {
  const parts: Record<string, number> = {};
  for (const part of formatterFor(zone).formatToParts(new Date(epochMs))) {
    if (part.type !== 'literal') parts[part.type] = Number(part.value);
  }
  return {
    year: parts.year ?? 0,
    month: parts.month ?? 0,
    day: parts.day ?? 0,
    hour: parts.hour ?? 0,
    minute: parts.minute ?? 0,
    second: parts.second ?? 0,
  };
}

/** Offset of `zone` from UTC at an instant, in milliseconds (Asia/Almaty: +5 h since 2024-03-01, +6 h before). */
export function zoneOffsetMs(instant: Instant, zone: string): number {
  const epochMs = instant.getTime();
  const wall = wallClockAt(epochMs, zone);
  const wallAsUtc = Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second);
  return wallAsUtc - (epochMs - (((epochMs % 1000) + 1000) % 1000));
}

/** The calendar day an instant falls on in `zone`. */
export function toLocalDate(instant: Instant, zone: string): LocalDate {
  const wall = wallClockAt(instant.getTime(), zone);
  return localDate(wall.year, wall.month, wall.day);
}

/**
 * The instant a wall-clock time happens on `date` in `zone`.
 * A time skipped by a clock change resolves with the offset in force after it; a repeated time
 * resolves to its later occurrence. Neither happens in Asia/Almaty or Europe/Moscow today.
 */
export function zonedInstant(date: LocalDate, time: LocalTime, zone: string): Instant {
  const match = LOCAL_TIME.exec(time);
  if (!match) throw new RangeError(`not a HH:MM time: ${time}`);
  const { year, month, day } = dateParts(date);
  const wallAsUtc = Date.UTC(year, month - 1, day, Number(match[1]), Number(match[2]));
  const firstOffset = zoneOffsetMs(new Date(wallAsUtc), zone);
  let epochMs = wallAsUtc - firstOffset;
  const secondOffset = zoneOffsetMs(new Date(epochMs), zone);
  if (secondOffset !== firstOffset) epochMs = wallAsUtc - secondOffset;
  return new Date(epochMs);
}

/** 00:00 of `date` in `zone`, as an instant. */
export function startOfDay(date: LocalDate, zone: string): Instant {
  return zonedInstant(date, '00:00', zone);
}
