/**
 * worker-kill: 10 000 notices (outbox rows) delivered by a workers child process to the local Bot API
 * server; the child is killed with SIGKILL mid-run and a new one started. Expected: lost 0, sent
 * twice ≤ jobs in flight (the worker's concurrency, NOTICE_CONCURRENCY), every row `sent`. Deliveries are counted per
 * chat (one notice per chat) at the server.
 */
import { startBotApiServer } from '../../test/support/bot-api-server';
import { createTestContext } from '../../test/support/context';
import { NOTICE_CONCURRENCY } from '../../workers/notifications';
import { seedNotices, sleep, until } from '../support';
import { check, type DrillReport, deliveries, startDrillWorkers } from './common';

const NOTICES = 10_000;
const CONCURRENCY = NOTICE_CONCURRENCY;

export async function workerKill(): Promise<DrillReport> {
  const started = performance.now();
  const ctx = await createTestContext();
  const api = await startBotApiServer();
  const notes: string[] = [];
  const env = {
    DATABASE_URL: ctx.database.url,
    REDIS_PREFIX: ctx.config.REDIS_PREFIX,
    TELEGRAM_BOT_TOKEN: api.token,
    TELEGRAM_API_ROOT: api.apiRoot,
    TELEGRAM_MODE: 'off',
    RECONCILE_EVERY_MINUTES: '1',
  };
  try {
    const first = 900_000_000;
    await seedNotices(ctx, NOTICES, first);
    const chatIds = Array.from({ length: NOTICES }, (_, i) => String(first + i));
    const sent = () => api.callsOf('sendMessage').filter((call) => call.response.ok).length;

    const one = await startDrillWorkers(env);
    await one.waitForOutput(/drill workers started/, 60_000);
    const reached = await until(() => sent() >= NOTICES * 0.3, 120_000, 20);
    const atKill = sent();
    one.child.kill('SIGKILL');
    await one.exited;
    notes.push(`killed the workers process (pid ${one.child.pid}) with SIGKILL after ${atKill} deliveries`);
    await sleep(500);
    const afterKill = sent();

    const two = await startDrillWorkers(env);
    await two.waitForOutput(/drill workers started/, 60_000);
    // stalled jobs of the killed process come back after their lock expires (BullMQ: 30 s)
    const allSent = await until(
      async () => (await ctx.db.prisma.notification.count({ where: { status: 'sent' } })) === NOTICES,
      150_000,
      500,
    );
    await sleep(1000);
    await two.stop();
    await one.stop();

    const counted = deliveries(api.callsOf('sendMessage'), chatIds);
    const statuses = await ctx.db.prisma.notification.groupBy({ by: ['status'], _count: true });
    notes.push(`${afterKill - atKill} deliveries landed between the kill and the server noticing`);
    notes.push(`rows by status: ${statuses.map((s) => `${s.status} ${s._count}`).join(', ')}`);
    return {
      drill: 'worker-kill',
      ok: reached && allSent && counted.lost === 0 && counted.twice <= CONCURRENCY,
      seconds: Math.round((performance.now() - started) / 1000),
      checks: [
        check('killed mid-run', `after ≥ ${NOTICES * 0.3} of ${NOTICES}`, `after ${atKill}`, reached),
        check('every row sent after the restart', 'yes', allSent ? 'yes' : 'no (timed out)', allSent),
        check('lost (chats with no delivery)', '0', counted.lost, counted.lost === 0),
        check('sent twice', `≤ ${CONCURRENCY} (jobs in flight)`, counted.twice, counted.twice <= CONCURRENCY),
      ],
      notes,
      details: { notices: NOTICES, ...counted, atKill },
    };
  } finally {
    await api.close();
    await ctx.close();
  }
}
