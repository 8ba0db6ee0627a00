import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalDate } from '../../../core/domain/local-date';
import { money } from '../../../core/domain/money';
import { penaltyAccrued } from '../../../core/domain/penalty';
import { issueBills } from '../../../core/services/billing';
import { activateFranchise, FRANCHISE_RULES_VERSION } from '../../../core/services/franchise';
import { PERSONAL_DATA_CONSENT_VERSION, registerMember } from '../../../core/services/registration';
import { workingCalendar } from '../../../core/working-calendars';
import { createTimelineWorld, type TimelineWorld } from './world';

/**
 * One DMS member's whole timeline through the real workers, senders and local servers (Bot API
 * emulator, SMS gateway, SMTP), with the clock moved from deadline to deadline (Moscow, RU calendar):
 *
 *   Mon 2 Nov 2026 10:00  registration and franchise
 *   Tue 3 Nov 00:00       franchise effective (next working day)
 *   Thu 5 Nov 11:00       bill issued: due Thu 17 Dec (30 working days; 4 Nov is a holiday)
 *   Thu 19 Nov 10:00      reminder +10 working days
 *   Tue 1 Dec 10:00       monthly "look at your cabinet" digest
 *   Mon 14 Dec 10:00      reminder 3 working days before due + operator call task
 *   Thu 17 Dec 10:00      last day
 *   Fri 18 Dec 00:00      overdue: emergency-only programme, member and HR told
 *   Mon 21 Dec 00:30      penalty for 18–21 Dec
 */
const at = (iso: string) => new Date(iso);
const DUE = '2026-12-17' as LocalDate;

