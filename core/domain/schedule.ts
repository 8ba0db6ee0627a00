import type { LocalDate } from './local-date';
import type { Instant } from './zone';

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
