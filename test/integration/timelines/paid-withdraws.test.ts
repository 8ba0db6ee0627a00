import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sendBillReminder } from '../../../workers/bill-reminder';
import { payBills } from '../../support/payments';
import { billMember, createTimelineWorld, registerDemoMember, type TimelineWorld } from './world';

/**
 * A notice written before a payment but not delivered yet must not ask for money already paid:
 * paying withdraws the bill's charge notice and reminders (every channel), and closes a reminder
 * call the operators have not taken.
 */
const at = (iso: string) => new Date(iso);
let world: TimelineWorld;
let a: { memberId: string; personId: string };
let b: { memberId: string; personId: string };
let billA: { id: string; number: string };
let billB: { id: string; number: string };

async function pay(personId: string, billId: string): Promise<void> {
  const result = await payBills(world.ctx, {
    personId,
    billIds: [billId],
    providerPaymentId: `pay-${billId}`,
    now: world.clock.now(),
  });
  expect(result.outcome).toBe('accepted');
}

const noticesOf = (billId: string) =>
  world.ctx.db.prisma.notification.findMany({ where: { billId }, orderBy: { dedupeKey: 'asc' } });

beforeAll(async () => {
  // no workers yet: what the services write stays undelivered in the outbox
  world = await createTimelineWorld(at('2026-11-02T07:00:00Z'));
  a = await registerDemoMember(world, {
    employeeNumber: 'T-001',
    chatId: 83001,
    language: 'ru',
    email: 'a@example.ru',
  });
  b = await registerDemoMember(world, {
    employeeNumber: 'T-002',
    chatId: 83002,
    language: 'ru',
    email: 'b@example.ru',
  });
  world.clock.set(at('2026-11-05T08:00:00Z'));
  billA = await billMember(world, a.memberId, 1_000_000n, 'INV-W-A');
  billB = await billMember(world, b.memberId, 2_000_000n, 'INV-W-B');
});
afterAll(() => world?.close());

describe('paying a bill', () => {
  it('withdraws its charge notice and reminder written but not delivered yet', async () => {
    world.clock.set(at('2026-11-19T07:00:00Z'));
    expect((await sendBillReminder(world.ctx, billA.id, 'after_issue-10wd')).outcome).toBe('sent');
    const written = await noticesOf(billA.id);
    expect(written.map((notice) => notice.dedupeKey.split('.')[0])).toEqual(
      expect.arrayContaining(['bill-issued', 'bill-reminder']),
    );
    expect(new Set(written.map((notice) => notice.channel))).toEqual(new Set(['telegram', 'sms', 'email']));

    await pay(a.personId, billA.id);
    expect((await noticesOf(billA.id)).map((notice) => notice.status)).toEqual(
      written.map(() => 'cancelled'),
    );

    await world.start();
    await world.settle();
    const textsA = world.telegram.textsTo(83001);
    expect(textsA.some((text) => text.includes(billA.number))).toBe(true); // the receipt
    expect(
      textsA.filter((text) => text.includes('Начислена франшиза') || text.includes('Напоминание')),
    ).toEqual([]);
    // (the receipt goes to the chat and the e-mail; SMS only to someone with neither)
    expect(world.sms.messages.filter((sms) => sms.text.includes(billA.number))).toEqual([]);
    const mailsToA = world.smtp.messages.filter((mail) => mail.to.includes('a@example.ru'));
    expect(mailsToA.map((mail) => mail.parsed.subject)).toEqual(['Оплата франшизы получена']);
    // the other member, who has not paid, got both
    const textsB = world.telegram.textsTo(83002);
    expect(textsB.filter((text) => text.includes(billB.number))).toEqual([
      expect.stringContaining('Начислена франшиза'),
      expect.stringContaining('Напоминание'),
    ]);
  });

  it('closes the reminder call the operators have not made yet', async () => {
    const { prisma } = world.ctx.db;
    await world.travel(at('2026-12-14T07:00:00Z'));
    const call = await prisma.notification.findFirstOrThrow({ where: { billId: billB.id, channel: 'call' } });
    expect(call.status).toBe('sent');
    const task = await prisma.supportTicket.findUniqueOrThrow({ where: { dedupeKey: call.dedupeKey } });
    expect(task).toMatchObject({ kind: 'call_task', status: 'waiting' });

    await pay(b.personId, billB.id);
    expect(await prisma.supportTicket.findUniqueOrThrow({ where: { id: task.id } })).toMatchObject({
      status: 'closed',
      closedAt: world.clock.now(),
    });
    // what was delivered stays delivered
    expect((await noticesOf(billB.id)).every((notice) => notice.status === 'sent')).toBe(true);
  });
});
