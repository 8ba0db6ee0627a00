import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatClinicsImportReport, importClinics } from '../../../core/services/clinics';
import { clinicsImport } from '../../../scripts/cli/clinics-import';
import type { CliContext } from '../../../scripts/cli/types';
import { createSelfServiceContext, type SelfServiceContext } from './context';

const fixture = (name: string) => path.resolve(import.meta.dirname, '../../fixtures', name);

let ctx: SelfServiceContext;
beforeAll(async () => {
  ctx = await createSelfServiceContext();
});
afterAll(async () => {
  await ctx?.close();
});

describe('clinics import', () => {
  it('upserts by code: new, updated, unchanged; a second run changes nothing', async () => {
    const bytes = readFileSync(fixture('clinics.csv'));
    const first = await importClinics(ctx.app.db.prisma, bytes);
    expect(first).toMatchObject({ ok: true, total: 3, created: 2, updated: 1, unchanged: 0, issues: [] });
    const dostyk = await ctx.app.db.prisma.clinic.findUniqueOrThrow({
      where: { code: 'demo-almaty-dostyk' },
    });
    expect(dostyk).toMatchObject({
      city: 'Алматы',
      address: 'пр. Достык, 105',
      latitude: 43.2275,
      longitude: 76.9577,
      phone: '+77270000005',
      programmes: ['dms-alfa', 'dms-alfa-emergency'],
    });
    const astana = await ctx.app.db.prisma.clinic.findUniqueOrThrow({
      where: { code: 'demo-astana-baiterek' },
    });
    expect(astana.phone).toBeNull();

    const again = await importClinics(ctx.app.db.prisma, bytes);
    expect(again).toMatchObject({ ok: true, created: 0, updated: 0, unchanged: 3 });
    expect(formatClinicsImportReport(again, 'clinics.csv')).toBe(
      'clinics.csv: 3 row(s): 0 new, 0 updated, 3 unchanged.',
    );
  });

  it('refuses a bad file as a whole and reports every line', async () => {
    const before = await ctx.app.db.prisma.clinic.count();
    const report = await importClinics(ctx.app.db.prisma, readFileSync(fixture('clinics-bad.csv')));
    expect(report.ok).toBe(false);
    expect(await ctx.app.db.prisma.clinic.count()).toBe(before);
    const lines = report.issues.map((issue) => [issue.line, issue.field]);
    expect(lines).toEqual(
      expect.arrayContaining([
        [3, 'code'],
        [4, 'latitude'],
        [5, 'phone'],
        [6, 'programmes'],
        [7, 'code'],
        [8, 'name'],
        [8, 'longitude'],
        [8, 'programmes'],
      ]),
    );
    expect(report.issues.some((issue) => issue.line === 2)).toBe(false);
    expect(report.issues.find((issue) => issue.line === 6)?.reason).toBe('unknown programme "dms-nope"');
    const text = formatClinicsImportReport(report, 'clinics-bad.csv');
    expect(text).toContain('clinics-bad.csv: NOT imported, nothing was written.');
    expect(text).toContain('line 7, code: duplicate within the file: demo-ok is already on line 2');
  });

  it('runs as `npm run cli -- clinics import <file.csv>`', async () => {
    const printed: string[] = [];
    const context: CliContext = {
      config: ctx.app.config,
      logger: ctx.app.logger,
      pii: ctx.app.pii,
      database: async () => ctx.app.db,
      now: () => new Date(),
      print: (text) => printed.push(text),
    };
    expect(await clinicsImport.run([fixture('clinics.csv')], context)).toBe(0);
    expect(printed.at(-1)).toContain('3 unchanged');
    expect(await clinicsImport.run([fixture('clinics-bad.csv')], context)).toBe(1);
    expect(printed.at(-1)).toContain('NOT imported');
    await expect(clinicsImport.run([], context)).rejects.toThrow('exactly one CSV file');
  });
});
