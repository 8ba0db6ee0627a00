import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { notificationsBackoffice } from '../../../bot/admin/notifications';
import { createMetrics } from '../../../core/metrics';
import { enqueueNotification, notificationJobId } from '../../../core/notify/outbox';
import { queueNames } from '../../../core/queues';
import { activatePolicy } from '../../../core/services/activation';
import { DEMO_IINS, demoActivationCode } from '../../../prisma/seed';
import { markBillOverdue } from '../../../workers/bill-overdue';
import { sendBillReminder } from '../../../workers/bill-reminder';
import { recoverTimelines } from '../../../workers/maintenance';
import { PENALTY_SCHEDULER } from '../../../workers/penalty';
import { billMember, createTimelineWorld, registerDemoMember, type TimelineWorld } from './world';

/**
 * Redis is the clock, the database the truth: wipe the test prefix's keys mid-timeline, run the
 * reconciler (planner + reconcileJobs) and every deadline is back with the delay left on the clock.
 * Also: a paid bill's reminder and overdue jobs do nothing; dead letters are visible and retryable;
 * Telegram notices to one chat are paced and a 429 is retried without a duplicate.
 */
const at = (iso: string) => new Date(iso);
const ADMIN = 'timeline-admin-token-0123';
let world: TimelineWorld;
let unpaid: { id: string };
let paid: { id: string };
let activationId = '';

beforeAll(async () => {
  world = await createTimelineWorld(at('2026-11-02T07:00:00Z'));
  await world.start();
  const a = await registerDemoMember(world, {
    employeeNumber: 'T-001',
    chatId: 81001,
    language: 'ru',
    email: 'a@example.ru',
  });
  const b = await registerDemoMember(world, {
    employeeNumber: 'T-002',
    chatId: 81002,
    language: 'kk',
    email: 'b@example.ru',
  });
  const activated = await activatePolicy(world.ctx, {
    policyNumber: 'LV-100001',
    activationCode: demoActivationCode('LV-100001'),
    iin: DEMO_IINS[0].iin,
    fullName: 'Тестов Тест',
    email: 'lv@example.kz',
    channel: 'telegram',
    conversationKey: 'telegram:81003',
    language: 'ru',
  });
  if (!activated.ok) throw new Error(`activation refused: ${activated.reason}`);
  activationId = activated.activationId;
  // the reconciler's planner (as the maintenance job runs it): next month's digest of the programme
  await world.ctx.queues.add('maintenance', {}, { jobId: 'maintenance-now-1' });
  await world.settle();
  world.clock.set(at('2026-11-05T08:00:00Z'));
  unpaid = await billMember(world, a.memberId, 1_000_000n, 'INV-A');
  paid = await billMember(world, b.memberId, 500_000n, 'INV-B');
  await world.settle();
});
afterAll(() => world?.close());

async function delayedJobs(): Promise<Map<string, number>> {
  const jobs = new Map<string, number>();
  for (const name of queueNames) {
    for (const job of await world.ctx.queues.get(name).getDelayed()) {
      if (job.id && !job.id.startsWith('repeat:')) jobs.set(`${name}/${job.id}`, job.opts.delay ?? 0);
    }
  }
  return jobs;
}

