import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalDate } from '../../../core/domain/local-date';
import {
  activateFranchise,
  calendarFor,
  franchiseEffectiveJobId,
  membersOfPerson,
} from '../../../core/services/franchise';
import { PERSONAL_DATA_CONSENT_VERSION, registerMember } from '../../../core/services/registration';
import { announceFranchiseEffective } from '../../../workers/franchise-effective';
import { createDmsTestContext, type DmsTestContext, MADE_UP_DAY_OFF } from './context';

/**
 * Franchise activation service: the effective date in the programme's zone (Europe/Moscow for the
 * demo DMS) and calendar with the override files of CALENDAR_DIR; the franchise-effective worker.
 */
let ctx: DmsTestContext;
const members = new Map<string, string>();

const ROSTER = [
  { phone: '+79161234501', number: 'T-001', birth: '1985-03-14' },
  { phone: '+79161234502', number: 'T-002', birth: '1990-07-02' },
  { phone: '+79161234503', number: 'T-003', birth: '1978-11-23' },
  { phone: '+79161234504', number: 'T-004', birth: '1995-01-30' },
  { phone: '+79161234505', number: 'T-005', birth: '1969-05-09' },
] as const;

beforeAll(async () => {
  ctx = await createDmsTestContext();
  ctx.clock.set(new Date('2026-10-01T09:00:00Z'));
  for (const entry of ROSTER) {
    const result = await registerMember(ctx.app, {
      phone: entry.phone,
      proof: { method: 'contact' },
      birthDate: entry.birth as LocalDate,
      number: entry.number,
      channel: 'telegram',
      conversationKey: `telegram:${entry.number}`,
      language: 'ru',
      consentVersion: PERSONAL_DATA_CONSENT_VERSION,
    });
    if (!result.ok) throw new Error(`registration of ${entry.number}: ${result.reason}`);
    members.set(entry.number, result.memberId);
  }
});
afterAll(() => ctx?.close());

async function activateAt(number: string, at: string) {
  ctx.clock.set(new Date(at));
  return activateFranchise(ctx.app, {
    memberId: members.get(number)!,
    channel: 'telegram',
    conversationKey: `telegram:${number}`,
    language: 'ru',
    rulesVersion: 'franchise-rules-2026-01',
  });
}

describe('effective date: 00:00 Moscow of the next working day (RU calendar + CALENDAR_DIR overrides)', () => {
  it.each([
    ['T-001', '2026-12-04T09:00:00Z', 'Friday noon → Monday', '2026-12-07', '2026-12-06T21:00:00.000Z'],
    [
      'T-002',
      '2026-11-03T09:00:00Z',
      'Tuesday before the 4 Nov holiday → Thursday',
      '2026-11-05',
      '2026-11-04T21:00:00.000Z',
    ],
    ['T-003', '2026-12-05T09:00:00Z', 'on a Saturday → Monday', '2026-12-07', '2026-12-06T21:00:00.000Z'],
    [
      'T-004',
      '2026-12-11T09:00:00Z',
      'Friday before the made-up day off (override file) → Tuesday',
      '2026-12-15',
      '2026-12-14T21:00:00.000Z',
    ],
    [
      'T-005',
      '2026-12-03T21:30:00Z',
      'Thursday 21:30 UTC is Friday 00:30 in Moscow → Monday',
      '2026-12-07',
      '2026-12-06T21:00:00.000Z',
    ],
  ])('%s: %s (%s)', async (number, at, _why, effectiveOn, effectiveAt) => {
    const result = await activateAt(number, at);
    expect(result).toMatchObject({ ok: true, basisPoints: 2000, effectiveOn, zone: 'Europe/Moscow' });
    if (!result.ok) return;
    expect(result.effectiveAt.toISOString()).toBe(effectiveAt);
    const memberId = members.get(number)!;
    const job = await ctx.app.db.prisma.outboxJob.findUniqueOrThrow({
      where: { jobId: franchiseEffectiveJobId(memberId) },
    });
    expect(job.runAt?.toISOString()).toBe(effectiveAt);
    expect(job.payload).toEqual({ memberId });
  });

  it('the override file is what moves 14 Dec: without it the day is a working Monday', async () => {
    const withFile = await calendarFor(ctx.app.config, 'RU');
    expect(withFile.dayKind(MADE_UP_DAY_OFF as LocalDate)).toBe('decree_day_off');
    const shipped = await calendarFor({ CALENDAR_DIR: 'config/calendars' }, 'RU');
    expect(shipped.isWorkingDay(MADE_UP_DAY_OFF as LocalDate)).toBe(true);
  });

  it('activating twice changes nothing and reports the first activation', async () => {
    const before = await ctx.app.db.prisma.consent.count({ where: { kind: 'franchise_rules' } });
    const again = await activateAt('T-001', '2026-12-10T09:00:00Z');
    expect(again).toMatchObject({ ok: false, reason: 'already_active' });
    if (again.ok || again.reason !== 'already_active') return;
    expect(again.member.franchise).toMatchObject({ state: 'active', effectiveOn: '2026-12-07' });
    expect(await ctx.app.db.prisma.consent.count({ where: { kind: 'franchise_rules' } })).toBe(before);
    expect(await ctx.app.db.prisma.auditLog.count({ where: { action: 'franchise.activated' } })).toBe(5);
  });

  it('two activations at once: one wins, the other is told it is already active', async () => {
    const employer = await ctx.app.db.prisma.employer.findUniqueOrThrow({ where: { code: 'demo-factory' } });
    await ctx.app.db.prisma.rosterEntry.create({
      data: {
        employerId: employer.id,
        employeeNumber: 'T-007',
        fullName: 'Соколова Анна Ивановна',
        birthDate: new Date('1992-02-29T00:00:00Z'),
        phone: '+79161234507',
      },
    });
    ctx.clock.set(new Date('2026-12-01T09:00:00Z'));
    const registered = await registerMember(ctx.app, {
      phone: '+79161234507',
      proof: { method: 'contact' },
      birthDate: '1992-02-29' as LocalDate,
      number: 't-007',
      channel: 'webchat',
      conversationKey: 'webchat:t-007',
      language: 'kk',
      consentVersion: PERSONAL_DATA_CONSENT_VERSION,
    });
    if (!registered.ok) throw new Error(registered.reason);
    members.set('T-007', registered.memberId);
    const results = await Promise.all([
      activateAt('T-007', '2026-12-01T09:00:00Z'),
      activateAt('T-007', '2026-12-01T09:00:00Z'),
    ]);
    expect(results.map((result) => (result.ok ? 'ok' : result.reason)).sort()).toEqual([
      'already_active',
      'ok',
    ]);
    const view = await membersOfPerson(ctx.app.db.prisma, registered.personId, ctx.clock.now());
    expect(view[0]?.franchise).toMatchObject({ state: 'pending', effectiveOn: '2026-12-02' });
  });
});

