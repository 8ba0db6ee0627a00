import { type Job, Worker } from 'bullmq';
import type { AppContext } from '../core/context';
import type { NotificationStatus } from '../core/generated/prisma/client';
import { createNoticeStore } from '../core/notify/notice-store';
import type { NotificationSender } from '../core/notify/types';
import { defaultJobOptions, jobPayloads, type NotifyChannel, notifyQueue } from '../core/queues';

export type DeliveryOutcome = 'sent' | 'skipped' | 'dead';

/**
 * Notices a channel worker has in hand at once. Each mostly waits on the provider's HTTP answer, and
 * the database work of the ones in hand is batched (core/notify/notice-store.ts): 16 → 64 took the
 * unlimited fan-out bench from about 1 100 to 2 400–2 900 msg/s. The channel limiters still cap the rate.
 */
export const NOTICE_CONCURRENCY = 64;

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
    createChannelWorker(
      ctx,
      sender,
      options.concurrency ?? NOTICE_CONCURRENCY,
      limits[sender.channel as NotifyChannel],
    ),
  );
}

/** Sent, dead for good, or withdrawn (a paid bill's reminder): never delivered again. */
const FINAL_STATUSES = new Set<NotificationStatus>(['sent', 'dead', 'cancelled']);

function createChannelWorker(
  ctx: AppContext,
  sender: NotificationSender,
  concurrency: number,
  limiter: ChannelLimit | undefined,
): Worker {
  const { prisma } = ctx.db;
  const channel = sender.channel as NotifyChannel;
  const payload = jobPayloads[notifyQueue(channel)];
  const store = createNoticeStore(prisma);
  const markDead = (id: string, error: string) =>
    prisma.notification.update({ where: { id }, data: { status: 'dead', lastError: error } });

  const worker: Worker = new Worker(
    notifyQueue(channel),
    async (job: Job): Promise<DeliveryOutcome> => {
      const { notificationId } = payload.parse(job.data);
      const found = await store.load(notificationId);
      if (!found || FINAL_STATUSES.has(found.notification.status)) return 'skipped';
      const { notification, person } = found;
      const result = await sender.send(notification, person);
      if (result.ok) {
        await store.markSent({
          id: notification.id,
          at: ctx.clock.now(),
          providerMessageId: result.providerMessageId ?? null,
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
