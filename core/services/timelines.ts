/**
 * Timelines (issue 7, docs/timelines.md): the dated jobs derived from the domain rules, written as
 * OutboxJob rows in the transaction of the change that creates them (activation, bill issue,
 * contact change, previous digest) and re-planned from the database by `planTimelines` (the
 * reconciler's planner), so losing Redis — or a code path that forgot to schedule — loses no deadline.
 *
 * Job ids (deterministic, '.'-joined; BullMQ forbids ':'):
 * - `coverage-expiry.<activationId>.<step>`  step `expiry-30d`, `expiry-7d` (programme setting)
 * - `bill-reminder.<billId>.<step>`          step of the ladder (`after_issue-10wd`, `before_due-3wd`, `due`)
 * - `bill-overdue.<billId>`                  00:00 local of the day after the due date
 * - `digest.<programmeCode>.<YYYY-MM>`       first working day of the month at digestTime
 * - `contact-duty.<contactChangeId>`         the day after a contact change at reminderTime
 * The `issue` step of the ladder is the charge notice billing sends with the bill; it is not scheduled again.
 */
import type { AppContext } from '../context';
import type { Tx } from '../db';
import type { WorkingCalendar } from '../domain/calendar';
import { contactChangeDeadline } from '../domain/contact-change';
import { type CoveragePeriod, expiryReminders } from '../domain/coverage';
import { nextMonthlyDigest } from '../domain/digest';
import { overdueFrom, type ReminderStep, reminderSchedule } from '../domain/dunning';
import { addDays, type LocalDate } from '../domain/local-date';
import { makeProgramme, type Programme, ProgrammeSchema } from '../domain/programme';
import type { DatedStep } from '../domain/schedule';
import { type Instant, startOfDay, toLocalDate, zonedInstant } from '../domain/zone';
import type { Channel, Prisma } from '../generated/prisma/client';
import {
  enqueueJob,
  enqueueJobs,
  enqueueNotifications,
  type NotificationInput,
  type OutboxJobInput,
} from '../notify/outbox';
import { jobId, type NotifyChannel } from '../queues';

/** The columns of a Programme row the timelines read. */
export interface ProgrammeRow {
  timeZone: string;
  country: 'KZ' | 'RU';
  currency: 'KZT' | 'RUB';
  franchiseBasisPoints: number;
  paymentWorkingDays: number;
  settings: Prisma.JsonValue;
}

const SETTING_KEYS = [
  'expiryReminderDaysBefore',
  'reminderLadder',
  'reminderTime',
  'noticeWindow',
  'digestTime',
  'contactChangeDays',
  'penalty',
] as const;

/**
 * The domain settings of a programme: the row's columns (zone, country, currency, share, days to
 * pay) plus the timeline fields of `settings` JSON (ladder, times, penalty). A field of `settings`
 * that does not parse falls back to its default, so one bad value never stops every timeline.
 */
export function programmeRules(
  row: ProgrammeRow,
  product?: { coolingOffDays: number; coverageMonths: number },
): Programme {
  const base = {
    zone: row.timeZone,
    country: row.country,
    currency: row.currency,
    franchiseBasisPoints: row.franchiseBasisPoints,
    paymentWorkingDays: row.paymentWorkingDays,
    ...(product ? { coolingOffDays: product.coolingOffDays, coverageMonths: product.coverageMonths } : {}),
  };
  const settings =
    row.settings && typeof row.settings === 'object' && !Array.isArray(row.settings)
      ? (row.settings as Record<string, unknown>)
      : {};
  const extra: Record<string, unknown> = {};
  for (const key of SETTING_KEYS) {
    if (settings[key] === undefined) continue;
    const field = ProgrammeSchema.shape[key].safeParse(settings[key]);
    if (field.success) extra[key] = settings[key];
  }
  return makeProgramme({ ...base, ...extra } as Parameters<typeof makeProgramme>[0]);
}

/** `YYYY-MM-DD` of a Prisma @db.Date column. */
export const dbDay = (date: Date): LocalDate => date.toISOString().slice(0, 10) as LocalDate;
export const asDbDate = (day: LocalDate): Date => new Date(`${day}T00:00:00.000Z`);

export const coverageExpiryJobId = (activationId: string, step: string) =>
  jobId('coverage-expiry', activationId, step);
export const billReminderJobId = (billId: string, step: string) => jobId('bill-reminder', billId, step);
export const billOverdueJobId = (billId: string) => jobId('bill-overdue', billId);
export const digestJobId = (programmeCode: string, month: string) => jobId('digest', programmeCode, month);
export const contactDutyJobId = (contactChangeId: string) => jobId('contact-duty', contactChangeId);

/** "digest-2026-12" → "2026-12" */
export const digestMonth = (step: DatedStep) => step.step.replace(/^digest-/, '');

// ---------------------------------------------------------------- what is due when (pure)

