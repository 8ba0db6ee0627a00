/**
 * The report of an all-or-nothing back-office import (policies, DMS roster, …): problems in file
 * order, one line each with the line number and field, as the CLI prints them and the back office
 * and Slack show them.
 */
import type { CsvIssue } from './csv';

/** Issues in file order (file-level ones, line 0, first). */
export function sortIssues(issues: readonly CsvIssue[]): CsvIssue[] {
  return [...issues].sort((a, b) => a.line - b.line);
}

/** One report line per issue: `  line 3, phone: …` (or `  file: …`). */
export function formatIssueLines(issues: readonly CsvIssue[]): string[] {
  return issues.map((issue) => {
    const where = issue.line > 0 ? `line ${issue.line}` : 'file';
    return `  ${where}${issue.field ? `, ${issue.field}` : ''}: ${issue.reason}`;
  });
}

/** The report of a rejected import: a header line, then its issues. */
export function formatRejectedImport(fileName: string, total: number, issues: readonly CsvIssue[]): string {
  return [
    `${fileName}: NOT imported, nothing was written. ${issues.length} problem(s) in ${total} row(s):`,
    ...formatIssueLines(issues),
  ].join('\n');
}

/** Thrown inside an import's transaction to roll it back with the issues found there. */
export class ImportRejected extends Error {
  constructor(readonly issues: CsvIssue[]) {
    super('import rejected');
    this.name = 'ImportRejected';
  }
}
