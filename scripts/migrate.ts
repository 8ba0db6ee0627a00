/**
 * Offline replacement for `prisma migrate deploy | status | dev --create-only`:
 *
 *   npm run db:migrate              apply pending migrations (DATABASE_URL, else $DATA_DIR/pglite)
 *   npm run db:status               list pending / failed / edited migrations (exit 1 unless up to date)
 *   npm run db:migration -- <name>  write prisma/migrations/<timestamp>_<name>/migration.sql
 */
import 'dotenv/config';
import { parseArgs } from 'node:util';
import { loadConfig } from '../core/config';
import { applyMigrations, createMigration, type MigrationTarget, migrationStatus } from '../core/db/migrate';
import { redactUrl } from '../core/db/pg-config';
import { claimPgliteDir, openPglite, pgliteDir } from '../core/db/pglite';
import { createLogger } from '../core/log/logger';

const USAGE = `Usage:
  tsx scripts/migrate.ts deploy
  tsx scripts/migrate.ts status
  tsx scripts/migrate.ts create <name> [--empty]`;

async function withTarget<T>(work: (target: MigrationTarget, where: string) => Promise<T>): Promise<T> {
  const config = loadConfig();
  if (config.DATABASE_URL)
    return work({ kind: 'postgres', url: config.DATABASE_URL }, redactUrl(config.DATABASE_URL));
  const dir = pgliteDir(config.DATA_DIR);
  const release = claimPgliteDir(dir);
  try {
    const client = await openPglite(dir);
    try {
      return await work({ kind: 'pglite', client }, `PGlite ${dir}`);
    } finally {
      await client.close();
    }
  } finally {
    release();
  }
}

async function main(argv: string[]): Promise<number> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { empty: { type: 'boolean', default: false }, help: { type: 'boolean', short: 'h' } },
  });
  const [command, name] = positionals;
  if (values.help || !command) {
    console.log(USAGE);
    return command ? 0 : 2;
  }
  const config = loadConfig();
  const logger = createLogger({ level: config.LOG_LEVEL, format: config.logFormat });

  switch (command) {
    case 'deploy':
      return withTarget(async (target, where) => {
        const result = await applyMigrations(target, { logger });
        console.log(
          result.applied.length > 0
            ? `Applied ${result.applied.length} migration(s) to ${where} in ${result.durationMs} ms:\n${result.applied.map((n) => `  ${n}`).join('\n')}`
            : `${where}: no pending migrations (${result.durationMs} ms).`,
        );
        return 0;
      });
    case 'status':
      return withTarget(async (target, where) => {
        const status = await migrationStatus(target, { logger });
        console.log(`${where}: ${status.local.length} migration(s) in prisma/migrations.`);
        if (status.upToDate) console.log('Database schema is up to date.');
        if (!status.hasMigrationsTable) console.log('The database has no _prisma_migrations table yet.');
        const show = (label: string, names: string[]) => {
          if (names.length > 0) console.log(`${label}:\n${names.map((n) => `  ${n}`).join('\n')}`);
        };
        show('Not yet applied', status.pending);
        show('Failed', status.failed);
        show('Edited after being applied', status.edited);
        show('Applied but missing from prisma/migrations', status.unknown);
        return status.upToDate ? 0 : 1;
      });
    case 'create': {
      if (!name) {
        console.error(`A migration name is required.\n${USAGE}`);
        return 2;
      }
      const created = await createMigration(name, { logger, allowEmpty: values.empty });
      if (!created.path) {
        console.log(
          'The schema matches the migrations: nothing to create (use --empty for a blank migration).',
        );
        return 0;
      }
      console.log(`Created ${created.path}/migration.sql`);
      return 0;
    }
    default:
      console.error(`Unknown command "${command}".\n${USAGE}`);
      return 2;
  }
}

main(process.argv.slice(2)).then(
  // PGlite leaves the exit code at 99: always exit explicitly.
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
