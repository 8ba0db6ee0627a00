import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPiiProtector } from '../../core/crypto';
import {
  formatPoliciesImportReport,
  importPolicies,
  parsePoliciesCsv,
} from '../../core/services/policies-import';
import { seedDemo } from '../../prisma/seed';
import { createTestDatabase, type TestDatabase } from '../support/database';

const root = path.resolve(import.meta.dirname, '../..');
const goodFile = path.join(root, 'examples/policies.csv');
const badFile = path.join(root, 'test/fixtures/policies-bad.csv');
const PII_KEY = 'policies-import-test-key-0123456789abcdef';
const pii = createPiiProtector(PII_KEY);
const now = new Date('2026-03-01T08:00:00Z');

let test: TestDatabase;
beforeAll(async () => {
  test = await createTestDatabase();
  await seedDemo(test.db.prisma, pii, now); // products personal_doctor, children_doctor; LV-100001… DD-200001…
});
afterAll(() => test?.drop());

const policyCount = () => test.db.prisma.policy.count();

describe('parsePoliciesCsv (no database)', () => {
  it('reads `;` files with a BOM and CRLF, and `,` files without', () => {
    const semicolon = parsePoliciesCsv(
      '\uFEFFpolicy_number;product_code;activation_code\r\nLV-1;personal_doctor;123456\r\nKZ/2026/7;children_doctor;654321\r\n',
    );
    expect(semicolon.issues).toEqual([]);
    expect(
      semicolon.rows.map((r) => [r.line, r.number, r.productCode, r.activationCode, r.issuedAt]),
    ).toEqual([
      [2, 'LV-1', 'personal_doctor', '123456', null],
      [3, 'KZ/2026/7', 'children_doctor', '654321', null],
    ]);
    const comma = parsePoliciesCsv(
      Buffer.from(
        'Policy_Number , product_code,activation_code,issued_at\nLV-2,personal_doctor,000001,2026-01-31\n',
      ),
    );
    expect(comma.issues).toEqual([]);
    expect(comma.rows[0]?.issuedAt?.toISOString()).toBe('2026-01-31T00:00:00.000Z');
  });

  it('rejects a file without a required column, a non-UTF-8 file, and a header without rows', () => {
    expect(parsePoliciesCsv('policy_number,activation_code\nLV-1,123456\n').issues).toMatchObject([
      { line: 1, field: 'product_code', reason: 'the header has no column "product_code"' },
    ]);
    const cp1251 = Buffer.from([0x70, 0x6f, 0x6c, 0x3b, 0xcf, 0xee, 0xeb, 0xe8, 0xf1, 0x0a]);
    expect(parsePoliciesCsv(cp1251).issues[0]?.reason).toMatch(/not UTF-8/);
    expect(parsePoliciesCsv('policy_number,product_code,activation_code\n').issues[0]?.reason).toMatch(
      /no rows/,
    );
  });

  it('reports every bad row of the bad fixture with its line and field', () => {
    const parsed = parsePoliciesCsv(readFileSync(badFile));
    expect(parsed.total).toBe(10);
    expect(parsed.issues.map((i) => [i.line, i.field])).toEqual([
      [3, 'activation_code'],
      [4, 'policy_number'],
      [6, 'policy_number'],
      [7, 'activation_code'],
      [8, 'issued_at'],
      [11, null],
    ]);
    expect(parsed.issues.find((i) => i.line === 6)?.reason).toContain('already on line 2');
  });
});

