import type { AppContext } from '../context';
import type { DbOrTx, Tx } from '../db';
import type { Prisma } from '../generated/prisma/client';
import {
  jobId,
  type NotifyChannel,
  notifyChannels,
  notifyQueue,
  type QueuedJob,
  type QueueName,
} from '../queues';

export interface NotificationInput {
  /** makes the notice happen once: e.g. `charge-notice.<billId>.sms` */
  dedupeKey: string;
  personId?: string | null;
  channel: NotifyChannel;
  /** Fluent message id */
  template: string;
  params?: Record<string, string | number>;
  address?: string;
  notBefore?: Date;
  /** the bill the notice asks to pay: paying it withdraws the notice if still undelivered */
  billId?: string;
}

/**
 * Writes notifications into the outbox inside the caller's transaction, in one statement. A
 * dedupeKey already there is left as it is, so retried services never notify twice.
 */
export async function enqueueNotifications(tx: Tx, inputs: readonly NotificationInput[]): Promise<void> {
  if (inputs.length === 0) return;
  await tx.notification.createMany({
    data: inputs.map((input) => ({
      dedupeKey: input.dedupeKey,
      personId: input.personId ?? null,
      channel: input.channel,
      template: input.template,
      params: input.params ?? {},
      address: input.address ?? null,
      notBefore: input.notBefore ?? new Date(),
      billId: input.billId ?? null,
    })),
    skipDuplicates: true,
  });
}

export function enqueueNotification(tx: Tx, input: NotificationInput): Promise<void> {
  return enqueueNotifications(tx, [input]);
}

export interface OutboxJobInput {
  queue: QueueName;
  name: string;
  /** deterministic BullMQ job id (see `jobId`) */
  jobId: string;
  payload: Record<string, unknown>;
  runAt?: Date;
}

/**
 * Schedules background work inside the caller's transaction, in one statement; relayed to BullMQ
 * after commit. A job id already there is left as it is; returns how many rows were new.
 */
export async function enqueueJobs(db: DbOrTx, inputs: readonly OutboxJobInput[]): Promise<number> {
  if (inputs.length === 0) return 0;
  const { count } = await db.outboxJob.createMany({
    data: inputs.map((input) => ({
      queue: input.queue,
      name: input.name,
      jobId: input.jobId,
      payload: input.payload as Prisma.InputJsonValue,
      runAt: input.runAt ?? null,
    })),
    skipDuplicates: true,
  });
  return count;
}

export async function enqueueJob(tx: Tx, input: OutboxJobInput): Promise<void> {
  await enqueueJobs(tx, [input]);
}

const RELAY_BATCH = 2000;

interface NotificationToQueue {
  id: string;
  channel: NotifyChannel;
  notBefore: Date;
}

export const notificationJobId = (notificationId: string) => jobId('notify', notificationId);

function notificationJob(row: NotificationToQueue, now: number): QueuedJob {
  return {
    queue: notifyQueue(row.channel),
    data: { notificationId: row.id },
    options: { jobId: notificationJobId(row.id), delay: Math.max(0, row.notBefore.getTime() - now) },
  };
}

/** The BullMQ job of a relayed outbox row, delayed until its runAt. */
function outboxJob(
  row: { queue: string; jobId: string; payload: unknown; runAt: Date | null },
  now: number,
): QueuedJob {
  return {
    queue: row.queue as QueueName,
    data: row.payload,
    options: { jobId: row.jobId, delay: row.runAt ? Math.max(0, row.runAt.getTime() - now) : 0 },
  };
}

/**
 * Moves committed outbox rows into BullMQ. Rows are claimed with SKIP LOCKED so any number of
 * worker processes can relay at once; BullMQ ignores a second add with the same job id, so a
 * crash between add and mark only re-adds what is already there.
 * Returns how many rows were relayed.
 */
