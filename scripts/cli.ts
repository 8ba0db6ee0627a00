/**
 * Back-office command line: `npm run cli -- <command> [arguments]` (`npm run cli -- help`).
 * Commands live in scripts/cli/, one file each, registered in scripts/cli/index.ts.
 */
import 'dotenv/config';
import { ConfigError, loadConfig } from '../core/config';
import { createPiiProtector } from '../core/crypto';
import { type Database, openDatabase } from '../core/db';
import { createLogger } from '../core/log/logger';
import { findCommand, helpText } from './cli/index';
import { type CliContext, UsageError } from './cli/types';

async function main(argv: string[]): Promise<number> {
  if (argv.length === 0 || ['help', '--help', '-h'].includes(argv[0] ?? '')) {
    console.log(helpText());
    return argv.length === 0 ? 2 : 0;
  }
  const found = findCommand(argv);
  if (!found) {
    console.error(`Unknown command "${argv.join(' ')}".\n\n${helpText()}`);
    return 2;
  }
  const config = loadConfig();
  const logger = createLogger({ level: config.LOG_LEVEL, format: config.logFormat });
  let opened: Promise<Database> | undefined;
  const context: CliContext = {
    config,
    logger,
    pii: createPiiProtector(config.piiKey),
    database: () => {
      opened ??= openDatabase({ databaseUrl: config.DATABASE_URL, dataDir: config.DATA_DIR, logger });
      return opened;
    },
    now: () => new Date(),
    print: (text) => console.log(text),
  };
  try {
    return await found.command.run(found.args, context);
  } catch (error) {
    if (error instanceof UsageError) {
      console.error(
        `${found.command.name}: ${error.message}\nUsage: npm run cli -- ${found.command.name} ${found.command.usage}`,
      );
      return 2;
    }
    throw error;
  } finally {
    if (opened) await (await opened.catch(() => null))?.close();
  }
}

main(process.argv.slice(2)).then(
  // PGlite leaves the exit code at 99: always exit explicitly.
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof ConfigError || error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
