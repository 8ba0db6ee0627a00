import { DelayedError, type Job, Worker } from 'bullmq';
import type { AppContext } from '../core/context';
import { type LocalDate, startOfDay, toLocalDate } from '../core/domain';
import { enqueueNotification } from '../core/notify/outbox';
import { jobPayloads } from '../core/queues';

export type CoverageStartOutcome = 'announced' | 'already-announced' | 'early' | 'missing';

const dbDay = (date: Date) => date.toISOString().slice(0, 10) as LocalDate;

/**
 * Seed 000: coverage starts 15 days after activation. On that day the person is told on every
 * conversation they have with us. The Activation row decides: announced once, never early.
 */
export async function announceCoverageStart(
  ctx: AppContext,
  activationId: string,
): Promise<{ outcome: CoverageStartOutcome; notBefore?: Date }> {
  const { prisma } = ctx.db;
  const activation = await prisma.activation.findUnique({
    where: { id: activationId },
    include: {
      policy: { include: { product: { include: { programme: true } } } },
      person: { include: { conversations: true } },
    },
  });
  if (!activation) return { outcome: 'missing' };
  if (activation.coverageAnnouncedAt) return { outcome: 'already-announced' };
  const zone = activation.policy.product.programme.timeZone;
  const startsOn = dbDay(activation.coverageStart);
  if (toLocalDate(ctx.clock.now(), zone) < startsOn)
    return { outcome: 'early', notBefore: startOfDay(startsOn, zone) };

  const product = activation.policy.product;
  await prisma.$transaction(async (tx) => {
    const claimed = await tx.activation.updateMany({
      where: { id: activationId, coverageAnnouncedAt: null },
      data: { coverageAnnouncedAt: ctx.clock.now() },
    });
    if (claimed.count === 0) return;
    const params = {
      number: activation.policy.number,
      product: activation.person.language === 'kk' ? product.nameKk : product.nameRu,
      start: startsOn,
      end: dbDay(activation.coverageEnd),
    };
    for (const conversation of activation.person.conversations) {
      if (conversation.channel !== 'telegram' && conversation.channel !== 'webchat') continue;
      await enqueueNotification(tx, {
        dedupeKey: `coverage-start.${activationId}.${conversation.id}`,
        personId: activation.personId,
        channel: conversation.channel,
        address: conversation.channel === 'telegram' ? conversation.externalId : conversation.id,
        template: 'notify-coverage-started',
        params,
      });
    }
  });
  return { outcome: 'announced' };
}

export function createCoverageStartWorker(ctx: AppContext): Worker {
  return new Worker(
    'coverage-start',
    async (job: Job, token?: string) => {
      const { activationId } = jobPayloads['coverage-start'].parse(job.data);
      const { outcome, notBefore } = await announceCoverageStart(ctx, activationId);
      if (notBefore) {
        // a job that runs early (re-created by the reconciler, clock skew) waits for the day
        await job.moveToDelayed(notBefore.getTime(), token);
        throw new DelayedError();
      }
      return outcome;
    },
    { connection: ctx.redis, prefix: ctx.config.REDIS_PREFIX },
  );
}
