/**
 * Slack for HR end to end: requests signed with a real signing secret to the Slack routes of a
 * real listening Fastify server (buildServer + the Slack plugin), Web API calls answered and
 * recorded by the local Slack API server, data in a real PostgreSQL database.
 */
import ExcelJS from 'exceljs';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSlackChannel } from '../../../bot/channels/slack';
import { buildServer } from '../../../bot/server';
import { manualClock } from '../../../core/clock';
import { createI18n } from '../../../core/i18n';
import { createMetrics } from '../../../core/metrics';
import { createTestContext, type TestContext } from '../../support/context';
import { type Params, type SlackApiServer, startSlackApiServer } from '../../support/slack-api-server';
import {
  CHANNEL_A,
  CHANNEL_B,
  HR_B,
  type HrFixture,
  NOW,
  refusals,
  rub,
  SIGNING_SECRET,
  seedHrFixture,
  slackSignature,
  slashCommandFields,
  TEAM,
  textOf,
} from './fixtures';

const clock = manualClock(NOW);
const i18n = createI18n();

let ctx: TestContext;
let api: SlackApiServer;
let server: FastifyInstance;
let base: string;
let fx: HrFixture;

beforeAll(async () => {
  api = await startSlackApiServer({ teamId: TEAM });
  ctx = await createTestContext({
    clock,
    env: { SLACK_BOT_TOKEN: api.token, SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_API_URL: api.apiUrl },
  });
  fx = await seedHrFixture(ctx);
  const slack = createSlackChannel(ctx, i18n);
  expect(slack.mode).toBe('http');
  server = await buildServer(ctx, { metrics: createMetrics(ctx.queues), plugins: [slack.plugin] });
  base = await server.listen({ host: '127.0.0.1', port: 0 });
});
afterAll(async () => {
  await server?.close();
  await ctx?.close();
  await api?.close();
});

interface Sent {
  status: number;
  body: string;
  elapsedMs: number;
}

async function post(
  path: string,
  body: string,
  contentType: string,
  sign: { timestamp?: number; secret?: string; signature?: string } | false = {},
): Promise<Sent> {
  const headers: Record<string, string> = { 'content-type': contentType };
  if (sign) {
    const timestamp = sign.timestamp ?? Math.floor(clock.now().getTime() / 1000);
    headers['x-slack-request-timestamp'] = String(timestamp);
    headers['x-slack-signature'] =
      sign.signature ?? slackSignature(sign.secret ?? SIGNING_SECRET, timestamp, body);
  }
  const started = performance.now();
  const response = await fetch(`${base}${path}`, { method: 'POST', headers, body });
  return { status: response.status, body: await response.text(), elapsedMs: performance.now() - started };
}

function commandBody(text: string, who: { channel?: string; user?: string; team?: string } = {}) {
  const responseUrl = api.responseUrl();
  return { body: new URLSearchParams(slashCommandFields(text, responseUrl, who)).toString(), responseUrl };
}

/** Runs `/franchise <text>` and returns Slack's ack and what the app posted to the response_url. */
async function command(text: string, who: { channel?: string; user?: string; team?: string } = {}) {
  const { body, responseUrl } = commandBody(text, who);
  const ack = await post('/slack/commands', body, 'application/x-www-form-urlencoded');
  expect(ack.status).toBe(200);
  expect(ack.elapsedMs).toBeLessThan(3000);
  const [reply] = await api.waitFor(() => {
    const list = api.responses(responseUrl);
    return list.length > 0 ? list : null;
  });
  return { ack, reply: reply as Params };
}

