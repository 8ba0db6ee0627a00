import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Reply } from '../../../core/dialog';
import { issueBills } from '../../../core/services/billing';
import { importInvoices } from '../../../core/services/invoices-import';
import { type BillingWorld, createBillingWorld, csvSource, INVOICE_HEADER, NOW } from './helpers';

/**
 * The whole road of seed 002 slides 4–8 over real PostgreSQL, Redis and HTTP: a clinic invoice is
 * imported, bills are issued with charge notices, the member opens «Мои счета» in the web chat
 * engine, chooses bills, pays on the demo page (fetched and submitted over HTTP; the page calls our
 * webhook over HTTP) and sees «Оплачен».
 */
let world: BillingWorld;
beforeAll(async () => {
  world = await createBillingWorld();
});
afterAll(async () => {
  await world?.close();
});

const texts = (replies: Reply[]) =>
  replies.flatMap((reply) => {
    if (reply.type !== 'text') return [];
    const own = world.i18n.t('ru', reply.text.key, reply.text.params);
    const buttons = (reply.buttons ?? []).flat().map((b) => world.i18n.t('ru', b.text.key, b.text.params));
    return [own, ...buttons];
  });
const buttonsOf = (replies: Reply[]) =>
  replies.flatMap((r) => (r.type === 'text' ? (r.buttons ?? []).flat() : []));

