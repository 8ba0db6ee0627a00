import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { manualClock } from '../../../core/clock';
import {
  enqueueJob,
  enqueueNotification,
  markJobCompleted,
  reconcileJobs,
  relayOutbox,
} from '../../../core/notify/outbox';
import { jobId } from '../../../core/queues';
import { seedDemo } from '../../../prisma/seed';
import { announceCoverageStart } from '../../../workers/coverage-start';
import { createTestContext, type TestContext } from '../../support/context';

const clock = manualClock(new Date('2026-03-01T20:30:00Z')); // 2 March 01:30 in Almaty (UTC+5)
let ctx: TestContext;

/** A coverage-start job for activation `id`, as activatePolicy writes it. */
const coverageStartJob = (id: string, runAt: Date) => ({
  queue: 'coverage-start' as const,
  name: 'coverage-start',
  jobId: jobId('coverage-start', id),
  payload: { activationId: id },
  runAt,
});
const emailNotice = (dedupeKey: string) => ({
  dedupeKey,
  channel: 'email' as const,
  template: 'x',
  address: 'a@b.kz',
});

beforeAll(async () => {
  ctx = await createTestContext({ clock });
  await seedDemo(ctx.db.prisma, ctx.pii, clock.now());
});
afterAll(() => ctx?.close());

describe('transactional outbox', () => {
  it('queues nothing for a rolled-back change', async () => {
    const id = randomUUID();
    await expect(
      ctx.db.prisma.$transaction(async (tx) => {
        await enqueueJob(tx, {
          queue: 'telemed',
          name: 'open-account',
          jobId: jobId('telemed-open', id),
          payload: { activationId: id },
        });
        await enqueueNotification(tx, emailNotice(`rollback.${id}`));
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    expect(await relayOutbox(ctx)).toBe(0);
    expect(await ctx.queues.get('telemed').getJob(jobId('telemed-open', id))).toBeUndefined();
  });

  it('relays committed rows once, with deterministic ids and the delay to runAt', async () => {
    const id = randomUUID();
    const runAt = new Date(clock.now().getTime() + 15 * 24 * 3600 * 1000);
    await ctx.db.prisma.$transaction(async (tx) => {
      await enqueueJob(tx, coverageStartJob(id, runAt));
      await enqueueNotification(tx, emailNotice(`hello.${id}`));
      // the same notice twice in one change is still one notice
      await enqueueNotification(tx, emailNotice(`hello.${id}`));
    });

    expect(await relayOutbox(ctx)).toBe(2);
    const job = await ctx.queues.get('coverage-start').getJob(jobId('coverage-start', id));
    expect(job?.data).toEqual({ activationId: id });
    expect(job?.opts.delay).toBe(runAt.getTime() - clock.now().getTime());

    const notification = await ctx.db.prisma.notification.findUniqueOrThrow({
      where: { dedupeKey: `hello.${id}` },
    });
    expect(notification.status).toBe('queued');
    expect(await ctx.queues.get('notify-email').getJob(jobId('notify', notification.id))).toBeDefined();

    expect(await relayOutbox(ctx)).toBe(0);
    expect(await ctx.db.prisma.notification.count({ where: { dedupeKey: `hello.${id}` } })).toBe(1);
  });
});

describe('reconciler', () => {
  async function forgetEverythingInRedis() {
    const keys = await ctx.redis.keys(`${ctx.config.REDIS_PREFIX}:*`);
    if (keys.length > 0) await ctx.redis.del(...keys);
  }

  it('re-creates every relayed job that is not completed after Redis lost them, and nothing else', async () => {
    const [due, done] = [randomUUID(), randomUUID()];
    const runAt = new Date(clock.now().getTime() + 3600_000);
    await ctx.db.prisma.$transaction(async (tx) => {
      for (const id of [due, done]) await enqueueJob(tx, coverageStartJob(id, runAt));
      await enqueueNotification(tx, emailNotice(`reconcile.${due}`));
    });
    await relayOutbox(ctx);
    await markJobCompleted(ctx, jobId('coverage-start', done));
    const before = await reconcileJobs(ctx);
    expect(before.recreated).toBe(0);

    await forgetEverythingInRedis();
    const report = await reconcileJobs(ctx);
    const queue = ctx.queues.get('coverage-start');
    const recreated = await queue.getJob(jobId('coverage-start', due));
    expect(recreated?.opts.delay).toBe(runAt.getTime() - clock.now().getTime());
    expect(await queue.getJob(jobId('coverage-start', done))).toBeUndefined();
    const notice = await ctx.db.prisma.notification.findUniqueOrThrow({
      where: { dedupeKey: `reconcile.${due}` },
    });
    expect(await ctx.queues.get('notify-email').getJob(jobId('notify', notice.id))).toBeDefined();
    expect(report.recreated).toBeGreaterThanOrEqual(2);

    expect((await reconcileJobs(ctx)).recreated).toBe(0);
  });

  it('leaves alone a notice a feature worker is delivering itself', async () => {
    const mail = await ctx.db.prisma.notification.create({
      data: {
        dedupeKey: `annex1.${randomUUID()}`,
        channel: 'email',
        template: 'mail-annex1',
        status: 'sending',
      },
    });
    await forgetEverythingInRedis();
    await reconcileJobs(ctx);
    await relayOutbox(ctx);
    expect(await ctx.queues.get('notify-email').getJob(jobId('notify', mail.id))).toBeUndefined();
  });
});

describe('coverage start announcement', () => {
  it('waits for the day, announces once on every conversation of the person', async () => {
    const { prisma } = ctx.db;
    const policy = await prisma.policy.findUniqueOrThrow({ where: { number: 'LV-100001' } });
    const person = await prisma.person.create({ data: { fullName: 'Тестова Айгерим', language: 'kk' } });
    const account = await prisma.telemedAccount.create({
      data: { email: 'aigerim@example.kz', productCode: 'personal_doctor' },
    });
    await prisma.conversation.createMany({
      data: [
        { channel: 'telegram', externalId: '5550001', personId: person.id },
        { channel: 'webchat', externalId: randomUUID(), personId: person.id },
      ],
    });
    const activation = await prisma.activation.create({
      data: {
        policyId: policy.id,
        personId: person.id,
        telemedAccountId: account.id,
        email: 'aigerim@example.kz',
        channel: 'telegram',
        activatedAt: clock.now(),
        coverageStart: new Date('2026-03-17T00:00:00Z'),
        coverageEnd: new Date('2027-03-16T00:00:00Z'),
      },
    });

    const early = await announceCoverageStart(ctx, activation.id);
    expect(early.outcome).toBe('early');
    expect(early.notBefore?.toISOString()).toBe('2026-03-16T19:00:00.000Z'); // 17 March 00:00 UTC+5

    clock.set(new Date('2026-03-16T19:00:00Z'));
    expect((await announceCoverageStart(ctx, activation.id)).outcome).toBe('announced');
    expect((await announceCoverageStart(ctx, activation.id)).outcome).toBe('already-announced');

    const notices = await prisma.notification.findMany({
      where: { personId: person.id },
      orderBy: { channel: 'asc' },
    });
    expect(notices.map((notice) => [notice.channel, notice.template])).toEqual([
      ['telegram', 'notify-coverage-started'],
      ['webchat', 'notify-coverage-started'],
    ]);
    expect(notices[0]?.address).toBe('5550001');
    expect(notices[0]?.params).toMatchObject({ number: 'LV-100001', start: '2026-03-17', end: '2027-03-16' });
  });
});
