import { z } from 'zod';
import { COUNTRIES } from './country';
import { CURRENCIES } from './money';
import { isLocalTime, isValidTimeZone, type LocalTime } from './zone';

/**
 * One point of the unpaid-bill reminder ladder (seed 002 item 10):
 * - issue: the day the bill appears;
 * - after_issue: n working days after that day;
 * - before_due: n working days before the due date;
 * - due: the due date itself (the last day to pay).
 * Nothing is ever scheduled after the due date: overdue handling is another process.
 *
 * `call: true` adds a phone call by the insurer to that step's messages (seed 002 item 10: "sms,
 * e-mail messages and calls"): an operator task with the bill, phone, amount and due date.
 */
const call = z.boolean().optional();
export const ReminderPointSchema = z.discriminatedUnion('at', [
  z.object({ at: z.literal('issue'), call }).strict(),
  z.object({ at: z.literal('after_issue'), workingDays: z.number().int().min(1), call }).strict(),
  z.object({ at: z.literal('before_due'), workingDays: z.number().int().min(1), call }).strict(),
  z.object({ at: z.literal('due'), call }).strict(),
]);
export type ReminderPoint = z.infer<typeof ReminderPointSchema>;

/** The default ladder: messages at each point, and a call three working days before the due date. */
export const DEFAULT_REMINDER_LADDER: ReminderPoint[] = [
  { at: 'issue' },
  { at: 'after_issue', workingDays: 10 },
  { at: 'before_due', workingDays: 3, call: true },
  { at: 'due' },
];

const localTimeSchema = z
  .string()
  .refine(isLocalTime, { message: 'expected HH:MM (24-hour)' })
  .transform((text) => text as LocalTime);

/**
 * Penalty on an overdue franchise: `basisPointsPerDay` of the unpaid amount per calendar day from the
 * day after the due date, capped at `capBasisPoints` of the unpaid amount (null: no cap).
 * The seeds name a penalty (seed 002 item 8) but no rate: the defaults (0.1 %/day, cap 100 %) are a
 * placeholder each programme should set from its contract.
 */
export const PenaltyRateSchema = z
  .object({
    basisPointsPerDay: z.number().int().min(0).max(10_000).default(10),
    capBasisPoints: z.number().int().min(0).nullable().default(10_000),
  })
  .strict();
export type PenaltyRate = z.infer<typeof PenaltyRateSchema>;

/**
 * Local hours in which a notice that happens at once (a charge notice after a night-time invoice
 * import) may reach people; outside them it waits for `from`. `from` later than `until` wraps midnight.
 */
export const NoticeWindowSchema = z
  .object({
    from: localTimeSchema.default('09:00' as LocalTime),
    until: localTimeSchema.default('21:00' as LocalTime),
  })
  .strict()
  .refine((window) => window.from !== window.until, { message: 'from and until must differ' });
export type NoticeWindow = z.infer<typeof NoticeWindowSchema>;

/**
 * The time rules of an insurance programme. Every field has a default matching the seeds
 * (Kazakhstan, Asia/Almaty, KZT, 20 % franchise, 15-day cooling-off, 12-month coverage,
 * 30 working days to pay, 5 days to report a contact change).
 */
export const ProgrammeSchema = z
  .object({
    zone: z.string().refine(isValidTimeZone, { message: 'unknown IANA time zone' }).default('Asia/Almaty'),
    country: z.enum(COUNTRIES).default('KZ'),
    currency: z.enum(CURRENCIES).default('KZT'),
    /** Insured's share of each service's cost, in basis points: 2000 = 20 % (seed 002). */
    franchiseBasisPoints: z.number().int().min(0).max(10_000).default(2000),
    /** Calendar days from activation to coverage start (seed 000: 15). */
    coolingOffDays: z.number().int().min(0).default(15),
    /** Coverage length in calendar months (seed 000: 12). */
    coverageMonths: z.number().int().min(1).default(12),
    /** Reminders this many calendar days before coverage ends. */
    expiryReminderDaysBefore: z.array(z.number().int().min(1)).default([30, 7]),
    /** Working days to pay a franchise bill (seed 002: 30). */
    paymentWorkingDays: z.number().int().min(1).default(30),
    reminderLadder: z.array(ReminderPointSchema).min(1).default(DEFAULT_REMINDER_LADDER),
    /** Local time at which reminders and notices go out. */
    reminderTime: localTimeSchema.default('10:00' as LocalTime),
    /** Local hours for notices sent as things happen (charge notices); null: any hour. */
    noticeWindow: NoticeWindowSchema.nullable().prefault({}),
    /** Local time of the monthly "look at your cabinet" digest (seed 002 item 6). */
    digestTime: localTimeSchema.default('10:00' as LocalTime),
    /** Calendar days the insured has to report a changed phone or e-mail (seed 002 item 6). */
    contactChangeDays: z.number().int().min(0).default(5),
    penalty: PenaltyRateSchema.prefault({}),
  })
  .strict();

export type Programme = z.infer<typeof ProgrammeSchema>;
export type ProgrammeInput = z.input<typeof ProgrammeSchema>;

/** Kazakhstan defaults from the seeds. */
export const DEFAULT_PROGRAMME: Programme = ProgrammeSchema.parse({});

/** Defaults with some fields replaced; throws a ZodError on invalid settings. */
export function makeProgramme(settings: ProgrammeInput = {}): Programme {
  return ProgrammeSchema.parse(settings);
}
