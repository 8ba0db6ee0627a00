import { Redis } from 'ioredis';
import type { Logger } from './log/logger';

export { Redis };

export const REDIS_HELP = [
  'Redis is required (it is the clock of every scheduled job).',
  '  Debian/Ubuntu: sudo apt-get install redis-server && sudo service redis-server start',
  '  macOS: brew install redis && brew services start redis',
  '  Docker: docker run -d -p 6379:6379 redis:7',
  'Then set REDIS_URL if it is not redis://127.0.0.1:6379.',
].join('\n');

export class RedisUnavailableError extends Error {
  constructor(url: string, cause: unknown) {
    super(`Cannot reach Redis at ${redactUrl(url)}: ${(cause as Error)?.message ?? cause}\n${REDIS_HELP}`);
    this.name = 'RedisUnavailableError';
  }
}

function redactUrl(url: string): string {
  return url.replace(/\/\/[^@/]*@/, '//***@');
}

/**
 * A connection suitable for BullMQ (workers need `maxRetriesPerRequest: null`).
 * Resolves once Redis answered PING; rejects with install/start advice if it does not in time.
 */
export async function connectRedis(url: string, logger: Logger, timeoutMs = 5000): Promise<Redis> {
  const redis = new Redis(url, { maxRetriesPerRequest: null, lazyConnect: true, enableOfflineQueue: true });
  let lastError: unknown;
  redis.on('error', (error) => {
    lastError = error;
  });
  try {
    await withTimeout(
      redis.connect().then(() => redis.ping()),
      timeoutMs,
    );
  } catch (error) {
    redis.disconnect();
    throw new RedisUnavailableError(url, lastError ?? error);
  }
  watchRedis(redis, logger);
  return redis;
}

/** Logs once per change between reachable and unreachable, with the reason. */
function watchRedis(redis: Redis, logger: Logger): void {
  let down = false;
  redis.on('error', (error) => {
    if (down) return;
    down = true;
    logger.error({ err: error }, 'Redis connection lost; scheduled jobs pause until it is back');
  });
  redis.on('ready', () => {
    if (!down) return;
    down = false;
    logger.info('Redis connection restored');
  });
}

export function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms);
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error) => {
        clearTimeout(timer);
        reject(error);
      },
    );
  });
}
