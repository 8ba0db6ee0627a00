/**
 * The database: Prisma on a driver adapter, PostgreSQL (DATABASE_URL) or embedded PGlite
 * (`${DATA_DIR}/pglite`). Opening applies pending migrations first.
 */
import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaPGlite } from 'pglite-prisma-adapter';
import { Prisma, PrismaClient } from '../generated/prisma/client';
import type { Logger } from '../log/logger';
import { applyMigrations } from './migrate';
import { pgConfigFromUrl, redactUrl } from './pg-config';
import { claimPgliteDir, openPglite, pgliteDir } from './pglite';

export type { ApplyResult, MigrationStatus, MigrationTarget } from './migrate';
export { applyMigrations, createMigration, migrationStatus } from './migrate';
export { pgConfigFromUrl, redactUrl } from './pg-config';
export { openPglite, pgliteDir } from './pglite';
export { Prisma, PrismaClient };

/** The Prisma client services receive. */
export type Db = PrismaClient;
/** The client inside `prisma.$transaction(async (tx) => …)`. */
export type Tx = Prisma.TransactionClient;
/** Either: a service that is one transaction accepts both. */
export type DbOrTx = Db | Tx;

export interface Database {
  prisma: PrismaClient;
  kind: 'postgres' | 'pglite';
  /** Throws an Error with a readable message when the database does not answer. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

export interface OpenDatabaseOptions {
  /** PostgreSQL; without it the embedded PGlite in `${dataDir}/pglite` is used. */
  databaseUrl?: string | undefined;
  dataDir: string;
  logger: Logger;
  /** Apply pending migrations before returning (default true). */
  migrate?: boolean;
  /** PostgreSQL pool size (default 10). */
  poolSize?: number;
}

const PING_TIMEOUT_MS = 5_000;

function withTimeout<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(message)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

export async function openDatabase(options: OpenDatabaseOptions): Promise<Database> {
  return options.databaseUrl ? openPostgres(options.databaseUrl, options) : openEmbedded(options);
}

async function openPostgres(url: string, options: OpenDatabaseOptions): Promise<Database> {
  const where = redactUrl(url);
  const adapter = new PrismaPg(
    { ...pgConfigFromUrl(url), max: options.poolSize ?? 10, connectionTimeoutMillis: PING_TIMEOUT_MS },
    { onPoolError: (error) => options.logger.warn({ err: error }, 'idle PostgreSQL connection failed') },
  );
  const prisma = new PrismaClient({ adapter });
  let closed = false;
  const ping = async () => {
    if (closed) throw new Error(`The connection to PostgreSQL at ${where} is closed`);
    try {
      await withTimeout(prisma.$queryRaw`SELECT 1`, PING_TIMEOUT_MS, `no answer in ${PING_TIMEOUT_MS} ms`);
    } catch (error) {
      throw new Error(`PostgreSQL at ${where} is unreachable: ${(error as Error).message}`, { cause: error });
    }
  };
  try {
    await ping();
    if (options.migrate !== false)
      await applyMigrations({ kind: 'postgres', url }, { logger: options.logger });
  } catch (error) {
    await prisma.$disconnect().catch(() => undefined);
    throw error;
  }
  options.logger.info({ database: where }, 'database: PostgreSQL');
  return {
    prisma,
    kind: 'postgres',
    ping,
    async close() {
      if (closed) return;
      closed = true;
      await prisma.$disconnect();
    },
  };
}

async function openEmbedded(options: OpenDatabaseOptions): Promise<Database> {
  const dir = pgliteDir(options.dataDir);
  let client: Awaited<ReturnType<typeof openPglite>>;
  let release: () => void;
  try {
    release = claimPgliteDir(dir);
  } catch (error) {
    throw new Error(
      `Cannot open the embedded database: ${(error as Error).message}. Only one process may use a PGlite ` +
        'directory (stop the other one, or set DATABASE_URL to share PostgreSQL).',
      { cause: error },
    );
  }
  try {
    client = await openPglite(dir);
  } catch (error) {
    release();
    throw new Error(`Cannot open the embedded database in ${dir}: ${(error as Error).message}`, {
      cause: error,
    });
  }
  try {
    if (options.migrate !== false)
      await applyMigrations({ kind: 'pglite', client }, { logger: options.logger });
  } catch (error) {
    await client.close().catch(() => undefined);
    release();
    throw error;
  }
  const prisma = new PrismaClient({ adapter: new PrismaPGlite(client) });
  options.logger.info({ dir }, 'database: embedded PGlite');
  let closed = false;
  return {
    prisma,
    kind: 'pglite',
    async ping() {
      if (closed || client.closed) throw new Error(`The embedded database in ${dir} is closed`);
      try {
        await withTimeout(prisma.$queryRaw`SELECT 1`, PING_TIMEOUT_MS, `no answer in ${PING_TIMEOUT_MS} ms`);
      } catch (error) {
        throw new Error(`The embedded database in ${dir} does not answer: ${(error as Error).message}`, {
          cause: error,
        });
      }
    },
    async close() {
      if (closed) return;
      closed = true;
      try {
        await prisma.$disconnect();
        await client.close();
      } finally {
        release();
      }
    },
  };
}
