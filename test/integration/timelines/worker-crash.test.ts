import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../support/context';
import { type ProductProcess, startProduct } from '../../support/product-process';

/**
 * A workers process killed with SIGKILL in the middle of a batch of SMS notices (a slow local SMS
 * gateway, 250 ms per message): another process takes over. At the end every notice is delivered,
 * none confirmed `sent` before the kill is delivered twice, and the duplicates are at most the
 * messages that were in flight (received by the gateway, not yet recorded as sent) when it died.
 */
const NOTICES = 40;
const SLOW_MS = 250;

interface Receipt {
  notificationId: string;
  at: number;
}

let ctx: TestContext;
let gateway: Server;
let gatewayUrl = '';
const receipts: Receipt[] = [];
const running: ProductProcess[] = [];

beforeAll(async () => {
  ctx = await createTestContext();
  gateway = createServer(async (request, response) => {
    for await (const _ of request) {
      // drain the body
    }
    receipts.push({ notificationId: String(request.headers['idempotency-key']), at: Date.now() });
    setTimeout(() => {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ id: `gw-${receipts.length}` }));
    }, SLOW_MS);
  });
  await new Promise<void>((resolve) => gateway.listen(0, '127.0.0.1', resolve));
  gatewayUrl = `http://127.0.0.1:${(gateway.address() as AddressInfo).port}`;
  await ctx.db.prisma.notification.createMany({
    data: Array.from({ length: NOTICES }, (_, n) => ({
      dedupeKey: `crash-test.${n}`,
      channel: 'sms' as const,
      template: 'timeline-digest-sms',
      params: { count: 0, amount: 0, currency: 'RUB', lang: n % 2 ? 'kk' : 'ru' },
      address: `+7701${String(1_000_000 + n).padStart(7, '0')}`,
    })),
  });
}, 60_000);

afterAll(async () => {
  for (const child of running) if (child.child.exitCode === null) child.child.kill('SIGKILL');
  await new Promise((resolve) => gateway?.close(resolve));
  await ctx?.close();
});

function startWorkersProcess(): Promise<ProductProcess> {
  return startProduct('workers/main.ts', [], {
    DATABASE_URL: ctx.database.url,
    REDIS_URL: ctx.config.REDIS_URL,
    REDIS_PREFIX: ctx.config.REDIS_PREFIX,
    SMS_URL: gatewayUrl,
    JOB_LOCK_SECONDS: '1',
    LOG_LEVEL: 'warn',
  }).then((child) => {
    running.push(child);
    return child;
  });
}

async function until(predicate: () => Promise<boolean> | boolean, timeoutMs: number, what: string) {
  const deadline = Date.now() + timeoutMs;
  while (!(await predicate())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

describe('a workers process killed mid-batch', () => {
  it('delivers every notice; nothing confirmed sent goes twice; duplicates ≤ in flight', async () => {
    const { prisma } = ctx.db;
    const first = await startWorkersProcess();
    // kill it once some notices are confirmed sent while others are at the gateway
    await until(
      async () => {
        const sent = await prisma.notification.count({ where: { status: 'sent' } });
        return sent >= 8 && new Set(receipts.map((receipt) => receipt.notificationId)).size > sent;
      },
      30_000,
      'some SMS confirmed and others at the gateway',
    );
    first.child.kill('SIGKILL');
    await first.exited;
    const receivedAtKill = new Set(receipts.map((receipt) => receipt.notificationId));
    const confirmed = new Set(
      (await prisma.notification.findMany({ where: { status: 'sent' }, select: { id: true } })).map(
        (row) => row.id,
      ),
    );
    expect(confirmed.size).toBeGreaterThan(0);
    expect(confirmed.size).toBeLessThan(NOTICES);
    const inFlight = [...receivedAtKill].filter((id) => !confirmed.has(id));
    expect(inFlight.length).toBeGreaterThan(0);

    const second = await startWorkersProcess();
    await until(
      async () => (await prisma.notification.count({ where: { status: 'sent' } })) === NOTICES,
      40_000,
      'every notice sent by the second process',
    );
    second.child.kill('SIGTERM');
    await second.exited;

    const count = new Map<string, number>();
    for (const receipt of receipts)
      count.set(receipt.notificationId, (count.get(receipt.notificationId) ?? 0) + 1);
    const ids = (await prisma.notification.findMany({ select: { id: true } })).map((row) => row.id);
    for (const id of ids) expect(count.get(id) ?? 0, `notice ${id}`).toBeGreaterThanOrEqual(1);
    for (const id of confirmed) expect(count.get(id), `confirmed ${id}`).toBe(1);
    const duplicates = [...count.values()].reduce((sum, n) => sum + (n - 1), 0);
    expect(duplicates).toBeLessThanOrEqual(inFlight.length);
    expect(await prisma.notification.count({ where: { status: { in: ['failed', 'dead'] } } })).toBe(0);
  }, 90_000);
});
