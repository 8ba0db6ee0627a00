/**
 * Migrations without Prisma's CLI: the WASM schema engine applies `prisma/migrations` to PostgreSQL
 * (through PrismaPg) or to embedded PGlite, reports status, and creates new migrations by replaying
 * the history into an in-memory PGlite and diffing it against `prisma/schema.prisma`.
 *
 * The rows written to `_prisma_migrations` are the engine's own, so Prisma's CLI (online) agrees.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { PGlite } from '@electric-sql/pglite';
import { PrismaPg } from '@prisma/adapter-pg';
import type { SqlMigrationAwareDriverAdapterFactory } from '@prisma/driver-adapter-utils';
import pg from 'pg';
import { PrismaPGlite } from 'pglite-prisma-adapter';
import type { Logger } from '../log/logger';
import { pgConfigFromUrl, redactUrl } from './pg-config';
import { openPglite } from './pglite';
import {
  MIGRATION_LOCK_CONTENT,
  MIGRATION_LOCK_FILE,
  MIGRATIONS_DIR,
  NO_FILTER,
  pgliteMigrationFactory,
  readMigrationsList,
  readSchema,
  SCHEMA_PATH,
  withSchemaEngine,
} from './schema-engine';

/** Where migrations go: a PostgreSQL URL, or an already open PGlite (one owner per directory). */
export type MigrationTarget = { kind: 'postgres'; url: string } | { kind: 'pglite'; client: PGlite };

export interface MigrateOptions {
  logger?: Logger;
  /** `prisma/migrations` of this repository by default. */
  migrationsDir?: string;
  /** How long to wait for another process that is migrating the same database (PostgreSQL). */
  lockTimeoutMs?: number;
}

export interface ApplyResult {
  applied: string[];
  durationMs: number;
}

export interface MigrationStatus {
  /** All migrations in the directory are applied, none failed, none edited, none unknown. */
  upToDate: boolean;
  /** Migration names in prisma/migrations, in order. */
  local: string[];
  pending: string[];
  failed: string[];
  /** Applied, but the file changed since (checksum differs). */
  edited: string[];
  /** Applied to the database but missing from the directory. */
  unknown: string[];
  hasMigrationsTable: boolean;
}

/**
 * Our own session-level advisory lock, taken on a dedicated connection around the engine's work,
 * so that several processes starting at once apply migrations one after the other. (The engine
 * also takes Prisma's lock 72707369, with a 10 s timeout; ours waits longer and makes that one
 * uncontended.)
 */
export const MIGRATION_ADVISORY_LOCK = 4_241_502;

function shadowFactory() {
  return openPglite('memory://');
}

function pgliteFactory(client: PGlite): SqlMigrationAwareDriverAdapterFactory {
  return pgliteMigrationFactory(
    client,
    PrismaPGlite as unknown as new (
      client: PGlite,
    ) => SqlMigrationAwareDriverAdapterFactory,
    shadowFactory,
  );
}

function postgresFactory(url: string): SqlMigrationAwareDriverAdapterFactory {
  // One connection: the engine's advisory lock and its transactions all happen on the same session.
  return new PrismaPg({ ...pgConfigFromUrl(url), max: 1 });
}

async function withMigrationLock<T>(
  target: MigrationTarget,
  options: MigrateOptions,
  work: () => Promise<T>,
): Promise<T> {
  if (target.kind === 'pglite') return work(); // one process owns a PGlite directory
  const client = new pg.Client(pgConfigFromUrl(target.url));
  try {
    await client.connect();
  } catch (error) {
    throw new Error(`Cannot connect to PostgreSQL at ${redactUrl(target.url)}: ${(error as Error).message}`, {
      cause: error,
    });
  }
  try {
    await client.query(`SET lock_timeout = ${Math.max(1, Math.floor(options.lockTimeoutMs ?? 120_000))}`);
    const started = Date.now();
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_ADVISORY_LOCK]);
    const waited = Date.now() - started;
    if (waited > 100) options.logger?.info({ waitedMs: waited }, 'waited for another process to migrate');
    try {
      return await work();
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_ADVISORY_LOCK]).catch(() => undefined);
    }
  } finally {
    await client.end().catch(() => undefined);
  }
}

function factoryFor(target: MigrationTarget): SqlMigrationAwareDriverAdapterFactory {
  return target.kind === 'postgres' ? postgresFactory(target.url) : pgliteFactory(target.client);
}

/** Applies every pending migration (`prisma migrate deploy`). Safe to call from several processes at once. */
export async function applyMigrations(
  target: MigrationTarget,
  options: MigrateOptions = {},
): Promise<ApplyResult> {
  const started = Date.now();
  const migrationsList = await readMigrationsList(options.migrationsDir ?? MIGRATIONS_DIR);
  if (migrationsList.migrationDirectories.length === 0) {
    throw new Error(`No migrations found in ${migrationsList.baseDir}`);
  }
  const result = await withMigrationLock(target, options, () =>
    withSchemaEngine(factoryFor(target), options.logger, (engine) =>
      engine.applyMigrations({ migrationsList, filters: NO_FILTER }),
    ),
  );
  const durationMs = Date.now() - started;
  const applied = result.appliedMigrationNames;
  if (applied.length > 0)
    options.logger?.info({ applied, durationMs }, `applied ${applied.length} migration(s)`);
  else options.logger?.debug({ durationMs }, 'database schema is up to date');
  return { applied, durationMs };
}

