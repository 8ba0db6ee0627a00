/**
 * Import of issued «Личный врач» / «Детский доктор» policies from the insurer's CSV
 * (`policy_number,product_code,activation_code[,issued_at]`). All or nothing: one bad row and
 * nothing is written; re-importing a file creates no duplicates.
 *
 * `parsePoliciesCsv` is pure (format checks, duplicates within the file); `applyPoliciesImport`
 * checks rows against the database and writes them in one transaction. The CLI and the HTTP back
 * office both call `importPolicies`, which does the two.
 */
import { z } from 'zod';
import type { PiiProtector } from '../crypto';
import { type CsvIssue, readCsv, uniqueColumn } from '../csv';
import type { Db, Tx } from '../db';
import { formatRejectedImport, ImportRejected, sortIssues } from '../import-report';

export const POLICY_CSV_COLUMNS = {
  required: ['policy_number', 'product_code', 'activation_code'],
  optional: ['issued_at'],
} as const;

/** Upper-case latin letters and digits in groups joined by "-" or "/": LV-100001, KZ/2026/0001. */
export const POLICY_NUMBER_PATTERN = /^[A-Z0-9]+(?:[-/][A-Z0-9]+)*$/;
/** Activation codes are 6 digits. */
export const ACTIVATION_CODE_PATTERN = /^\d{6}$/;

export type ImportIssue = CsvIssue;

export interface PolicyImportRow {
  line: number;
  number: string;
  productCode: string;
  activationCode: string;
  /** Missing in the file → the import time. */
  issuedAt: Date | null;
}

export interface ParsedPolicies {
  rows: PolicyImportRow[];
  issues: ImportIssue[];
  /** Data rows in the file (good and bad). */
  total: number;
}

export interface PoliciesImportReport {
  ok: boolean;
  total: number;
  created: number;
  alreadyPresent: number;
  issues: ImportIssue[];
}

const required = (what: string) => z.string().min(1, { message: `${what} is empty`, abort: true });

const isoDate = z
  .string()
  .refine(
    (text) =>
      /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,6})?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/.test(text) &&
      isRealDate(text),
    'not an ISO date (YYYY-MM-DD or YYYY-MM-DDTHH:MM:SSZ)',
  );

function isRealDate(text: string): boolean {
  const [y, m, d] = text.slice(0, 10).split('-').map(Number) as [number, number, number];
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

const RowSchema = z.object({
  policy_number: required('policy number')
    .max(40, 'policy number is longer than 40 characters')
    .regex(
      POLICY_NUMBER_PATTERN,
      'bad format: capital latin letters and digits joined by "-" or "/" (e.g. LV-100001)',
    ),
  product_code: required('product code').regex(
    /^[a-z0-9_-]+$/,
    'bad format: lower-case code such as personal_doctor',
  ),
  activation_code: required('activation code').regex(
    ACTIVATION_CODE_PATTERN,
    'bad format: 6 digits expected',
  ),
  issued_at: z.union([z.literal(''), isoDate]).optional(),
});

/** Reads and checks the file on its own: format of every field, duplicates within the file. */
export function parsePoliciesCsv(input: string | Uint8Array): ParsedPolicies {
  const csv = readCsv(input, POLICY_CSV_COLUMNS);
  if (!csv.ok) return { rows: [], issues: csv.issues, total: 0 };
  const issues: ImportIssue[] = [...csv.issues];
  const rows: PolicyImportRow[] = [];
  const duplicateNumber = uniqueColumn('policy_number');
  for (const record of csv.table.records) {
    const parsed = RowSchema.safeParse(record.values);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        issues.push({ line: record.line, field: String(issue.path[0] ?? '') || null, reason: issue.message });
      }
      continue;
    }
    const value = parsed.data;
    const duplicate = duplicateNumber(record.line, value.policy_number);
    if (duplicate) {
      issues.push(duplicate);
      continue;
    }
    rows.push({
      line: record.line,
      number: value.policy_number,
      productCode: value.product_code,
      activationCode: value.activation_code,
      issuedAt: value.issued_at
        ? new Date(value.issued_at.length === 10 ? `${value.issued_at}T00:00:00Z` : value.issued_at)
        : null,
    });
  }
  if (csv.table.records.length === 0 && issues.length === 0) {
    issues.push({ line: 0, field: null, reason: 'the file has a header but no rows' });
  }
  return { rows, issues: sortIssues(issues), total: csv.table.records.length + csv.issues.length };
}

const CHUNK = 5_000;