describe('importPolicies (PostgreSQL)', () => {
  it('imports a good file in one go, storing only code hashes', async () => {
    const before = await policyCount();
    const report = await importPolicies(test.db.prisma, pii, readFileSync(goodFile), now);
    expect(report).toEqual({ ok: true, total: 6, created: 6, alreadyPresent: 0, issues: [] });
    expect(await policyCount()).toBe(before + 6);

    const lv = await test.db.prisma.policy.findUniqueOrThrow({
      where: { number: 'LV-100006' },
      include: { product: true },
    });
    expect(lv.product.code).toBe('personal_doctor');
    expect(lv.status).toBe('issued');
    expect(lv.issuedAt.toISOString()).toBe('2026-01-15T00:00:00.000Z');
    expect(pii.verifySecret('827167', lv.activationCodeHash)).toBe(true);
    const dd = await test.db.prisma.policy.findUniqueOrThrow({ where: { number: 'DD-200005' } });
    expect(dd.issuedAt.toISOString()).toBe(now.toISOString()); // issued_at left blank
  });

  it('re-importing the same file creates nothing and says so', async () => {
    const before = await policyCount();
    const report = await importPolicies(test.db.prisma, pii, readFileSync(goodFile), now);
    expect(report).toMatchObject({ ok: true, created: 0, alreadyPresent: 6 });
    expect(formatPoliciesImportReport(report, 'policies.csv')).toBe(
      'policies.csv: 6 row(s): 0 new, 6 already present.',
    );
    expect(await policyCount()).toBe(before);
  });

  it('writes the new rows of a file that repeats existing ones', async () => {
    const csv =
      'policy_number,product_code,activation_code\nLV-100006,personal_doctor,827167\nLV-100020,personal_doctor,246810\n';
    const report = await importPolicies(test.db.prisma, pii, csv, now);
    expect(report).toMatchObject({ ok: true, created: 1, alreadyPresent: 1 });
  });

  it('rejects a bad file with line-level errors, database conflicts included, and writes nothing', async () => {
    const before = await policyCount();
    const report = await importPolicies(test.db.prisma, pii, readFileSync(badFile), now);
    expect(report.ok).toBe(false);
    expect(report.created).toBe(0);
    expect(report.issues.map((i) => [i.line, i.field])).toEqual([
      [3, 'activation_code'],
      [4, 'policy_number'],
      [5, 'product_code'],
      [6, 'policy_number'],
      [7, 'activation_code'],
      [8, 'issued_at'],
      [9, 'activation_code'],
      [10, 'product_code'],
      [11, null],
    ]);
    expect(report.issues.find((i) => i.line === 5)?.reason).toBe('unknown product "dental_care"');
    expect(report.issues.find((i) => i.line === 9)?.reason).toContain('activation code differs');
    expect(report.issues.find((i) => i.line === 10)?.reason).toContain('of product "children_doctor"');
    expect(await policyCount()).toBe(before);
    expect(await test.db.prisma.policy.findUnique({ where: { number: 'LV-100010' } })).toBeNull(); // line 2 was fine
  });

  it('rejects a file whose only problem is a conflict with the database, writing none of its good rows', async () => {
    const before = await policyCount();
    const csv =
      'policy_number,product_code,activation_code\nLV-100030,personal_doctor,135790\nLV-100006,personal_doctor,999999\n';
    const report = await importPolicies(test.db.prisma, pii, csv, now);
    expect(report.ok).toBe(false);
    expect(report.issues).toEqual([
      {
        line: 3,
        field: 'activation_code',
        reason: 'conflicts with existing policy LV-100006, whose activation code differs',
      },
    ]);
    expect(await policyCount()).toBe(before);
  });
});

describe('npm run cli -- policies import', () => {
  const run = (file: string) =>
    promisify(execFile)(process.execPath, ['--import', 'tsx', 'scripts/cli.ts', 'policies', 'import', file], {
      cwd: root,
      env: { ...process.env, DATABASE_URL: test.url, PII_KEY, LOG_LEVEL: 'silent', NODE_ENV: 'test' },
    }).then(
      (result) => ({ code: 0, stdout: result.stdout }),
      (error: { code: number; stdout: string }) => ({ code: error.code, stdout: error.stdout }),
    );

  it('exits 0 with a summary for a good file and 1 with the report for a bad one', async () => {
    const good = await run(goodFile);
    expect(good).toEqual({ code: 0, stdout: 'policies.csv: 6 row(s): 0 new, 6 already present.\n' });
    const bad = await run(badFile);
    expect(bad.code).toBe(1);
    expect(bad.stdout).toContain(
      'policies-bad.csv: NOT imported, nothing was written. 9 problem(s) in 10 row(s):',
    );
    expect(bad.stdout).toContain('  line 5, product_code: unknown product "dental_care"');
  });
});
