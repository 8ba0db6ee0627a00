import { type Job, Worker } from 'bullmq';
import type { AppContext } from '../core/context';
import type { NotificationSender } from '../core/notify/types';
import { defaultJobOptions, jobPayloads, type NotifyChannel, notifyQueue } from '../core/queues';

export type DeliveryOutcome = 'sent' | 'skipped' | 'dead';

export interface ChannelLimit {
  /** jobs per `duration` ms across every worker process (BullMQ's Redis-backed limiter) */
  max: number;
  duration: number;
}

/**
 * Per-channel ceilings. Telegram's own per-chat and overall pacing is done by the pacer on the
 * bot's API client; this limiter keeps several worker processes together under the global limit.
 */
export const defaultChannelLimits: Partial<Record<NotifyChannel, ChannelLimit>> = {
  telegram: { max: 30, duration: 1000 },
  sms: { max: 20, duration: 1000 },
  email: { max: 10, duration: 1000 },
  // chat.postMessage: about one message per second per channel
  slack: { max: 1, duration: 1000 },
};

/**
 * Delivers outbox Notifications: one BullMQ worker per channel, each on its own queue, so a slow
 * SMTP server never holds up Telegram. The row is the truth: a notification already marked sent is
 * never sent again, whatever BullMQ replays.
 */
export function createNotificationWorkers(
  ctx: AppContext,
  senders: NotificationSender[],
  options: { concurrency?: number; limits?: Partial<Record<NotifyChannel, ChannelLimit>> } = {},
): Worker[] {
  const limits = { ...defaultChannelLimits, ...options.limits };
  return senders.map((sender) =>
    createChannelWorker(ctx, sender, options.concurrency ?? 16, limits[sender.channel as NotifyChannel]),
  );
}

function createChannelWorker(
  ctx: AppContext,
  sender: NotificationSender,
  concurrency: number,
  limiter: ChannelLimit | undefined,
): Worker {
  const { prisma } = ctx.db;
  const channel = sender.channel as NotifyChannel;
  const payload = jobPayloads[notifyQueue(channel)];
  const markDead = (id: string, error: string) =>
    prisma.notification.update({ where: { id }, data: { status: 'dead', lastError: error } });

  const worker: Worker = new Worker(
    notifyQueue(channel),
    async (job: Job): Promise<DeliveryOutcome> => {
      const { notificationId } = payload.parse(job.data);
      const row = await prisma.notification.findUnique({
        where: { id: notificationId },
        include: { person: true },
      });
      if (!row || row.status === 'sent' || row.status === 'dead' || row.status === 'cancelled')
        return 'skipped';
      const { person, ...notification } = row;
      const result = await sender.send(notification, person);
      if (result.ok) {
        await prisma.notification.update({
          where: { id: notification.id },
          data: {
            status: 'sent',
            sentAt: ctx.clock.now(),
            attempts: { increment: 1 },
            providerMessageId: result.providerMessageId ?? null,
            lastError: null,
          },
        });
        return 'sent';
      }
      await prisma.notification.update({
        where: { id: notification.id },
        data: {
          status: result.permanent ? 'dead' : 'failed',
          attempts: { increment: 1 },
          lastError: result.error,
        },
      });
      if (result.permanent) return 'dead';
      if (result.retryAfterMs !== undefined) {
        // the provider throttles the whole bot (Telegram 429): pause this channel, retry the job later
        await worker.rateLimit(result.retryAfterMs);
        throw Worker.RateLimitError();
      }
      throw new Error(result.error);
    },
    {
      connection: ctx.redis,
      prefix: ctx.config.REDIS_PREFIX,
      concurrency,
      // a killed process's active jobs become stalled and are retried after about this long; the
      // row check above keeps a notice confirmed `sent` from going out again
      lockDuration: ctx.config.JOB_LOCK_SECONDS * 1000,
      stalledInterval: ctx.config.JOB_LOCK_SECONDS * 1000,
      ...(limiter ? { limiter } : {}),
    },
  );

  worker.on('failed', (job, error) => {
    if (!job) return;
    const attempts = job.opts.attempts ?? defaultJobOptions.attempts ?? 1;
    if (job.attemptsMade < attempts) return;
    const { notificationId } = payload.parse(job.data);
    markDead(notificationId, error.message).catch((markError) =>
      ctx.logger.error({ err: markError, notificationId }, 'could not mark notification dead'),
    );
    ctx.logger.warn(
      { notificationId, channel, err: error },
      'notification moved to dead letter after retries',
    );
  });
  return worker;
}
