import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { manualClock } from '../../../core/clock';
import { activatePolicy } from '../../../core/services/activation';
import { planTimelines } from '../../../core/services/timeline-planner';
import { DEMO_IINS, demoActivationCode, seedDemo } from '../../../prisma/seed';
import { remindContactDuty } from '../../../workers/contact-duty';
import { sendCoverageExpiryReminder } from '../../../workers/coverage-expiry';
import { createTestContext, type TestContext } from '../../support/context';

/** The processors called directly (the member timeline test runs them through BullMQ). */
const at = (iso: string) => new Date(iso);
const clock = manualClock(at('2026-03-01T04:00:00Z')); // 1 Mar 2026, 09:00 Almaty
let ctx: TestContext;

beforeAll(async () => {
  ctx = await createTestContext({ clock });
  await seedDemo(ctx.db.prisma, ctx.pii, clock.now());
});
afterAll(() => ctx?.close());

describe('coverage expiry reminders', () => {
  it('30 and 7 days before the end (activated 1 Mar 2026: covered 16 Mar 2026 – 15 Mar 2027)', async () => {
    const { prisma } = ctx.db;
    const activated = await activatePolicy(ctx, {
      policyNumber: 'LV-100002',
      activationCode: demoActivationCode('LV-100002'),
      iin: DEMO_IINS[1].iin,
      fullName: 'Тестова Айгерим',
      email: 'expiry@example.kz',
      channel: 'telegram',
      conversationKey: 'telegram:91001',
      language: 'kk',
    });
    if (!activated.ok) throw new Error(activated.reason);
    const id = activated.activationId;
    await prisma.conversation.create({
      data: { channel: 'telegram', externalId: '91001', personId: activated.personId, language: 'kk' },
    });
    const jobs = await prisma.outboxJob.findMany({
      where: { queue: 'coverage-expiry' },
      orderBy: { runAt: 'asc' },
    });
    expect(jobs.map((job) => [job.jobId, job.runAt?.toISOString()])).toEqual([
      [`coverage-expiry.${id}.expiry-30d`, '2027-02-14T05:00:00.000Z'],
      [`coverage-expiry.${id}.expiry-7d`, '2027-03-09T05:00:00.000Z'],
    ]);

    expect(await sendCoverageExpiryReminder(ctx, id, 'expiry-30d')).toEqual({
      outcome: 'early',
      notBefore: at('2027-02-14T05:00:00Z'),
    });
    clock.set(at('2027-02-14T05:00:00Z'));
    expect((await sendCoverageExpiryReminder(ctx, id, 'expiry-30d')).outcome).toBe('sent');
    expect((await sendCoverageExpiryReminder(ctx, id, 'expiry-30d')).outcome).toBe('sent'); // dedupeKey: once
    const notices = await prisma.notification.findMany({
      where: { dedupeKey: { startsWith: `coverage-expiry.${id}` } },
      orderBy: { channel: 'asc' },
    });
    expect(notices.map((n) => [n.channel, n.template, n.address])).toEqual([
      ['telegram', 'timeline-coverage-expiry', '91001'],
      ['email', 'timeline-coverage-expiry-email', 'expiry@example.kz'],
    ]);
    expect(notices[0]!.params).toMatchObject({ number: 'LV-100002', end: '2027-03-15', days: 30 });
    expect((await sendCoverageExpiryReminder(ctx, id, 'expiry-60d')).outcome).toBe('obsolete');

    await prisma.policy.update({ where: { number: 'LV-100002' }, data: { status: 'cancelled' } });
    clock.set(at('2027-03-09T05:00:00Z'));
    expect((await sendCoverageExpiryReminder(ctx, id, 'expiry-7d')).outcome).toBe('cancelled');
  });
});

describe('contact-change duty', () => {
  it('reminds a change someone else recorded, unless the member confirmed it in the chat', async () => {
    const { prisma } = ctx.db;
    clock.set(at('2027-04-01T06:00:00Z'));
    const person = await prisma.person.create({
      data: { fullName: 'Контактов Контакт', phone: '+77015550001', language: 'ru', notifyChannels: ['sms'] },
    });
    const [byOffice, bySelf] = await Promise.all([
      prisma.contactChange.create({
        data: { personId: person.id, kind: 'phone', changedAt: clock.now(), channel: 'backoffice' },
      }),
      prisma.contactChange.create({
        data: { personId: person.id, kind: 'email', changedAt: clock.now(), channel: 'telegram' },
      }),
    ]);
    await planTimelines(ctx);
    const job = await prisma.outboxJob.findUniqueOrThrow({ where: { jobId: `contact-duty.${byOffice.id}` } });
    expect(job.runAt).toEqual(at('2027-04-02T05:00:00Z')); // next day 10:00 Almaty (no programme: defaults)
    expect(await prisma.outboxJob.findUnique({ where: { jobId: `contact-duty.${bySelf.id}` } })).toBeNull();

    expect((await remindContactDuty(ctx, byOffice.id)).outcome).toBe('early');
    expect((await remindContactDuty(ctx, bySelf.id)).outcome).toBe('met');
    clock.set(at('2027-04-02T05:00:00Z'));
    expect((await remindContactDuty(ctx, byOffice.id)).outcome).toBe('reminded');
    const notice = await prisma.notification.findUniqueOrThrow({
      where: { dedupeKey: `contact-duty.${byOffice.id}.sms` },
    });
    expect(notice).toMatchObject({ template: 'timeline-contact-duty-sms', address: '+77015550001' });
    expect(notice.params).toMatchObject({ kind: 'phone', date: '2027-04-01', deadline: '2027-04-06' });

    // confirmed in the chat since: nothing more to say
    const later = await prisma.contactChange.create({
      data: {
        personId: person.id,
        kind: 'phone',
        changedAt: at('2027-04-01T07:00:00Z'),
        channel: 'backoffice',
      },
    });
    await prisma.contactChange.create({
      data: { personId: person.id, kind: 'phone', changedAt: at('2027-04-01T08:00:00Z'), channel: 'webchat' },
    });
    expect((await remindContactDuty(ctx, later.id)).outcome).toBe('met');
  });
});
