/**
 * Import of an employer's DMS roster from the HR CSV
 * (`employee_number,full_name,birth_date,phone[,policy_number]`). All or nothing, like the policies
 * import: one bad row and nothing is written; every problem is reported with its line and field.
 * Re-importing updates the entries it names (matched by employer + employee number) and never
 * duplicates them; entries missing from the file are left as they are.
 *
 * `parseRosterCsv` is pure; `applyRosterImport` checks the rows against the database and writes
 * them in one transaction; `importRoster` does both (CLI now, Slack for HR later).
 */
import { z } from 'zod';
import { type CsvIssue, type CsvRecord, readCsv, uniqueColumn } from '../csv';
import type { Db, Tx } from '../db';
import type { LocalDate } from '../domain/local-date';
import { type PhoneFailure, parsePhone } from '../domain/phone';
import { toLocalDate } from '../domain/zone';
import { type ImportIssueCode, importIssue, isImportIssueCode } from '../import-issues';
import { formatRejectedImport, ImportRejected, sortIssues } from '../import-report';
import { parseDayInput } from './day-input';
import { POLICY_NUMBER_PATTERN } from './policies-import';

export const ROSTER_CSV_COLUMNS = {
  required: ['employee_number', 'full_name', 'birth_date', 'phone'],
  optional: ['policy_number'],
} as const;

/** Табельный номер: letters (Latin or Cyrillic) and digits, groups joined by "-", "/" or ".". */
export const EMPLOYEE_NUMBER_PATTERN = /^[\p{L}\p{N}]+(?:[-/.][\p{L}\p{N}]+)*$/u;

export interface RosterImportRow {
  line: number;
  employeeNumber: string;
  fullName: string;
  birthDate: LocalDate;
  /** E.164 */
  phone: string;
  policyNumber: string | null;
}

export interface ParsedRoster {
  rows: RosterImportRow[];
  issues: CsvIssue[];
  /** Data rows in the file (good and bad). */
  total: number;
}

export interface RosterImportReport {
  ok: boolean;
  employerCode: string;
  total: number;
  created: number;
  updated: number;
  unchanged: number;
  issues: CsvIssue[];
}

const PHONE_ISSUES: Record<PhoneFailure, ImportIssueCode> = {
  empty: 'value-empty',
  format: 'phone-format',
  length: 'phone-length',
  country: 'phone-country',
  prefix: 'phone-prefix',
};

/** Employee and policy numbers compare upper-case, without surrounding spaces. */
export function normalizeEmployeeNumber(text: string): string {
  return text.trim().toUpperCase().replace(/\s+/g, '');
}

export function normalizeRosterPolicyNumber(text: string): string {
  return text.trim().toUpperCase().replace(/\s+/g, '');
}

// messages are import issue codes: `schemaIssue` turns them into the report's issues
const required = () => z.string().min(1, { message: 'value-empty', abort: true });

function rowSchema(today: LocalDate) {
  return z.object({
    employee_number: required()
      .max(40, 'value-too-long')
      .transform(normalizeEmployeeNumber)
      .refine((value) => EMPLOYEE_NUMBER_PATTERN.test(value), 'employee-number-format'),
    full_name: required()
      .max(200, 'value-too-long')
      .transform((value) => value.normalize('NFC').replace(/\s+/g, ' '))
      .refine((value) => /\p{L}/u.test(value) && value.includes(' '), 'full-name-format'),
    birth_date: required().transform((value, ctx) => {
      const parsed = parseDayInput(value);
      if (!parsed.ok) {
        ctx.addIssue({
          code: 'custom',
          message: parsed.reason === 'format' ? 'date-format' : 'date-invalid',
        });
        return z.NEVER;
      }
      if (parsed.date > today || parsed.date < '1900-01-01') {
        ctx.addIssue({ code: 'custom', message: 'birth-date-implausible' });
        return z.NEVER;
      }
      return parsed.date;
    }),
    phone: z.string().transform((value, ctx) => {
      const parsed = parsePhone(value);
      if (!parsed.ok) {
        ctx.addIssue({ code: 'custom', message: PHONE_ISSUES[parsed.reason] });
        return z.NEVER;
      }
      return parsed.phone as string;
    }),
    policy_number: z
      .string()
      .max(40, 'value-too-long')
      .transform(normalizeRosterPolicyNumber)
      .refine((value) => value === '' || POLICY_NUMBER_PATTERN.test(value), 'policy-number-format')
      .optional(),
  });
}

