/**
 * Import of clinic invoices (seed 002 item 4: the clinic bills the insurer, the insurer charges the
 * franchise). One line of the input = one service given to one member:
 *
 *   invoice_number, clinic_code, patient, service_date, service_name, quantity, unit_cost
 *
 * `patient` is the member's policy number, employee (табельный) number or IIN. Inputs: CSV
 * (streamed), XLSX (streamed, first sheet) and the back office's JSON (same fields).
 *
 * **All or nothing, in two passes over the input** (docs/billing.md):
 *  1. check every line (format, clinic, member, duplicates) holding only small maps (clinics,
 *     patients seen, invoices seen); nothing is written;
 *  2. if no line is wrong, read the input again and write invoices and lines in chunks of
 *     multi-row inserts, all inside ONE transaction: a crash or a problem writes nothing.
 * Invoices already imported (same clinic + number) are skipped with all their lines, so a
 * re-import creates nothing new. Lines within an invoice are numbered in the order of the input.
 */
import { randomUUID } from 'node:crypto';
import type { PiiProtector } from '../crypto';
import { CsvFileError, type CsvIssue, type CsvStreamItem } from '../csv';
import type { Db, Tx } from '../db';
import { validateIin } from '../domain/iin';
import { isValidYmd, type LocalDate } from '../domain/local-date';
import { type Currency, multiplyMoney, parseMoney } from '../domain/money';
import { toLocalDate } from '../domain/zone';

export const INVOICE_COLUMNS = {
  required: [
    'invoice_number',
    'clinic_code',
    'patient',
    'service_date',
    'service_name',
    'quantity',
    'unit_cost',
  ],
  optional: [],
} as const;

export type ImportIssue = CsvIssue;

/** Where the lines come from; `records()` must give the same records each time it is called. */
export interface InvoiceSource {
  /** stored in ClinicInvoice.source: "csv:march.csv", "xlsx:march.xlsx", "api" */
  name: string;
  records(): AsyncIterable<CsvStreamItem>;
}

export interface InvoiceImportProgress {
  phase: 'check' | 'write';
  /** lines processed in this phase */
  lines: number;
}

export interface InvoiceImportOptions {
  now: Date;
  /** rows per multi-row insert (default 5 000) */
  chunkSize?: number;
  /** at most this many issues are listed (all are counted); default 1 000 */
  maxIssues?: number;
  onProgress?: (progress: InvoiceImportProgress) => void;
}

export interface InvoiceImportReport {
  ok: boolean;
  /** data lines in the input, good and bad */
  total: number;
  invoices: { created: number; alreadyPresent: number };
  lines: { created: number; alreadyPresent: number };
  /** the first `maxIssues` problems, in input order */
  issues: ImportIssue[];
  issueCount: number;
}

const MAX_QUANTITY = 100_000;
const MAX_TEXT = 500;

interface MemberRef {
  memberId: string;
  currency: Currency;
  programmeCode: string;
}
type PatientResolution = MemberRef | { error: string };

interface ClinicRef {
  id: string;
  programmes: string[];
}

interface CheckedLine {
  line: number;
  invoiceKey: string;
  clinicId: string;
  invoiceNumber: string;
  memberId: string;
  serviceDate: LocalDate;
  serviceName: string;
  quantity: number;
  unitCost: number;
  cost: number;
}

/** 'YYYY-MM-DD' or 'DD.MM.YYYY' (how Russian and Kazakh clinics write dates) → LocalDate. */
export function parseServiceDate(text: string): LocalDate | null {
  const iso = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  const ru = /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/.exec(text);
  let y: number;
  let m: number;
  let d: number;
  if (iso) [y, m, d] = [Number(iso[1]), Number(iso[2]), Number(iso[3])];
  else if (ru) [y, m, d] = [Number(ru[3]), Number(ru[2]), Number(ru[1])];
  else return null;
  if (!isValidYmd(y, m, d)) return null;
  return `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}` as LocalDate;
}

/** Policy and employee numbers are compared upper-cased without spaces; IINs as 12 digits. */
export function normalizePatient(text: string): string {
  return text.replace(/\s+/g, '').toUpperCase();
}

const invoiceKeyOf = (clinicId: string, number: string) => `${clinicId}\u0000${number}`;

/**
 * Finds the members of patient identifiers: IIN (Person.iinHash), policy number or employee
 * number (RosterEntry). A roster entry without a Member means the person never registered.
 */