describe('Redis wiped mid-timeline', () => {
  it('the reconciler brings back every deadline with the right delay, and the schedulers', async () => {
    const { prisma } = world.ctx.db;
    await world.travel(at('2026-11-19T07:00:00Z')); // the +10 working days reminders went out
    const expected = await prisma.outboxJob.findMany({ where: { completedAt: null, runAt: { not: null } } });
    const ids = expected.map((row) => row.jobId);
    expect(ids).toEqual(
      expect.arrayContaining([
        `bill-reminder.${unpaid.id}.before_due-3wd`,
        `bill-reminder.${unpaid.id}.due`,
        `bill-overdue.${unpaid.id}`,
        `coverage-expiry.${activationId}.expiry-30d`,
        `coverage-expiry.${activationId}.expiry-7d`,
        'digest.dms-alfa.2026-12',
      ]),
    );
    expect(ids).not.toContain(`bill-reminder.${unpaid.id}.after_issue-10wd`); // done
    expect(ids).not.toContain(`coverage-start.${activationId}`); // announced on 17 Nov

    // scheduled by the activation (2 Nov): coverage 17 Nov 2026 – 16 Nov 2027, 30 days before its end at 10:00 Almaty
    expect(expected.find((row) => row.jobId.endsWith('expiry-30d'))?.runAt).toEqual(
      at('2027-10-18T05:00:00Z'),
    );

    const keys = await world.ctx.redis.keys(`${world.ctx.config.REDIS_PREFIX}:*`);
    await world.ctx.redis.del(...keys);
    expect(await delayedJobs()).toEqual(new Map());
    expect(await world.ctx.queues.get('penalty').getJobScheduler(PENALTY_SCHEDULER)).toBeUndefined();

    // and the chain of digests loses its row too: the planner derives it from the database again
    await prisma.outboxJob.delete({ where: { jobId: 'digest.dms-alfa.2026-12' } });

    // (the workers' own watchdog may get there first: it re-creates the reconciler's scheduler, whose
    // first run does the same; either way the result below must hold)
    await recoverTimelines(world.ctx, () => world.workers!.relayNow());
    expect(await prisma.outboxJob.findUnique({ where: { jobId: 'digest.dms-alfa.2026-12' } })).not.toBeNull();

    const now = world.clock.now().getTime();
    const delayed = await delayedJobs();
    for (const row of await prisma.outboxJob.findMany({
      where: { completedAt: null, runAt: { not: null } },
    })) {
      expect(delayed.get(`${row.queue}/${row.jobId}`), row.jobId).toBe(row.runAt!.getTime() - now);
    }
    expect(delayed.get('digest/digest.dms-alfa.2026-12')).toBe(at('2026-12-01T07:00:00Z').getTime() - now);
    expect(await world.ctx.queues.get('penalty').getJobScheduler(PENALTY_SCHEDULER)).toMatchObject({
      pattern: '30 * * * *',
    });
    expect(await world.ctx.queues.get('maintenance').getJobScheduler('reconcile')).toBeDefined();
    expect((await recoverTimelines(world.ctx, () => world.workers!.relayNow())).recreated).toBe(0);
  });

  it('the re-created jobs still fire on time: the 3-working-days reminder and its call task', async () => {
    // (the other member pays meanwhile: see 'a paid bill')
    await world.ctx.db.prisma.bill.update({
      where: { id: paid.id },
      data: { status: 'paid', paidAt: world.clock.now() },
    });
    const before = world.telegram.textsTo(81001).length;
    await world.travel(at('2026-12-14T06:59:00Z'));
    expect(world.telegram.textsTo(81001)).toHaveLength(before + 1); // the 1 Dec digest only
    await world.travel(at('2026-12-14T07:00:00Z'));
    expect(world.telegram.textsTo(81001)).toHaveLength(before + 2);
    expect(world.telegram.textsTo(81001).at(-1)).toContain('осталось 3 рабочих дня');
    expect(await world.ctx.db.prisma.supportTicket.count({ where: { kind: 'call_task' } })).toBe(1);
  });
});

describe('a paid bill', () => {
  it('gets no reminder and never goes overdue', async () => {
    const { prisma } = world.ctx.db;
    const kkBefore = world.telegram.textsTo(81002).length;
    await world.travel(at('2026-12-17T07:00:00Z'));
    await world.travel(at('2026-12-17T21:00:00Z'));
    expect(world.telegram.textsTo(81002)).toHaveLength(kkBefore);
    expect(await prisma.bill.findUniqueOrThrow({ where: { id: paid.id } })).toMatchObject({ status: 'paid' });
    // the +10 working days reminder went out before the payment; nothing after it
    const notices = await prisma.notification.findMany({
      where: {
        OR: [
          { dedupeKey: { startsWith: `bill-reminder.${paid.id}` } },
          { dedupeKey: { startsWith: `bill-overdue.${paid.id}` } },
        ],
      },
    });
    expect(new Set(notices.map((notice) => notice.dedupeKey.split('.')[2]))).toEqual(
      new Set(['after_issue-10wd']),
    );
    // the processors say why, whenever they run
    expect((await sendBillReminder(world.ctx, paid.id, 'due')).outcome).toBe('paid');
    expect((await markBillOverdue(world.ctx, paid.id)).outcome).toBe('paid');
    // while the unpaid one moved its member
    expect(await prisma.bill.findUniqueOrThrow({ where: { id: unpaid.id } })).toMatchObject({
      status: 'overdue',
    });
    expect((await markBillOverdue(world.ctx, unpaid.id)).outcome).toBe('already-overdue');
  });
});