describe.each(['ru', 'kk'] as const)('a member’s timeline in %s', (language) => {
  let world: TimelineWorld;
  const chatId = language === 'ru' ? 70001 : 70002;
  let memberId = '';
  let personId = '';
  let phone = '';
  const email = `member-${language}@example.ru`;

  const t = (key: string, params: Record<string, string | number>) => world.i18n.t(language, key, params);
  const chat = () => world.telegram.textsTo(chatId);
  const smsTexts = () => world.sms.messages.filter((m) => m.to === phone).map((m) => m.text);
  const mails = () =>
    world.smtp.messages
      .filter((m) => m.to.includes(email))
      .map((m) => [m.parsed.subject, m.parsed.text?.trim()]);

  beforeAll(async () => {
    world = await createTimelineWorld(at('2026-11-02T07:00:00Z'));
    // a real programme's notice hours (09:00–21:00 local), not the demo's "any hour" (prisma/seed.ts)
    await world.ctx.db.prisma.programme.update({ where: { code: 'dms-alfa' }, data: { settings: {} } });
    await world.start();
  });
  afterAll(() => world?.close());

  it('registration and franchise: effective the next working day, announced in the chat', async () => {
    const { prisma } = world.ctx.db;
    const entry = await prisma.rosterEntry.findFirstOrThrow({
      where: { employeeNumber: language === 'ru' ? 'T-001' : 'T-002' },
    });
    phone = entry.phone;
    const registered = await registerMember(world.ctx, {
      phone,
      proof: { method: 'contact' },
      birthDate: entry.birthDate.toISOString().slice(0, 10) as LocalDate,
      number: entry.employeeNumber,
      channel: 'telegram',
      conversationKey: `telegram:${chatId}`,
      language,
      consentVersion: PERSONAL_DATA_CONSENT_VERSION,
    });
    if (!registered.ok) throw new Error(`registration refused: ${registered.reason}`);
    memberId = registered.memberId;
    personId = registered.personId;
    await prisma.person.update({ where: { id: personId }, data: { email } });
    await prisma.conversation.create({
      data: { channel: 'telegram', externalId: String(chatId), personId, language },
    });
    const employer = await prisma.employer.findFirstOrThrow({ where: { code: 'demo-factory' } });
    await prisma.hrSlackLink.create({
      data: { employerId: employer.id, teamId: 'T1', channelId: `C-HR-${language}`, language },
    });
    const franchise = await activateFranchise(world.ctx, {
      memberId,
      channel: 'telegram',
      conversationKey: `telegram:${chatId}`,
      language,
      rulesVersion: FRANCHISE_RULES_VERSION,
    });
    expect(franchise).toMatchObject({ ok: true, effectiveOn: '2026-11-03' });
    // the reconciler's planner now knows a programme with a member: next month's digest
    await world.ctx.queues.add('maintenance', {}, { jobId: 'maintenance-now-1' });
    await world.settle();
    expect(chat()).toEqual([]);

    await world.travel(at('2026-11-02T21:00:00Z')); // 3 Nov 00:00 MSK: effective, but nobody is woken
    expect(await prisma.franchiseActivation.findUniqueOrThrow({ where: { memberId } })).toMatchObject({
      announcedAt: at('2026-11-02T21:00:00Z'),
    });
    expect(chat()).toEqual([]);
    await world.travel(at('2026-11-03T06:00:00Z')); // 09:00 MSK
    expect(chat()).toEqual([t('dms-notify-franchise-effective', { date: '2026-11-03' })]);
    expect(await prisma.outboxJob.findUnique({ where: { jobId: 'digest.dms-alfa.2026-12' } })).toMatchObject({
      runAt: at('2026-12-01T07:00:00Z'),
    });
  });

  let bill: { id: string; number: string; total: number };
  const params = () => ({
    number: bill.number,
    amount: bill.total,
    currency: 'RUB',
    date: DUE,
    url: `https://assistant.example.kz/pay/bill/${bill.id}`,
  });

  it('bill issue: charge notice on every channel, and the whole timeline in the outbox', async () => {
    const { prisma } = world.ctx.db;
    world.clock.set(at('2026-11-05T08:00:00Z'));
    const clinic = await prisma.clinic.findFirstOrThrow();
    const invoice = await prisma.clinicInvoice.create({
      data: { clinicId: clinic.id, number: `INV-${language}`, source: 'test' },
    });
    await prisma.serviceLine.create({
      data: {
        invoiceId: invoice.id,
        lineNo: 1,
        memberId,
        serviceDate: at('2026-10-20T00:00:00Z'),
        serviceName: 'Приём терапевта',
        quantity: 1,
        unitCost: 1_234_567n,
        cost: 1_234_567n,
      },
    });
    await issueBills(prisma, { now: world.clock.now(), baseUrl: 'https://assistant.example.kz' });
    const row = await prisma.bill.findFirstOrThrow({ where: { memberId } });
    bill = { id: row.id, number: row.number, total: Number(row.total) };
    expect(bill.total).toBe(246_913); // 20 % of 12 345,67 ₽, half-up
    expect(row.dueDate.toISOString().slice(0, 10)).toBe(DUE);

    const jobs = await prisma.outboxJob.findMany({
      where: { jobId: { startsWith: 'bill-' }, payload: { path: ['billId'], equals: bill.id } },
      orderBy: { runAt: 'asc' },
    });
    expect(jobs.map((job) => [job.jobId, job.runAt?.toISOString()])).toEqual([
      [`bill-reminder.${bill.id}.after_issue-10wd`, '2026-11-19T07:00:00.000Z'],
      [`bill-reminder.${bill.id}.before_due-3wd`, '2026-12-14T07:00:00.000Z'],
      [`bill-reminder.${bill.id}.due`, '2026-12-17T07:00:00.000Z'],
      [`bill-overdue.${bill.id}`, '2026-12-17T21:00:00.000Z'],
    ]);

    await world.settle();
    const notice = { ...params(), count: 1, buttonKey: 'billing-pay-button', buttonUrl: params().url };
    expect(chat().at(-1)).toBe(t('billing-notice', notice));
    expect(smsTexts()).toEqual([t('billing-notice-sms', notice)]);
    expect(mails().map(([subject]) => subject)).toEqual([t('billing-notice-email-subject', notice)]);
  });

  it('reminders on every channel; the 3-working-days one also opens a call task; the digest', async () => {
    const { prisma } = world.ctx.db;
    const calendar = await workingCalendar('RU');
    const days = (today: string) => calendar.workingDaysBetween(today as LocalDate, DUE);

    await world.travel(at('2026-11-19T07:00:00Z'));
    const first = { ...params(), days: days('2026-11-19') };
    expect(first.days).toBe(20); // 10 of the 30 working days are gone
    expect(chat().at(-1)).toBe(t('timeline-bill-reminder', first));
    expect(smsTexts().at(-1)).toBe(t('timeline-bill-reminder-sms', first));
    expect(mails().at(-1)).toEqual([
      t('timeline-bill-reminder-email-subject', first),
      `${t('timeline-bill-reminder-email', first)}\n\n${t('mail-footer', {})}`,
    ]);
    if (language === 'ru') {
      expect(chat().at(-1)).toContain('2\u00a0469,13\u00a0₽');
      expect(chat().at(-1)).toContain('17 декабря 2026 года');
      expect(chat().at(-1)).toContain('20 рабочих дней');
    } else {
      expect(chat().at(-1)).toContain('2026 жылғы 17 желтоқсан');
    }

    await world.travel(at('2026-12-01T07:00:00Z'));
    expect(chat().at(-1)).toBe(t('timeline-digest', { count: 1, amount: bill.total, currency: 'RUB' }));
    // the digest job scheduled the next one itself
    expect(await prisma.outboxJob.findUnique({ where: { jobId: 'digest.dms-alfa.2027-01' } })).toMatchObject({
      runAt: at('2027-01-11T07:00:00Z'),
    });

    expect(await prisma.supportTicket.count({ where: { kind: 'call_task' } })).toBe(0);
    await world.travel(at('2026-12-14T07:00:00Z'));
    const second = { ...params(), days: 3 };
    expect(chat().at(-1)).toBe(t('timeline-bill-reminder', second));
    expect(smsTexts().at(-1)).toBe(t('timeline-bill-reminder-sms', second));
    const task = await prisma.supportTicket.findFirstOrThrow({ where: { kind: 'call_task' } });
    expect(task).toMatchObject({ status: 'waiting', reason: 'bill_reminder' });
    expect(task.payload).toMatchObject({
      phone,
      bill: bill.number,
      amount: '2 469,13 ₽',
      dueDate: DUE,
      billId: bill.id,
      step: 'before_due-3wd',
      language,
    });

    await world.travel(at('2026-12-17T07:00:00Z'));
    expect(chat().at(-1)).toBe(t('timeline-bill-due', { ...params(), days: 0 }));
    expect(smsTexts().at(-1)).toBe(t('timeline-bill-due-sms', { ...params(), days: 0 }));
    expect(mails().at(-1)?.[0]).toBe(t('timeline-bill-due-email-subject', params()));
  });

  it('the day after the due date: overdue, emergency-only, member and HR told; then the penalty', async () => {
    const { prisma } = world.ctx.db;
    await world.travel(at('2026-12-17T20:59:59Z')); // 23:59:59 on the due date: nothing yet
    expect((await prisma.bill.findUniqueOrThrow({ where: { id: bill.id } })).status).toBe('unpaid');

    await world.travel(at('2026-12-17T21:00:00Z'));
    const row = await prisma.bill.findUniqueOrThrow({ where: { id: bill.id } });
    expect(row).toMatchObject({ status: 'overdue', overdueAt: at('2026-12-17T21:00:00Z') });
    const member = await prisma.member.findUniqueOrThrow({ where: { id: memberId } });
    expect(member).toMatchObject({
      status: 'emergency_only',
      movedToEmergencyAt: at('2026-12-17T21:00:00Z'),
    });
    const overdue = {
      ...params(),
      moved: 'yes',
      hasPhone: 'yes',
      phone: (await prisma.programme.findUniqueOrThrow({ where: { code: 'dms-alfa-emergency' } }))
        .emergencyPhones[0]!,
    };
    // the member hears of it at 09:00, not at midnight
    expect(chat().at(-1)).toBe(t('timeline-bill-due', { ...params(), days: 0 }));
    await world.travel(at('2026-12-18T06:00:00Z'));
    expect(chat().at(-1)).toBe(t('timeline-bill-overdue', overdue));
    expect(smsTexts().at(-1)).toBe(t('timeline-bill-overdue-sms', overdue));
    expect(mails().at(-1)?.[0]).toBe(t('timeline-bill-overdue-email-subject', overdue));
    const hr = await prisma.notification.findFirstOrThrow({
      where: { channel: 'slack', address: `C-HR-${language}` },
    });
    expect(hr).toMatchObject({ template: 'hr-alert-emergency', notBefore: at('2026-12-18T06:00:00Z') });
    expect(hr.params).toMatchObject({ memberId, debt: bill.total, currency: 'RUB' });

    // the whole conversation, in order
    expect(chat()).toEqual([
      t('dms-notify-franchise-effective', { date: '2026-11-03' }),
      t('billing-notice', { ...params(), count: 1 }),
      t('timeline-bill-reminder', { ...params(), days: 20 }),
      t('timeline-digest', { count: 1, amount: bill.total, currency: 'RUB' }),
      t('timeline-bill-reminder', { ...params(), days: 3 }),
      t('timeline-bill-due', params()),
      t('timeline-bill-overdue', overdue),
    ]);
    expect(smsTexts()).toHaveLength(5);
    expect(mails()).toHaveLength(5);

    // penalty: 18–21 Dec = 4 days, set (not added) however often the job runs
    await world.travel(at('2026-12-20T21:30:00Z')); // 21 Dec 00:30 MSK
    for (const run of [1, 2]) {
      await world.ctx.queues.add('penalty', {}, { jobId: `penalty-now-${language}-${run}` });
      await world.settle();
    }
    const expected = penaltyAccrued(money(bill.total, 'RUB'), DUE, '2026-12-21' as LocalDate, {
      basisPointsPerDay: 10,
      capBasisPoints: 10_000,
    });
    expect(expected.amount).toBe(988); // 2 469,13 × 0.1 % × 4 = 9,88 ₽
    const penalised = await prisma.bill.findUniqueOrThrow({ where: { id: bill.id } });
    expect(Number(penalised.penaltyAccrued)).toBe(expected.amount);
    expect(penalised.penaltyDate?.toISOString().slice(0, 10)).toBe('2026-12-21');

    // no notice ever failed or went twice
    expect(await prisma.notification.count({ where: { personId, status: { in: ['failed', 'dead'] } } })).toBe(
      0,
    );
  });
});