export async function resolvePatients(
  db: Db | Tx,
  pii: Pick<PiiProtector, 'hash'>,
  identifiers: readonly string[],
): Promise<Map<string, PatientResolution>> {
  const result = new Map<string, PatientResolution>();
  const iins = new Map<string, string>(); // hash → identifier
  const others: string[] = [];
  for (const id of identifiers) {
    if (/^\d{12}$/.test(id)) {
      if (!validateIin(id).ok) result.set(id, { error: 'not a valid IIN (12 digits with a check digit)' });
      else iins.set(pii.hash(id), id);
    } else {
      others.push(id);
    }
  }
  const memberSelect = {
    id: true,
    programme: { select: { code: true, currency: true } },
  } as const;
  if (iins.size > 0) {
    const people = await db.person.findMany({
      where: { iinHash: { in: [...iins.keys()] } },
      select: { iinHash: true, members: { select: memberSelect } },
    });
    for (const person of people) {
      const id = iins.get(person.iinHash ?? '')!;
      const [member, ...more] = person.members;
      if (!member) result.set(id, { error: 'the person with this IIN is not a registered DMS member' });
      else if (more.length > 0)
        result.set(id, { error: 'the person has several DMS memberships: use the policy number' });
      else
        result.set(id, {
          memberId: member.id,
          currency: member.programme.currency,
          programmeCode: member.programme.code,
        });
    }
  }
  if (others.length > 0) {
    const entries = await db.rosterEntry.findMany({
      where: { OR: [{ policyNumber: { in: others } }, { employeeNumber: { in: others } }] },
      select: {
        policyNumber: true,
        employeeNumber: true,
        member: { select: memberSelect },
      },
    });
    const byPolicy = new Map<string, (typeof entries)[number][]>();
    const byEmployee = new Map<string, (typeof entries)[number][]>();
    for (const entry of entries) {
      if (entry.policyNumber)
        byPolicy.set(entry.policyNumber, [...(byPolicy.get(entry.policyNumber) ?? []), entry]);
      byEmployee.set(entry.employeeNumber, [...(byEmployee.get(entry.employeeNumber) ?? []), entry]);
    }
    for (const id of others) {
      const matches = byPolicy.get(id) ?? byEmployee.get(id) ?? [];
      if (matches.length === 0) {
        result.set(id, { error: 'unknown patient: no policy number, employee number or IIN like this' });
        continue;
      }
      if (matches.length > 1) {
        result.set(id, {
          error: 'several employees have this number (different employers): use the policy number or IIN',
        });
        continue;
      }
      const member = matches[0]!.member;
      if (!member) {
        result.set(id, { error: 'on the roster but not registered as a member yet' });
        continue;
      }
      result.set(id, {
        memberId: member.id,
        currency: member.programme.currency,
        programmeCode: member.programme.code,
      });
    }
  }
  for (const id of identifiers)
    if (!result.has(id)) result.set(id, { error: 'no registered DMS member with this IIN' });
  return result;
}

class Rejected extends Error {
  constructor(readonly issues: ImportIssue[]) {
    super('invoice import rejected');
  }
}

/** The checker of pass 1, also used by pass 2 to rebuild the same lines from the same input. */
class LineChecker {
  readonly patients = new Map<string, PatientResolution>();
  /** invoice key → already in the database before this import */
  readonly invoicesExisting = new Map<string, boolean>();
  /** invoice key → lines so far in this input (the next line's number − 1) */
  readonly lineCounts = new Map<string, number>();
  private clinics: Map<string, ClinicRef> | null = null;

  constructor(
    private readonly db: Db | Tx,
    private readonly pii: Pick<PiiProtector, 'hash'>,
    private readonly today: LocalDate,
  ) {}

  async loadClinics(): Promise<void> {
    const rows = await this.db.clinic.findMany({ select: { id: true, code: true, programmes: true } });
    this.clinics = new Map(
      rows.map((row) => [row.code.toLowerCase(), { id: row.id, programmes: row.programmes }]),
    );
  }