async function checkAgainstDatabase(
  tx: Db | Tx,
  rows: PolicyImportRow[],
  hashSecret: (code: string) => string,
): Promise<{ issues: ImportIssue[]; fresh: PolicyImportRow[]; productIds: Map<string, string> }> {
  const issues: ImportIssue[] = [];
  const productCodes = [...new Set(rows.map((r) => r.productCode))];
  const products = await tx.product.findMany({
    where: { code: { in: productCodes } },
    select: { id: true, code: true },
  });
  const productIds = new Map(products.map((p) => [p.code, p.id]));

  const existing = new Map<
    string,
    { productId: string; activationCodeHash: string; product: { code: string } }
  >();
  for (let i = 0; i < rows.length; i += CHUNK) {
    const found = await tx.policy.findMany({
      where: { number: { in: rows.slice(i, i + CHUNK).map((r) => r.number) } },
      select: {
        number: true,
        productId: true,
        activationCodeHash: true,
        product: { select: { code: true } },
      },
    });
    for (const policy of found) existing.set(policy.number, policy);
  }

  const fresh: PolicyImportRow[] = [];
  for (const row of rows) {
    const productId = productIds.get(row.productCode);
    if (!productId) {
      issues.push({ line: row.line, field: 'product_code', reason: `unknown product "${row.productCode}"` });
      continue;
    }
    const current = existing.get(row.number);
    if (!current) {
      fresh.push(row);
      continue;
    }
    if (current.productId !== productId) {
      issues.push({
        line: row.line,
        field: 'product_code',
        reason: `conflicts with existing policy ${row.number} of product "${current.product.code}"`,
      });
    } else if (current.activationCodeHash !== hashSecret(row.activationCode)) {
      issues.push({
        line: row.line,
        field: 'activation_code',
        reason: `conflicts with existing policy ${row.number}, whose activation code differs`,
      });
    }
  }
  return { issues, fresh, productIds };
}

/**
 * Checks parsed rows against the database (known product; an existing policy must have the same
 * product and code) and writes the new ones, all in one transaction.
 */
export async function applyPoliciesImport(
  db: Db,
  pii: Pick<PiiProtector, 'hashSecret'>,
  parsed: ParsedPolicies,
  now: Date,
): Promise<PoliciesImportReport> {
  const base = { total: parsed.total, created: 0, alreadyPresent: 0 };
  if (parsed.issues.length > 0) {
    // Report the database problems of the well-formed rows too, so one run lists everything.
    const checked =
      parsed.rows.length > 0 ? await checkAgainstDatabase(db, parsed.rows, pii.hashSecret) : null;
    return { ok: false, ...base, issues: sortIssues([...parsed.issues, ...(checked?.issues ?? [])]) };
  }
  try {
    return await db.$transaction(
      async (tx) => {
        const { issues, fresh, productIds } = await checkAgainstDatabase(tx, parsed.rows, pii.hashSecret);
        if (issues.length > 0) throw new ImportRejected(sortIssues(issues));
        let created = 0;
        for (let i = 0; i < fresh.length; i += CHUNK) {
          const result = await tx.policy.createMany({
            data: fresh.slice(i, i + CHUNK).map((row) => ({
              number: row.number,
              productId: productIds.get(row.productCode)!,
              activationCodeHash: pii.hashSecret(row.activationCode),
              issuedAt: row.issuedAt ?? now,
            })),
            skipDuplicates: true,
          });
          created += result.count;
        }
        if (created !== fresh.length) {
          // Another import wrote some of these numbers meanwhile: check again rather than guess.
          const again = await checkAgainstDatabase(tx, parsed.rows, pii.hashSecret);
          if (again.issues.length > 0) throw new ImportRejected(sortIssues(again.issues));
        }
        return { ok: true, ...base, created, alreadyPresent: parsed.rows.length - created, issues: [] };
      },
      { timeout: 120_000, maxWait: 10_000 },
    );
  } catch (error) {
    if (error instanceof ImportRejected) return { ok: false, ...base, issues: error.issues };
    throw error;
  }
}

/** Parses, checks and writes a policies CSV file. */
export async function importPolicies(
  db: Db,
  pii: Pick<PiiProtector, 'hashSecret'>,
  input: string | Uint8Array,
  now: Date,
): Promise<PoliciesImportReport> {
  return applyPoliciesImport(db, pii, parsePoliciesCsv(input), now);
}

/** The report as printed by the CLI (and shown by the back office). */
export function formatPoliciesImportReport(report: PoliciesImportReport, fileName = 'file'): string {
  if (report.ok) {
    return `${fileName}: ${report.total} row(s): ${report.created} new, ${report.alreadyPresent} already present.`;
  }
  return formatRejectedImport(fileName, report.total, report.issues);
}
