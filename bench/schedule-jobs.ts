/**
 * Scheduling coverage-start jobs (delayed BullMQ jobs with deterministic ids, as activations make
 * them) on a redis-server of our own, so INFO memory is ours alone:
 *
 * - addBulk: the product's `coverage-start` queue (core/queues.ts, its default job options),
 *   `Queue.addBulk` in chunks of 1 000 — what BullMQ itself can do. Goal: <= 5 s; Redis memory per
 *   job from INFO memory before/after.
 * - relay: the product's path: OutboxJob rows in PostgreSQL (a fresh test database) → relayOutbox
 *   (core/notify/outbox.ts) until the outbox is empty.
 *
 *   npx tsx bench/schedule-jobs.ts [--full] [--jobs N]
 */
import { randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import { Redis } from 'ioredis';
import { systemClock } from '../core/clock';
import { relayOutbox } from '../core/notify/outbox';
import { createQueues, jobId } from '../core/queues';
import { createTestDatabase } from '../test/support/database';
import { FULL, machine, round, startOwnRedis, writeResult } from './support';

const { values } = parseArgs({
  options: { full: { type: 'boolean', default: false }, jobs: { type: 'string' } },
});
const jobs = Number(values.jobs ?? (FULL ? 100_000 : 20_000));
const DAY = 24 * 3600 * 1000;

const usedMemory = async (redis: Redis) => {
  const info = await redis.info('memory');
  return Number(/used_memory:(\d+)/.exec(info)?.[1]);
};

const own = await startOwnRedis();
const redis = new Redis(own.url, { maxRetriesPerRequest: null });
const database = await createTestDatabase();
try {
  // --- addBulk straight into the product's queue
  const bulkQueues = createQueues(redis, 'bench-bulk');
  const queue = bulkQueues.get('coverage-start');
  await queue.waitUntilReady();
  const before = await usedMemory(redis);
  const ids = Array.from({ length: jobs }, () => randomUUID());
  const started = performance.now();
  for (let i = 0; i < jobs; i += 1000) {
    await queue.addBulk(
      ids.slice(i, i + 1000).map((activationId, k) => ({
        name: 'coverage-start',
        data: { activationId },
        opts: { jobId: jobId('coverage-start', activationId), delay: 15 * DAY + ((i + k) % 1440) * 60_000 },
      })),
    );
  }
  const bulkSeconds = (performance.now() - started) / 1000;
  const after = await usedMemory(redis);
  const counted = await queue.getDelayedCount();
  // the same ids again: deterministic ids make a second scheduling a no-op
  const againStarted = performance.now();
  await queue.addBulk(
    ids.slice(0, 1000).map((activationId) => ({
      name: 'coverage-start',
      data: { activationId },
      opts: { jobId: jobId('coverage-start', activationId), delay: 15 * DAY },
    })),
  );
  const againMs = performance.now() - againStarted;
  const countedAgain = await queue.getDelayedCount();
  await bulkQueues.close();

  // --- the product's path: outbox rows → relayOutbox
  const relayJobs = Math.min(jobs, FULL ? 100_000 : 20_000);
  const { prisma } = database.db;
  const runAt = new Date(Date.now() + 15 * DAY);
  for (let i = 0; i < relayJobs; i += 5000) {
    await prisma.outboxJob.createMany({
      data: ids.slice(i, Math.min(i + 5000, relayJobs)).map((activationId) => ({
        queue: 'coverage-start',
        name: 'coverage-start',
        jobId: jobId('coverage-start', activationId),
        payload: { activationId },
        runAt,
      })),
    });
  }
  const relayQueues = createQueues(redis, 'bench-relay');
  const relayStarted = performance.now();
  let relayed = 0;
  for (let round = 0; round < 10_000; round++) {
    const n = await relayOutbox({ db: database.db, queues: relayQueues, clock: systemClock });
    if (n === 0) break;
    relayed += n;
  }
  const relaySeconds = (performance.now() - relayStarted) / 1000;
  const relayCounted = await relayQueues.get('coverage-start').getDelayedCount();
  await relayQueues.close();

  const bytesPerJob = (after - before) / jobs;
  const result = {
    mode: FULL ? 'full' : 'quick',
    machine: machine(),
    jobs,
    addBulk: {
      seconds: round(bulkSeconds),
      jobsPerSecond: Math.round(jobs / bulkSeconds),
      delayedInRedis: counted,
      redisUsedMemoryBeforeMb: round(before / 2 ** 20),
      redisUsedMemoryAfterMb: round(after / 2 ** 20),
      redisBytesPerJob: Math.round(bytesPerJob),
      reScheduling1000SameIdsMs: round(againMs),
      delayedAfterReScheduling: countedAgain,
    },
    relay: {
      jobs: relayJobs,
      relayed,
      seconds: round(relaySeconds),
      jobsPerSecond: Math.round(relayed / relaySeconds),
      delayedInRedis: relayCounted,
    },
    goals: {
      addBulk: {
        goal: `<= ${round((5 * jobs) / 100_000, 1)} s (5 s per 100 000)`,
        met: bulkSeconds <= (5 * jobs) / 100_000 && counted === jobs && countedAgain === jobs,
      },
      relay: {
        goal: `<= ${round((5 * relayJobs) / 100_000, 1)} s (5 s per 100 000)`,
        met: relaySeconds <= (5 * relayJobs) / 100_000 && relayCounted === relayJobs,
      },
    },
  };
  writeResult('schedule-jobs', result);
  console.log(JSON.stringify(result, null, 2));
} finally {
  redis.disconnect();
  await own.stop();
  await database.drop();
}
process.exit(0);