describe('franchise-effective worker', () => {
  it('waits when early, announces once at effectiveAt (SMS when the member has no chat), never twice', async () => {
    const memberId = members.get('T-004')!;
    ctx.clock.set(new Date('2026-12-14T20:59:00Z')); // 23:59 Moscow on the made-up day off
    expect(await announceFranchiseEffective(ctx.app, memberId)).toEqual({
      outcome: 'early',
      notBefore: new Date('2026-12-14T21:00:00Z'),
    });

    // the real job, relayed with a delay of days, promoted now: the worker re-delays it
    const queue = ctx.app.queues.get('franchise-effective');
    await ctx.workers.relayNow();
    const job = await queue.getJob(franchiseEffectiveJobId(memberId));
    expect(job).toBeDefined();
    await job!.promote();
    await waitFor(async () => (await queue.getJob(job!.id!))?.getState().then((s) => s === 'delayed'));

    ctx.clock.set(new Date('2026-12-14T21:00:00Z'));
    await (await queue.getJob(job!.id!))!.promote();
    await waitFor(async () => (await queue.getJob(job!.id!))?.getState().then((s) => s === 'completed'));
    const activation = await ctx.app.db.prisma.franchiseActivation.findUniqueOrThrow({ where: { memberId } });
    expect(activation.announcedAt).toEqual(new Date('2026-12-14T21:00:00Z'));

    await ctx.sms.waitFor((messages) => messages.some((message) => message.to === '+79161234504'));
    expect(ctx.sms.messages.filter((message) => message.to === '+79161234504').map((m) => m.text)).toEqual([
      'С сегодняшнего дня, 15 декабря 2026 года, действует ваша франшиза ДМС: можно обращаться в клиники по программе. При визите ничего платить не нужно.',
    ]);
    expect(await announceFranchiseEffective(ctx.app, memberId)).toEqual({ outcome: 'already-announced' });
    expect(
      await ctx.app.db.prisma.notification.count({
        where: { dedupeKey: { startsWith: `franchise-effective.${memberId}` } },
      }),
    ).toBe(1);
  });

  it('tells every chat conversation of the person, in their language', async () => {
    const memberId = members.get('T-002')!;
    const person = await ctx.app.db.prisma.person.findUniqueOrThrow({ where: { phone: '+79161234502' } });
    await ctx.app.db.prisma.conversation.createMany({
      data: [
        { channel: 'telegram', externalId: '777001', personId: person.id, language: 'kk' },
        { channel: 'webchat', externalId: 'web-777', personId: person.id, language: 'kk' },
      ],
    });
    // the background relay may have announced it already while the test clock jumped ahead:
    // start again from an unannounced activation
    await ctx.app.db.prisma.franchiseActivation.update({ where: { memberId }, data: { announcedAt: null } });
    await ctx.app.db.prisma.notification.deleteMany({
      where: { dedupeKey: { startsWith: `franchise-effective.${memberId}` } },
    });
    ctx.clock.set(new Date('2026-11-05T06:00:00Z'));
    expect(await announceFranchiseEffective(ctx.app, memberId)).toEqual({ outcome: 'announced' });
    const notices = await ctx.app.db.prisma.notification.findMany({
      where: { dedupeKey: { startsWith: `franchise-effective.${memberId}` } },
      orderBy: { channel: 'asc' },
    });
    expect(notices.map((notice) => [notice.channel, notice.template, notice.params])).toEqual([
      ['telegram', 'dms-notify-franchise-effective', { date: '2026-11-05' }],
      ['webchat', 'dms-notify-franchise-effective', { date: '2026-11-05' }],
    ]);
    expect(await announceFranchiseEffective(ctx.app, '00000000-0000-4000-8000-000000000000')).toEqual({
      outcome: 'missing',
    });
  });
});

async function waitFor(check: () => Promise<boolean | undefined>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
