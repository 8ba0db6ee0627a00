/**
 * Clinics: the back-office CSV import and «clinics near me» (seed 002 item 11).
 *
 * Import (`npm run cli -- clinics import <file.csv>`): columns
 * `code,name,city,address,latitude,longitude,phone,programmes` (programmes separated by `|`; phone
 * optional). All or nothing: one bad line and nothing is written, every problem reported with its
 * line. Idempotent: clinics are upserted by `code`, so importing the same file twice changes nothing.
 */
import { z } from 'zod';
import { type CsvIssue, readCsv, uniqueColumn } from '../csv';
import type { Db, Tx } from '../db';
import { distanceKm, type GeoPoint, nearest } from '../domain/geo';
import { parsePhone } from '../domain/phone';
import { formatRejectedImport, sortIssues } from '../import-report';
import { programmeOfPerson } from './person-programme';

export const CLINIC_CSV_COLUMNS = {
  required: ['code', 'name', 'city', 'address', 'latitude', 'longitude', 'programmes'],
  optional: ['phone'],
} as const;

export interface ClinicRow {
  line: number;
  code: string;
  name: string;
  city: string;
  address: string;
  latitude: number;
  longitude: number;
  phone: string | null;
  programmes: string[];
}

export interface ClinicsImportReport {
  ok: boolean;
  total: number;
  created: number;
  updated: number;
  unchanged: number;
  issues: CsvIssue[];
}

/** «43.2406» or «43,2406» (a `;` file from Excel with a decimal comma). */
const coordinate = (what: string, limit: number) =>
  z
    .string()
    .min(1, { message: `${what} is empty`, abort: true })
    .regex(/^[+-]?\d{1,3}(?:[.,]\d+)?$/, {
      message: `${what}: a decimal number expected (43.2406)`,
      abort: true,
    })
    .transform((text) => Number(text.replace(',', '.')))
    .refine((value) => Math.abs(value) <= limit, `${what} must be between -${limit} and ${limit}`);

const RowSchema = z.object({
  code: z
    .string()
    .min(1, { message: 'code is empty', abort: true })
    .max(60, 'code is longer than 60 characters')
    .regex(
      /^[a-z0-9][a-z0-9_-]*$/,
      'bad format: lower-case latin letters, digits, "-" and "_" (demo-almaty-abay)',
    ),
  name: z.string().min(1, 'name is empty').max(200, 'name is longer than 200 characters'),
  city: z.string().min(1, 'city is empty').max(100, 'city is longer than 100 characters'),
  address: z.string().min(1, 'address is empty').max(300, 'address is longer than 300 characters'),
  latitude: coordinate('latitude', 90),
  longitude: coordinate('longitude', 180),
  phone: z.string().optional(),
  programmes: z
    .string()
    .min(1, {
      message: 'programmes is empty: at least one programme code, several separated by "|"',
      abort: true,
    })
    .transform((text) => text.split('|').map((code) => code.trim()))
    .refine((codes) => codes.every((code) => /^[a-z0-9][a-z0-9_-]*$/.test(code)), {
      message: 'programmes: programme codes separated by "|" (dms-alfa|dms-other)',
    }),
});

export function parseClinicsCsv(input: string | Uint8Array): {
  rows: ClinicRow[];
  issues: CsvIssue[];
  total: number;
} {
  const csv = readCsv(input, CLINIC_CSV_COLUMNS);
  if (!csv.ok) return { rows: [], issues: csv.issues, total: 0 };
  const issues: CsvIssue[] = [...csv.issues];
  const rows: ClinicRow[] = [];
  const duplicateCode = uniqueColumn('code');
  for (const record of csv.table.records) {
    const parsed = RowSchema.safeParse(record.values);
    let failed = !parsed.success;
    if (!parsed.success) {
      for (const issue of parsed.error.issues)
        issues.push({ line: record.line, field: String(issue.path[0] ?? '') || null, reason: issue.message });
    }
    let phone: string | null = null;
    const rawPhone = record.values.phone ?? '';
    if (rawPhone !== '') {
      const result = parsePhone(rawPhone);
      if (result.ok) phone = result.phone;
      else {
        failed = true;
        issues.push({
          line: record.line,
          field: 'phone',
          reason: `not a +7 phone number (${result.reason})`,
        });
      }
    }
    if (failed || !parsed.success) continue;
    const value = parsed.data;
    const duplicate = duplicateCode(record.line, value.code);
    if (duplicate) {
      issues.push(duplicate);
      continue;
    }
    rows.push({
      line: record.line,
      code: value.code,
      name: value.name,
      city: value.city,
      address: value.address,
      latitude: value.latitude,
      longitude: value.longitude,
      phone,
      programmes: [...new Set(value.programmes)],
    });
  }
  if (csv.table.records.length === 0 && issues.length === 0)
    issues.push({ line: 0, field: null, reason: 'the file has a header but no rows' });
  return { rows, issues: sortIssues(issues), total: csv.table.records.length + csv.issues.length };
}

