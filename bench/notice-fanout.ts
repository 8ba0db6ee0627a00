/**
 * Notice fan-out: outbox Notification rows (coverage-start notices, one per person's Telegram chat)
 * → relayOutbox → BullMQ → the product's notifications worker (workers/notifications.ts, its default
 * Telegram limiter) → the Telegram sender → the local Bot API server.
 *
 * - limited: the server enforces Telegram's limits (30 msg/s overall, 1 msg/s per chat, sliding 1-s
 *   windows, 429 + retry_after). Goal: >= 97 % of 30 msg/s, zero 429 received.
 * - unlimited: the server answers everything, the worker runs without its limiter. Goal: >= 2 000 msg/s.
 *
 * Rates are measured at the server: successful sends / (last − first send).
 *
 *   npx tsx bench/notice-fanout.ts [--full] [--limited N] [--unlimited N] [--concurrency C]
 */
import { parseArgs } from 'node:util';
import type { Worker } from 'bullmq';
import { Api } from 'grammy';
import { createI18n } from '../core/i18n';
import { createTelegramSender, telegramApi } from '../core/notify/telegram-sender';
import { type BotApiServer, startBotApiServer } from '../test/support/bot-api-server';
import { createTestContext, type TestContext } from '../test/support/context';
import { type ChannelLimit, createNotificationWorkers, NOTICE_CONCURRENCY } from '../workers/notifications';
import { FULL, machine, relayAll, round, seedNotices, until, writeResult } from './support';

const { values } = parseArgs({
  options: {
    full: { type: 'boolean', default: false },
    limited: { type: 'string' },
    unlimited: { type: 'string' },
    concurrency: { type: 'string', default: String(NOTICE_CONCURRENCY) },
  },
});
const limitedCount = Number(values.limited ?? (FULL ? 1800 : 450));
const unlimitedCount = Number(values.unlimited ?? (FULL ? 20_000 : 5000));
const concurrency = Number(values.concurrency);

async function fanOut(
  ctx: TestContext,
  api: BotApiServer,
  count: number,
  firstChatId: number,
  limits: Partial<Record<'telegram', ChannelLimit | undefined>>,
  client: Api,
) {
  const { prisma } = ctx.db;
  api.reset();
  const ids = await seedNotices(ctx, count, firstChatId);
  const relaySeconds = await relayAll(ctx);
  const sender = createTelegramSender({
    api: client,
    i18n: createI18n({ logger: ctx.logger }),
    db: ctx.db,
  });
  const started = performance.now();
  const workers: Worker[] = createNotificationWorkers(ctx, [sender], {
    concurrency,
    limits: limits as never,
  });
  const timeoutMs = Math.max(60_000, (count / 25) * 1000 * 1.5);
  const done = await until(
    async () => (await prisma.notification.count({ where: { id: { in: ids }, status: 'sent' } })) === count,
    timeoutMs,
    200,
  );
  const seconds = (performance.now() - started) / 1000;
  await Promise.all(workers.map((worker) => worker.close()));

  const sends = api.callsOf('sendMessage');
  const ok = sends.filter((call) => call.response.ok).map((call) => call.at);
  const tooMany = sends.filter((call) => call.response.error_code === 429).length;
  const perChat = new Map<string, number>();
  for (const call of sends) {
    if (call.response.ok)
      perChat.set(String(call.params.chat_id), (perChat.get(String(call.params.chat_id)) ?? 0) + 1);
  }
  const duplicates = [...perChat.values()].reduce((sum, n) => sum + Math.max(0, n - 1), 0);
  const span = ok.length > 1 ? (Math.max(...ok) - Math.min(...ok)) / 1000 : Number.NaN;
  return {
    notices: count,
    allSent: done,
    relaySeconds: round(relaySeconds),
    wallSeconds: round(seconds),
    delivered: ok.length,
    duplicates,
    received429: tooMany,
    serverSpanSeconds: round(span),
    messagesPerSecond: round((ok.length - 1) / span, 1),
  };
}

const ctx = await createTestContext();
const api = await startBotApiServer();
try {
  // limited: Telegram's limits at the server, the product's default limiter in the worker
  api.setRateLimit({ perChatPerSecond: 1, globalPerSecond: 30 });
  // the product's own Bot API client for notices (core/notify/telegram-sender.ts telegramApi)
  const productClient = telegramApi({ TELEGRAM_BOT_TOKEN: api.token, TELEGRAM_API_ROOT: api.apiRoot })!;
  const limited = await fanOut(ctx, api, limitedCount, 800_000_000, {}, productClient);
  // unlimited: no limits anywhere
  api.setRateLimit(false);
  // the pipeline's capacity: no limiter in the worker, a plain client (no client-side pacing)
  const unlimited = await fanOut(
    ctx,
    api,
    unlimitedCount,
    810_000_000,
    { telegram: undefined },
    new Api(api.token, { apiRoot: api.apiRoot }),
  );

  const share = limited.messagesPerSecond / 30;
  const result = {
    mode: FULL ? 'full' : 'quick',
    machine: machine(),
    workerConcurrency: concurrency,
    limited: { ...limited, limit: 30, shareOfLimit: round(share, 3) },
    unlimited,
    goals: {
      limitedShare: { goal: '>= 97 % of 30 msg/s', met: share >= 0.97 },
      limited429: { goal: '0 received', met: limited.received429 === 0 },
      unlimitedRate: { goal: '>= 2000 msg/s', met: unlimited.messagesPerSecond >= 2000 },
      complete: {
        goal: 'every notice sent once',
        met: limited.allSent && unlimited.allSent && limited.duplicates + unlimited.duplicates === 0,
      },
    },
  };
  writeResult('notice-fanout', result);
  console.log(JSON.stringify(result, null, 2));
} finally {
  await api.close();
  await ctx.close();
}
process.exit(0);