describe('delivery', () => {
  it('paces notices to one Telegram chat and retries a 429 without sending twice', async () => {
    const { prisma } = world.ctx.db;
    const person = await prisma.person.findFirstOrThrow({ where: { email: 'a@example.ru' } });
    world.telegram.failNext('sendMessage', {
      error_code: 429,
      description: 'Too Many Requests',
      retry_after: 1,
    });
    const sentBefore = world.telegram.callsOf('sendMessage').length;
    await prisma.$transaction(async (tx) => {
      for (const n of [1, 2, 3])
        await enqueueNotification(tx, {
          dedupeKey: `pace-test.${n}`,
          personId: person.id,
          channel: 'telegram',
          address: '81001',
          template: 'timeline-pay-button',
          notBefore: world.clock.now(),
        });
    });
    await world.settle(20_000);
    const calls = world.telegram.callsOf('sendMessage').slice(sentBefore);
    const ok = calls.filter((call) => call.response.ok);
    expect(ok).toHaveLength(3);
    expect(calls.length).toBe(4); // one 429, retried once
    for (let i = 1; i < calls.length; i++)
      expect(calls[i]!.at - calls[i - 1]!.at).toBeGreaterThanOrEqual(900);
    const rows = await prisma.notification.findMany({ where: { dedupeKey: { startsWith: 'pace-test.' } } });
    expect(rows.map((row) => row.status)).toEqual(['sent', 'sent', 'sent']);
  });

  it('dead letters: visible in the back office and the metrics, and retryable', async () => {
    const { prisma } = world.ctx.db;
    const dead = await prisma.notification.create({
      data: {
        dedupeKey: 'dead-letter-test',
        channel: 'sms',
        template: 'timeline-digest-sms',
        params: { count: 0, amount: 0, currency: 'RUB' },
        address: '+77011234567',
        status: 'dead',
        attempts: 8,
        lastError: 'SMS gateway: 500',
      },
    });
    const app = Fastify({ logger: false });
    await app.register(notificationsBackoffice(world.ctx, ADMIN));
    const auth = { authorization: `Bearer ${ADMIN}` };
    expect((await app.inject({ url: '/api/backoffice/notifications?status=dead' })).statusCode).toBe(401);
    const listed = await app.inject({ url: '/api/backoffice/notifications?status=dead', headers: auth });
    expect(listed.statusCode).toBe(200);
    const body = listed.json() as {
      count: number;
      items: { id: string; address: string; lastError: string }[];
    };
    expect(body.count).toBe(1);
    expect(body.items[0]).toMatchObject({ id: dead.id, lastError: 'SMS gateway: 500' });
    expect(body.items[0]!.address).not.toContain('1234567');

    const metrics = createMetrics(world.ctx.queues, world.ctx.db);
    const text = await metrics.registry.getSingleMetricAsString('notifications');
    expect(text).toContain('notifications{status="dead"} 1');

    const smsBefore = world.sms.messages.length;
    const retried = await app.inject({
      method: 'POST',
      url: `/api/backoffice/notifications/${dead.id}/retry`,
      headers: auth,
    });
    expect(retried.json()).toMatchObject({ ok: true, status: 'queued' });
    expect(await world.ctx.queues.get('notify-sms').getJob(notificationJobId(dead.id))).toBeDefined();
    await world.settle();
    expect(await prisma.notification.findUniqueOrThrow({ where: { id: dead.id } })).toMatchObject({
      status: 'sent',
    });
    expect(world.sms.messages.length).toBe(smsBefore + 1);
    const again = await app.inject({
      method: 'POST',
      url: `/api/backoffice/notifications/${dead.id}/retry`,
      headers: auth,
    });
    expect(again.statusCode).toBe(409); // sent is never sent again
    await app.close();
  });
});