describe('request verification', () => {
  it('refuses unsigned, badly signed, stale and future requests with 401 and does nothing', async () => {
    const before = (await refusals(ctx)).length;
    const { body, responseUrl } = commandBody('');
    const now = Math.floor(clock.now().getTime() / 1000);
    const form = 'application/x-www-form-urlencoded';
    expect((await post('/slack/commands', body, form, false)).status).toBe(401);
    expect((await post('/slack/commands', body, form, { secret: 'another-secret-0123456789' })).status).toBe(
      401,
    );
    expect((await post('/slack/commands', body, form, { signature: 'v0=deadbeef' })).status).toBe(401);
    expect(
      (
        await post('/slack/commands', `${body}&x=1`, form, {
          signature: slackSignature(SIGNING_SECRET, now, body),
        })
      ).status,
    ).toBe(401);
    expect((await post('/slack/commands', body, form, { timestamp: now - 301 })).status).toBe(401);
    expect((await post('/slack/commands', body, form, { timestamp: now + 301 })).status).toBe(401);
    expect(
      (await post('/slack/events', '{"type":"url_verification","challenge":"x"}', 'application/json', false))
        .status,
    ).toBe(401);
    // within the window, correctly signed: accepted
    expect((await post('/slack/commands', body, form, { timestamp: now - 290 })).status).toBe(200);
    await api.waitFor(() => api.responses(responseUrl).length === 1);
    expect((await refusals(ctx)).length).toBe(before);
  });

  it('answers url_verification and ssl_check', async () => {
    const challenge = await post(
      '/slack/events',
      JSON.stringify({ token: 't', challenge: 'c-123', type: 'url_verification' }),
      'application/json',
    );
    expect(challenge.status).toBe(200);
    expect(JSON.parse(challenge.body)).toEqual({ challenge: 'c-123' });
    const ssl = await post(
      '/slack/commands',
      'ssl_check=1&token=t',
      'application/x-www-form-urlencoded',
      false,
    );
    expect(ssl.status).toBe(200);
  });
});

