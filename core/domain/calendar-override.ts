import { z } from 'zod';
import { COUNTRIES } from './country';
import { isLocalDate, type LocalDate } from './local-date';

/**
 * One year's government transfers for one country, as kept in `config/calendars/<country>-<year>.json`.
 * `daysOff` adds days off (a Friday bridged to a weekend, 31 Dec); `workingDays` makes a day a working
 * day whatever the rules say (a working Saturday, a holiday abolished by a law change).
 */
export const CalendarOverrideSchema = z
  .object({
    country: z.enum(COUNTRIES),
    year: z.number().int().min(1900).max(2200),
    daysOff: z.array(localDateSchema()).default([]),
    workingDays: z.array(localDateSchema()).default([]),
    source: z.string().trim().min(1, 'name the decree or law the dates come from'),
    notes: z.string().optional(),
  })
  .strict()
  .superRefine((override, ctx) => {
    for (const field of ['daysOff', 'workingDays'] as const) {
      override[field].forEach((date, index) => {
        if (!date.startsWith(`${override.year}-`)) {
          ctx.addIssue({
            code: 'custom',
            path: [field, index],
            message: `${date} is not in ${override.year}`,
          });
        }
      });
    }
    const daysOff = new Set(override.daysOff);
    override.workingDays.forEach((date, index) => {
      if (daysOff.has(date)) {
        ctx.addIssue({ code: 'custom', path: ['workingDays', index], message: `${date} is also in daysOff` });
      }
    });
  });

export type CalendarOverride = z.infer<typeof CalendarOverrideSchema>;

function localDateSchema() {
  return z
    .string()
    .refine(isLocalDate, { message: 'expected a real date as YYYY-MM-DD' })
    .transform((text) => text as LocalDate);
}
