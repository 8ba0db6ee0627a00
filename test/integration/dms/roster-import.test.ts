import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { manualClock } from '../../../core/clock';
import type { LocalDate } from '../../../core/domain/local-date';
import { formatRosterImportReport, importRoster, parseRosterCsv } from '../../../core/services/roster-import';
import { seedDemo } from '../../../prisma/seed';
import { createTestContext, type TestContext } from '../../support/context';

const clock = manualClock(new Date('2026-12-01T07:00:00Z'));
const TODAY = '2026-12-01' as LocalDate;
let ctx: TestContext;

beforeAll(async () => {
  ctx = await createTestContext({ clock });
  await seedDemo(ctx.db.prisma, ctx.pii, clock.now());
});
afterAll(() => ctx?.close());

const HEADER = 'employee_number,full_name,birth_date,phone,policy_number';
const roster = (code = 'demo-factory') =>
  ctx.db.prisma.rosterEntry.findMany({
    where: { employer: { code } },
    orderBy: { employeeNumber: 'asc' },
  });

describe('parseRosterCsv (pure)', () => {
  it('accepts both date formats and any common phone format, normalising numbers', () => {
    const parsed = parseRosterCsv(
      `${HEADER}\nt-201,Ахметова  Айгерим,21.04.1988,8 (701) 555-02-01,dms-302201\n` +
        'T-202,Иванов Сергей,1979-11-02,+7 916 555 02 02,\n',
      TODAY,
    );
    expect(parsed.issues).toEqual([]);
    expect(parsed.rows).toEqual([
      {
        line: 2,
        employeeNumber: 'T-201',
        fullName: 'Ахметова Айгерим',
        birthDate: '1988-04-21',
        phone: '+77015550201',
        policyNumber: 'DMS-302201',
      },
      {
        line: 3,
        employeeNumber: 'T-202',
        fullName: 'Иванов Сергей',
        birthDate: '1979-11-02',
        phone: '+79165550202',
        policyNumber: null,
      },
    ]);
  });

  it('reports every bad field with its line, and duplicates within the file', () => {
    const parsed = parseRosterCsv(
      `${HEADER}\n` +
        'T-1,Один Первый,31.02.1990,7015550001,\n' + // no such day
        'T-2,Два,1990-01-01,12345,\n' + // one word, short phone
        'T-3,Три Третий,2030-01-01,+1 202 555 0100,BAD_NUMBER!\n' + // future, foreign, bad policy
        'T-4,Четыре Четвёртый,1985/03/14,7015550004,\n' + // bad date format
        'T-5,Пять Пятый,1990-05-05,7015550005,\n' +
        't-5,Шесть Шестой,1990-06-06,8 701 555 00 05,\n', // duplicate employee number and phone
      TODAY,
    );
    expect(parsed.total).toBe(6);
    expect(parsed.issues.map((issue) => `${issue.line} ${issue.field}`)).toEqual([
      '2 birth_date',
      '3 full_name',
      '3 phone',
      '4 birth_date',
      '4 phone',
      '4 policy_number',
      '5 birth_date',
      '7 employee_number',
      '7 phone',
    ]);
    expect(parsed.issues.find((issue) => issue.line === 7 && issue.field === 'phone')?.reason).toBe(
      'duplicate within the file: +77015550005 is already on line 6',
    );
    expect(parsed.issues.find((issue) => issue.line === 4 && issue.field === 'phone')?.reason).toContain(
      'only +7 numbers',
    );
  });

  it('reports a missing column on the header line', () => {
    const parsed = parseRosterCsv('employee_number,full_name,phone\nT-1,Один Первый,7015550001\n', TODAY);
    expect(parsed.issues).toMatchObject([
      { line: 1, field: 'birth_date', reason: 'the header has no column "birth_date"' },
    ]);
  });
});

