import type { Clock } from './clock';
import type { Config } from './config';
import type { PiiProtector } from './crypto';
import type { Database } from './db';
import type { Logger } from './log/logger';
import type { Queues } from './queues';
import type { Redis } from './redis';

/** What every process (bot server, workers, CLI, tests) hands to services, flows and processors. */
export interface AppContext {
  config: Config;
  logger: Logger;
  db: Database;
  redis: Redis;
  queues: Queues;
  pii: PiiProtector;
  clock: Clock;
}