describe('/franchise for HR of the linked employer', () => {
  it('summary: numbers match the bills in the database, money formatted, acked at once', async () => {
    const { reply } = await command('');
    expect(reply.response_type).toBe('ephemeral');
    const text = textOf(reply);
    const e = fx.expected;
    expect(text).toContain('Франшиза ДМС — ООО «Демо-Завод»');
    expect(text).toContain('Данные на 15 июня 2026 года');
    expect(text).toContain(`*Сотрудников в списке*\n${e.roster}`);
    expect(text).toContain(`*Зарегистрированы в ДМС*\n${e.registered}`);
    expect(text).toContain(`*Франшиза активна*\n${e.franchiseActive}`);
    expect(text).toContain(`*Франшиза вступит в силу*\n${e.franchisePending}`);
    expect(text).toContain(`*Переведены на экстренную помощь*\n${e.emergencyOnly}`);
    expect(text).toContain(`*Общий долг по франшизе*\n${rub('5 700,49')} (4 сч., 3 сотр.)`);
    expect(e.debtTotal).toBe(570_049);
    expect(text).toContain(`*Просрочено*\n${rub('5 499,99')} (3 сч., 3 сотр.)`);
    expect(text).not.toContain('7 777'); // employer B's debt
  });

  it('debtors: table-like blocks sorted by days overdue', async () => {
    const { reply } = await command('debtors');
    const sections = (reply.blocks as Params[]).filter((block) => block.type === 'section');
    const rows = sections.map((block) => (block.fields as Params[]).map((field) => field.text as string));
    expect(rows.map((row) => /таб\. № (\S+)/.exec(row[0] ?? '')?.[1])).toEqual(fx.expected.debtorsOrder);
    expect(rows[0]).toEqual([
      '*Васильева Екатерина Андреевна*\nтаб. № T-004',
      `Долг: ${rub('3 000,00')}`,
      'Просрочка: 46 дн.',
      'Только экстренная помощь',
    ]);
    expect(rows[1]?.[1]).toBe(`Долг: ${rub('1 700,50')}`);
    expect(rows[1]?.[2]).toBe('Просрочка: 41 дн.');
    expect(rows[2]?.[2]).toBe('Просрочка: 14 дн.');
    expect(textOf(reply)).not.toContain('Иванов Иван');
  });

  it('employee <number>: bills and state of one person', async () => {
    const { reply } = await command('employee t-001');
    const text = textOf(reply);
    expect(text).toContain('Смирнов Алексей Петрович, таб. № T-001');
    expect(text).toContain('Франшиза активна с 10 января 2026 года.');
    expect(text).toContain(
      `Счёт № FR-2026-0001 за 2026-03: ${rub('1 500,00')}, оплатить до 5 мая 2026 года — просрочен на 41 дн.`,
    );
    expect(text).toContain(
      `Счёт № FR-2026-0101 за 2026-05: ${rub('200,50')}, оплатить до 1 июля 2026 года — не оплачен`,
    );
    const unregistered = textOf((await command('employee T-005')).reply);
    expect(unregistered).toContain('Не зарегистрирован в личном кабинете ДМС.');
  });

  it('report: the debt report XLSX is uploaded to the channel (getUploadURLExternal → upload → complete)', async () => {
    const { reply } = await command('report');
    expect(reply.text).toBe('Отчёт о задолженности загружен в канал.');
    const upload = api.uploads.at(-1);
    expect(upload).toMatchObject({ completed: true, channelId: CHANNEL_A });
    expect(upload?.filename).toBe('debts-demo-factory-2026-06-15.xlsx');
    expect(upload?.initialComment).toContain('Отчёт о задолженности по франшизе — ООО «Демо-Завод»');
    expect(api.callsOf('files.getUploadURLExternal').length).toBeGreaterThan(0);

    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(upload?.bytes as never);
    const sheet = workbook.worksheets[0];
    if (!sheet) throw new Error('no sheet');
    expect(sheet.name).toBe('Задолженность');
    const values = (row: number) => (sheet.getRow(row).values as unknown[]).slice(1);
    expect(values(2)).toEqual([
      'Таб. №',
      'ФИО',
      'Программа',
      'Счёт',
      'Период',
      'Выставлен',
      'Оплатить до',
      'Дней просрочки',
      'Сумма',
      'Пени (расчёт)',
      'Состояние',
      'Валюта',
    ]);
    const bills = [3, 4, 5, 6].map(values);
    expect(bills.map((row) => row[3])).toEqual([
      'FR-2026-0004',
      'FR-2026-0001',
      'FR-2026-0101',
      'FR-2026-0002',
    ]);
    expect(bills.map((row) => row[7])).toEqual([46, 41, 0, 14]);
    expect(bills.map((row) => row[8])).toEqual([3000, 1500, 200.5, 999.99]);
    expect((bills[0]?.[6] as Date | undefined)?.toISOString().slice(0, 10)).toBe('2026-04-30');
    const total = values(7);
    expect(total[0]).toBe('Итого');
    expect(total[8]).toBeCloseTo(5700.49, 2);
    expect(sheet.rowCount).toBe(7);
    expect(workbook.worksheets[1]?.name).toBe('Итоги');
    const audit = await ctx.db.prisma.auditLog.findFirst({ where: { action: 'hr.report' } });
    expect(audit?.subject).toBe(fx.employerA.id);
  });

  it('roster: imports the latest CSV shared in the channel, downloading it with the bot token', async () => {
    api.shareFile(
      CHANNEL_A,
      'roster.csv',
      'employee_number,full_name,birth_date,phone,policy_number\n' +
        'T-010,Сидоров Павел Ильич,12.12.1991,+7 916 555-10-10,\n' +
        'T-001,Смирнов Алексей Петрович,1985-03-14,+79161234501,DMS-300001\n',
    );
    const { reply } = await command('roster');
    expect(reply.text).toBe(
      'Список сотрудников ООО «Демо-Завод» загружен из roster.csv: новых 1, обновлено 0, без изменений 1.',
    );
    const entry = await ctx.db.prisma.rosterEntry.findUnique({
      where: { employerId_employeeNumber: { employerId: fx.employerA.id, employeeNumber: 'T-010' } },
    });
    expect(entry?.phone).toBe('+79165551010');
    const audit = await ctx.db.prisma.auditLog.findFirst({ where: { action: 'roster.imported' } });
    expect(audit?.actor).toBe(`slack:${TEAM}:U0HRA`);
  });

  it('roster: a bad file is refused as a whole with line-level errors', async () => {
    const file = api.shareFile(
      CHANNEL_A,
      'roster-bad.csv',
      'employee_number,full_name,birth_date,phone\nT-020,Петров Пётр,31.02.1990,+79165550020\nT-021,Одно,1990-01-01,12345\n',
    );
    const { reply } = await command(`roster ${file.id}`);
    expect(reply.text).toContain('Файл roster-bad.csv не загружен, ничего не изменено. Ошибки (3):');
    expect(reply.text).toContain('строка 2, birth_date: такой даты нет в календаре: 31.02.1990');
    expect(reply.text).toContain('строка 3, full_name: нужны фамилия и имя');
    expect(reply.text).toContain('строка 3, phone: это не номер +7: нужно 10 цифр');
    expect(await ctx.db.prisma.rosterEntry.count({ where: { employeeNumber: 'T-020' } })).toBe(0);
    // a file of another channel is not taken
    const elsewhere = api.shareFile('C0ELSE', 'other.csv', 'employee_number\n');
    expect((await command(`roster ${elsewhere.id}`)).reply.text).toBe(
      `Файл ${elsewhere.id} не найден в этом канале.`,
    );
  });

  it('help and unknown subcommands', async () => {
    expect((await command('help')).reply.text).toContain('`/franchise debtors`');
    expect((await command('foo')).reply.text).toContain('Не понимаю «foo».');
  });
});