class ImportRejected extends Error {
  constructor(readonly issues: CsvIssue[]) {
    super('import rejected');
  }
}

async function unknownProgrammes(db: Db | Tx, rows: ClinicRow[]): Promise<CsvIssue[]> {
  const codes = [...new Set(rows.flatMap((row) => row.programmes))];
  const known = new Set(
    (await db.programme.findMany({ where: { code: { in: codes } }, select: { code: true } })).map(
      (p) => p.code,
    ),
  );
  return rows.flatMap((row) =>
    row.programmes
      .filter((code) => !known.has(code))
      .map((code) => ({ line: row.line, field: 'programmes', reason: `unknown programme "${code}"` })),
  );
}

const same = (
  a: ClinicRow,
  b: {
    name: string;
    city: string;
    address: string;
    latitude: number | null;
    longitude: number | null;
    phone: string | null;
    programmes: string[];
  },
) =>
  a.name === b.name &&
  a.city === b.city &&
  a.address === b.address &&
  a.latitude === b.latitude &&
  a.longitude === b.longitude &&
  a.phone === b.phone &&
  [...a.programmes].sort().join('|') === [...b.programmes].sort().join('|');

/** Parses, checks (programmes must exist) and upserts clinics, all in one transaction. */
export async function importClinics(db: Db, input: string | Uint8Array): Promise<ClinicsImportReport> {
  const parsed = parseClinicsCsv(input);
  const base = { total: parsed.total, created: 0, updated: 0, unchanged: 0 };
  if (parsed.issues.length > 0) {
    const more = parsed.rows.length > 0 ? await unknownProgrammes(db, parsed.rows) : [];
    return { ok: false, ...base, issues: sortIssues([...parsed.issues, ...more]) };
  }
  try {
    return await db.$transaction(
      async (tx) => {
        const issues = await unknownProgrammes(tx, parsed.rows);
        if (issues.length > 0) throw new ImportRejected(sortIssues(issues));
        const existing = new Map(
          (await tx.clinic.findMany({ where: { code: { in: parsed.rows.map((row) => row.code) } } })).map(
            (c) => [c.code, c],
          ),
        );
        const report = { ok: true, ...base, issues: [] as CsvIssue[] };
        for (const row of parsed.rows) {
          const data = {
            name: row.name,
            city: row.city,
            address: row.address,
            latitude: row.latitude,
            longitude: row.longitude,
            phone: row.phone,
            programmes: row.programmes,
          };
          const current = existing.get(row.code);
          if (current && same(row, current)) {
            report.unchanged++;
            continue;
          }
          await tx.clinic.upsert({
            where: { code: row.code },
            update: data,
            create: { code: row.code, ...data },
          });
          if (current) report.updated++;
          else report.created++;
        }
        return report;
      },
      { timeout: 120_000, maxWait: 10_000 },
    );
  } catch (error) {
    if (error instanceof ImportRejected) return { ok: false, ...base, issues: error.issues };
    throw error;
  }
}

export function formatClinicsImportReport(report: ClinicsImportReport, fileName = 'file'): string {
  if (report.ok) {
    return `${fileName}: ${report.total} row(s): ${report.created} new, ${report.updated} updated, ${report.unchanged} unchanged.`;
  }
  return formatRejectedImport(fileName, report.total, report.issues);
}

