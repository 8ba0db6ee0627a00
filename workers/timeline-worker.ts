import { DelayedError, type Job, Worker } from 'bullmq';
import type { AppContext } from '../core/context';
import { jobPayloads, type QueueName } from '../core/queues';

/** What a timeline processor decided: `notBefore` means "too early, run me then". */
export interface TimelineResult {
  outcome: string;
  notBefore?: Date;
}

/**
 * A worker for one timeline queue: parses the payload with the queue's schema, runs the processor
 * (which checks the database before acting) and re-delays a job that came early — re-created by the
 * reconciler or promoted by hand — until its time on the injected clock.
 */
export function createTimelineWorker<N extends QueueName>(
  ctx: AppContext,
  queue: N,
  process: (data: ReturnType<(typeof jobPayloads)[N]['parse']>) => Promise<TimelineResult>,
): Worker {
  return new Worker(
    queue,
    async (job: Job, token?: string) => {
      const data = jobPayloads[queue].parse(job.data) as ReturnType<(typeof jobPayloads)[N]['parse']>;
      const { outcome, notBefore } = await process(data);
      if (notBefore) {
        const wait = Math.max(1, notBefore.getTime() - ctx.clock.now().getTime());
        await job.moveToDelayed(Date.now() + wait, token);
        throw new DelayedError();
      }
      return outcome;
    },
    {
      connection: ctx.redis,
      prefix: ctx.config.REDIS_PREFIX,
      lockDuration: ctx.config.JOB_LOCK_SECONDS * 1000,
      stalledInterval: ctx.config.JOB_LOCK_SECONDS * 1000,
    },
  );
}