describe('employer scoping: refused requests are answered and audited', () => {
  it('an unlinked channel is refused in both languages', async () => {
    const { reply } = await command('debtors', { channel: 'C0RANDOM', user: 'U0STRANGER' });
    expect(reply.response_type).toBe('ephemeral');
    expect(reply.text).toContain('Этот канал не подключён к данным работодателя.');
    expect(reply.text).toContain('Бұл арна жұмыс берушінің деректеріне қосылмаған.');
    const row = (await refusals(ctx)).at(-1);
    expect(row).toMatchObject({ actor: `slack:${TEAM}:U0STRANGER`, action: 'hr.refused', subject: null });
    expect(row?.details).toMatchObject({
      reason: 'channel_not_linked',
      channelId: 'C0RANDOM',
      request: '/franchise debtors',
    });
  });

  it('the same channel id in another workspace is not linked', async () => {
    const { reply } = await command('', { team: 'T0OTHER' });
    expect(reply.text).toContain('Этот канал не подключён');
  });

  it('a user not listed on the link is refused, in the link language', async () => {
    const { reply } = await command('', { channel: CHANNEL_B, user: 'U0NOTHR' });
    expect(reply.text).toBe(
      'Бұл арнада АО «Другая компания» деректеріне қол жеткізуіңіз жоқ. Әкімшіден сізді қосуды сұраңыз.',
    );
    const row = (await refusals(ctx)).at(-1);
    expect(row?.subject).toBe(fx.employerB.id);
    expect(row?.details).toMatchObject({ reason: 'user_not_allowed', userId: 'U0NOTHR' });
  });

  it("HR of employer A cannot see employer B's employee", async () => {
    const { reply } = await command('employee B-100');
    expect(reply.text).toBe(
      'Сотрудник с табельным номером B-100 не найден среди сотрудников ООО «Демо-Завод».',
    );
    expect(reply.blocks).toBeUndefined();
    const row = (await refusals(ctx)).at(-1);
    expect(row?.subject).toBe(fx.employerA.id);
    expect(row?.details).toMatchObject({ reason: 'employee_not_in_employer', employeeNumber: 'B-100' });
  });

  it("the listed user of employer B sees B's summary in Kazakh", async () => {
    const text = textOf((await command('', { channel: CHANNEL_B, user: HR_B })).reply);
    expect(text).toContain('ЕМС франшизасы — АО «Другая компания»');
    expect(text).toContain('2026 жылғы 15 маусым жағдай бойынша');
    expect(text).toContain(`*Франшиза бойынша жалпы қарыз*\n${rub('7 777,00')} (1 шот, 1 қызм.)`);
  });
});

