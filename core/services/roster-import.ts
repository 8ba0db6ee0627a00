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
import { type CsvIssue, readCsv, uniqueColumn } from '../csv';
import type { Db, Tx } from '../db';
import type { LocalDate } from '../domain/local-date';
import { type PhoneFailure, parsePhone } from '../domain/phone';
import { toLocalDate } from '../domain/zone';
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

const PHONE_REASONS: Record<PhoneFailure, string> = {
  empty: 'phone is empty',
  format: 'not a phone number: only digits, spaces, dashes, brackets and a leading "+" are allowed',
  length: 'not a +7 number: 10 digits expected (or 11 starting with 7 or 8)',
  country: 'only +7 numbers (Kazakhstan, Russia) are accepted',
  prefix: 'not a valid +7 number: the 10-digit number cannot start with 0 or 1',
};

/** Employee and policy numbers compare upper-case, without surrounding spaces. */
export function normalizeEmployeeNumber(text: string): string {
  return text.trim().toUpperCase().replace(/\s+/g, '');
}

export function normalizeRosterPolicyNumber(text: string): string {
  return text.trim().toUpperCase().replace(/\s+/g, '');
}

const required = (what: string) => z.string().min(1, { message: `${what} is empty`, abort: true });

function rowSchema(today: LocalDate) {
  return z.object({
    employee_number: required('employee number')
      .max(40, 'employee number is longer than 40 characters')
      .transform(normalizeEmployeeNumber)
      .refine((value) => EMPLOYEE_NUMBER_PATTERN.test(value), 'bad format: letters and digits, e.g. T-001'),
    full_name: required('full name')
      .max(200, 'full name is longer than 200 characters')
      .transform((value) => value.normalize('NFC').replace(/\s+/g, ' '))
      .refine((value) => /\p{L}/u.test(value) && value.includes(' '), 'surname and given name expected'),
    birth_date: required('birth date').transform((value, ctx) => {
      const parsed = parseDayInput(value);
      if (!parsed.ok) {
        ctx.addIssue({
          code: 'custom',
          message:
            parsed.reason === 'format'
              ? 'bad format: YYYY-MM-DD or DD.MM.YYYY expected'
              : `not a calendar date: ${value}`,
        });
        return z.NEVER;
      }
      if (parsed.date > today || parsed.date < '1900-01-01') {
        ctx.addIssue({ code: 'custom', message: `birth date ${parsed.date} is not plausible` });
        return z.NEVER;
      }
      return parsed.date;
    }),
    phone: z.string().transform((value, ctx) => {
      const parsed = parsePhone(value);
      if (!parsed.ok) {
        ctx.addIssue({ code: 'custom', message: PHONE_REASONS[parsed.reason] });
        return z.NEVER;
      }
      return parsed.phone as string;
    }),
    policy_number: z
      .string()
      .max(40, 'policy number is longer than 40 characters')
      .transform(normalizeRosterPolicyNumber)
      .refine(
        (value) => value === '' || POLICY_NUMBER_PATTERN.test(value),
        'bad format: capital latin letters and digits joined by "-" or "/" (e.g. DMS-300001)',
      )
      .optional(),
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
      for (const issue of parsed.error.issues) {
        issues.push({ line: record.line, field: String(issue.path[0] ?? '') || null, reason: issue.message });
      }
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
    issues.push({ line: 0, field: null, reason: 'the file has a header but no rows' });
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
      issues.push({
        line: row.line,
        field: 'phone',
        reason: `${row.phone} already belongs to employee ${phoneOwner.employeeNumber} of this employer`,
      });
    }
    const policyOwner = row.policyNumber ? byPolicy.get(row.policyNumber) : undefined;
    if (policyOwner) {
      issues.push({
        line: row.line,
        field: 'policy_number',
        reason: `${row.policyNumber} already belongs to employee ${policyOwner.employeeNumber} of this employer`,
      });
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
      issues: [{ line: 0, field: null, reason: `unknown employer "${employerCode}"` }],
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