/** What `prisma migrate status` tells: pending, failed, edited and unknown migrations. */
export async function migrationStatus(
  target: MigrationTarget,
  options: MigrateOptions = {},
): Promise<MigrationStatus> {
  const migrationsList = await readMigrationsList(options.migrationsDir ?? MIGRATIONS_DIR);
  const local = migrationsList.migrationDirectories.map((d) => d.path);
  const diagnosis = await withSchemaEngine(factoryFor(target), options.logger, (engine) =>
    engine.diagnoseMigrationHistory({ migrationsList, optInToShadowDatabase: false, filters: NO_FILTER }),
  );
  const history = diagnosis.history;
  let pending: string[] = [];
  let unknown: string[] = [];
  if (history?.diagnostic === 'databaseIsBehind') pending = history.unappliedMigrationNames;
  else if (history?.diagnostic === 'migrationsDirectoryIsBehind') unknown = history.unpersistedMigrationNames;
  else if (history?.diagnostic === 'historiesDiverge') {
    pending = history.unappliedMigrationNames;
    unknown = history.unpersistedMigrationNames;
  }
  if (!diagnosis.hasMigrationsTable) pending = local;
  return {
    upToDate:
      diagnosis.hasMigrationsTable &&
      history === null &&
      diagnosis.failedMigrationNames.length === 0 &&
      diagnosis.editedMigrationNames.length === 0,
    local,
    pending,
    failed: diagnosis.failedMigrationNames,
    edited: diagnosis.editedMigrationNames,
    unknown,
    hasMigrationsTable: diagnosis.hasMigrationsTable,
  };
}

export interface CreateMigrationOptions {
  logger?: Logger;
  migrationsDir?: string;
  schemaPath?: string;
  /** Write a migration even when the schema has no changes (an empty one to fill by hand). */
  allowEmpty?: boolean;
  now?: Date;
}

export interface CreatedMigration {
  /** `20260101120000_add_x`, or null when the schema matches the migrations (nothing written). */
  name: string | null;
  path: string | null;
  sql: string;
}

/** `YYYYMMDDHHMMSS` in UTC, as Prisma names migration directories. */
export function migrationTimestamp(now: Date): string {
  return now.toISOString().replace(/[-:T]/g, '').slice(0, 14);
}

export function migrationDirName(name: string, now: Date): string {
  const slug = name
    .trim()
    .replace(/[^A-Za-z0-9_]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .slice(0, 200);
  if (!slug) throw new Error('Migration name must contain letters or digits');
  return `${migrationTimestamp(now)}_${slug}`;
}

/**
 * `prisma migrate dev --create-only` offline: replays existing migrations into an in-memory PGlite
 * (the shadow database) and diffs that against the schema. Needs no running database. (Creating
 * against real PostgreSQL fails in this engine build: "Column type 'char' could not be
 * deserialized".)
 */
export async function createMigration(
  name: string,
  options: CreateMigrationOptions = {},
): Promise<CreatedMigration> {
  const migrationsDir = options.migrationsDir ?? MIGRATIONS_DIR;
  const dirName = migrationDirName(name, options.now ?? new Date());
  const schema = readSchema(options.schemaPath ?? SCHEMA_PATH);
  const migrationsList = await readMigrationsList(migrationsDir);
  migrationsList.lockfile.content ??= MIGRATION_LOCK_CONTENT;
  const main = await openPglite('memory://');
  try {
    const diff = await withSchemaEngine(
      pgliteFactory(main),
      options.logger,
      (engine) =>
        engine.diff({
          from: { tag: 'migrations', ...migrationsList },
          to: { tag: 'schemaDatamodel', files: [{ path: 'schema.prisma', content: schema }] },
          script: true,
          exitCode: true,
          filters: NO_FILTER,
        }),
      schema,
    );
    const changed = diff.exitCode === 2;
    const sql = changed ? (diff.stdout ?? '') : '-- This is an empty migration.\n';
    if (!changed && !options.allowEmpty) return { name: null, path: null, sql: '' };
    const dir = path.join(migrationsDir, dirName);
    await mkdir(dir, { recursive: true });
    await writeFile(path.join(dir, 'migration.sql'), sql, 'utf8');
    await writeFile(path.join(migrationsDir, MIGRATION_LOCK_FILE), MIGRATION_LOCK_CONTENT, 'utf8');
    return { name: dirName, path: dir, sql };
  } finally {
    await main.close();
  }
}
