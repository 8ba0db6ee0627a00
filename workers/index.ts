import type { Worker } from 'bullmq';
import type { AppContext } from '../core/context';
import { markJobCompleted } from '../core/notify/outbox';
import type { NotificationSender } from '../core/notify/types';
import { createBillOverdueWorker } from './bill-overdue';
import { createBillReminderWorker } from './bill-reminder';
import { startBillsIssueWorker } from './bills-issue';
import { createContactDutyWorker } from './contact-duty';
import { createCoverageExpiryWorker } from './coverage-expiry';
import { createCoverageStartWorker } from './coverage-start';
import { createDigestWorker } from './digest';
import { createFranchiseEffectiveWorker } from './franchise-effective';
import { startMaintenance } from './maintenance';
import { createNotificationWorkers } from './notifications';
import { startOutboxRelay } from './outbox-relay';
import { startPenaltyWorker } from './penalty';

export interface RunningWorkers {
  workers: Worker[];
  relayNow(): Promise<number>;
  close(): Promise<void>;
}

export interface WorkerDeps {
  senders: NotificationSender[];
  /** workers built by features with their own dependencies (telemed client, mailer, …) */
  extra?: Worker[];
}

/** Every BullMQ worker of the product plus the outbox relay, in this process. */
export async function startWorkers(ctx: AppContext, deps: WorkerDeps): Promise<RunningWorkers> {
  const relay = startOutboxRelay(ctx);
  const notifiers = createNotificationWorkers(ctx, deps.senders);
  const jobWorkers: Worker[] = [
    createCoverageStartWorker(ctx),
    createFranchiseEffectiveWorker(ctx),
    // timelines (issue 7, docs/timelines.md)
    createCoverageExpiryWorker(ctx),
    createBillReminderWorker(ctx),
    createBillOverdueWorker(ctx),
    createDigestWorker(ctx),
    createContactDutyWorker(ctx),
    await startPenaltyWorker(ctx),
    ...(deps.extra ?? []),
    await startMaintenance(ctx, () => relay.tick()),
    await startBillsIssueWorker(ctx),
  ];
  const workers = [...notifiers, ...jobWorkers];
  for (const worker of workers)
    worker.on('error', (error) => ctx.logger.error({ err: error, queue: worker.name }, 'worker error'));
  // a notice's record is its Notification row (the worker marks it sent); other jobs are OutboxJob rows
  for (const worker of jobWorkers) {
    worker.on('completed', (job) => {
      if (!job.id) return;
      markJobCompleted(ctx, job.id).catch((error) =>
        ctx.logger.warn({ err: error, jobId: job.id }, 'could not mark outbox job completed'),
      );
    });
  }
  return {
    workers,
    relayNow: () => relay.tick(),
    async close() {
      await relay.stop();
      await Promise.all(workers.map((worker) => worker.close()));
    },
  };
}
