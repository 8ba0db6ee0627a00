import { createHash } from 'node:crypto';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../core/db';
import { applyMigrations, createMigration, migrationStatus } from '../../../core/db/migrate';
import { pgConfigFromUrl } from '../../../core/db/pg-config';
import { openPglite } from '../../../core/db/pglite';
import { MIGRATIONS_DIR, SCHEMA_PATH } from '../../../core/db/schema-engine';
import { createEmptyTestDatabase, testLogger } from '../../support/database';

const localMigrations = readdirSync(MIGRATIONS_DIR, { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name)
  .sort();

const cleanups: Array<() => Promise<void> | void> = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

function tempDir(prefix: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

async function query<T extends pg.QueryResultRow>(url: string, sql: string): Promise<T[]> {
  const client = new pg.Client(pgConfigFromUrl(url));
  await client.connect();
  try {
    return (await client.query<T>(sql)).rows;
  } finally {
    await client.end();
  }
}

describe('migrations on PostgreSQL', () => {
  it('applies to a fresh database, records Prisma rows, then reports up to date and applies nothing more', async () => {
    const empty = await createEmptyTestDatabase();
    cleanups.push(empty.drop);
    const target = { kind: 'postgres' as const, url: empty.url };

    const before = await migrationStatus(target);
    expect(before.upToDate).toBe(false);
    expect(before.pending).toEqual(localMigrations);

    const first = await applyMigrations(target, { logger: testLogger() });
    expect(first.applied).toEqual(localMigrations);

    const rows = await query<{ migration_name: string; checksum: string; finished_at: Date | null }>(
      empty.url,
      'SELECT migration_name, checksum, finished_at FROM _prisma_migrations ORDER BY migration_name',
    );
    expect(rows.map((row) => row.migration_name)).toEqual(localMigrations);
    for (const row of rows) {
      const file = readFileSync(path.join(MIGRATIONS_DIR, row.migration_name, 'migration.sql'));
      expect(row.checksum).toBe(createHash('sha256').update(file).digest('hex'));
      expect(row.finished_at).not.toBeNull();
    }
    const tables = await query<{ table_name: string }>(
      empty.url,
      "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'",
    );
    expect(tables.map((t) => t.table_name)).toEqual(
      expect.arrayContaining(['Policy', 'Person', 'Bill', 'Notification']),
    );

    const status = await migrationStatus(target);
    expect(status).toMatchObject({ upToDate: true, pending: [], failed: [], edited: [], unknown: [] });

    const second = await applyMigrations(target);
    expect(second.applied).toEqual([]);
    const count = await query<{ n: string }>(empty.url, 'SELECT count(*) AS n FROM _prisma_migrations');
    expect(Number(count[0]?.n)).toBe(localMigrations.length);
  });

  it('lets several processes apply at once: each migration applied exactly once', async () => {
    const empty = await createEmptyTestDatabase();
    cleanups.push(empty.drop);
    const target = { kind: 'postgres' as const, url: empty.url };
    const results = await Promise.all([
      applyMigrations(target),
      applyMigrations(target),
      applyMigrations(target),
    ]);
    expect(results.flatMap((r) => r.applied).sort()).toEqual(localMigrations);
    const rows = await query<{ migration_name: string }>(
      empty.url,
      'SELECT migration_name FROM _prisma_migrations',
    );
    expect(rows).toHaveLength(localMigrations.length);
    expect((await migrationStatus(target)).upToDate).toBe(true);
  });

  it('reports a migration edited after it was applied', async () => {
    const empty = await createEmptyTestDatabase();
    cleanups.push(empty.drop);
    const dir = tempDir('migrations-');
    cpSync(MIGRATIONS_DIR, dir, { recursive: true });
    const target = { kind: 'postgres' as const, url: empty.url };
    await applyMigrations(target, { migrationsDir: dir });
    const first = localMigrations[0]!;
    writeFileSync(
      path.join(dir, first, 'migration.sql'),
      `${readFileSync(path.join(dir, first, 'migration.sql'))}\n-- edited\n`,
    );
    const status = await migrationStatus(target, { migrationsDir: dir });
    expect(status.upToDate).toBe(false);
    expect(status.edited).toEqual([first]);
  });

  it('opens through openDatabase and fails clearly when PostgreSQL is unreachable', async () => {
    await expect(
      openDatabase({
        databaseUrl: 'postgresql://postgres@127.0.0.1:1/nothing',
        dataDir: tempDir('x-'),
        logger: testLogger(),
      }),
    ).rejects.toThrow(/PostgreSQL at postgresql:\/\/postgres@127\.0\.0\.1:1\/nothing is unreachable/);
  });
});

function migrationsWithBrokenOne(): string {
  const dir = tempDir('migrations-');
  cpSync(MIGRATIONS_DIR, dir, { recursive: true });
  mkdirSync(path.join(dir, '29990101000000_broken'));
  writeFileSync(path.join(dir, '29990101000000_broken', 'migration.sql'), 'SELECT * FROM "NoSuchTable";\n');
  return dir;
}

describe('a failing migration', () => {
  it('stops deploy on PostgreSQL and is reported as failed', async () => {
    const empty = await createEmptyTestDatabase();
    cleanups.push(empty.drop);
    const dir = migrationsWithBrokenOne();
    const target = { kind: 'postgres' as const, url: empty.url };
    await expect(applyMigrations(target, { migrationsDir: dir })).rejects.toThrow(/NoSuchTable/);
    const status = await migrationStatus(target, { migrationsDir: dir });
    expect(status.upToDate).toBe(false);
    expect(status.failed).toEqual(['29990101000000_broken']);
  });

  it('stops deploy on PGlite too (the adapter script is awaited)', async () => {
    const client = await openPglite('memory://');
    try {
      const target = { kind: 'pglite' as const, client };
      await expect(applyMigrations(target, { migrationsDir: migrationsWithBrokenOne() })).rejects.toThrow(
        /NoSuchTable/,
      );
      const rows = await client.query<{ migration_name: string; finished_at: Date | null }>(
        'SELECT migration_name, finished_at FROM _prisma_migrations ORDER BY migration_name',
      );
      expect(rows.rows.at(-1)).toMatchObject({ migration_name: '29990101000000_broken', finished_at: null });
    } finally {
      await client.close();
    }
  });
});

describe('migrations on embedded PGlite', () => {
  it('creates the directory, applies migrations once, and re-opening applies nothing', async () => {
    const dataDir = tempDir('pglite-');
    const db = await openDatabase({ dataDir, logger: testLogger() });
    expect(db.kind).toBe('pglite');
    await db.ping();
    expect(await db.prisma.policy.count()).toBe(0);
    await db.close();
    await expect(db.ping()).rejects.toThrow(/closed/);

    const client = await openPglite(path.join(dataDir, 'pglite'));
    try {
      const target = { kind: 'pglite' as const, client };
      expect((await migrationStatus(target)).upToDate).toBe(true);
      expect((await applyMigrations(target)).applied).toEqual([]);
      const rows = await client.query<{ migration_name: string }>(
        'SELECT migration_name FROM _prisma_migrations',
      );
      expect(rows.rows.map((r) => r.migration_name)).toEqual(localMigrations);
    } finally {
      await client.close();
    }
  });

  it('refuses to open a directory another open database holds', async () => {
    const dataDir = tempDir('pglite-');
    const db = await openDatabase({ dataDir, logger: testLogger() });
    try {
      await expect(openDatabase({ dataDir, logger: testLogger() })).rejects.toThrow(
        /already open in this process/,
      );
    } finally {
      await db.close();
    }
  });
});

describe('creating migrations (in-memory PGlite)', () => {
  it('writes nothing when the schema matches the migrations', async () => {
    const dir = tempDir('migrations-');
    cpSync(MIGRATIONS_DIR, dir, { recursive: true });
    const created = await createMigration('nothing', { migrationsDir: dir });
    expect(created.path).toBeNull();
    expect(readdirSync(dir).sort()).toEqual([...localMigrations, 'migration_lock.toml'].sort());
  });

  it('writes the difference between the migrations and a changed schema', async () => {
    const dir = tempDir('migrations-');
    cpSync(MIGRATIONS_DIR, dir, { recursive: true });
    const schemaPath = path.join(tempDir('schema-'), 'schema.prisma');
    writeFileSync(
      schemaPath,
      `${readFileSync(SCHEMA_PATH, 'utf8')}\nmodel ProbeTable {\n  id String @id\n  note String?\n}\n`,
    );
    const created = await createMigration('add probe', {
      migrationsDir: dir,
      schemaPath,
      now: new Date('2031-02-03T04:05:06Z'),
    });
    expect(created.name).toBe('20310203040506_add_probe');
    const sql = readFileSync(path.join(dir, '20310203040506_add_probe', 'migration.sql'), 'utf8');
    expect(sql).toContain('CREATE TABLE "ProbeTable"');
    expect(sql).not.toContain('CREATE TABLE "Policy"');
  });
});

describe('interactive transactions', () => {
  for (const kind of ['postgres', 'pglite'] as const) {
    it(`commit and roll back on ${kind}`, async () => {
      let url: string | undefined;
      if (kind === 'postgres') {
        const empty = await createEmptyTestDatabase();
        cleanups.push(empty.drop);
        url = empty.url;
      }
      const db = await openDatabase({ databaseUrl: url, dataDir: tempDir('pglite-'), logger: testLogger() });
      try {
        await db.prisma.$transaction(async (tx) => {
          await tx.auditLog.create({ data: { actor: 'test', action: 'kept' } });
        });
        await expect(
          db.prisma.$transaction(async (tx) => {
            await tx.auditLog.create({ data: { actor: 'test', action: 'discarded' } });
            expect(await tx.auditLog.count()).toBe(2);
            throw new Error('roll back');
          }),
        ).rejects.toThrow('roll back');
        const rows = await db.prisma.auditLog.findMany({ select: { action: true } });
        expect(rows).toEqual([{ action: 'kept' }]);
      } finally {
        await db.close();
      }
    });
  }
});
