import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { type Clock, systemClock } from '../../core/clock';
import { loadConfig } from '../../core/config';
import type { AppContext } from '../../core/context';
import { createPiiProtector } from '../../core/crypto';
import { createQueues } from '../../core/queues';
import { createTestDatabase, type TestDatabase, testLogger } from './database';

export interface TestContext extends AppContext {
  database: TestDatabase;
  close(): Promise<void>;
}

/**
 * A real AppContext for integration tests: a fresh PostgreSQL database of its own and the real
 * Redis under a key prefix of its own, both removed by `close()`.
 */
export async function createTestContext(
  options: { env?: Record<string, string>; clock?: Clock } = {},
): Promise<TestContext> {
  const database = await createTestDatabase();
  const prefix = `test-${randomBytes(5).toString('hex')}`;
  const config = loadConfig({
    NODE_ENV: 'test',
    DATABASE_URL: database.url,
    REDIS_PREFIX: prefix,
    LOG_LEVEL: 'silent',
    ...options.env,
  });
  const redis = new Redis(config.REDIS_URL, { maxRetriesPerRequest: null });
  const queues = createQueues(redis, prefix);
  return {
    config,
    logger: testLogger(),
    db: database.db,
    redis,
    queues,
    pii: createPiiProtector(config.piiKey),
    clock: options.clock ?? systemClock,
    database,
    async close() {
      await queues.close();
      const keys = await redis.keys(`${prefix}:*`);
      if (keys.length > 0) await redis.del(...keys);
      redis.disconnect();
      await database.drop();
    },
  };
}
