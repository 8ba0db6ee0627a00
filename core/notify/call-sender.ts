import type { Database } from '../db';
import { formatMoney } from '../domain/money';
import type { Notification, Prisma } from '../generated/prisma/client';
import { noticeParams } from './params';
import type { DeliveryResult, NoticePerson, NotificationSender } from './types';

/** SupportTicket.reason of a reminder call (label `op-reason-bill-reminder` in the operator console). */
export const CALL_TASK_REASON = 'bill_reminder';

/**
 * Phone-call reminders (channel `call`, seed 002 item 10: "calls from the insurance company"): the
 * "delivery" is a SupportTicket of kind `call_task` in the operator console's queue, with who to call
 * and why (bill, phone, amount, due date). The ticket's dedupeKey is the notification's, so a retried
 * job never opens a second task; the operator closes it when the call is made.
 */
export function createCallSender(deps: { db: Pick<Database, 'prisma'> }): NotificationSender {
  const { prisma } = deps.db;
  return {
    channel: 'call',
    async send(notification: Notification, person: NoticePerson | null): Promise<DeliveryResult> {
      const phone = notification.address ?? person?.phone;
      if (!phone) return { ok: false, error: 'no phone number to call', permanent: true };
      const params = noticeParams(notification.params);
      const currency = params.currency === 'RUB' ? 'RUB' : 'KZT';
      const payload: Prisma.InputJsonObject = {
        phone,
        name: String(params.name ?? person?.fullName ?? ''),
        language: String(params.language ?? person?.language ?? 'ru'),
        bill: String(params.number ?? ''),
        amount:
          typeof params.amount === 'number'
            ? formatMoney({ amount: params.amount, currency }, 'ru', { space: 'space' })
            : '',
        dueDate: String(params.date ?? ''),
        billId: String(params.billId ?? ''),
        step: String(params.step ?? ''),
        personId: notification.personId ?? '',
        notificationId: notification.id,
      };
      try {
        const ticket = await prisma.supportTicket.upsert({
          where: { dedupeKey: notification.dedupeKey },
          update: {},
          create: {
            kind: 'call_task',
            reason: CALL_TASK_REASON,
            dedupeKey: notification.dedupeKey,
            payload,
            createdAt: notification.notBefore,
          },
          select: { id: true },
        });
        return { ok: true, providerMessageId: ticket.id };
      } catch (error) {
        return { ok: false, error: `call task: ${(error as Error).message}`, permanent: false };
      }
    },
  };
}