  /** Resolves patients and invoices of a batch of records not seen before (a few queries per batch). */
  async prepare(records: readonly { values: Record<string, string> }[]): Promise<void> {
    const patients = new Set<string>();
    const invoices = new Map<string, { clinicId: string; number: string }>();
    for (const { values } of records) {
      const patient = normalizePatient(values.patient ?? '');
      if (patient && !this.patients.has(patient)) patients.add(patient);
      const clinic = this.clinics?.get((values.clinic_code ?? '').trim().toLowerCase());
      const number = (values.invoice_number ?? '').trim();
      if (clinic && number) {
        const key = invoiceKeyOf(clinic.id, number);
        if (!this.invoicesExisting.has(key)) invoices.set(key, { clinicId: clinic.id, number });
      }
    }
    if (patients.size > 0) {
      for (const [id, resolution] of await resolvePatients(this.db, this.pii, [...patients]))
        this.patients.set(id, resolution);
    }
    if (invoices.size > 0) {
      const found = await this.db.clinicInvoice.findMany({
        where: { number: { in: [...new Set([...invoices.values()].map((invoice) => invoice.number))] } },
        select: { clinicId: true, number: true },
      });
      const existing = new Set(found.map((row) => invoiceKeyOf(row.clinicId, row.number)));
      for (const key of invoices.keys()) this.invoicesExisting.set(key, existing.has(key));
    }
  }

  /** Checks one record (after `prepare`); returns the line or its problems. */
  check(line: number, values: Record<string, string>): CheckedLine | ImportIssue[] {
    const issues: ImportIssue[] = [];
    const issue = (field: string, reason: string) => issues.push({ line, field, reason });

    const invoiceNumber = (values.invoice_number ?? '').trim();
    if (!invoiceNumber) issue('invoice_number', 'invoice number is empty');
    else if (invoiceNumber.length > 64)
      issue('invoice_number', 'invoice number is longer than 64 characters');

    const clinicCode = (values.clinic_code ?? '').trim();
    const clinic = this.clinics?.get(clinicCode.toLowerCase());
    if (!clinicCode) issue('clinic_code', 'clinic code is empty');
    else if (!clinic) issue('clinic_code', `unknown clinic "${clinicCode}"`);

    const patient = normalizePatient(values.patient ?? '');
    let member: MemberRef | null = null;
    if (!patient) issue('patient', 'patient is empty (policy number, employee number or IIN)');
    else {
      const resolution = this.patients.get(patient);
      if (!resolution) issue('patient', 'patient was not looked up');
      else if ('error' in resolution) issue('patient', resolution.error);
      else member = resolution;
    }
    if (clinic && member && clinic.programmes.length > 0 && !clinic.programmes.includes(member.programmeCode))
      issue('clinic_code', `clinic "${clinicCode}" does not serve programme "${member.programmeCode}"`);

    const serviceDate = parseServiceDate((values.service_date ?? '').trim());
    if (!serviceDate) issue('service_date', 'not a date (YYYY-MM-DD or DD.MM.YYYY)');
    else if (serviceDate > this.today) issue('service_date', 'the service date is in the future');
    else if (serviceDate < '2000-01-01') issue('service_date', 'the service date is before 2000');

    const serviceName = (values.service_name ?? '').trim();
    if (!serviceName) issue('service_name', 'service name is empty');
    else if (serviceName.length > MAX_TEXT)
      issue('service_name', `service name is longer than ${MAX_TEXT} characters`);

    const quantityText = (values.quantity ?? '').trim();
    const quantity = /^\d{1,9}$/.test(quantityText) ? Number(quantityText) : Number.NaN;
    if (!Number.isInteger(quantity) || quantity < 1 || quantity > MAX_QUANTITY)
      issue('quantity', `quantity must be a whole number from 1 to ${MAX_QUANTITY}`);

    const unitCost = parseMoney(values.unit_cost ?? '', member?.currency ?? 'RUB');
    let unit = 0;
    if (!unitCost.ok) {
      const reasons: Record<string, string> = {
        empty: 'unit cost is empty',
        format: 'unit cost is not an amount (e.g. 1500.00 or 1 500,00)',
        ambiguous: 'unit cost has both "." and ",": write 1234.50 or 1 234,50',
        precision: 'unit cost has more than 2 decimals',
        range: 'unit cost is too large',
      };
      issue('unit_cost', reasons[unitCost.reason] ?? 'unit cost is not an amount');
    } else if (unitCost.money.amount < 0) issue('unit_cost', 'unit cost is negative');
    else unit = unitCost.money.amount;

    let cost = 0;
    if (issues.length === 0) {
      try {
        cost = multiplyMoney({ amount: unit, currency: member!.currency }, quantity).amount;
      } catch {
        issue('unit_cost', 'quantity × unit cost is too large');
      }
    }
    if (issues.length > 0) return issues;
    const invoiceKey = invoiceKeyOf(clinic!.id, invoiceNumber);
    return {
      line,
      invoiceKey,
      clinicId: clinic!.id,
      invoiceNumber,
      memberId: member!.memberId,
      serviceDate: serviceDate!,
      serviceName,
      quantity,
      unitCost: unit,
      cost,
    };
  }
}

