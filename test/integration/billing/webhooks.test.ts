import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { demoSecret, signDemoWebhook } from '../../../core/integrations/payments';
import { issueBills } from '../../../core/services/billing';
import { importInvoices } from '../../../core/services/invoices-import';
import { createPaymentLink } from '../../../core/services/payments';
import { type BillingWorld, createBillingWorld, csvSource, INVOICE_HEADER, NOW } from './helpers';

/** The demo provider's webhook: signature on the raw body, freshness, idempotency, amounts. */
let world: BillingWorld;
let billId: string;
let secret: string;

beforeAll(async () => {
  world = await createBillingWorld();
  const { prisma } = world.ctx.db;
  await importInvoices(
    prisma,
    world.ctx.pii,
    csvSource([INVOICE_HEADER, 'W-1,demo-msk-sokol,DMS-300001,2026-10-01,Приём,1,1000.00'].join('\n')),
    { now: NOW },
  );
  await issueBills(prisma, { now: NOW, baseUrl: world.base });
  billId = (await prisma.bill.findFirstOrThrow()).id;
  secret = demoSecret(world.ctx.config);
});
afterAll(async () => {
  await world?.close();
});

async function newLink(): Promise<{ id: string; amount: number }> {
  const { prisma } = world.ctx.db;
  // a fresh link each time: the previous one may be pending for the same bill
  await prisma.paymentLink.updateMany({ where: { status: 'pending' }, data: { status: 'expired' } });
  const result = await createPaymentLink(prisma, {
    personId: world.member.personId,
    billIds: [billId],
    provider: 'demo',
    now: world.clock.now(),
    ttlHours: 72,
  });
  if (result.kind !== 'ok') throw new Error(result.kind);
  return { id: result.linkId, amount: result.amount };
}

function body(fields: Record<string, unknown>): string {
  return JSON.stringify({
    type: 'payment.succeeded',
    paymentId: `dp_${Math.random().toString(16).slice(2)}`,
    pageId: 'demo_x',
    currency: 'RUB',
    ...fields,
  });
}

async function post(raw: string, signature: string | null) {
  const response = await fetch(`${world.base}/payments/webhook/demo`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(signature ? { 'x-demo-signature': signature } : {}) },
    body: raw,
  });
  return { status: response.status, json: (await response.json()) as Record<string, unknown> };
}

const nowSeconds = () => Math.floor(world.clock.now().getTime() / 1000);

