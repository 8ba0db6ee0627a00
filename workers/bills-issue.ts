import { Worker } from 'bullmq';
import type { AppContext } from '../core/context';
import { issueBills, publicBaseUrl } from '../core/services/billing';

const SCHEDULER = 'bills-issue';
/** Hourly: lines imported after a member's bill of the month wait for the next month's run. */
export const BILLS_ISSUE_EVERY_MS = 60 * 60_000;

/**
 * Issues franchise bills (core/services/billing.ts) on the `bills-issue` queue: one BullMQ job
 * scheduler shared by every worker process, so it runs once per hour; each run is idempotent (only
 * lines without a charge are billed, one bill per member per month). Imports issue at once too.
 */
export async function startBillsIssueWorker(ctx: AppContext): Promise<Worker> {
  await ctx.queues
    .get('bills-issue')
    .upsertJobScheduler(SCHEDULER, { every: BILLS_ISSUE_EVERY_MS }, { name: SCHEDULER, data: {} });
  return new Worker(
    'bills-issue',
    async () =>
      issueBills(ctx.db.prisma, {
        now: ctx.clock.now(),
        baseUrl: publicBaseUrl(ctx.config),
        calendarDir: ctx.config.CALENDAR_DIR,
        logger: ctx.logger,
      }),
    { connection: ctx.redis, prefix: ctx.config.REDIS_PREFIX },
  );
}
