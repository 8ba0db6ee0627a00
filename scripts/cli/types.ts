import type { Config } from '../../core/config';
import type { PiiProtector } from '../../core/crypto';
import type { Database } from '../../core/db';
import type { Logger } from '../../core/log/logger';

/** What every back-office command gets. The database is opened on first use and closed by the CLI. */
export interface CliContext {
  config: Config;
  logger: Logger;
  pii: PiiProtector;
  database(): Promise<Database>;
  now(): Date;
  /** Report lines for the user (stdout). */
  print(text: string): void;
}

/**
 * One command, in its own file under scripts/cli/, registered in scripts/cli/index.ts.
 * `name` is the words that select it: "policies import".
 */
export interface CliCommand {
  name: string;
  summary: string;
  /** Arguments after the name, for the help text: "<file.csv>". */
  usage: string;
  /** Returns the exit code: 0 done, 1 rejected (report printed), 2 wrong usage. */
  run(args: string[], context: CliContext): Promise<number>;
}

export class UsageError extends Error {
  override name = 'UsageError';
}