describe('importRoster (real PostgreSQL)', () => {
  it('imports the example file, then a re-import updates by employee number and never duplicates', async () => {
    const file = await readFile('examples/roster.csv');
    const first = await importRoster(ctx.db.prisma, 'demo-factory', file, clock.now());
    expect(first).toMatchObject({ ok: true, total: 3, created: 3, updated: 0, unchanged: 0 });
    expect(formatRosterImportReport(first, 'roster.csv')).toBe(
      'roster.csv: roster of demo-factory, 3 row(s): 3 new, 0 updated, 0 unchanged.',
    );
    const again = await importRoster(ctx.db.prisma, 'demo-factory', file, clock.now());
    expect(again).toMatchObject({ ok: true, created: 0, updated: 0, unchanged: 3 });

    const changed = await importRoster(
      ctx.db.prisma,
      'demo-factory',
      `${HEADER}\nT-103,Сейткали Нурлан Бекович,30.09.1993,+7 916 555 99 03,DMS-301103\n`,
      clock.now(),
    );
    expect(changed).toMatchObject({ ok: true, created: 0, updated: 1, unchanged: 0 });
    const entries = await roster();
    expect(entries).toHaveLength(9); // 6 seeded + 3 imported
    const updated = entries.find((entry) => entry.employeeNumber === 'T-103');
    expect(updated).toMatchObject({ phone: '+79165559903', policyNumber: 'DMS-301103' });
    const audit = await ctx.db.prisma.auditLog.count({ where: { action: 'roster.imported' } });
    expect(audit).toBe(3);
  });

  it('writes nothing when one row is bad, and lists the roster conflicts too', async () => {
    const before = await roster();
    const report = await importRoster(
      ctx.db.prisma,
      'demo-factory',
      `${HEADER}\n` +
        'T-301,Новый Сотрудник,1991-01-01,7015553001,\n' +
        'T-302,Чужой Телефон,1991-01-01,+79161234501,\n' + // T-001's phone, T-001 not in the file
        'T-303,Плохая Дата,1991-13-01,7015553003,\n',
      clock.now(),
    );
    expect(report.ok).toBe(false);
    expect(report.issues).toMatchObject([
      {
        line: 3,
        field: 'phone',
        reason: '+79161234501 already belongs to employee T-001 of this employer',
      },
      { line: 4, field: 'birth_date', reason: 'not a calendar date: 1991-13-01' },
    ]);
    expect(formatRosterImportReport(report, 'bad.csv')).toContain(
      'bad.csv: NOT imported, nothing was written. 2 problem(s) in 3 row(s):\n  line 3, phone:',
    );
    expect(await roster()).toEqual(before);
  });

  it('refuses an unknown employer', async () => {
    const report = await importRoster(ctx.db.prisma, 'no-such', `${HEADER}\n`, clock.now());
    expect(report.issues).toMatchObject([{ line: 0, field: null, reason: 'unknown employer "no-such"' }]);
  });
});

describe('npm run cli -- roster import', () => {
  it('imports through the back-office CLI and exits 1 with the report on a bad file', async () => {
    const run = promisify(execFile);
    const env = { ...process.env, DATABASE_URL: ctx.database.url, LOG_LEVEL: 'silent' };
    const ok = await run(
      'npx',
      ['tsx', 'scripts/cli.ts', 'roster', 'import', 'demo-factory', 'examples/roster.csv'],
      {
        env,
      },
    );
    expect(ok.stdout).toContain(
      'roster.csv: roster of demo-factory, 3 row(s): 0 new, 1 updated, 2 unchanged.',
    );
    const bad = await run(
      'npx',
      ['tsx', 'scripts/cli.ts', 'roster', 'import', 'demo-factory', 'test/fixtures/policies-bad.csv'],
      { env },
    ).catch((error: { code: number; stdout: string }) => error);
    expect((bad as { code: number }).code).toBe(1);
    expect((bad as { stdout: string }).stdout).toContain('NOT imported');
  }, 60_000);
});
