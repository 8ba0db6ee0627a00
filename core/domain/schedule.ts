import { addDays, type LocalDate } from './local-date';
import type { Programme } from './programme';
import { type Instant, toLocalDate, zonedInstant } from './zone';

/** A dated notification: `step` is a stable id (letters, digits, '_' and '-') fit for a job id. */
export interface DatedStep {
  step: string;
  date: LocalDate;
  sendAt: Instant;
}

/** Steps still to send: `sendAt` strictly after `now`. */
export function upcomingSteps<T extends DatedStep>(steps: readonly T[], now: Instant): T[] {
  return steps.filter((s) => s.sendAt.getTime() > now.getTime());
}

/**
 * When a notice raised at `now` may go out: `now` inside the programme's local notice window, else
 * the window's next opening (today's or tomorrow's `from`). A window may wrap midnight; no window
 * (null) means any hour.
 */
export function noticeTime(now: Instant, programme: Pick<Programme, 'zone' | 'noticeWindow'>): Instant {
  const { zone, noticeWindow: window } = programme;
  if (!window) return now;
  const today = toLocalDate(now, zone);
  const opens = zonedInstant(today, window.from, zone);
  const closes = zonedInstant(today, window.until, zone);
  const t = now.getTime();
  const inside =
    opens.getTime() < closes.getTime()
      ? t >= opens.getTime() && t < closes.getTime()
      : t >= opens.getTime() || t < closes.getTime();
  if (inside) return now;
  return t < opens.getTime() ? opens : zonedInstant(addDays(today, 1), window.from, zone);
}