describe('invoice → bills → «Мои счета» → demo payment → «Оплачен»', () => {
  const csv = [
    INVOICE_HEADER,
    'INV-1001,demo-msk-sokol,DMS-300001,2026-10-01,Приём терапевта,1,2500.00',
    'INV-1001,demo-msk-sokol,DMS-300001,2026-10-01,Общий анализ крови,2,"1 234,57"',
    'INV-1001,demo-msk-sokol,T-002,2026-10-03,УЗИ брюшной полости,1,4100.10',
    'INV-2002,demo-msk-kitay-gorod,DMS-300001,15.10.2026,Консультация кардиолога,1,3999.99',
  ].join('\n');
  const say = (data: string) =>
    world.engine.handle(
      { channel: 'webchat', externalId: world.member.conversationExternalId },
      { type: 'button', data },
    );

  it('imports the invoice, and a re-import creates nothing', async () => {
    const { prisma } = world.ctx.db;
    const first = await importInvoices(prisma, world.ctx.pii, csvSource(csv), { now: NOW });
    expect(first).toMatchObject({ ok: true, total: 4, invoices: { created: 2 }, lines: { created: 4 } });
    const again = await importInvoices(prisma, world.ctx.pii, csvSource(csv), { now: NOW });
    expect(again).toMatchObject({
      ok: true,
      invoices: { created: 0, alreadyPresent: 2 },
      lines: { created: 0, alreadyPresent: 4 },
    });
    expect(await prisma.serviceLine.count()).toBe(4);
    const line = await prisma.serviceLine.findFirstOrThrow({ where: { serviceName: 'Общий анализ крови' } });
    expect(line).toMatchObject({ lineNo: 2, quantity: 2, unitCost: 123457n, cost: 246914n });
  });

  it('issues one bill per member with half-up franchise per line, due in 30 working days, and notices', async () => {
    const { prisma } = world.ctx.db;
    const report = await issueBills(prisma, { now: NOW, baseUrl: world.base });
    expect(report).toMatchObject({ bills: 2, charges: 4 });
    expect(await issueBills(prisma, { now: NOW, baseUrl: world.base })).toMatchObject({
      bills: 0,
      charges: 0,
    });
    const bill = await prisma.bill.findFirstOrThrow({
      where: { memberId: world.member.id },
      include: { charges: true },
    });
    // 20 %: 2500.00 → 500.00; 2469.14 → 493.828 → 493.83; 3999.99 → 799.998 → 800.00
    expect(bill.charges.map((c) => Number(c.amount)).sort((a, b) => a - b)).toEqual([49383, 50000, 80000]);
    expect(bill.total).toBe(179383n);
    expect(bill).toMatchObject({ period: '2026-10', currency: 'RUB', status: 'unpaid' });
    expect(bill.number).toMatch(/^202610-00000[12]$/);
    // issued Fri 20 Nov 2026 (Moscow): 28 working days to Wed 30 Dec; 31 Dec (decree) and 1–8 Jan
    // are days off, 9–10 Jan a weekend: the 29th is Mon 11 Jan, the 30th Tue 12 Jan 2027
    expect(bill.dueDate.toISOString().slice(0, 10)).toBe('2027-01-12');
    const notices = await prisma.notification.findMany({
      where: { dedupeKey: { startsWith: `bill-issued.${bill.id}` } },
    });
    expect(notices.map((n) => `${n.channel}:${n.template}`).sort()).toEqual([
      'email:billing-notice-email',
      'sms:billing-notice-sms',
      'webchat:billing-notice',
    ]);
    const sms = notices.find((n) => n.channel === 'sms')!;
    const text = world.i18n
      .t('ru', sms.template, sms.params as Record<string, string | number>)
      .replace(/\u00a0/g, ' ');
    expect(text).toContain('1 793,83 ₽');
    expect(text).toContain(`${world.base}/pay/bill/${bill.id}`);
    expect(world.i18n.t('kk', 'billing-notice', sms.params as Record<string, string>)).toContain(
      'франшизасы есептелді',
    );
  });

  it("shows the bills, a bill's lines and exports XLSX that exceljs reads back", async () => {
    const list = await say('flow:bills');
    const shown = texts(list.replies)
      .join('\n')
      .replace(/\u00a0/g, ' ');
    expect(shown).toContain('У вас 1 счёт');
    expect(shown).toContain('1 793,83 ₽');
    const open = buttonsOf(list.replies).find((b) => 'data' in b && b.data.startsWith('bl:open:'))!;
    const detail = await say((open as { data: string }).data);
    const detailText = texts(detail.replies)
      .join('\n')
      .replace(/\u00a0/g, ' ');
    expect(detailText).toContain('Общий анализ крови · 2 × 1 234,57 ₽ → франшиза 493,83 ₽');
    expect(detailText).toContain('Демо-клиника «Сокол»');

    const exported = await say('bl:xlsx:all');
    const doc = exported.replies.find((r) => r.type === 'document');
    expect(doc).toBeDefined();
    if (doc?.type !== 'document') throw new Error('no document');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(Buffer.from(doc.contentBase64, 'base64') as unknown as ArrayBuffer);
    const sheet = workbook.worksheets[0]!;
    expect(sheet.getRow(1).getCell(9).value).toBe('Услуга');
    expect(sheet.rowCount).toBe(4);
    const services = [2, 3, 4].map((r) => sheet.getRow(r).getCell(9).value);
    expect(services).toContain('Консультация кардиолога');
    const blood = [2, 3, 4].find((r) => sheet.getRow(r).getCell(9).value === 'Общий анализ крови')!;
    expect(sheet.getRow(blood).getCell(10).value).toBe(2);
    expect(sheet.getRow(blood).getCell(12).value).toBe(2469.14);
    expect(sheet.getRow(blood).getCell(14).value).toBe(493.83);
    expect((sheet.getRow(blood).getCell(6).value as Date).toISOString().slice(0, 10)).toBe('2026-10-01');

    const csvFile = (await say('bl:csv:all')).replies.find((r) => r.type === 'document');
    if (csvFile?.type !== 'document') throw new Error('no csv');
    const csvText = Buffer.from(csvFile.contentBase64, 'base64').toString('utf8');
    expect(csvText.startsWith('\uFEFFСчёт;')).toBe(true);
    expect(csvText).toContain('493,83');
  });

  it('pays the chosen bill on the demo page over HTTP and then shows «Оплачен»', async () => {
    const { prisma } = world.ctx.db;
    const bill = await prisma.bill.findFirstOrThrow({ where: { memberId: world.member.id } });
    await say('bl:select');
    const toggled = await say(`bl:toggle:${bill.id}`);
    expect(texts(toggled.replies).join('\n')).toContain('Выбран 1 счёт');
    const paid = await say('bl:pay');
    const link = buttonsOf(paid.replies).find((b) => 'url' in b) as { url: string } | undefined;
    expect(link?.url).toMatch(new RegExp(`^${world.base}/pay/link/[0-9a-f-]{36}$`));

    const toProvider = await fetch(link!.url, { redirect: 'manual' });
    expect(toProvider.status).toBe(303);
    const pageUrl = toProvider.headers.get('location')!;
    expect(pageUrl).toMatch(new RegExp(`^${world.base}/pay/demo_[0-9a-f]{32}$`));
    const html = await (await fetch(pageUrl)).text();
    expect(html.replace(/\u00a0/g, ' ')).toContain('1 793,83 ₽');
    expect(html).toContain('Оплатить');
    expect(html).toContain('Отклонить');

    const submitted = await fetch(pageUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'action=pay',
      redirect: 'manual',
    });
    expect(submitted.status).toBe(303);
    const done = await (await fetch(new URL(submitted.headers.get('location')!, world.base))).text();
    expect(done).toContain('Оплата прошла');

    const after = await prisma.bill.findUniqueOrThrow({ where: { id: bill.id } });
    expect(after.status).toBe('paid');
    expect(after.paidAt).not.toBeNull();
    expect(await prisma.payment.count({ where: { status: 'succeeded' } })).toBe(1);
    const receipt = await prisma.notification.findFirst({ where: { template: 'billing-receipt' } });
    expect(receipt?.channel).toBe('webchat');

    const list = await say('bl:list');
    expect(texts(list.replies).join('\n')).toContain('✅ Оплачен');
    // a stale «choose» button of an older message, pressed after the payment
    const stale = await say(`bl:toggle:${bill.id}`);
    expect(texts(stale.replies).join('\n')).toContain(
      `Счёт № ${bill.number} уже оплачен — выбрать его для оплаты нельзя`,
    );
    // the old link now says so instead of taking money twice
    const old = await fetch(link!.url, { redirect: 'manual' });
    expect(await old.text()).toContain('уже оплачены');
    // paying the bill directly (SMS link) is refused too
    const direct = await fetch(`${world.base}/pay/bill/${bill.id}`, { redirect: 'manual' });
    expect(direct.status).toBe(200);
    expect(await direct.text()).toContain('уже оплачены');
  });
});