async function* batches(
  source: InvoiceSource,
  size: number,
): AsyncGenerator<{ records: { line: number; values: Record<string, string> }[]; issues: ImportIssue[] }> {
  let records: { line: number; values: Record<string, string> }[] = [];
  let issues: ImportIssue[] = [];
  for await (const item of source.records()) {
    if (item.issue) issues.push(item.issue);
    else records.push(item.record);
    if (records.length + issues.length >= size) {
      yield { records, issues };
      records = [];
      issues = [];
    }
  }
  if (records.length + issues.length > 0) yield { records, issues };
}

/**
 * Checks and imports clinic invoice lines; see the module comment. Never throws for bad input:
 * problems come back in the report (a broken file is one issue on line 0 or 1).
 */
export async function importInvoices(
  db: Db,
  pii: Pick<PiiProtector, 'hash'>,
  source: InvoiceSource,
  options: InvoiceImportOptions,
): Promise<InvoiceImportReport> {
  const chunkSize = options.chunkSize ?? 5_000;
  const maxIssues = options.maxIssues ?? 1_000;
  const report: InvoiceImportReport = {
    ok: false,
    total: 0,
    invoices: { created: 0, alreadyPresent: 0 },
    lines: { created: 0, alreadyPresent: 0 },
    issues: [],
    issueCount: 0,
  };
  const addIssues = (issues: readonly ImportIssue[]) => {
    report.issueCount += issues.length;
    for (const issue of issues) if (report.issues.length < maxIssues) report.issues.push(issue);
  };
  // Service dates are compared with today in the zone furthest east of our programmes (Almaty),
  // so a line of "today" in any programme is never refused as future.
  const today = toLocalDate(options.now, 'Asia/Almaty');

  // ---- pass 1: check everything, write nothing ----
  const checker = new LineChecker(db, pii, today);
  await checker.loadClinics();
  try {
    for await (const batch of batches(source, chunkSize)) {
      report.total += batch.records.length + batch.issues.length;
      addIssues(batch.issues);
      await checker.prepare(batch.records);
      for (const record of batch.records) {
        const checked = checker.check(record.line, record.values);
        if (Array.isArray(checked)) addIssues(checked);
      }
      options.onProgress?.({ phase: 'check', lines: report.total });
    }
  } catch (error) {
    if (error instanceof CsvFileError) {
      addIssues(error.issues);
      return report;
    }
    throw error;
  }
  if (report.issueCount > 0) return report;
  if (report.total === 0) {
    addIssues([{ line: 0, field: null, reason: 'the file has a header but no lines' }]);
    return report;
  }

  // ---- pass 2: the same records again, written in one transaction ----
  const invoiceIds = new Map<string, string>();
  const seenInvoices = new Set<string>();
  checker.lineCounts.clear();
  try {
    await db.$transaction(
      async (tx) => {
        let lines: CheckedLine[] = [];
        let processed = 0;
        const flush = async () => {
          if (lines.length === 0) return;
          await insertInvoices(
            tx,
            lines,
            invoiceIds,
            seenInvoices,
            checker,
            source.name,
            options.now,
            report,
          );
          const rows = lines.filter((line) => invoiceIds.has(line.invoiceKey));
          report.lines.alreadyPresent += lines.length - rows.length;
          if (rows.length > 0) await insertLines(tx, rows, invoiceIds, checker);
          report.lines.created += rows.length;
          processed += lines.length;
          lines = [];
          options.onProgress?.({ phase: 'write', lines: processed });
        };
        for await (const batch of batches(source, chunkSize)) {
          if (batch.issues.length > 0) throw new Rejected(batch.issues); // the input changed between passes
          for (const record of batch.records) {
            const checked = checker.check(record.line, record.values);
            if (Array.isArray(checked)) throw new Rejected(checked);
            lines.push(checked);
          }
          if (lines.length >= chunkSize) await flush();
        }
        await flush();
      },
      { timeout: 60 * 60_000, maxWait: 30_000 },
    );
  } catch (error) {
    if (error instanceof Rejected) {
      addIssues(error.issues);
      report.invoices = { created: 0, alreadyPresent: 0 };
      report.lines = { created: 0, alreadyPresent: 0 };
      return report;
    }
    if (error instanceof CsvFileError) {
      addIssues(error.issues);
      return report;
    }
    throw error;
  }
  report.ok = true;
  return report;
}