/** A validation failure of one field as the report's issue: the field's value and limits filled in. */
function schemaIssue(record: CsvRecord, issue: z.core.$ZodIssue): CsvIssue {
  const field = String(issue.path[0] ?? '') || null;
  const code = issue.message;
  if (!isImportIssueCode(code)) return { line: record.line, field, reason: code };
  return importIssue(record.line, field, code, {
    what: field?.replaceAll('_', ' ') ?? '',
    value: (field && record.values[field]) || '',
    ...(issue.code === 'too_big' ? { max: Number(issue.maximum) } : {}),
  });
}

/**
 * Reads and checks the file on its own: every field, and duplicates within the file (employee
 * number, phone, policy number: each must name one employee). `today` bounds birth dates.
 */
export function parseRosterCsv(input: string | Uint8Array, today: LocalDate): ParsedRoster {
  const csv = readCsv(input, ROSTER_CSV_COLUMNS);
  if (!csv.ok) return { rows: [], issues: csv.issues, total: 0 };
  const issues: CsvIssue[] = [...csv.issues];
  const rows: RosterImportRow[] = [];
  const schema = rowSchema(today);
  const unique = {
    employee_number: uniqueColumn('employee_number'),
    phone: uniqueColumn('phone'),
    policy_number: uniqueColumn('policy_number'),
  };
  for (const record of csv.table.records) {
    const parsed = schema.safeParse(record.values);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) issues.push(schemaIssue(record, issue));
      continue;
    }
    const value = parsed.data;
    const row: RosterImportRow = {
      line: record.line,
      employeeNumber: value.employee_number,
      fullName: value.full_name,
      birthDate: value.birth_date,
      phone: value.phone,
      policyNumber: value.policy_number ? value.policy_number : null,
    };
    let duplicate = false;
    for (const [field, key] of [
      ['employee_number', row.employeeNumber],
      ['phone', row.phone],
      ['policy_number', row.policyNumber],
    ] as const) {
      if (key === null) continue;
      const issue = unique[field](record.line, key);
      if (issue) {
        issues.push(issue);
        duplicate = true;
      }
    }
    if (!duplicate) rows.push(row);
  }
  if (csv.table.records.length === 0 && issues.length === 0) {
    issues.push(importIssue(0, null, 'file-no-rows'));
  }
  return { rows, issues: sortIssues(issues), total: csv.table.records.length + csv.issues.length };
}

const dbDay = (date: Date) => date.toISOString().slice(0, 10);
const asDbDate = (day: LocalDate) => new Date(`${day}T00:00:00.000Z`);

interface ExistingEntry {
  id: string;
  employeeNumber: string;
  fullName: string;
  birthDate: Date;
  phone: string;
  policyNumber: string | null;
  active: boolean;
}

/**
 * Rows against the employer's current roster: a phone or policy number may not belong to another
 * employee who stays in the roster unchanged (the registration matches people by them).
 */
function checkAgainstRoster(rows: RosterImportRow[], existing: ExistingEntry[]): CsvIssue[] {
  const issues: CsvIssue[] = [];
  const inFile = new Set(rows.map((row) => row.employeeNumber));
  const others = existing.filter((entry) => entry.active && !inFile.has(entry.employeeNumber));
  const byPhone = new Map(others.map((entry) => [entry.phone, entry]));
  const byPolicy = new Map(
    others.filter((entry) => entry.policyNumber).map((entry) => [entry.policyNumber as string, entry]),
  );
  for (const row of rows) {
    const phoneOwner = byPhone.get(row.phone);
    if (phoneOwner) {
      issues.push(
        importIssue(row.line, 'phone', 'phone-taken', { value: row.phone, owner: phoneOwner.employeeNumber }),
      );
    }
    const policyOwner = row.policyNumber ? byPolicy.get(row.policyNumber) : undefined;
    if (policyOwner) {
      issues.push(
        importIssue(row.line, 'policy_number', 'policy-taken', {
          value: row.policyNumber as string,
          owner: policyOwner.employeeNumber,
        }),
      );
    }
  }
  return issues;
}