/** Coverage expiry reminders of an activation (the coverage dates stored on the Activation row). */
export function coverageExpirySteps(
  activation: { activatedAt: Date; coverageStart: Date; coverageEnd: Date },
  rules: Programme,
): { period: CoveragePeriod; steps: DatedStep[] } {
  const startsOn = dbDay(activation.coverageStart);
  const lastDay = dbDay(activation.coverageEnd);
  const period: CoveragePeriod = {
    activatedOn: toLocalDate(activation.activatedAt, rules.zone),
    startsOn,
    lastDay,
    endsBefore: addDays(lastDay, 1),
  };
  return { period, steps: expiryReminders(period, rules) };
}

/** The ladder steps of a bill that are jobs (the `issue` step is the charge notice itself). */
export function billReminderSteps(
  bill: { issuedAt: Date; dueDate: Date },
  rules: Programme,
  calendar: WorkingCalendar,
): ReminderStep[] {
  const issuedOn = toLocalDate(bill.issuedAt, rules.zone);
  return reminderSchedule({ issuedOn, dueDate: dbDay(bill.dueDate) }, rules, calendar).filter(
    (step) => step.kind !== 'issue',
  );
}

/** 00:00 local of the first overdue day. */
export function billOverdueAt(dueDate: Date, rules: Pick<Programme, 'zone'>): Instant {
  return startOfDay(overdueFrom(dbDay(dueDate)), rules.zone);
}

/** The contact-duty reminder: the day after the change at the reminder time. */
export function contactDutyAt(changedAt: Date, rules: Pick<Programme, 'zone' | 'reminderTime'>): Instant {
  return zonedInstant(addDays(toLocalDate(changedAt, rules.zone), 1), rules.reminderTime, rules.zone);
}

export function contactDutyDeadline(
  changedAt: Date,
  rules: Pick<Programme, 'zone' | 'contactChangeDays'>,
): LocalDate {
  return contactChangeDeadline(toLocalDate(changedAt, rules.zone), rules.contactChangeDays);
}

// ---------------------------------------------------------------- the jobs (pure; the planner uses them too)

/** The coverage expiry reminders of an activation still to come. */
export function coverageExpiryJobs(
  activationId: string,
  steps: readonly DatedStep[],
  now: Date,
): OutboxJobInput[] {
  return steps
    .filter((step) => step.sendAt.getTime() > now.getTime())
    .map((step) => ({
      queue: 'coverage-expiry',
      name: 'coverage-expiry',
      jobId: coverageExpiryJobId(activationId, step.step),
      payload: { activationId, step: step.step },
      runAt: step.sendAt,
    }));
}

export interface BillTimelineInput {
  billId: string;
  issuedAt: Date;
  dueDate: Date;
  rules: Programme;
  calendar: WorkingCalendar;
  now: Date;
}

/**
 * A bill's timeline: one job per ladder step still to come, and the overdue transition, which
 * must happen however late.
 */
export function billTimelineJobs(input: BillTimelineInput): OutboxJobInput[] {
  const reminders: OutboxJobInput[] = billReminderSteps(input, input.rules, input.calendar)
    .filter((step) => step.sendAt.getTime() > input.now.getTime())
    .map((step) => ({
      queue: 'bill-reminder',
      name: 'bill-reminder',
      jobId: billReminderJobId(input.billId, step.step),
      payload: { billId: input.billId, step: step.step },
      runAt: step.sendAt,
    }));
  return [
    ...reminders,
    {
      queue: 'bill-overdue',
      name: 'bill-overdue',
      jobId: billOverdueJobId(input.billId),
      payload: { billId: input.billId },
      runAt: billOverdueAt(input.dueDate, input.rules),
    },
  ];
}

/** The next monthly digest of a programme strictly after `after`. */
export function nextDigestJob(input: {
  programme: { id: string; code: string };
  rules: Programme;
  calendar: WorkingCalendar;
  after: Date;
}): OutboxJobInput & { month: string; runAt: Date } {
  const next = nextMonthlyDigest(input.after, input.rules, input.calendar);
  const month = digestMonth(next);
  return {
    queue: 'digest',
    name: 'digest',
    jobId: digestJobId(input.programme.code, month),
    payload: { programmeId: input.programme.id, month },
    runAt: next.sendAt,
    month,
  };
}

/** The 5-day duty reminder of a contact change. The processor decides whether anything is said. */
export function contactDutyJob(input: {
  contactChangeId: string;
  changedAt: Date;
  rules: Pick<Programme, 'zone' | 'reminderTime'>;
}): OutboxJobInput {
  return {
    queue: 'contact-duty',
    name: 'contact-duty',
    jobId: contactDutyJobId(input.contactChangeId),
    payload: { contactChangeId: input.contactChangeId },
    runAt: contactDutyAt(input.changedAt, input.rules),
  };
}

// ---------------------------------------------------------------- scheduling (in the caller's transaction)

async function scheduleJobs(tx: Tx, jobs: readonly OutboxJobInput[]): Promise<number> {
  await enqueueJobs(tx, jobs);
  return jobs.length;
}

