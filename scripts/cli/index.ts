import { clinicsImport } from './clinics-import';
import { demoSeed } from './demo-seed';
import { billsIssue, invoicesImport } from './invoices-import';
import { operatorsAdd } from './operators-add';
import { policiesImport } from './policies-import';
import { rosterImport } from './roster-import';
import { slackLink } from './slack-link';
import type { CliCommand } from './types';

/** Every back-office command. Adding one: a file in scripts/cli/ exporting a CliCommand, and a line here. */
export const COMMANDS: CliCommand[] = [
  policiesImport,
  rosterImport,
  clinicsImport,
  invoicesImport,
  billsIssue,
  operatorsAdd,
  slackLink,
  demoSeed,
];

/** The command whose name is the longest prefix of `words`, and the words after it. */
export function findCommand(words: string[]): { command: CliCommand; args: string[] } | null {
  let best: CliCommand | null = null;
  for (const command of COMMANDS) {
    const name = command.name.split(' ');
    const matches = name.every((word, index) => words[index] === word);
    if (matches && (!best || name.length > best.name.split(' ').length)) best = command;
  }
  return best ? { command: best, args: words.slice(best.name.split(' ').length) } : null;
}

export function helpText(): string {
  const width = Math.max(...COMMANDS.map((c) => `${c.name} ${c.usage}`.length));
  return [
    'Usage: npm run cli -- <command> [arguments]',
    '',
    'Commands:',
    ...COMMANDS.map((c) => `  ${`${c.name} ${c.usage}`.padEnd(width)}  ${c.summary}`),
    '',
    'The database is DATABASE_URL, or the embedded PGlite in $DATA_DIR/pglite when it is not set.',
  ].join('\n');
}