function sameEntry(entry: ExistingEntry, row: RosterImportRow): boolean {
  return (
    entry.active &&
    entry.fullName === row.fullName &&
    dbDay(entry.birthDate) === row.birthDate &&
    entry.phone === row.phone &&
    entry.policyNumber === row.policyNumber
  );
}

async function loadRoster(tx: Db | Tx, employerId: string): Promise<ExistingEntry[]> {
  return tx.rosterEntry.findMany({
    where: { employerId },
    select: {
      id: true,
      employeeNumber: true,
      fullName: true,
      birthDate: true,
      phone: true,
      policyNumber: true,
      active: true,
    },
  });
}

/** Checks parsed rows against the employer's roster and writes them, all in one transaction. */
export async function applyRosterImport(
  db: Db,
  employerCode: string,
  parsed: ParsedRoster,
  actor = 'cli',
): Promise<RosterImportReport> {
  const base = { employerCode, total: parsed.total, created: 0, updated: 0, unchanged: 0 };
  const employer = await db.employer.findUnique({ where: { code: employerCode } });
  if (!employer) {
    return {
      ok: false,
      ...base,
      issues: [importIssue(0, null, 'unknown-employer', { employer: employerCode })],
    };
  }
  if (parsed.issues.length > 0) {
    // the roster conflicts of the well-formed rows too, so one run lists everything
    const conflicts = checkAgainstRoster(parsed.rows, await loadRoster(db, employer.id));
    return { ok: false, ...base, issues: sortIssues([...parsed.issues, ...conflicts]) };
  }
  try {
    return await db.$transaction(
      async (tx) => {
        // one import of an employer at a time: the second waits, then sees the first's rows
        await tx.$queryRaw`SELECT id FROM "Employer" WHERE id = ${employer.id}::uuid FOR UPDATE`;
        const existing = await loadRoster(tx, employer.id);
        const conflicts = checkAgainstRoster(parsed.rows, existing);
        if (conflicts.length > 0) throw new ImportRejected(sortIssues(conflicts));
        const byNumber = new Map(existing.map((entry) => [entry.employeeNumber, entry]));
        const counts = { created: 0, updated: 0, unchanged: 0 };
        const fresh = [];
        for (const row of parsed.rows) {
          const data = {
            fullName: row.fullName,
            birthDate: asDbDate(row.birthDate),
            phone: row.phone,
            policyNumber: row.policyNumber,
            active: true,
          };
          const entry = byNumber.get(row.employeeNumber);
          if (!entry) {
            fresh.push({ employerId: employer.id, employeeNumber: row.employeeNumber, ...data });
          } else if (sameEntry(entry, row)) {
            counts.unchanged++;
          } else {
            await tx.rosterEntry.update({ where: { id: entry.id }, data });
            counts.updated++;
          }
        }
        if (fresh.length > 0) counts.created = (await tx.rosterEntry.createMany({ data: fresh })).count;
        await tx.auditLog.create({
          data: {
            actor,
            action: 'roster.imported',
            subject: employer.id,
            details: { employerCode, rows: parsed.rows.length, ...counts },
          },
        });
        return { ok: true, ...base, ...counts, issues: [] };
      },
      { timeout: 120_000, maxWait: 10_000 },
    );
  } catch (error) {
    if (error instanceof ImportRejected) return { ok: false, ...base, issues: error.issues };
    throw error;
  }
}

/**
 * Parses, checks and writes a roster CSV of one employer. `now` and `zone` give "today" for the
 * birth-date check (default Asia/Almaty; a day of slack either way changes nothing in practice).
 */
export async function importRoster(
  db: Db,
  employerCode: string,
  input: string | Uint8Array,
  now: Date,
  options: { zone?: string; actor?: string } = {},
): Promise<RosterImportReport> {
  const today = toLocalDate(now, options.zone ?? 'Asia/Almaty');
  return applyRosterImport(db, employerCode, parseRosterCsv(input, today), options.actor);
}

/** The report as printed by the CLI (and, later, posted to HR in Slack). */
export function formatRosterImportReport(report: RosterImportReport, fileName = 'file'): string {
  if (report.ok) {
    return (
      `${fileName}: roster of ${report.employerCode}, ${report.total} row(s): ` +
      `${report.created} new, ${report.updated} updated, ${report.unchanged} unchanged.`
    );
  }
  return formatRejectedImport(fileName, report.total, report.issues);
}
