import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueBills } from '../../../core/services/billing';
import { importInvoices } from '../../../core/services/invoices-import';
import { type BillingWorld, createBillingWorld, csvSource, INVOICE_HEADER, NOW } from './helpers';

let world: BillingWorld;
beforeAll(async () => {
  world = await createBillingWorld();
});
afterAll(() => world?.close());

const importAndIssue = async (rows: string[], now = NOW) => {
  const { prisma } = world.ctx.db;
  const report = await importInvoices(
    prisma,
    world.ctx.pii,
    csvSource([INVOICE_HEADER, ...rows].join('\n')),
    {
      now: NOW,
    },
  );
  expect(report.ok).toBe(true);
  return issueBills(prisma, { now, baseUrl: world.base });
};

const billsOfMember = () =>
  world.ctx.db.prisma.bill.findMany({
    where: { memberId: world.member.id },
    orderBy: { number: 'asc' },
    select: { period: true, total: true, number: true },
  });

describe('bills per month of service', () => {
  it('one import with services in two months gives two bills, one per month', async () => {
    const report = await importAndIssue([
      'P-1,demo-msk-sokol,DMS-300001,2026-09-14,Приём терапевта,1,1000.00',
      'P-1,demo-msk-sokol,DMS-300001,2026-09-20,Анализ крови,1,500.00',
      'P-1,demo-msk-sokol,DMS-300001,2026-10-02,Приём кардиолога,1,2000.00',
    ]);
    expect(report).toMatchObject({ bills: 2, charges: 3 });
    expect(await billsOfMember()).toEqual([
      { period: '2026-09', total: 30000n, number: '202609-000001' },
      { period: '2026-10', total: 40000n, number: '202610-000001' },
    ]);
  });

  it('a late line of an already billed month gets a supplementary bill; issued bills never change', async () => {
    const report = await importAndIssue(['P-2,demo-msk-sokol,DMS-300001,2026-09-28,ЭКГ,1,750.00']);
    expect(report).toMatchObject({ bills: 1, charges: 1 });
    expect(await billsOfMember()).toEqual([
      { period: '2026-09', total: 30000n, number: '202609-000001' },
      { period: '2026-09', total: 15000n, number: '202609-000002' },
      { period: '2026-10', total: 40000n, number: '202610-000001' },
    ]);
    expect(await issueBills(world.ctx.db.prisma, { now: NOW, baseUrl: world.base })).toMatchObject({
      bills: 0,
    });
  });
});

describe('charge notices keep the notice hours of the programme (09:00–21:00 local by default)', () => {
  beforeAll(async () => {
    // the demo programme sends at any hour (prisma/seed.ts); a real one keeps the default window
    await world.ctx.db.prisma.programme.update({ where: { code: 'dms-alfa' }, data: { settings: {} } });
  });

  const noticesOfLatestBill = async () => {
    const { prisma } = world.ctx.db;
    const bill = await prisma.bill.findFirstOrThrow({
      where: { memberId: world.member.id },
      orderBy: { issuedAt: 'desc' },
    });
    return prisma.notification.findMany({
      where: { billId: bill.id, dedupeKey: { startsWith: 'bill-issued.' } },
    });
  };

  it('a bill issued in the daytime is announced at once', async () => {
    await importAndIssue(['P-3,demo-msk-sokol,DMS-300001,2026-10-05,ЭКГ,1,750.00']);
    const notices = await noticesOfLatestBill();
    expect(notices.length).toBeGreaterThan(0);
    expect(notices.map((notice) => notice.notBefore)).toEqual(notices.map(() => NOW));
  });

  it('a bill issued at 01:30 in Moscow is announced at 09:00, not in the night', async () => {
    const night = new Date('2026-11-20T22:30:00Z');
    await importAndIssue(['P-4,demo-msk-sokol,DMS-300001,2026-10-06,ЭКГ,1,750.00'], night);
    const notices = await noticesOfLatestBill();
    expect(notices.length).toBeGreaterThan(0);
    expect(notices.map((notice) => notice.notBefore.toISOString())).toEqual(
      notices.map(() => '2026-11-21T06:00:00.000Z'),
    );
  });
});
