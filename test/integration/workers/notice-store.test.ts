import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNoticeStore } from '../../../core/notify/notice-store';
import { enqueueNotifications } from '../../../core/notify/outbox';
import { createTestContext, type TestContext } from '../../support/context';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(() => ctx?.close());

describe('notice store (the batched reads and writes of the notifications worker)', () => {
  it('jobs in hand at once each get their own notice and person, and each its own sent mark', async () => {
    const { prisma } = ctx.db;
    const kk = await prisma.person.create({
      data: { fullName: 'Ахметова Әйгерім', language: 'kk', phone: '+77015559901', email: 'a@example.kz' },
    });
    const keys = Array.from({ length: 12 }, (_, i) => `store-test.${i}`);
    await enqueueNotifications(
      prisma,
      keys.map((dedupeKey, i) => ({
        dedupeKey,
        channel: 'sms' as const,
        template: 'x',
        params: { i },
        ...(i % 2 === 0 ? { personId: kk.id } : { address: `+7701555${String(i).padStart(4, '0')}` }),
      })),
    );
    const rows = await prisma.notification.findMany({ where: { dedupeKey: { in: keys } } });
    const store = createNoticeStore(prisma);

    const unknown = randomUUID();
    const loaded = await Promise.all([...rows.map((row) => store.load(row.id)), store.load(unknown)]);
    expect(loaded.at(-1)).toBeNull();
    rows.forEach((row, i) => {
      expect(loaded[i]?.notification).toMatchObject({
        id: row.id,
        dedupeKey: row.dedupeKey,
        params: row.params,
        status: 'pending',
        channel: 'sms',
      });
      expect(loaded[i]?.person).toEqual(
        row.personId
          ? {
              id: kk.id,
              language: 'kk',
              phone: '+77015559901',
              email: 'a@example.kz',
              fullName: 'Ахметова Әйгерім',
            }
          : null,
      );
    });

    const at = new Date('2026-11-22T05:00:00Z');
    await Promise.all(
      rows.map((row, i) =>
        store.markSent({
          id: row.id,
          at: new Date(at.getTime() + i),
          providerMessageId: `m-${row.dedupeKey}`,
        }),
      ),
    );
    const after = await prisma.notification.findMany({ where: { dedupeKey: { in: keys } } });
    for (const row of after) {
      const i = rows.findIndex((original) => original.id === row.id);
      expect(row).toMatchObject({
        status: 'sent',
        attempts: 1,
        providerMessageId: `m-${row.dedupeKey}`,
        sentAt: new Date(at.getTime() + i),
        lastError: null,
      });
    }
  });
});