// --- clinics near me --------------------------------------------------------------------------

export const NEAREST_LIMIT = 5;

export interface ClinicView {
  code: string;
  name: string;
  city: string;
  address: string;
  phone: string | null;
  /** km from the user's location; null when looked up by city */
  distanceKm: number | null;
}

export interface ClinicsFound {
  clinics: ClinicView[];
  /** the person's DMS programme the list is filtered by; null: no membership, all programmes shown */
  programme: { code: string; name: string } | null;
}

type ClinicRecord = {
  code: string;
  name: string;
  city: string;
  address: string;
  phone: string | null;
  latitude: number | null;
  longitude: number | null;
};

async function clinicsFor(db: Db | Tx, personId: string | null) {
  const programme = await programmeOfPerson(db, personId);
  // clinics serve DMS members; a «Личный врач» holder (telemedicine only) sees every programme's
  const dms = programme?.dms ? programme : null;
  const clinics: ClinicRecord[] = await db.clinic.findMany({
    where: dms ? { programmes: { has: dms.code } } : {},
    orderBy: [{ city: 'asc' }, { name: 'asc' }],
    select: {
      code: true,
      name: true,
      city: true,
      address: true,
      phone: true,
      latitude: true,
      longitude: true,
    },
  });
  return { clinics, programme: dms ? { code: dms.code, name: dms.name } : null };
}

const view = (clinic: ClinicRecord, distance: number | null): ClinicView => ({
  code: clinic.code,
  name: clinic.name,
  city: clinic.city,
  address: clinic.address,
  phone: clinic.phone,
  distanceKm: distance,
});

/** The nearest clinics of the person's DMS programme (all programmes without a membership). */
export async function nearestClinics(
  db: Db | Tx,
  input: { personId: string | null; from: GeoPoint; limit?: number },
): Promise<ClinicsFound> {
  const { clinics, programme } = await clinicsFor(db, input.personId);
  const found = nearest(
    input.from,
    clinics,
    (clinic) =>
      clinic.latitude === null || clinic.longitude === null
        ? null
        : { latitude: clinic.latitude, longitude: clinic.longitude },
    input.limit ?? NEAREST_LIMIT,
  );
  return { clinics: found.map(({ item, distanceKm }) => view(item, distanceKm)), programme };
}

/** Other spellings people type for the cities clinics are in (compared after `cityKey`). */
const CITY_ALIASES: Record<string, string> = {
  'алма ата': 'алматы',
  almaty: 'алматы',
  мәскеу: 'москва',
  moscow: 'москва',
  moskva: 'москва',
  'нур султан': 'астана',
  astana: 'астана',
  питер: 'санкт петербург',
  спб: 'санкт петербург',
};

/** Lower case, ё → е, punctuation and the words «город» / «г.» / «қаласы» dropped. */
export function cityKey(text: string): string {
  const plain = text
    .normalize('NFC')
    .toLowerCase()
    .replace(/ё/g, 'е')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .replace(/^(?:город|г|қаласы|қ)\s+|\s+(?:қаласы|қ)$/u, '')
    .trim();
  return CITY_ALIASES[plain] ?? plain;
}

/** Clinics of the person's programme in a city typed by the user; `cities`: where there are some. */
export async function clinicsInCity(
  db: Db | Tx,
  input: { personId: string | null; city: string; limit?: number },
): Promise<ClinicsFound & { city: string | null; cities: string[] }> {
  const { clinics, programme } = await clinicsFor(db, input.personId);
  const key = cityKey(input.city);
  const inCity = clinics.filter((clinic) => cityKey(clinic.city) === key);
  const cities = [...new Set(clinics.map((clinic) => clinic.city))].sort((a, b) => a.localeCompare(b, 'ru'));
  return {
    clinics: inCity.slice(0, input.limit ?? NEAREST_LIMIT).map((clinic) => view(clinic, null)),
    programme,
    city: inCity[0]?.city ?? null,
    cities,
  };
}

export { distanceKm };
