import { DelayedError, type Job, Worker } from 'bullmq';
import type { AppContext } from '../core/context';
import { noticeTime } from '../core/domain/schedule';
import { toLocalDate } from '../core/domain/zone';
import { enqueueNotification } from '../core/notify/outbox';
import { jobPayloads } from '../core/queues';
import { programmeRules } from '../core/services/timelines';

export type FranchiseEffectiveOutcome = 'announced' | 'already-announced' | 'early' | 'missing';

export const FRANCHISE_EFFECTIVE_TEMPLATE = 'dms-notify-franchise-effective';

/**
 * Queue `franchise-effective` ({memberId}), job id `franchise-effective.<memberId>`, scheduled by
 * activateFranchise at effectiveAt (00:00 of the next working day, programme zone). Tells the member
 * on every chat conversation they have (by SMS when they have none) that clinics can be visited,
 * within the programme's notice hours.
 * FranchiseActivation.announcedAt decides: announced once, never early.
 */
export async function announceFranchiseEffective(
  ctx: AppContext,
  memberId: string,
): Promise<{ outcome: FranchiseEffectiveOutcome; notBefore?: Date }> {
  const { prisma } = ctx.db;
  const activation = await prisma.franchiseActivation.findUnique({
    where: { memberId },
    include: {
      member: { include: { programme: true, person: { include: { conversations: true } } } },
    },
  });
  if (!activation) return { outcome: 'missing' };
  if (activation.announcedAt) return { outcome: 'already-announced' };
  const now = ctx.clock.now();
  if (now.getTime() < activation.effectiveAt.getTime()) {
    return { outcome: 'early', notBefore: activation.effectiveAt };
  }

  const { person, programme } = activation.member;
  const params = { date: toLocalDate(activation.effectiveAt, programme.timeZone) };
  // effective at 00:00: the message waits for the programme's notice hours (09:00 by default)
  const sendAt = noticeTime(now, programmeRules(programme));
  await prisma.$transaction(async (tx) => {
    const claimed = await tx.franchiseActivation.updateMany({
      where: { id: activation.id, announcedAt: null },
      data: { announcedAt: now },
    });
    if (claimed.count === 0) return;
    const chats = person.conversations.flatMap((conversation) =>
      conversation.channel === 'telegram' || conversation.channel === 'webchat'
        ? [{ ...conversation, channel: conversation.channel }]
        : [],
    );
    for (const conversation of chats) {
      await enqueueNotification(tx, {
        dedupeKey: `franchise-effective.${memberId}.${conversation.id}`,
        personId: person.id,
        channel: conversation.channel,
        address: conversation.channel === 'telegram' ? conversation.externalId : conversation.id,
        template: FRANCHISE_EFFECTIVE_TEMPLATE,
        params,
        notBefore: sendAt,
      });
    }
    if (chats.length === 0 && person.phone) {
      await enqueueNotification(tx, {
        dedupeKey: `franchise-effective.${memberId}.sms`,
        personId: person.id,
        channel: 'sms',
        address: person.phone,
        template: FRANCHISE_EFFECTIVE_TEMPLATE,
        params,
        notBefore: sendAt,
      });
    }
  });
  return { outcome: 'announced' };
}

export function createFranchiseEffectiveWorker(ctx: AppContext): Worker {
  return new Worker(
    'franchise-effective',
    async (job: Job, token?: string) => {
      const { memberId } = jobPayloads['franchise-effective'].parse(job.data);
      const { outcome, notBefore } = await announceFranchiseEffective(ctx, memberId);
      if (notBefore) {
        // early (re-created by the reconciler, clock skew): wait for the day
        await job.moveToDelayed(notBefore.getTime(), token);
        throw new DelayedError();
      }
      return outcome;
    },
    { connection: ctx.redis, prefix: ctx.config.REDIS_PREFIX },
  );
}