/** The coverage expiry reminders of a new activation (past ones are skipped). */
export function scheduleCoverageExpiry(
  tx: Tx,
  input: { activationId: string; steps: readonly DatedStep[]; now: Date },
): Promise<number> {
  return scheduleJobs(tx, coverageExpiryJobs(input.activationId, input.steps, input.now));
}

/** The next monthly digest of a programme strictly after `after`. */
export async function scheduleNextDigest(
  tx: Tx,
  input: {
    programme: { id: string; code: string };
    rules: Programme;
    calendar: WorkingCalendar;
    after: Date;
  },
): Promise<{ jobId: string; month: string; sendAt: Date }> {
  const job = nextDigestJob(input);
  await enqueueJob(tx, job);
  return { jobId: job.jobId, month: job.month, sendAt: job.runAt };
}

/**
 * The 5-day duty reminder of a contact change (self-service may call this in its transaction; the
 * planner schedules it otherwise).
 */
export async function scheduleContactDuty(
  tx: Tx,
  input: { contactChangeId: string; changedAt: Date; rules: Pick<Programme, 'zone' | 'reminderTime'> },
): Promise<void> {
  await enqueueJob(tx, contactDutyJob(input));
}

// ---------------------------------------------------------------- who is told where

export interface PersonAddresses {
  id: string;
  phone: string | null;
  email: string | null;
  notifyChannels: Channel[];
  conversations: { id: string; channel: Channel; externalId: string }[];
}

export interface Recipient {
  channel: NotifyChannel;
  address: string;
  /** the last part of the dedupe key: the conversation id, or the channel name */
  slot: string;
}

/**
 * "Every channel the member has": each Telegram and web chat conversation, SMS to the phone and
 * e-mail to Person.email when the person's notifyChannels include them (opt-out), and a call task
 * when asked for. `fallbackPhone` (the roster phone) is used when the person has none.
 */
export function recipientsOf(
  person: PersonAddresses,
  options: { sms?: boolean; email?: boolean; call?: boolean; fallbackPhone?: string | null } = {},
): Recipient[] {
  const out: Recipient[] = [];
  for (const conversation of person.conversations) {
    if (conversation.channel !== 'telegram' && conversation.channel !== 'webchat') continue;
    out.push({
      channel: conversation.channel,
      address: conversation.channel === 'telegram' ? conversation.externalId : conversation.id,
      slot: conversation.id,
    });
  }
  const phone = person.phone ?? options.fallbackPhone ?? null;
  if (options.sms !== false && phone && person.notifyChannels.includes('sms'))
    out.push({ channel: 'sms', address: phone, slot: 'sms' });
  if (options.email !== false && person.email && person.notifyChannels.includes('email'))
    out.push({ channel: 'email', address: person.email, slot: 'email' });
  if (options.call && phone) out.push({ channel: 'call', address: phone, slot: 'call' });
  return out;
}

/** Template of a recipient: `<base>` in chats, `<base>-sms`, `<base>-email`, `<base>-call`. */
export function templateFor(base: string, channel: NotifyChannel): string {
  return channel === 'telegram' || channel === 'webchat' ? base : `${base}-${channel}`;
}

/** One notice to several recipients: `now` is when it may go out, `billId` the bill it asks to pay. */
export interface RecipientNotice {
  dedupePrefix: string;
  personId: string;
  recipients: readonly Recipient[];
  template: string;
  params: Record<string, string | number>;
  now: Date;
  billId?: string;
}

/** Writes one notice per recipient (dedupe `<prefix>.<recipient key>`), in the caller's transaction. */
export async function notifyRecipients(tx: Tx, input: RecipientNotice): Promise<number> {
  await enqueueNotifications(tx, recipientNotices(input));
  return input.recipients.length;
}

/** The outbox rows of one notice to each recipient (each channel's own template variant). */
export function recipientNotices(input: RecipientNotice): NotificationInput[] {
  return input.recipients.map((recipient) => ({
    dedupeKey: `${input.dedupePrefix}.${recipient.slot}`,
    personId: input.personId,
    channel: recipient.channel,
    address: recipient.address,
    template: templateFor(input.template, recipient.channel),
    params: input.params,
    notBefore: input.now,
    ...(input.billId ? { billId: input.billId } : {}),
  }));
}

export const personAddressSelect = {
  id: true,
  phone: true,
  email: true,
  language: true,
  fullName: true,
  notifyChannels: true,
  conversations: { select: { id: true, channel: true, externalId: true } },
} as const;

/** What a bill's timeline jobs read with the bill: the member's programme, roster phone and addresses. */
export const billTimelineInclude = {
  member: {
    include: {
      programme: true,
      rosterEntry: { select: { phone: true } },
      person: { select: personAddressSelect },
    },
  },
} as const;

/** The delay (ms, real time) until `at` on the injected clock: tests move the clock, BullMQ counts real time. */
export function delayUntil(ctx: Pick<AppContext, 'clock'>, at: Date): number {
  return Math.max(0, at.getTime() - ctx.clock.now().getTime());
}