describe('Home tab and language', () => {
  const homeEvent = (user: string) =>
    JSON.stringify({
      token: 't',
      team_id: TEAM,
      api_app_id: 'A0APP',
      type: 'event_callback',
      event_id: `Ev${Math.random().toString(36).slice(2)}`,
      event_time: Math.floor(NOW.getTime() / 1000),
      authorizations: [{ team_id: TEAM, user_id: 'U0BOT', is_bot: true }],
      event: { type: 'app_home_opened', user, channel: 'D0HOME', tab: 'home', event_ts: '1.1' },
    });

  const views = (user: string) => api.callsOf('views.publish').filter((call) => call.params.user_id === user);

  it('app_home_opened publishes the summary of the employer the user is listed on', async () => {
    const sent = await post('/slack/events', homeEvent(HR_B), 'application/json');
    expect(sent.status).toBe(200);
    const call = await api.waitFor(() => views(HR_B).at(-1));
    const text = textOf(call.params);
    expect(call.params.view.type).toBe('home');
    expect(text).toContain('ЕМС франшизасы — АО «Другая компания»');
    expect(text).not.toContain('Демо-Завод');
  });

  it('a user listed nowhere gets an explanation, audited', async () => {
    await post('/slack/events', homeEvent('U0NOBODY'), 'application/json');
    const call = await api.waitFor(() => views('U0NOBODY').at(-1));
    expect(textOf(call.params)).toContain('Здесь данные видят только сотрудники HR');
    expect((await refusals(ctx)).at(-1)?.details).toMatchObject({
      reason: 'home_not_linked',
      userId: 'U0NOBODY',
    });
  });

  const languageClick = (user: string, lang: 'ru' | 'kk', linkId: string) =>
    `payload=${encodeURIComponent(
      JSON.stringify({
        type: 'block_actions',
        team: { id: TEAM, domain: 'test' },
        user: { id: user, team_id: TEAM },
        api_app_id: 'A0APP',
        token: 't',
        trigger_id: '1.2.3',
        container: { type: 'view', view_id: 'V1' },
        view: { id: 'V1', type: 'home' },
        actions: [
          {
            type: 'button',
            action_id: `hr_language_${lang}`,
            block_id: `hr_language.${linkId}`,
            value: linkId,
            action_ts: '1.1',
          },
        ],
      }),
    )}`;

  it('the Home tab button switches the link language; someone else’s link is refused', async () => {
    const count = views(HR_B).length;
    const sent = await post(
      '/slack/interactions',
      languageClick(HR_B, 'ru', fx.linkB),
      'application/x-www-form-urlencoded',
    );
    expect(sent.status).toBe(200);
    const call = await api.waitFor(() => views(HR_B).length > count && views(HR_B).at(-1));
    expect(textOf(call.params)).toContain('Франшиза ДМС — АО «Другая компания»');
    expect((await ctx.db.prisma.hrSlackLink.findUniqueOrThrow({ where: { id: fx.linkB } })).language).toBe(
      'ru',
    );

    await post(
      '/slack/interactions',
      languageClick(HR_B, 'kk', fx.linkA),
      'application/x-www-form-urlencoded',
    );
    const row = await api.waitFor(() => views(HR_B).length > count + 1 && views(HR_B).at(-1));
    expect(textOf(row.params)).toContain('Здесь данные видят только');
    expect((await ctx.db.prisma.hrSlackLink.findUniqueOrThrow({ where: { id: fx.linkA } })).language).toBe(
      'ru',
    );
    expect((await refusals(ctx)).at(-1)?.details).toMatchObject({ reason: 'link_not_allowed' });
  });

  it('/franchise language kk switches the channel to Kazakh', async () => {
    expect((await command('language kk')).reply.text).toBe(
      'Осы арнадағы жауаптардың, есептердің және хабарламалардың тілі: қазақша.',
    );
    const text = textOf((await command('')).reply);
    expect(text).toContain('ЕМС франшизасы — ООО «Демо-Завод»');
    expect(text).toContain(`*Мерзімі өткен*\n${rub('5 499,99')} (3 шот, 3 қызм.)`);
    await command('language ru');
  });
});
