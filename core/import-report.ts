/**
 * The report of an all-or-nothing back-office import (policies, DMS roster, …): problems in file
 * order, one line each with the line number and field, as the CLI prints them and the back office
 * and Slack show them.
 */
import type { CsvIssue } from './csv';
import type { MessageParams } from './i18n';

/** Issues in file order (file-level ones, line 0, first). */
export function sortIssues(issues: readonly CsvIssue[]): CsvIssue[] {
  return [...issues].sort((a, b) => a.line - b.line);
}

const issueLine = (where: string, issue: CsvIssue, reason: string) =>
  `  ${where}${issue.field ? `, ${issue.field}` : ''}: ${reason}`;

/** One report line per issue: `  line 3, phone: …` (or `  file: …`). */
export function formatIssueLines(issues: readonly CsvIssue[]): string[] {
  return issues.map((issue) =>
    issueLine(issue.line > 0 ? `line ${issue.line}` : 'file', issue, issue.reason),
  );
}

/** The same lines in a person's language (`import-issue-<code>`); an issue without a code keeps its reason. */
export function localizedIssueLines(
  issues: readonly CsvIssue[],
  t: (key: string, params?: MessageParams) => string,
): string[] {
  return issues.map((issue) =>
    issueLine(
      issue.line > 0 ? t('import-issue-where-line', { line: issue.line }) : t('import-issue-where-file'),
      issue,
      issue.code ? t(`import-issue-${issue.code}`, issue.values) : issue.reason,
    ),
  );
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
