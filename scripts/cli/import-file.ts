import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { type CliContext, UsageError } from './types';

/** A file the command cannot open is a usage error: the CLI prints it with the usage line (exit 2). */
export function unreadableFile(file: string, error: unknown): UsageError {
  return new UsageError(
    `cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
  );
}

/** The single argument of a command that imports one CSV file (no options). */
export function csvFileArgument(args: string[]): string {
  const { positionals } = parseArgs({ args, allowPositionals: true, options: {} });
  const [file, ...extra] = positionals;
  if (!file || extra.length > 0) throw new UsageError('exactly one CSV file is expected');
  return file;
}

/** The bytes of an import's input file. */
export async function readImportFile(file: string): Promise<Buffer> {
  try {
    return await readFile(file);
  } catch (error) {
    throw unreadableFile(file, error);
  }
}

/**
 * Prints an import's report, logs its summary (`file`, `ok` and `fields`) under the command's
 * name, and returns the exit code: 0 imported, 1 rejected.
 */
export function reportImport<R extends { ok: boolean }>(
  context: CliContext,
  command: string,
  file: string,
  report: R,
  format: (report: R, fileName: string) => string,
  fields: Record<string, unknown>,
): number {
  const fileName = path.basename(file);
  context.print(format(report, fileName));
  context.logger.info({ file: fileName, ok: report.ok, ...fields }, command);
  return report.ok ? 0 : 1;
}
