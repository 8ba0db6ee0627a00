/**
 * redis-restart: a redis-server of our own (no persistence: a restart loses every key) under a
 * workers child process delivering 3 000 notices to the local Bot API server; Redis is restarted
 * mid-run (down 2 s). The database is the truth: rows still `pending` are relayed again, rows whose
 * jobs vanished are re-created by the reconciler (RECONCILE_EVERY_MINUTES=1). Expected: lost 0,
 * every row `sent`, sent twice ≤ jobs in flight (NOTICE_CONCURRENCY).
 */
import { startBotApiServer } from '../../test/support/bot-api-server';
import { createTestDatabase } from '../../test/support/database';
import { NOTICE_CONCURRENCY } from '../../workers/notifications';
import { seedNotices, startOwnRedis, until } from '../support';
import { check, type DrillReport, deliveries, startDrillWorkers } from './common';

const NOTICES = 3000;
const CONCURRENCY = NOTICE_CONCURRENCY;

export async function redisRestart(): Promise<DrillReport> {
  const started = performance.now();
  const redis = await startOwnRedis();
  const database = await createTestDatabase();
  const api = await startBotApiServer();
  const notes: string[] = [];
  try {
    const first = 910_000_000;
    await seedNotices(database, NOTICES, first);
    const chatIds = Array.from({ length: NOTICES }, (_, i) => String(first + i));
    const sent = () => api.callsOf('sendMessage').filter((call) => call.response.ok).length;
    const workers = await startDrillWorkers({
      DATABASE_URL: database.url,
      REDIS_URL: redis.url,
      REDIS_PREFIX: 'drill',
      TELEGRAM_BOT_TOKEN: api.token,
      TELEGRAM_API_ROOT: api.apiRoot,
      TELEGRAM_MODE: 'off',
      RECONCILE_EVERY_MINUTES: '1',
    });
    try {
      await workers.waitForOutput(/drill workers started/, 60_000);
      const reached = await until(() => sent() >= NOTICES * 0.3, 120_000, 10);
      const atRestart = sent();
      const restartedAt = performance.now();
      await redis.restart(2000);
      notes.push(
        `restarted our redis-server (port ${redis.port}, no persistence) after ${atRestart} deliveries`,
      );
      const allSent = await until(
        async () => (await database.db.prisma.notification.count({ where: { status: 'sent' } })) === NOTICES,
        240_000,
        500,
      );
      const recoverySeconds = Math.round((performance.now() - restartedAt) / 1000);
      const counted = deliveries(api.callsOf('sendMessage'), chatIds);
      const statuses = await database.db.prisma.notification.groupBy({ by: ['status'], _count: true });
      notes.push(`rows by status: ${statuses.map((s) => `${s.status} ${s._count}`).join(', ')}`);
      const log = workers
        .output()
        .split('\n')
        .filter((line) => line.startsWith('{'))
        .map((line) => {
          try {
            const entry = JSON.parse(line) as { msg?: string; err?: { message?: string } };
            return `${entry.msg}${entry.err?.message ? `: ${entry.err.message}` : ''}`;
          } catch {
            return '';
          }
        })
        .filter((line) => /re-created|missing|Redis|relay failed/i.test(line));
      const distinct = [...new Set(log)].slice(0, 8);
      notes.push(`workers log (distinct lines): ${distinct.join(' | ') || 'none'}`);
      return {
        drill: 'redis-restart',
        ok: reached && allSent && counted.lost === 0 && counted.twice <= CONCURRENCY,
        seconds: Math.round((performance.now() - started) / 1000),
        checks: [
          check('restarted mid-run', `after ≥ ${NOTICES * 0.3} of ${NOTICES}`, `after ${atRestart}`, reached),
          check(
            'every row sent after the restart',
            'yes',
            allSent ? `yes, ${recoverySeconds} s after the restart` : 'no (timed out)',
            allSent,
          ),
          check('lost (chats with no delivery)', '0', counted.lost, counted.lost === 0),
          check(
            'sent twice',
            `≤ ${CONCURRENCY} (jobs in flight)`,
            counted.twice,
            counted.twice <= CONCURRENCY,
          ),
        ],
        notes,
        details: { notices: NOTICES, ...counted, recoverySeconds },
      };
    } finally {
      await workers.stop();
    }
  } finally {
    await api.close();
    await database.drop();
    await redis.stop();
  }
}
