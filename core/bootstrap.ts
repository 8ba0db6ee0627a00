import { type Clock, systemClock } from './clock';
import { type Config, ConfigError, loadConfig } from './config';
import type { AppContext } from './context';
import { createPiiProtector } from './crypto';
import { openDatabase } from './db';
import { createLogger, type Logger } from './log/logger';
import { createQueues } from './queues';
import { connectRedis, RedisUnavailableError } from './redis';

/** Parses the configuration or ends the process with one message listing every problem. */
export function loadConfigOrExit(env: NodeJS.ProcessEnv = process.env): Config {
  try {
    return loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
}

export function loggerFor(config: Config): Logger {
  return createLogger({ level: config.LOG_LEVEL, format: config.logFormat });
}

export interface RunningContext extends AppContext {
  close(): Promise<void>;
}

/**
 * Connects everything a process needs: Redis first (it fails fast with install advice), then the
 * database (PostgreSQL, or PGlite in DATA_DIR on the embedded default), migrations included.
 */
export async function createAppContext(
  config: Config,
  logger: Logger,
  clock: Clock = systemClock,
): Promise<RunningContext> {
  const redis = await connectRedis(config.REDIS_URL, logger);
  const db = await openDatabase({ databaseUrl: config.DATABASE_URL, dataDir: config.DATA_DIR, logger }).catch(
    async (error: unknown) => {
      redis.disconnect();
      throw error;
    },
  );
  const queues = createQueues(redis, config.REDIS_PREFIX);
  const pii = createPiiProtector(config.piiKey);
  return {
    config,
    logger,
    db,
    redis,
    queues,
    pii,
    clock,
    async close() {
      await queues.close();
      await db.close();
      redis.disconnect();
    },
  };
}

/**
 * Starts a process: config, logger, connections (a missing Redis ends the process with exit
 * code 2 and install advice), then `run`; the cleanup `run` returns is called once on SIGINT/SIGTERM.
 */
export function runProcess(name: string, run: (ctx: RunningContext) => Promise<() => Promise<void>>): void {
  const start = async () => {
    const config = loadConfigOrExit();
    const logger = loggerFor(config);
    const ctx = await createAppContext(config, logger).catch((error: unknown) => {
      if (!(error instanceof RedisUnavailableError)) throw error;
      process.stderr.write(`${error.message}\n`);
      process.exit(2);
    });
    const cleanup = await run(ctx);
    let stopping = false;
    const stop = async (signal: string) => {
      if (stopping) return;
      stopping = true;
      logger.info({ signal }, `${name} shutting down`);
      await cleanup();
      await ctx.close();
      process.exit(0);
    };
    process.on('SIGINT', () => void stop('SIGINT'));
    process.on('SIGTERM', () => void stop('SIGTERM'));
  };
  start().catch((error) => {
    process.stderr.write(`Fatal: ${(error as Error).stack ?? error}\n`);
    process.exit(1);
  });
}
