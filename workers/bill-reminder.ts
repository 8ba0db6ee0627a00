import type { Worker } from 'bullmq';
import type { AppContext } from '../core/context';
import { toLocalDate } from '../core/domain/zone';
import { billNoticeParams, publicBaseUrl } from '../core/services/billing';
import {
  billReminderSteps,
  billTimelineInclude,
  dbDay,
  notifyRecipients,
  programmeRules,
  recipientsOf,
} from '../core/services/timelines';
import { workingCalendar } from '../core/working-calendars';
import { createTimelineWorker, type TimelineResult } from './timeline-worker';

export type BillReminderOutcome = 'sent' | 'paid' | 'overdue' | 'late' | 'obsolete' | 'missing' | 'early';

export const BILL_REMINDER_TEMPLATE = 'timeline-bill-reminder';
export const BILL_DUE_TEMPLATE = 'timeline-bill-due';

/**
 * Queue `bill-reminder` ({billId, step}), job id `bill-reminder.<billId>.<step>`: one step of the
 * programme's reminder ladder, at the reminder time of its day (seed 002 items 7 and 10). It re-reads
 * the bill — a paid (or already overdue) bill gets nothing — then tells the member on every channel
 * they have: each chat conversation, SMS, e-mail, and a call task for the operators when the step
 * says `call`. The step is looked up in the programme's current ladder: a step removed since is dropped.
 */
export async function sendBillReminder(
  ctx: AppContext,
  billId: string,
  stepId: string,
): Promise<TimelineResult & { outcome: BillReminderOutcome }> {
  const { prisma } = ctx.db;
  const bill = await prisma.bill.findUnique({ where: { id: billId }, include: billTimelineInclude });
  if (!bill) return { outcome: 'missing' };
  if (bill.status === 'paid' || bill.paidAt) return { outcome: 'paid' };
  if (bill.status === 'overdue') return { outcome: 'overdue' };
  const rules = programmeRules(bill.member.programme);
  const calendar = await workingCalendar(rules.country, ctx.config.CALENDAR_DIR);
  const step = billReminderSteps(bill, rules, calendar).find((candidate) => candidate.step === stepId);
  if (!step) return { outcome: 'obsolete' };
  const now = ctx.clock.now();
  if (now.getTime() < step.sendAt.getTime()) return { outcome: 'early', notBefore: step.sendAt };
  const today = toLocalDate(now, rules.zone);
  const dueDate = dbDay(bill.dueDate);
  if (today > dueDate) return { outcome: 'late' };

  const { person } = bill.member;
  const params = {
    ...billNoticeParams(publicBaseUrl(ctx.config), bill, dueDate, 'timeline-pay-button'),
    days: calendar.workingDaysBetween(today, dueDate),
  };
  const template = step.kind === 'due' ? BILL_DUE_TEMPLATE : BILL_REMINDER_TEMPLATE;
  const dedupePrefix = `bill-reminder.${bill.id}.${step.step}`;
  const recipients = recipientsOf(person, { call: step.call, fallbackPhone: bill.member.rosterEntry.phone });
  const sent = await prisma.$transaction(async (tx) => {
    // the payment webhook updates this row: hold it while the reminder is written
    const [row] = await tx.$queryRaw<{ status: string }[]>`
      SELECT status::text FROM "Bill" WHERE id = ${bill.id}::uuid FOR SHARE`;
    if (row?.status !== 'unpaid') return false;
    await notifyRecipients(tx, {
      dedupePrefix,
      personId: person.id,
      recipients: recipients.filter((recipient) => recipient.channel !== 'call'),
      template,
      params,
      now,
      billId: bill.id,
    });
    // the operator's call task: who, which bill, how much, until when
    await notifyRecipients(tx, {
      dedupePrefix,
      personId: person.id,
      recipients: recipients.filter((recipient) => recipient.channel === 'call'),
      template,
      params: {
        ...params,
        billId: bill.id,
        step: step.step,
        name: person.fullName,
        language: person.language,
      },
      now,
      billId: bill.id,
    });
    return true;
  });
  return { outcome: sent ? 'sent' : 'paid' };
}

export function createBillReminderWorker(ctx: AppContext): Worker {
  return createTimelineWorker(ctx, 'bill-reminder', ({ billId, step }) =>
    sendBillReminder(ctx, billId, step),
  );
}
