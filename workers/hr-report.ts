import { type Job, Worker } from 'bullmq';
import type { AppContext } from '../core/context';
import { jobPayloads } from '../core/queues';
import { monthlyReportsDue, sendMonthlyEmployerReport } from '../core/services/hr-notify';

/** One BullMQ job scheduler for every worker process: the check runs once an hour, at :05. */
export const HR_REPORT_SCHEDULER = 'hr-report-hourly';
export const HR_REPORT_PATTERN = '5 * * * *';

export interface HrReportOutcome {
  checked: number;
  queued: number;
}

/**
 * Queue `hr-report`. An empty payload (the hourly scheduler) queues, for every employer with a
 * linked Slack channel whose month's first working day (programme calendar, digest time) has come,
 * the previous month's debt report; `{employerId, month}` queues that one. The outbox dedupeKey
 * `hr-report.<employerId>.<YYYY-MM>.<channelId>` makes every run after the first a no-op, and a
 * day the workers were down is caught up by the next run.
 */
export async function runHrReports(
  ctx: AppContext,
  payload: { employerId?: string | undefined; month?: string | undefined },
): Promise<HrReportOutcome> {
  if (payload.employerId && payload.month)
    return { checked: 1, queued: await sendMonthlyEmployerReport(ctx, payload.employerId, payload.month) };
  const due = await monthlyReportsDue(ctx, ctx.clock.now());
  let queued = 0;
  for (const report of due) queued += await sendMonthlyEmployerReport(ctx, report.employerId, report.month);
  return { checked: due.length, queued };
}

export function createHrReportWorker(ctx: AppContext, options: { schedule?: boolean } = {}): Worker {
  if (options.schedule ?? true) {
    ctx.queues
      .get('hr-report')
      .upsertJobScheduler(
        HR_REPORT_SCHEDULER,
        { pattern: HR_REPORT_PATTERN, tz: 'UTC' },
        { name: HR_REPORT_SCHEDULER, data: {} },
      )
      .catch((error: unknown) => ctx.logger.error({ err: error }, 'cannot schedule the monthly HR reports'));
  }
  return new Worker(
    'hr-report',
    async (job: Job) => {
      const outcome = await runHrReports(ctx, jobPayloads['hr-report'].parse(job.data));
      if (outcome.queued > 0) ctx.logger.info(outcome, 'monthly HR reports queued');
      return outcome;
    },
    { connection: ctx.redis, prefix: ctx.config.REDIS_PREFIX },
  );
}
