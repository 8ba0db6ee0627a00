/**
 * A fresh PostgreSQL database per test file: `CREATE DATABASE test_<pid>_<random>`, migrations
 * applied through the product's own openDatabase, dropped (connections terminated) by `drop()`.
 * Parallel vitest workers never share a database.
 *
 * The server is TEST_POSTGRES_URL (an admin URL, default postgresql://postgres@127.0.0.1:5432/postgres).
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { type Logger, pino } from 'pino';
import { type Database, openDatabase } from '../../core/db';
import { pgConfigFromUrl } from '../../core/db/pg-config';

export const TEST_POSTGRES_URL =
  process.env.TEST_POSTGRES_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';

/** A logger that writes nothing. */
export function testLogger(): Logger {
  return pino({ level: 'silent' });
}

export interface TestDatabase {
  url: string;
  db: Database;
  drop(): Promise<void>;
}

export function testDatabaseName(): string {
  return `test_${process.pid}_${randomBytes(6).toString('hex')}`;
}

/** The URL of `name` on the test server. */
export function testDatabaseUrl(name: string): string {
  const url = new URL(TEST_POSTGRES_URL);
  url.pathname = `/${name}`;
  return url.toString();
}

async function admin<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client(pgConfigFromUrl(TEST_POSTGRES_URL));
  try {
    await client.connect();
  } catch (error) {
    throw new Error(
      `Tests need PostgreSQL at ${TEST_POSTGRES_URL} (${(error as Error).message}). Start it: ` +
        'pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start',
      { cause: error },
    );
  }
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** Creates an empty database (no migrations) and returns its name and URL. */
export async function createEmptyTestDatabase(): Promise<{
  name: string;
  url: string;
  drop(): Promise<void>;
}> {
  const name = testDatabaseName();
  await admin((client) => client.query(`CREATE DATABASE "${name}"`));
  return { name, url: testDatabaseUrl(name), drop: () => dropTestDatabase(name) };
}

export async function dropTestDatabase(name: string): Promise<void> {
  if (!/^test_\d+_[0-9a-f]+$/.test(name)) throw new Error(`Refusing to drop "${name}": not a test database`);
  await admin(async (client) => {
    await client.query(
      'SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()',
      [name],
    );
    await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  });
}

/** A fresh database with every migration applied, opened like the product opens it. */
export async function createTestDatabase(options: { logger?: Logger } = {}): Promise<TestDatabase> {
  const empty = await createEmptyTestDatabase();
  let db: Database;
  try {
    db = await openDatabase({
      databaseUrl: empty.url,
      dataDir: '/nonexistent',
      logger: options.logger ?? testLogger(),
    });
  } catch (error) {
    await empty.drop();
    throw error;
  }
  let dropped = false;
  return {
    url: empty.url,
    db,
    async drop() {
      if (dropped) return;
      dropped = true;
      await db.close().catch(() => undefined);
      await empty.drop();
    },
  };
}
