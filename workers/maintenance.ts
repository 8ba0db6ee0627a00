import { Worker } from 'bullmq';
import type { AppContext } from '../core/context';
import { reconcileJobs } from '../core/notify/outbox';
import { planTimelines } from '../core/services/timeline-planner';
import { ensurePenaltyScheduler } from './penalty';

const RECONCILE_SCHEDULER = 'reconcile';

export interface MaintenanceReport {
  /** timeline rows the planner added to the outbox (relayed right after) */
  planned: number;
  checked: number;
  recreated: number;
  /** job schedulers that were missing from Redis and were put back */
  schedulers: number;
}

/** Puts back the job schedulers (maintenance, penalty) if Redis lost them; true for each one re-created. */
export async function ensureSchedulers(ctx: AppContext): Promise<number> {
  let created = 0;
  const maintenance = ctx.queues.get('maintenance');
  if (!(await maintenance.getJobScheduler(RECONCILE_SCHEDULER))) {
    await maintenance.upsertJobScheduler(
      RECONCILE_SCHEDULER,
      { every: ctx.config.RECONCILE_EVERY_MINUTES * 60_000 },
      { name: RECONCILE_SCHEDULER, data: {} },
    );
    created++;
  }
  if (await ensurePenaltyScheduler(ctx)) created++;
  return created;
}

/**
 * One recovery pass: job schedulers back, the planner's missing timeline rows into the outbox, the
 * outbox relayed, then every relayed-but-unfinished job and undelivered notice Redis lost re-created
 * with its remaining delay (core/notify/outbox.ts `reconcileJobs`).
 */
export async function recoverTimelines(
  ctx: AppContext,
  relay: () => Promise<number>,
): Promise<MaintenanceReport> {
  const schedulers = await ensureSchedulers(ctx);
  const { planned } = await planTimelines(ctx);
  if (planned > 0) while ((await relay()) > 0);
  const { checked, recreated } = await reconcileJobs(ctx);
  return { planned, checked, recreated, schedulers };
}

/**
 * Periodic upkeep on the `maintenance` queue every RECONCILE_EVERY_MINUTES (one BullMQ job scheduler
 * shared by all worker processes, so it runs once per period). A timer in each process also checks
 * the schedulers themselves, so a Redis that lost everything gets its reconciler back.
 */
export async function startMaintenance(
  ctx: AppContext,
  relay: () => Promise<number> = async () => 0,
): Promise<Worker> {
  await ensureSchedulers(ctx);
  const worker = new Worker(
    'maintenance',
    async () => {
      const report = await recoverTimelines(ctx, relay);
      if (report.recreated > 0 || report.planned > 0 || report.schedulers > 0)
        ctx.logger.warn(report, 'reconciler re-created jobs missing from Redis or the outbox');
      return report;
    },
    { connection: ctx.redis, prefix: ctx.config.REDIS_PREFIX },
  );
  const watchdog = setInterval(
    () => {
      ensureSchedulers(ctx)
        .then((created) => {
          if (created > 0) ctx.logger.warn({ created }, 'job schedulers were missing from Redis; re-created');
        })
        .catch((error) => ctx.logger.warn({ err: error }, 'could not check the job schedulers'));
    },
    Math.min(60_000, ctx.config.RECONCILE_EVERY_MINUTES * 60_000),
  );
  watchdog.unref();
  worker.on('closing', () => clearInterval(watchdog));
  return worker;
}
