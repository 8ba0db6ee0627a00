import type { Worker } from 'bullmq';
import type { AppContext } from '../core/context';
import { money } from '../core/domain/money';
import { penaltyAccrued } from '../core/domain/penalty';
import { noticeTime } from '../core/domain/schedule';
import { toLocalDate } from '../core/domain/zone';
import { billNoticeParams, publicBaseUrl } from '../core/services/billing';
import { alertEmergencyTransfer } from '../core/services/hr-notify';
import {
  asDbDate,
  billOverdueAt,
  billTimelineInclude,
  dbDay,
  notifyRecipients,
  programmeRules,
  recipientsOf,
} from '../core/services/timelines';
import { createTimelineWorker, type TimelineResult } from './timeline-worker';

export type BillOverdueOutcome = 'moved' | 'overdue' | 'paid' | 'already-overdue' | 'missing' | 'early';

export const BILL_OVERDUE_TEMPLATE = 'timeline-bill-overdue';

/**
 * Queue `bill-overdue` ({billId}), job id `bill-overdue.<billId>`, at 00:00 local of the day after
 * the due date (seed 002 items 7 and 8). In ONE transaction, only if the bill is still unpaid:
 * Bill.status = overdue + overdueAt + the first day's penalty; the member, if still active, moves to
 * the emergency-only individual programme (Member.status emergency_only + movedToEmergencyAt; the
 * programme's emergencyProgrammeCode names it); the member is told on every channel they have, within
 * the programme's notice hours, and the employer's HR Slack channels get the alert
 * (core/services/hr-notify.ts). A paid bill does nothing.
 */
export async function markBillOverdue(
  ctx: AppContext,
  billId: string,
): Promise<TimelineResult & { outcome: BillOverdueOutcome }> {
  const { prisma } = ctx.db;
  const bill = await prisma.bill.findUnique({ where: { id: billId }, include: billTimelineInclude });
  if (!bill) return { outcome: 'missing' };
  if (bill.status === 'paid' || bill.paidAt) return { outcome: 'paid' };
  if (bill.status === 'overdue') return { outcome: 'already-overdue' };
  const { member } = bill;
  const rules = programmeRules(member.programme);
  const overdueAt = billOverdueAt(bill.dueDate, rules);
  const now = ctx.clock.now();
  if (now.getTime() < overdueAt.getTime()) return { outcome: 'early', notBefore: overdueAt };

  const today = toLocalDate(now, rules.zone);
  const dueDate = dbDay(bill.dueDate);
  const penalty = penaltyAccrued(money(Number(bill.total), bill.currency), dueDate, today, rules.penalty);
  const emergency = member.programme.emergencyProgrammeCode
    ? await prisma.programme.findUnique({ where: { code: member.programme.emergencyProgrammeCode } })
    : null;
  const phones = emergency?.emergencyPhones.length
    ? emergency.emergencyPhones
    : member.programme.emergencyPhones;

  return prisma.$transaction(async (tx) => {
    const claimed = await tx.bill.updateMany({
      where: { id: bill.id, status: 'unpaid', paidAt: null },
      data: {
        status: 'overdue',
        overdueAt: now,
        penaltyAccrued: BigInt(penalty.amount),
        penaltyDate: asDbDate(today),
      },
    });
    if (claimed.count === 0) return { outcome: 'paid' as const };
    const moved = await tx.member.updateMany({
      where: { id: member.id, status: 'active' },
      data: { status: 'emergency_only', movedToEmergencyAt: now },
    });
    await notifyRecipients(tx, {
      dedupePrefix: `bill-overdue.${bill.id}`,
      personId: member.person.id,
      recipients: recipientsOf(member.person, { fallbackPhone: member.rosterEntry.phone }),
      template: BILL_OVERDUE_TEMPLATE,
      params: {
        ...billNoticeParams(publicBaseUrl(ctx.config), bill, dueDate, 'timeline-pay-button'),
        moved: moved.count > 0 ? 'yes' : 'no',
        hasPhone: phones.length > 0 ? 'yes' : 'no',
        phone: phones[0] ?? '',
      },
      // moved at 00:00; the member hears of it within the programme's notice hours
      now: noticeTime(now, rules),
    });
    if (moved.count > 0) await alertEmergencyTransfer(ctx, member.id, { tx });
    await tx.auditLog.create({
      data: {
        at: now,
        actor: 'system',
        action: moved.count > 0 ? 'member.moved-to-emergency' : 'bill.overdue',
        subject: member.id,
        details: {
          billId: bill.id,
          number: bill.number,
          dueDate,
          emergencyProgramme: member.programme.emergencyProgrammeCode,
        },
      },
    });
    return { outcome: moved.count > 0 ? ('moved' as const) : ('overdue' as const) };
  });
}

export function createBillOverdueWorker(ctx: AppContext): Worker {
  return createTimelineWorker(ctx, 'bill-overdue', ({ billId }) => markBillOverdue(ctx, billId));
}
