import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueBills } from '../../../core/services/billing';
import { importInvoices } from '../../../core/services/invoices-import';
import { createPaymentLink } from '../../../core/services/payments';
import {
  type CloudPaymentsServer,
  cpDateTime,
  cpSign,
  startCloudPaymentsServer,
} from '../../support/cloudpayments-server';
import { type BillingWorld, createBillingWorld, csvSource, INVOICE_HEADER, NOW } from './helpers';

/** The CloudPayments adapter against a local server speaking its protocol. */
const PUBLIC_ID = 'pk_test_0123456789abcdef';
const API_SECRET = 'cp-api-secret-for-tests-0123456789';
let cp: CloudPaymentsServer;
let world: BillingWorld;
let webhook: string;

beforeAll(async () => {
  cp = await startCloudPaymentsServer({ publicId: PUBLIC_ID, apiSecret: API_SECRET });
  world = await createBillingWorld({
    PAYMENT_PROVIDER: 'cloudpayments',
    CLOUDPAYMENTS_PUBLIC_ID: PUBLIC_ID,
    CLOUDPAYMENTS_API_SECRET: API_SECRET,
    CLOUDPAYMENTS_API_URL: cp.url,
  });
  webhook = `${world.base}/payments/webhook/cloudpayments`;
  const { prisma } = world.ctx.db;
  await importInvoices(
    prisma,
    world.ctx.pii,
    csvSource(
      [
        INVOICE_HEADER,
        'CP-1,demo-msk-sokol,DMS-300001,2026-10-01,Приём,1,1000.05',
        'CP-1,demo-msk-sokol,DMS-300002,2026-10-01,Приём,1,700.00',
      ].join('\n'),
    ),
    { now: NOW },
  );
  await issueBills(prisma, { now: NOW, baseUrl: world.base });
  world.clock.set(new Date());
});
afterAll(async () => {
  await world?.close();
  await cp?.close();
});

async function linkFor(employee: 'T-001' | 'T-002') {
  const { prisma } = world.ctx.db;
  const bill = await prisma.bill.findFirstOrThrow({
    where: { member: { rosterEntry: { employeeNumber: employee } } },
    include: { member: true },
  });
  const link = await createPaymentLink(prisma, {
    personId: bill.member.personId,
    billIds: [bill.id],
    provider: 'cloudpayments',
    now: world.clock.now(),
    ttlHours: 72,
  });
  if (link.kind !== 'ok') throw new Error(link.kind);
  const redirect = await fetch(`${world.base}/pay/link/${link.linkId}`, { redirect: 'manual' });
  expect(redirect.status).toBe(303);
  const orderId = redirect.headers.get('location')!.split('/d/')[1]!;
  return { bill, linkId: link.linkId, orderId };
}

describe('CloudPayments', () => {
  it('creates an order with Basic auth and our link id as InvoiceId; Check + Pay mark the bill paid', async () => {
    const { bill, linkId, orderId } = await linkFor('T-001');
    const request = cp.requests.find((r) => r.path === '/orders/create')!;
    expect(request.authorized).toBe(true);
    // 20 % of 1000.05 = 200.01
    expect(request.body).toMatchObject({ Amount: 200.01, Currency: 'RUB', InvoiceId: linkId });
    const result = await cp.pay(orderId, { webhookUrl: webhook, transactionId: 555001 });
    expect(result.check.body).toEqual({ code: 0 });
    expect(result.final?.body).toEqual({ code: 0 });
    const { prisma } = world.ctx.db;
    expect((await prisma.bill.findUniqueOrThrow({ where: { id: bill.id } })).status).toBe('paid');
    const payment = await prisma.payment.findUniqueOrThrow({
      where: { provider_providerPaymentId: { provider: 'cloudpayments', providerPaymentId: '555001' } },
    });
    expect(payment).toMatchObject({ status: 'succeeded', amount: 20001n, currency: 'RUB', linkId });
    // the same Pay notification again (CloudPayments retries): answered, not recorded twice
    const again = await cp.notify(webhook, 'pay', {
      ...Object.fromEntries(new URLSearchParams(result.form)),
      GatewayName: 'Test',
      TotalFee: '0.00',
    });
    expect(again.body).toEqual({ code: 0 });
    expect(await prisma.payment.count({ where: { provider: 'cloudpayments' } })).toBe(1);
    // a Check for the paid bill is refused before the card is charged
    const late = await cp.pay(orderId, { webhookUrl: webhook, transactionId: 555002 });
    expect(late.check.body).toEqual({ code: 13 });
  });

  it('refuses at Check a wrong amount (code 12) and a bad HMAC (401)', async () => {
    const { orderId } = await linkFor('T-002');
    const wrong = await cp.pay(orderId, { webhookUrl: webhook, amount: '139.99', transactionId: 555003 });
    expect(wrong.check.body).toEqual({ code: 12 });
    const fields = {
      TransactionId: '555004',
      Amount: '140.00',
      Currency: 'RUB',
      DateTime: cpDateTime(new Date()),
      GatewayName: 'Test',
      TotalFee: '0',
    };
    const form = new URLSearchParams(fields).toString();
    const forged = await fetch(`${webhook}?type=pay`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        'Content-HMAC': cpSign('wrong-secret', form),
      },
      body: form,
    });
    expect(forged.status).toBe(401);
    // a signed Check body sent as a Pay is refused (the query is not covered by the signature)
    const asPay = await fetch(`${webhook}?type=pay`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        'Content-HMAC': cpSign(
          API_SECRET,
          'TransactionId=555005&Amount=140.00&Currency=RUB&DateTime=2026-11-20+07%3A00%3A00',
        ),
      },
      body: 'TransactionId=555005&Amount=140.00&Currency=RUB&DateTime=2026-11-20+07%3A00%3A00',
    });
    expect(asPay.status).toBe(400);
    // an old notification (replayed days later) is stale
    const old = await cp.notify(webhook, 'pay', {
      ...fields,
      TransactionId: '555006',
      DateTime: cpDateTime(new Date(Date.now() - 3 * 86400_000)),
    });
    expect(old.status).toBe(400);
    expect(
      await world.ctx.db.prisma.payment.count({
        where: { providerPaymentId: { in: ['555004', '555005', '555006'] } },
      }),
    ).toBe(0);
  });
});
