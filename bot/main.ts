import { randomBytes } from 'node:crypto';
import { runProcess } from '../core/bootstrap';
import { createMetrics } from '../core/metrics';
import { formatDemoSummary, seedDemo } from '../prisma/seed';
import { startWorkers } from '../workers';
import { composeWorkers } from '../workers/compose';
import { IMPORTS_PATH } from './admin/imports';
import { QUEUES_DASHBOARD_PATH } from './admin/queues-dashboard';
import { composeBot } from './compose';
import { buildServer } from './server';

/**
 * The bot process: HTTP server with every channel. `--with-workers` also runs the BullMQ workers
 * in this process (the embedded default, `npm start`); production runs `npm run workers` apart.
 */
runProcess('bot', async (ctx) => {
  const { config, logger } = ctx;
  const withWorkers = process.argv.includes('--with-workers');
  const seed = config.SEED_DEMO === 'yes' || (config.SEED_DEMO === 'auto' && config.embedded);
  const demo = seed ? await seedDemo(ctx.db.prisma, ctx.pii, ctx.clock.now()) : undefined;

  // the embedded default gets a one-off back-office password so the dashboard works out of the box
  const adminToken = config.ADMIN_TOKEN ?? (config.embedded ? randomBytes(12).toString('hex') : undefined);
  const bot = composeBot(ctx, { adminToken });
  const server = await buildServer(ctx, { metrics: createMetrics(ctx.queues, ctx.db), plugins: bot.plugins });
  const workers = withWorkers ? await startWorkers(ctx, composeWorkers(ctx, bot.i18n)) : undefined;
  await bot.telegram.start();
  const address = await server.listen({ host: config.HOST, port: config.PORT });
  const url = address.replace('0.0.0.0', '127.0.0.1');

  logger.info(
    { url, database: ctx.db.kind, workers: Boolean(workers), telegram: bot.telegram.mode },
    `listening on ${url} (${ctx.db.kind}${config.embedded ? `, data in ${config.DATA_DIR}` : ''})`,
  );
  const lines = [`Web chat: ${url}/chat`, `Health: ${url}/readyz   Metrics: ${url}/metrics`];
  if (adminToken) {
    const password = config.ADMIN_TOKEN ? 'ADMIN_TOKEN' : adminToken;
    lines.push(`Back office (user admin, password ${password}):`);
    lines.push(`  queues ${url}${QUEUES_DASHBOARD_PATH}   file imports ${url}${IMPORTS_PATH}`);
  } else {
    logger.warn('ADMIN_TOKEN is not set: the queue dashboard and back-office endpoints are off');
  }
  if (demo) lines.unshift(formatDemoSummary(demo));
  process.stdout.write(`\n${lines.join('\n')}\n\n`);

  return async () => {
    await bot.telegram.stop();
    await server.close();
    await workers?.close();
  };
});