export async function relayOutbox(ctx: Pick<AppContext, 'db' | 'queues' | 'clock'>): Promise<number> {
  const { prisma } = ctx.db;
  const now = ctx.clock.now();
  const jobs = await prisma.$transaction(async (tx) => {
    const rows = await tx.$queryRaw<
      { id: string; queue: string; jobId: string; payload: unknown; runAt: Date | null }[]
    >`
      SELECT id, queue, "jobId", payload, "runAt" FROM "OutboxJob"
      WHERE "relayedAt" IS NULL ORDER BY "createdAt" LIMIT ${RELAY_BATCH} FOR UPDATE SKIP LOCKED`;
    await ctx.queues.addBulk(rows.map((row) => outboxJob(row, now.getTime())));
    if (rows.length > 0) {
      await tx.outboxJob.updateMany({
        where: { id: { in: rows.map((row) => row.id) } },
        data: { relayedAt: now },
      });
    }
    return rows.length;
  });

  const notifications = await prisma.$transaction(async (tx) => {
    const rows = await tx.$queryRaw<NotificationToQueue[]>`
      SELECT id, channel, "notBefore" FROM "Notification"
      WHERE status = 'pending' ORDER BY "createdAt" LIMIT ${RELAY_BATCH} FOR UPDATE SKIP LOCKED`;
    await ctx.queues.addBulk(rows.map((row) => notificationJob(row, now.getTime())));
    if (rows.length > 0) {
      await tx.notification.updateMany({
        where: { id: { in: rows.map((row) => row.id) } },
        data: { status: 'queued', queuedAt: now },
      });
    }
    return rows.length;
  });
  return jobs + notifications;
}

/** Records that the processor of a relayed job finished (no-op for ids not from the outbox). */
export async function markJobCompleted(
  ctx: Pick<AppContext, 'db' | 'clock'>,
  bullJobId: string,
): Promise<void> {
  await ctx.db.prisma.outboxJob.updateMany({
    where: { jobId: bullJobId, completedAt: null },
    data: { completedAt: ctx.clock.now() },
  });
}

const RECONCILE_BATCH = 1000;

export interface ReconcileReport {
  checked: number;
  recreated: number;
}

/**
 * Re-creates in BullMQ every scheduled job the database says is still due: relayed outbox jobs
 * not completed, and notifications queued but not yet delivered. Losing Redis loses no deadline;
 * a job that still exists (waiting, delayed, active or failed) is left alone.
 */
export async function reconcileJobs(
  ctx: Pick<AppContext, 'db' | 'queues' | 'clock' | 'redis' | 'config'>,
): Promise<ReconcileReport> {
  const { prisma } = ctx.db;
  const prefix = ctx.config.REDIS_PREFIX;
  const now = ctx.clock.now().getTime();
  const report: ReconcileReport = { checked: 0, recreated: 0 };

  const missing = async (keys: string[]) => {
    const pipeline = ctx.redis.pipeline();
    for (const key of keys) pipeline.exists(key);
    const answers = (await pipeline.exec()) ?? [];
    return answers.map(([, exists]) => exists === 0);
  };

  let cursor: string | undefined;
  for (;;) {
    const rows = await prisma.outboxJob.findMany({
      where: { relayedAt: { not: null }, completedAt: null },
      orderBy: { id: 'asc' },
      take: RECONCILE_BATCH,
      ...(cursor ? { cursor: { id: cursor }, skip: 1 } : {}),
    });
    if (rows.length === 0) break;
    cursor = rows.at(-1)?.id;
    const gone = await missing(rows.map((row) => `${prefix}:${row.queue}:${row.jobId}`));
    const lost = rows.filter((_, index) => gone[index]);
    await ctx.queues.addBulk(lost.map((row) => outboxJob(row, now)));
    report.checked += rows.length;
    report.recreated += lost.length;
  }

  cursor = undefined;
  for (;;) {
    const rows = (await prisma.notification.findMany({
      where: { status: { in: ['queued', 'failed'] }, channel: { in: [...notifyChannels] } },
      orderBy: { id: 'asc' },
      take: RECONCILE_BATCH,
      select: { id: true, channel: true, notBefore: true },
      ...(cursor ? { cursor: { id: cursor }, skip: 1 } : {}),
    })) as NotificationToQueue[];
    if (rows.length === 0) break;
    cursor = rows.at(-1)?.id;
    const gone = await missing(
      rows.map((row) => `${prefix}:${notifyQueue(row.channel)}:${notificationJobId(row.id)}`),
    );
    const lost = rows.filter((_, index) => gone[index]);
    await ctx.queues.addBulk(lost.map((row) => notificationJob(row, now)));
    report.checked += rows.length;
    report.recreated += lost.length;
  }
  return report;
}