async function insertInvoices(
  tx: Tx,
  lines: readonly CheckedLine[],
  invoiceIds: Map<string, string>,
  seen: Set<string>,
  checker: LineChecker,
  sourceName: string,
  now: Date,
  report: InvoiceImportReport,
): Promise<void> {
  const fresh = new Map<string, { id: string; clinicId: string; number: string }>();
  for (const line of lines) {
    if (seen.has(line.invoiceKey)) continue;
    seen.add(line.invoiceKey);
    if (checker.invoicesExisting.get(line.invoiceKey)) {
      report.invoices.alreadyPresent++;
      continue;
    }
    fresh.set(line.invoiceKey, { id: randomUUID(), clinicId: line.clinicId, number: line.invoiceNumber });
  }
  if (fresh.size === 0) return;
  const rows = [...fresh.values()];
  // ON CONFLICT: an import running at the same time wrote the invoice first; its lines are its own.
  const inserted = await tx.$queryRaw<{ id: string }[]>`
    INSERT INTO "ClinicInvoice" (id, "clinicId", number, "importedAt", source)
    SELECT * FROM unnest(${rows.map((r) => r.id)}::uuid[], ${rows.map((r) => r.clinicId)}::uuid[],
                         ${rows.map((r) => r.number)}::text[], ${rows.map(() => now)}::timestamptz[],
                         ${rows.map(() => sourceName)}::text[])
    ON CONFLICT ("clinicId", number) DO NOTHING
    RETURNING id`;
  const ok = new Set(inserted.map((row) => row.id));
  for (const [key, row] of fresh) {
    if (ok.has(row.id)) {
      invoiceIds.set(key, row.id);
      report.invoices.created++;
    } else {
      report.invoices.alreadyPresent++;
    }
  }
}

async function insertLines(
  tx: Tx,
  rows: readonly CheckedLine[],
  invoiceIds: Map<string, string>,
  checker: LineChecker,
): Promise<void> {
  const lineNos = rows.map((row) => {
    const next = (checker.lineCounts.get(row.invoiceKey) ?? 0) + 1;
    checker.lineCounts.set(row.invoiceKey, next);
    return next;
  });
  await tx.$executeRaw`
    INSERT INTO "ServiceLine"
      (id, "invoiceId", "lineNo", "memberId", "serviceDate", "serviceName", quantity, "unitCost", cost)
    SELECT * FROM unnest(
      ${rows.map(() => randomUUID())}::uuid[],
      ${rows.map((row) => invoiceIds.get(row.invoiceKey)!)}::uuid[],
      ${lineNos}::int[],
      ${rows.map((row) => row.memberId)}::uuid[],
      ${rows.map((row) => row.serviceDate)}::date[],
      ${rows.map((row) => row.serviceName)}::text[],
      ${rows.map((row) => row.quantity)}::int[],
      ${rows.map((row) => String(row.unitCost))}::bigint[],
      ${rows.map((row) => String(row.cost))}::bigint[])`;
}

/** The report as the CLI prints it (and the back office shows it). */
export function formatInvoiceImportReport(report: InvoiceImportReport, fileName = 'file'): string {
  if (report.ok) {
    return (
      `${fileName}: ${report.total} line(s): ${report.lines.created} new in ${report.invoices.created} new invoice(s); ` +
      `${report.lines.alreadyPresent} line(s) of ${report.invoices.alreadyPresent} invoice(s) already imported.`
    );
  }
  const lines = [
    `${fileName}: NOT imported, nothing was written. ${report.issueCount} problem(s) in ${report.total} line(s):`,
  ];
  for (const issue of report.issues) {
    const where = issue.line > 0 ? `line ${issue.line}` : 'file';
    lines.push(`  ${where}${issue.field ? `, ${issue.field}` : ''}: ${issue.reason}`);
  }
  if (report.issueCount > report.issues.length)
    lines.push(`  … and ${report.issueCount - report.issues.length} more`);
  return lines.join('\n');
}
