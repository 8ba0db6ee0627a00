/**
 * Why an import refused a file or a field, as a code with values. The CLI, the back office and the
 * logs read the English `reason`; people in a chat (HR in Slack) get the same issue in their language
 * from `import-issue-<code>` (locales/parts/import.<lang>.ftl; test/unit/i18n.test.ts checks every code has both).
 */
type Values = Record<string, string | number>;

const REASONS = {
  'file-not-utf8': () => 'the file is not UTF-8 (in Excel: «Save as» → «CSV UTF-8»)',
  'file-empty': () => 'the file is empty',
  'file-unreadable': (v: Values) => `not a readable CSV file: ${v.error}`,
  'file-no-rows': () => 'the file has a header but no rows',
  'header-missing': (v: Values) => `the header has no column "${v.column}"`,
  'header-unknown': (v: Values) => `unknown column "${v.column}" (expected: ${v.expected})`,
  'header-repeated': (v: Values) => `column "${v.column}" appears twice`,
  'field-count': (v: Values) =>
    `${v.count} field(s) where the header has ${v.expected} (delimiter "${v.delimiter}")`,
  duplicate: (v: Values) => `duplicate within the file: ${v.value} is already on line ${v.previous}`,
  'value-empty': (v: Values) => `${v.what} is empty`,
  'value-too-long': (v: Values) => `${v.what} is longer than ${v.max} characters`,
  'employee-number-format': () => 'bad format: letters and digits, e.g. T-001',
  'full-name-format': () => 'surname and given name expected',
  'date-format': () => 'bad format: YYYY-MM-DD or DD.MM.YYYY expected',
  'date-invalid': (v: Values) => `not a calendar date: ${v.value}`,
  'birth-date-implausible': (v: Values) => `birth date ${v.value} is not plausible`,
  'phone-format': () =>
    'not a phone number: only digits, spaces, dashes, brackets and a leading "+" are allowed',
  'phone-length': () => 'not a +7 number: 10 digits expected (or 11 starting with 7 or 8)',
  'phone-country': () => 'only +7 numbers (Kazakhstan, Russia) are accepted',
  'phone-prefix': () => 'not a valid +7 number: the 10-digit number cannot start with 0 or 1',
  'policy-number-format': () =>
    'bad format: capital latin letters and digits joined by "-" or "/" (e.g. DMS-300001)',
  'phone-taken': (v: Values) => `${v.value} already belongs to employee ${v.owner} of this employer`,
  'policy-taken': (v: Values) => `${v.value} already belongs to employee ${v.owner} of this employer`,
  'unknown-employer': (v: Values) => `unknown employer "${v.employer}"`,
} satisfies Record<string, (values: Values) => string>;

export type ImportIssueCode = keyof typeof REASONS;
export const IMPORT_ISSUE_CODES = Object.keys(REASONS) as ImportIssueCode[];

export interface ImportIssue {
  /** 1-based line in the file (the header is line 1); 0 for the file as a whole. */
  line: number;
  /** Column name, when the problem is one field. */
  field: string | null;
  /** English, for the CLI and the back office */
  reason: string;
  /** set by the issues that people outside the back office may see (`import-issue-<code>`) */
  code?: ImportIssueCode;
  values?: Values;
}

export function importIssue(
  line: number,
  field: string | null,
  code: ImportIssueCode,
  values: Values = {},
): ImportIssue {
  return { line, field, reason: REASONS[code](values), code, values };
}

/** Marks a validation message as an issue code (zod messages of the import schemas). */
export function isImportIssueCode(message: string): message is ImportIssueCode {
  return Object.hasOwn(REASONS, message);
}
