/**
 * The workers process of the drills: the product's outbox relay, its notifications worker with the
 * Telegram sender and its maintenance (reconciler) worker, configured from the environment like
 * `npm run workers` (runProcess). Differences, so a 10 000-notice run takes seconds, not minutes:
 * no 30/s limiter on notify-telegram and a plain Bot API client (the drills' server is unlimited).
 */
import { Api } from 'grammy';
import { runProcess } from '../../core/bootstrap';
import { createI18n } from '../../core/i18n';
import { createTelegramSender } from '../../core/notify/telegram-sender';
import { startMaintenance } from '../../workers/maintenance';
import { createNotificationWorkers } from '../../workers/notifications';
import { startOutboxRelay } from '../../workers/outbox-relay';

runProcess('workers', async (ctx) => {
  const { TELEGRAM_BOT_TOKEN, TELEGRAM_API_ROOT } = ctx.config;
  if (!TELEGRAM_BOT_TOKEN) throw new Error('the drill workers need TELEGRAM_BOT_TOKEN');
  const sender = createTelegramSender({
    api: new Api(TELEGRAM_BOT_TOKEN, { apiRoot: TELEGRAM_API_ROOT }),
    i18n: createI18n({ logger: ctx.logger }),
    db: ctx.db,
  });
  const relay = startOutboxRelay(ctx, 100);
  const workers = [
    ...createNotificationWorkers(ctx, [sender], { limits: { telegram: undefined } }),
    await startMaintenance(ctx),
  ];
  for (const worker of workers)
    worker.on('error', (error) => ctx.logger.error({ err: error }, 'worker error'));
  ctx.logger.info('drill workers started');
  return async () => {
    await relay.stop();
    await Promise.all(workers.map((worker) => worker.close()));
  };
});
