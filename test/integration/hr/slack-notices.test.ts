/**
 * HR notices in Slack through the outbox: alertEmergencyTransfer and sendMonthlyEmployerReport write
 * Notification rows (channel slack, address = channel id), the Slack NotificationSender delivers
 * them to the local Slack API server; the hourly `hr-report` check finds the month's first working day.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { manualClock } from '../../../core/clock';
import { createI18n } from '../../../core/i18n';
import { slackWebClient } from '../../../core/integrations/slack';
import { createSlackSender } from '../../../core/notify/slack-sender';
import type { NotificationSender } from '../../../core/notify/types';
import {
  alertEmergencyTransfer,
  monthlyReportsDue,
  sendMonthlyEmployerReport,
} from '../../../core/services/hr-notify';
import { runHrReports } from '../../../workers/hr-report';
import { CHANNEL_A, type HrFixture, NOW, seedHrFixture, TEAM } from '../../e2e/slack/fixtures';
import { createTestContext, type TestContext } from '../../support/context';
import { payBills } from '../../support/payments';
import { type SlackApiServer, startSlackApiServer } from '../../support/slack-api-server';

const clock = manualClock(NOW);
const NBSP = '\u00a0';
let ctx: TestContext;
let api: SlackApiServer;
let fx: HrFixture;
let sender: NotificationSender;

beforeAll(async () => {
  api = await startSlackApiServer({ teamId: TEAM });
  ctx = await createTestContext({ clock, env: { SLACK_BOT_TOKEN: api.token, SLACK_API_URL: api.apiUrl } });
  fx = await seedHrFixture(ctx);
  const client = slackWebClient(ctx.config);
  if (!client) throw new Error('Slack client expected');
  sender = createSlackSender({ client, i18n: createI18n(), db: ctx.db, clock });
});
afterAll(async () => {
  clock.set(NOW);
  await ctx?.close();
  await api?.close();
});

const notices = (prefix: string) =>
  ctx.db.prisma.notification.findMany({
    where: { dedupeKey: { startsWith: prefix } },
    orderBy: { createdAt: 'asc' },
  });

describe('alertEmergencyTransfer', () => {
  it('queues one alert per linked channel, once, and the Slack sender posts it', async () => {
    const memberId = fx.members['T-004'] as string;
    expect(await alertEmergencyTransfer(ctx, memberId)).toBe(1);
    expect(await alertEmergencyTransfer(ctx, memberId)).toBe(1);
    const rows = await notices(`hr-alert.${memberId}.`);
    expect(rows).toHaveLength(1);
    const row = rows[0];
    expect(row).toMatchObject({
      channel: 'slack',
      address: CHANNEL_A,
      template: 'hr-alert-emergency',
      status: 'pending',
    });

    const result = await sender.send(row as never, null);
    expect(result.ok).toBe(true);
    const call = api.callsOf('chat.postMessage').at(-1);
    expect(call?.params.channel).toBe(CHANNEL_A);
    expect(call?.params.text).toBe(
      ':warning: Васильева Екатерина Андреевна (таб. № T-004) переведён(а) на индивидуальную программу ' +
        '«только экстренная помощь» с 10 июня 2026 года из-за неоплаченной франшизы. ' +
        `Долг: 3${NBSP}000,00${NBSP}₽. Досудебное урегулирование задолженности — на работодателе.`,
    );
    expect(result).toMatchObject({ providerMessageId: call?.response.ts });
  });

  it('does nothing for a member who is not on emergency-only care', async () => {
    expect(await alertEmergencyTransfer(ctx, fx.members['T-001'] as string)).toBe(0);
  });

  it('Slack errors: rate limit → retry after, unlinked channel → permanent', async () => {
    const [row] = await notices(`hr-alert.${fx.members['T-004']}.`);
    api.rateLimitNext('chat.postMessage', 7);
    expect(await sender.send(row as never, null)).toMatchObject({
      ok: false,
      permanent: false,
      retryAfterMs: 7000,
    });
    api.failNext('chat.postMessage', 'not_in_channel');
    expect(await sender.send(row as never, null)).toMatchObject({ ok: false, permanent: true });
    const moved = { ...(row as object), address: 'C0UNLINKED' };
    expect(await sender.send(moved as never, null)).toMatchObject({ ok: false, permanent: true });
  });
});

describe('sendMonthlyEmployerReport', () => {
  it('posts the totals and uploads the XLSX built at send time into the thread; a retry does not post twice', async () => {
    expect(await sendMonthlyEmployerReport(ctx, fx.employerA.id, '2026-05')).toBe(1);
    const [row] = await notices(`hr-report.${fx.employerA.id}.2026-05.`);
    expect(row?.dedupeKey).toBe(`hr-report.${fx.employerA.id}.2026-05.${CHANNEL_A}`);

    const posts = api.callsOf('chat.postMessage').length;
    api.failNext('files.getUploadURLExternal', 'internal_error');
    const failed = await sender.send(row as never, null);
    expect(failed).toMatchObject({ ok: false, permanent: false });
    expect(api.callsOf('chat.postMessage')).toHaveLength(posts + 1);
    const message = api.callsOf('chat.postMessage').at(-1);
    expect(message?.params.text).toContain('Ежемесячный отчёт за май 2026 — ООО «Демо-Завод»: общий долг 5');
    expect(message?.params.text).toContain(
      'Досудебное урегулирование задолженности по франшизе — на работодателе.',
    );

    const again = await ctx.db.prisma.notification.findUniqueOrThrow({ where: { id: row?.id as string } });
    const result = await sender.send(again, null);
    expect(result).toMatchObject({ ok: true, providerMessageId: message?.response.ts });
    expect(api.callsOf('chat.postMessage')).toHaveLength(posts + 1);
    const upload = api.uploads.at(-1);
    expect(upload).toMatchObject({ completed: true, channelId: CHANNEL_A, threadTs: message?.response.ts });

    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(upload?.bytes as never);
    const sheet = workbook.worksheets[0];
    if (!sheet) throw new Error('no sheet');
    const last = (sheet.getRow(sheet.rowCount).values as unknown[]).slice(1);
    expect(last[0]).toBe('Итого');
    expect(last[8]).toBeCloseTo(5700.49, 2);
  });
});

describe('the hourly hr-report check', () => {
  it('is due from 10:00 of the first working day of the month (programme calendar and zone)', async () => {
    // 1 June 2026 is a Monday and a working day in Russia; 10:00 Moscow = 07:00 UTC
    expect(await monthlyReportsDue(ctx, new Date('2026-06-01T06:59:00Z'))).toEqual([]);
    expect(await monthlyReportsDue(ctx, new Date('2026-06-01T07:00:00Z'))).toEqual(
      expect.arrayContaining([{ employerId: fx.employerA.id, month: '2026-05', dueOn: '2026-06-01' }]),
    );
    // January 2026: 1–8 are holidays in Russia and the decree moves the 9th too → due on the 12th
    const january = await monthlyReportsDue(ctx, new Date('2026-01-09T12:00:00Z'));
    expect(january).toEqual([]);
    expect((await monthlyReportsDue(ctx, new Date('2026-01-12T07:00:00Z')))[0]).toMatchObject({
      month: '2025-12',
      dueOn: '2026-01-12',
    });
  });

  it('queues the previous month for every linked employer, and a second run queues nothing new', async () => {
    clock.set(new Date('2026-07-01T08:00:00Z'));
    const first = await runHrReports(ctx, {});
    expect(first.checked).toBe(2);
    await runHrReports(ctx, {});
    const rows = await notices('hr-report.');
    const june = rows.filter((row) => row.dedupeKey.includes('.2026-06.'));
    expect(june.map((row) => row.address).sort()).toEqual([CHANNEL_A, 'C0HRB']);
    clock.set(NOW);
  });
});

describe('npm run cli -- slack link', () => {
  it('creates and updates a link, refuses a channel of another employer and bad ids', async () => {
    const run = promisify(execFile);
    const env = { ...process.env, DATABASE_URL: ctx.database.url, LOG_LEVEL: 'silent' };
    const cli = (...args: string[]) =>
      run('npx', ['tsx', 'scripts/cli.ts', 'slack', 'link', ...args], { env }).catch(
        (error: { code: number; stdout: string; stderr: string }) => error,
      );
    const created = await cli('demo-factory', TEAM, 'C0NEWHR', '--users', 'U0AAA,U0BBB', '--language', 'kk');
    expect((created as { stdout: string }).stdout).toContain(
      `Linked: ${TEAM}/C0NEWHR → ООО «Демо-Завод» (demo-factory), language kk, users U0AAA, U0BBB.`,
    );
    const updated = await cli('demo-factory', TEAM, 'C0NEWHR', '--language', 'ru');
    expect((updated as { stdout: string }).stdout).toContain('Updated:');
    const link = await ctx.db.prisma.hrSlackLink.findUniqueOrThrow({
      where: { teamId_channelId: { teamId: TEAM, channelId: 'C0NEWHR' } },
    });
    expect(link).toMatchObject({ language: 'ru', userIds: ['U0AAA', 'U0BBB'], employerId: fx.employerA.id });
    const taken = await cli('other-co', TEAM, 'C0NEWHR');
    expect(taken).toMatchObject({ code: 1 });
    expect((taken as { stdout: string }).stdout).toContain('already linked to employer "demo-factory"');
    const bad = await cli('demo-factory', TEAM, 'general');
    expect(bad).toMatchObject({ code: 2 });
    expect((bad as { stderr: string }).stderr).toContain('is not a Slack channel id');
    expect(await ctx.db.prisma.auditLog.count({ where: { action: { startsWith: 'hr.link.' } } })).toBe(2);
  }, 60_000);
});

describe('alertOverdueDebtPaid (after every other test: it pays a fixture bill)', () => {
  it('an employee pays an overdue bill: HR is told what needs no more collecting and what is left', async () => {
    const { prisma } = ctx.db;
    const memberId = fx.members['T-004'] as string;
    const member = await prisma.member.findUniqueOrThrow({ where: { id: memberId } });
    const bill = await prisma.bill.findFirstOrThrow({ where: { memberId, number: 'FR-2026-0004' } });
    expect(bill.status).toBe('overdue');
    const paid = await payBills(ctx, {
      personId: member.personId,
      billIds: [bill.id],
      providerPaymentId: 'hr-paid-1',
      now: clock.now(),
    });
    expect(paid.outcome).toBe('accepted');

    // one notice per channel linked to the employer (an earlier test linked a second one)
    const rows = await notices(`hr-paid.${paid.paymentId}.`);
    const linked = await prisma.hrSlackLink.findMany({ where: { employerId: fx.employerA.id } });
    expect(rows.map((notice) => notice.address).sort()).toEqual(linked.map((l) => l.channelId).sort());
    const row = rows.find((notice) => notice.address === CHANNEL_A);
    expect(row).toMatchObject({ channel: 'slack', template: 'hr-alert-debt-paid' });
    expect(await sender.send(row as never, null)).toMatchObject({ ok: true });
    expect(api.callsOf('chat.postMessage').at(-1)?.params.text).toBe(
      ':white_check_mark: Васильева Екатерина Андреевна (таб. № T-004) оплатил(а) просроченную франшизу ' +
        `по счетам FR-2026-0004: 3${NBSP}000,00${NBSP}₽. Долга по франшизе больше нет. ` +
        'Взыскивать оплаченные счета больше не нужно.',
    );

    // paying a bill that was not overdue tells HR nothing
    const t001 = fx.members['T-001'] as string;
    const unpaid = await prisma.bill.findFirstOrThrow({ where: { memberId: t001, status: 'unpaid' } });
    const owner = await prisma.member.findUniqueOrThrow({ where: { id: t001 } });
    const second = await payBills(ctx, {
      personId: owner.personId,
      billIds: [unpaid.id],
      providerPaymentId: 'hr-paid-2',
      now: clock.now(),
    });
    expect(second.outcome).toBe('accepted');
    expect(await notices(`hr-paid.${second.paymentId}.`)).toEqual([]);
  });
});