describe('demo webhook security', () => {
  beforeEach(async () => {
    await world.ctx.db.prisma.bill.update({
      where: { id: billId },
      data: { status: 'unpaid', paidAt: null },
    });
  });

  it('refuses a forged (unsigned or wrongly signed) webhook', async () => {
    const link = await newLink();
    const raw = body({ linkId: link.id, amount: link.amount });
    expect((await post(raw, null)).status).toBe(401);
    expect((await post(raw, signDemoWebhook('not-the-secret-at-all-0000', raw, nowSeconds()))).status).toBe(
      401,
    );
    expect(await world.ctx.db.prisma.payment.count()).toBe(0);
  });

  it('refuses a tampered body (signature of another amount)', async () => {
    const link = await newLink();
    const signedFor = body({ linkId: link.id, amount: 1, paymentId: 'dp_tamper' });
    const tampered = signedFor.replace('"amount":1', `"amount":${link.amount}`);
    const result = await post(tampered, signDemoWebhook(secret, signedFor, nowSeconds()));
    expect(result.status).toBe(401);
    expect(result.json.error).toBe('signature');
  });

  it('refuses a replay of an old, correctly signed webhook (stale timestamp)', async () => {
    const link = await newLink();
    const raw = body({ linkId: link.id, amount: link.amount });
    const result = await post(raw, signDemoWebhook(secret, raw, nowSeconds() - 3600));
    expect(result).toMatchObject({ status: 400, json: { error: 'stale' } });
    expect((await world.ctx.db.prisma.bill.findUniqueOrThrow({ where: { id: billId } })).status).toBe(
      'unpaid',
    );
  });

  it('records the same webhook delivered twice as one payment', async () => {
    const { prisma } = world.ctx.db;
    const link = await newLink();
    const raw = body({ linkId: link.id, amount: link.amount, paymentId: 'dp_twice' });
    const signature = signDemoWebhook(secret, raw, nowSeconds());
    const [a, b] = await Promise.all([post(raw, signature), post(raw, signature)]);
    expect([a.json.outcome, b.json.outcome].sort()).toEqual(['accepted', 'duplicate']);
    expect(await prisma.payment.count({ where: { providerPaymentId: 'dp_twice' } })).toBe(1);
    expect((await prisma.bill.findUniqueOrThrow({ where: { id: billId } })).status).toBe('paid');
    const third = await post(raw, signature);
    expect(third.json.outcome).toBe('duplicate');
  });

  it('flags a payment of the wrong amount for the back office and leaves the bill unpaid', async () => {
    const { prisma } = world.ctx.db;
    const link = await newLink();
    const raw = body({ linkId: link.id, amount: link.amount - 1, paymentId: 'dp_short' });
    const result = await post(raw, signDemoWebhook(secret, raw, nowSeconds()));
    expect(result).toMatchObject({ status: 200, json: { outcome: 'amount_mismatch' } });
    const payment = await prisma.payment.findFirstOrThrow({ where: { providerPaymentId: 'dp_short' } });
    expect(payment.status).toBe('flagged');
    expect(await prisma.auditLog.count({ where: { action: 'payment.flagged', subject: payment.id } })).toBe(
      1,
    );
    const ticket = await prisma.supportTicket.findFirstOrThrow({
      where: { dedupeKey: 'payment-flagged:demo:dp_short' },
    });
    expect(ticket.kind).toBe('integration_failure');
    expect((await prisma.bill.findUniqueOrThrow({ where: { id: billId } })).status).toBe('unpaid');
    expect((await prisma.paymentLink.findUniqueOrThrow({ where: { id: link.id } })).status).toBe('pending');
  });

  it('flags a second payment for a bill already paid (no double charge recorded as success)', async () => {
    const { prisma } = world.ctx.db;
    const first = await newLink();
    // a second, older link for the same bill is still out there (e.g. from the SMS)
    const second = await prisma.paymentLink.create({
      data: {
        personId: world.member.personId,
        provider: 'demo',
        amount: BigInt(first.amount),
        currency: 'RUB',
        expiresAt: new Date(NOW.getTime() + 3600_000),
        bills: { create: [{ billId }] },
      },
    });
    const pay = async (linkId: string, paymentId: string) => {
      const raw = body({ linkId, amount: first.amount, paymentId });
      return post(raw, signDemoWebhook(secret, raw, nowSeconds()));
    };
    expect((await pay(first.id, 'dp_first')).json.outcome).toBe('accepted');
    expect((await prisma.paymentLink.findUniqueOrThrow({ where: { id: second.id } })).status).toBe(
      'cancelled',
    );
    expect((await pay(second.id, 'dp_second')).json.outcome).toBe('already_paid');
    const payments = await prisma.payment.findMany({
      where: { providerPaymentId: { in: ['dp_first', 'dp_second'] } },
    });
    expect(payments.map((p) => `${p.providerPaymentId}:${p.status}`).sort()).toEqual([
      'dp_first:succeeded',
      'dp_second:flagged',
    ]);
    expect(await prisma.supportTicket.count({ where: { dedupeKey: 'payment-flagged:demo:dp_second' } })).toBe(
      1,
    );
  });

  it('records a declined payment without touching the bill', async () => {
    const { prisma } = world.ctx.db;
    const link = await newLink();
    const raw = body({
      type: 'payment.failed',
      linkId: link.id,
      amount: link.amount,
      paymentId: 'dp_declined',
    });
    expect((await post(raw, signDemoWebhook(secret, raw, nowSeconds()))).json.outcome).toBe(
      'declined_recorded',
    );
    expect(
      (await prisma.payment.findFirstOrThrow({ where: { providerPaymentId: 'dp_declined' } })).status,
    ).toBe('refused');
    expect((await prisma.bill.findUniqueOrThrow({ where: { id: billId } })).status).toBe('unpaid');
  });
});
