import { runProcess } from '../core/bootstrap';
import { createI18n } from '../core/i18n';
import { startWorkers } from '.';
import { composeWorkers } from './compose';

/** The workers process: BullMQ workers and the outbox relay; run any number of them. */
runProcess('workers', async (ctx) => {
  const workers = await startWorkers(ctx, composeWorkers(ctx, createI18n({ logger: ctx.logger })));
  ctx.logger.info({ queues: workers.workers.map((worker) => worker.name) }, 'workers started');
  return () => workers.close();
});
