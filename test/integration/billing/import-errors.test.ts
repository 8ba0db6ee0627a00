import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { invoiceFileSource } from '../../../core/services/invoice-files';
import { importInvoices } from '../../../core/services/invoices-import';
import { type BillingWorld, createBillingWorld, csvSource, INVOICE_HEADER, NOW } from './helpers';

/** Bad lines are reported by line and field, and nothing is written (all or nothing). */
let world: BillingWorld;
let dir: string;
beforeAll(async () => {
  world = await createBillingWorld();
  dir = await mkdtemp(path.join(tmpdir(), 'invoices-'));
});
afterAll(async () => {
  await world?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

const BAD = [
  ['INV-9', 'demo-msk-sokol', 'DMS-300001', '2026-10-01', 'Приём', '1', '1500.00'],
  ['INV-9', 'no-such-clinic', 'DMS-300001', '2026-10-01', 'Приём', '1', '1500.00'],
  ['INV-9', 'demo-msk-sokol', 'DMS-999999', '2026-10-01', 'Приём', '1', '1500.00'],
  ['INV-9', 'demo-msk-sokol', 'DMS-300003', '2026-10-01', 'Приём', '1', '1500.00'],
  ['INV-9', 'demo-msk-sokol', 'DMS-300001', '2026-02-30', 'Приём', '0', '1,234.50'],
  ['INV-9', 'demo-msk-sokol', 'DMS-300001', '2027-10-01', '', '1', '12.345'],
];
const EXPECTED = [
  { line: 3, field: 'clinic_code', reason: 'unknown clinic "no-such-clinic"' },
  { line: 4, field: 'patient', reason: expect.stringContaining('unknown patient') },
  { line: 5, field: 'patient', reason: 'on the roster but not registered as a member yet' },
  { line: 6, field: 'service_date', reason: expect.stringContaining('not a date') },
  { line: 6, field: 'quantity', reason: expect.stringContaining('whole number') },
  { line: 6, field: 'unit_cost', reason: expect.stringContaining('both "." and ","') },
  { line: 7, field: 'service_date', reason: 'the service date is in the future' },
  { line: 7, field: 'service_name', reason: 'service name is empty' },
  { line: 7, field: 'unit_cost', reason: 'unit cost has more than 2 decimals' },
];

describe('invoice import errors', () => {
  it('CSV: every problem with its line and field; nothing written', async () => {
    const text = [INVOICE_HEADER, ...BAD.map((row) => row.map((v) => `"${v}"`).join(','))].join('\n');
    const report = await importInvoices(world.ctx.db.prisma, world.ctx.pii, csvSource(text), { now: NOW });
    expect(report.ok).toBe(false);
    expect(report.total).toBe(6);
    expect(report.issues).toEqual(EXPECTED);
    expect(await world.ctx.db.prisma.clinicInvoice.count()).toBe(0);
  });

  it('XLSX (streamed): the same problems on the same rows', async () => {
    const file = path.join(dir, 'bad.xlsx');
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('Счета');
    sheet.addRow(INVOICE_HEADER.split(','));
    for (const row of BAD) sheet.addRow(row);
    await workbook.xlsx.writeFile(file);
    const report = await importInvoices(world.ctx.db.prisma, world.ctx.pii, invoiceFileSource(file), {
      now: NOW,
    });
    expect(report.issues).toEqual(EXPECTED);
    expect(await world.ctx.db.prisma.serviceLine.count()).toBe(0);
  });

  it('XLSX with real date and number cells imports', async () => {
    const file = path.join(dir, 'good.xlsx');
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('Счета');
    sheet.addRow(INVOICE_HEADER.split(','));
    sheet.addRow([
      'X-1',
      'demo-msk-sokol',
      'DMS-300001',
      new Date(Date.UTC(2026, 9, 1)),
      'Рентген',
      2,
      1999.99,
    ]);
    await workbook.xlsx.writeFile(file);
    const report = await importInvoices(world.ctx.db.prisma, world.ctx.pii, invoiceFileSource(file), {
      now: NOW,
    });
    expect(report).toMatchObject({ ok: true, lines: { created: 1 } });
    const line = await world.ctx.db.prisma.serviceLine.findFirstOrThrow({
      where: { serviceName: 'Рентген' },
    });
    expect(line.serviceDate.toISOString().slice(0, 10)).toBe('2026-10-01');
    expect(line.cost).toBe(399998n);
  });

  it('a wrong header refuses the file at line 1', async () => {
    const report = await importInvoices(
      world.ctx.db.prisma,
      world.ctx.pii,
      csvSource('invoice,clinic\n1,2\n'),
      { now: NOW },
    );
    expect(report.ok).toBe(false);
    expect(report.issues[0]).toMatchObject({ line: 1, field: 'invoice_number' });
  });
});

describe('POST /api/backoffice/invoices', () => {
  const post = (body: unknown, token = 'test-admin-token-0123456789') =>
    fetch(`${world.base}/api/backoffice/invoices`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify(body),
    });
  const invoice = (unitCost: string | number) => ({
    invoices: [
      {
        number: 'API-1',
        clinic: 'demo-msk-sokol',
        lines: [
          { patient: 'DMS-300002', serviceDate: '2026-10-05', serviceName: 'Приём', quantity: 1, unitCost },
        ],
      },
    ],
  });

  it('needs the admin token', async () => {
    expect((await post(invoice('100.00'), 'wrong-token-000000000000')).status).toBe(401);
  });

  it('reports bad lines with JSON paths (422), then imports and issues bills', async () => {
    const bad = await post(invoice('1,234.50'));
    expect(bad.status).toBe(422);
    const json = (await bad.json()) as { report: { issues: { field: string; reason: string }[] } };
    expect(json.report.issues).toEqual([
      expect.objectContaining({ line: 1, field: 'invoices[0].lines[0].unitCost' }),
    ]);
    const good = await post(invoice(2500));
    expect(good.status).toBe(200);
    const result = (await good.json()) as { ok: boolean; bills: { bills: number } };
    expect(result.ok).toBe(true);
    expect(result.bills.bills).toBeGreaterThanOrEqual(1); // also the line of the XLSX test above
    const bill = await world.ctx.db.prisma.bill.findFirstOrThrow({
      where: { member: { rosterEntry: { employeeNumber: 'T-002' } } },
    });
    expect(bill.total).toBe(50000n);
    const again = (await (await post(invoice(2500))).json()) as {
      report: { invoices: { alreadyPresent: number } };
    };
    expect(again.report.invoices.alreadyPresent).toBe(1);
  });
});
