import type { Worker } from 'bullmq';
import type { AppContext } from '../core/context';
import { monthlyDigest } from '../core/domain/digest';
import {
  notifyRecipients,
  personAddressSelect,
  programmeRules,
  recipientsOf,
  scheduleNextDigest,
} from '../core/services/timelines';
import { workingCalendar } from '../core/working-calendars';
import { createTimelineWorker, type TimelineResult } from './timeline-worker';

export type DigestOutcome = 'sent' | 'missing' | 'early';

export const DIGEST_TEMPLATE = 'timeline-digest';
const BATCH = 500;

/**
 * Queue `digest` ({programmeId, month}), job id `digest.<programmeCode>.<YYYY-MM>`: the monthly
 * "look at your cabinet" notice (seed 002 item 6) on the first working day of the month at the
 * programme's digest time (`monthlyDigest`). Every member of the programme (active or emergency-only)
 * is told in their chats (by SMS when they have none), with their unpaid bills if any. The last
 * batch's transaction schedules next month's digest (`nextMonthlyDigest`), and the reconciler's
 * planner re-creates it from the database if it is ever missing.
 */
export async function sendMonthlyDigest(
  ctx: AppContext,
  programmeId: string,
  month: string,
): Promise<TimelineResult & { outcome: DigestOutcome; members?: number }> {
  const { prisma } = ctx.db;
  const programme = await prisma.programme.findUnique({ where: { id: programmeId } });
  if (!programme) return { outcome: 'missing' };
  const rules = programmeRules(programme);
  const calendar = await workingCalendar(rules.country, ctx.config.CALENDAR_DIR);
  const [year, monthNumber] = month.split('-').map(Number) as [number, number];
  const step = monthlyDigest(year, monthNumber, rules, calendar);
  const now = ctx.clock.now();
  if (now.getTime() < step.sendAt.getTime()) return { outcome: 'early', notBefore: step.sendAt };

  let members = 0;
  let cursor: string | undefined;
  for (;;) {
    const batch = await prisma.member.findMany({
      where: { programmeId },
      orderBy: { id: 'asc' },
      take: BATCH,
      ...(cursor ? { cursor: { id: cursor }, skip: 1 } : {}),
      select: {
        id: true,
        rosterEntry: { select: { phone: true } },
        person: { select: personAddressSelect },
        bills: { where: { status: { not: 'paid' } }, select: { total: true } },
      },
    });
    if (batch.length === 0) break;
    cursor = batch.at(-1)?.id;
    await prisma.$transaction(async (tx) => {
      for (const member of batch) {
        const chats = recipientsOf(member.person, { sms: false, email: false });
        const recipients =
          chats.length > 0
            ? chats
            : recipientsOf(member.person, { email: false, fallbackPhone: member.rosterEntry.phone });
        await notifyRecipients(tx, {
          dedupePrefix: `digest.${programme.code}.${month}.${member.id}`,
          personId: member.person.id,
          recipients,
          template: DIGEST_TEMPLATE,
          params: {
            count: member.bills.length,
            amount: member.bills.reduce((sum, bill) => sum + Number(bill.total), 0),
            currency: programme.currency,
          },
          now,
        });
      }
    });
    members += batch.length;
  }
  await prisma.$transaction((tx) =>
    scheduleNextDigest(tx, { programme, rules, calendar, after: step.sendAt }),
  );
  return { outcome: 'sent', members };
}

export function createDigestWorker(ctx: AppContext): Worker {
  return createTimelineWorker(ctx, 'digest', ({ programmeId, month }) =>
    sendMonthlyDigest(ctx, programmeId, month),
  );
}
