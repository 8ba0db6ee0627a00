/**
 * Slack for HR in Socket Mode (SLACK_SOCKET_MODE=1 + SLACK_APP_TOKEN) end to end: the product's
 * server (buildServer + the Slack plugin) connects on start the way Bolt does against Slack —
 * apps.connections.open with the app-level token on the local Slack Web API, then the WebSocket URL
 * it answered, on a local server speaking Socket Mode (socket-mode-server.ts). Envelopes are pushed
 * as Slack pushes them, acks read back from the socket, answers observed where Slack would see them
 * (response_url, views.publish), data in a real PostgreSQL database. No HTTP routes in this mode.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSlackApp, createSlackChannel } from '../../../bot/channels/slack';
import { buildServer } from '../../../bot/server';
import { manualClock } from '../../../core/clock';
import { createI18n } from '../../../core/i18n';
import { createMetrics } from '../../../core/metrics';
import { createTestContext, type TestContext } from '../../support/context';
import { type Params, type SlackApiServer, startSlackApiServer } from '../../support/slack-api-server';
import {
  CHANNEL_B,
  HR_B,
  type HrFixture,
  NOW,
  refusals,
  rub,
  seedHrFixture,
  slashCommandFields,
  TEAM,
  textOf,
} from './fixtures';
import { type SlackSocketServer, startSlackSocketServer } from './socket-mode-server';

const clock = manualClock(NOW);
const i18n = createI18n();

let ctx: TestContext;
let api: SlackApiServer;
let sockets: SlackSocketServer;
let server: FastifyInstance;
let base: string;
let fx: HrFixture;

beforeAll(async () => {
  sockets = await startSlackSocketServer();
  api = await startSlackApiServer({ teamId: TEAM, socketUrl: () => sockets.connectionUrl() });
  ctx = await createTestContext({
    clock,
    env: {
      SLACK_BOT_TOKEN: api.token,
      SLACK_SOCKET_MODE: '1',
      SLACK_APP_TOKEN: api.appToken,
      SLACK_API_URL: api.apiUrl,
    },
  });
  fx = await seedHrFixture(ctx);
  const slack = createSlackChannel(ctx, i18n);
  expect(slack.mode).toBe('socket');
  server = await buildServer(ctx, { metrics: createMetrics(ctx.queues), plugins: [slack.plugin] });
  // onReady starts Socket Mode: listen() resolves once Slack said hello
  base = await server.listen({ host: '127.0.0.1', port: 0 });
});
afterAll(async () => {
  await server?.close(); // again after the last test: a no-op
  await sockets?.allClosed().catch(() => undefined);
  await sockets?.close();
  await ctx?.close();
  await api?.close();
});

/** A slash command as Slack pushes it in Socket Mode: the same fields as over HTTP, as JSON. */
function commandPayload(text: string, who: { channel?: string; user?: string } = {}) {
  const responseUrl = api.responseUrl();
  const payload = {
    ...slashCommandFields(text, responseUrl, { ...who, appId: sockets.appId }),
    is_enterprise_install: 'false',
  };
  return { payload, responseUrl };
}

/** Pushes `/franchise <text>`; returns the ack read from the socket and the response_url answer. */
async function command(text: string, who: { channel?: string; user?: string } = {}) {
  const { payload, responseUrl } = commandPayload(text, who);
  const envelopeId = sockets.push('slash_commands', payload);
  const ack = await sockets.ackOf(envelopeId);
  const [reply] = await api.waitFor(() => {
    const list = api.responses(responseUrl);
    return list.length > 0 ? list : null;
  });
  return { ack, reply: reply as Params };
}

const views = (user: string) => api.callsOf('views.publish').filter((call) => call.params.user_id === user);

describe('Socket Mode connection', () => {
  it('connects on start: apps.connections.open with the app token, then its WebSocket URL; no HTTP routes', async () => {
    const opens = api.callsOf('apps.connections.open');
    expect(opens).toHaveLength(1);
    expect(opens[0]?.token).toBe(api.appToken);
    expect(opens[0]?.response.ok).toBe(true);
    expect(sockets.connections).toHaveLength(1);
    expect(sockets.open()).toBe(sockets.connections[0]);
    // the bot token is used for the Web API, never the app token
    const others = api.calls.filter((call) => call.method !== 'apps.connections.open');
    expect(others.every((call) => call.token === api.token)).toBe(true);
    // Slack reaches the app over the socket only: the HTTP mode's routes are not there
    const response = await fetch(`${base}/slack/commands`, { method: 'POST', body: 'command=%2Ffranchise' });
    expect(response.status).toBe(404);
  });

  it('a wrong app token fails the start at once (invalid_auth is not retried)', async () => {
    const wrong = createSlackApp(
      { ...ctx, config: { ...ctx.config, SLACK_APP_TOKEN: 'xapp-1-A0APP-1-wrong' } },
      i18n,
    );
    const before = api.callsOf('apps.connections.open').length;
    const started = performance.now();
    await expect(wrong?.start()).rejects.toMatchObject({ data: { ok: false, error: 'invalid_auth' } });
    expect(performance.now() - started).toBeLessThan(3000);
    expect(api.callsOf('apps.connections.open')).toHaveLength(before + 1);
    expect(sockets.connections).toHaveLength(1);
  });
});

describe('/franchise over the socket', () => {
  it('summary: the envelope is acked on the socket at once, the answer goes to response_url', async () => {
    const { ack, reply } = await command('');
    expect(ack.type).toBe('slash_commands');
    expect(ack.payload).toEqual({});
    expect(ack.elapsedMs).toBeLessThan(3000);
    expect(reply.response_type).toBe('ephemeral');
    const text = textOf(reply);
    const e = fx.expected;
    expect(text).toContain('Франшиза ДМС — ООО «Демо-Завод»');
    expect(text).toContain('Данные на 15 июня 2026 года');
    expect(text).toContain(`*Сотрудников в списке*\n${e.roster}`);
    expect(text).toContain(`*Общий долг по франшизе*\n${rub('5 700,49')} (4 сч., 3 сотр.)`);
    expect(text).toContain(`*Просрочено*\n${rub('5 499,99')} (3 сч., 3 сотр.)`);
    expect(text).not.toContain('7 777'); // employer B's debt
  });

  it('employee of another employer: not found among the linked employer’s, audited', async () => {
    const { reply } = await command('employee B-100');
    expect(reply.text).toBe(
      'Сотрудник с табельным номером B-100 не найден среди сотрудников ООО «Демо-Завод».',
    );
    const row = (await refusals(ctx)).at(-1);
    expect(row?.subject).toBe(fx.employerA.id);
    expect(row?.details).toMatchObject({ reason: 'employee_not_in_employer', employeeNumber: 'B-100' });
  });

  it('an unlinked channel is refused in both languages and audited', async () => {
    const { ack, reply } = await command('debtors', { channel: 'C0RANDOM', user: 'U0STRANGER' });
    expect(ack.payload).toEqual({});
    expect(reply.response_type).toBe('ephemeral');
    expect(reply.text).toContain('Этот канал не подключён к данным работодателя.');
    expect(reply.text).toContain('Бұл арна жұмыс берушінің деректеріне қосылмаған.');
    expect(reply.blocks).toBeUndefined();
    const row = (await refusals(ctx)).at(-1);
    expect(row).toMatchObject({ actor: `slack:${TEAM}:U0STRANGER`, action: 'hr.refused', subject: null });
    expect(row?.details).toMatchObject({
      reason: 'channel_not_linked',
      channelId: 'C0RANDOM',
      request: '/franchise debtors',
    });
  });
});

describe('Home tab over the socket', () => {
  const homeEvent = (user: string) => ({
    token: 'legacy-verification-token',
    team_id: TEAM,
    api_app_id: sockets.appId,
    event: { type: 'app_home_opened', user, channel: 'D0HOME', tab: 'home', event_ts: '1.1' },
    type: 'event_callback',
    event_id: `Ev${Math.random().toString(36).slice(2)}`,
    event_time: Math.floor(NOW.getTime() / 1000),
    authorizations: [
      { enterprise_id: null, team_id: TEAM, user_id: 'U0BOT', is_bot: true, is_enterprise_install: false },
    ],
    is_ext_shared_channel: false,
  });

  it('events_api app_home_opened: acked, the Home tab published with views.publish', async () => {
    const envelopeId = sockets.push('events_api', homeEvent(HR_B));
    const ack = await sockets.ackOf(envelopeId);
    expect(ack.type).toBe('events_api');
    const call = await api.waitFor(() => views(HR_B).at(-1));
    expect(call.token).toBe(api.token);
    expect(call.params.view.type).toBe('home');
    const text = textOf(call.params);
    expect(text).toContain('ЕМС франшизасы — АО «Другая компания»');
    expect(text).not.toContain('Демо-Завод');
  });

  it('interactive: a Home tab language button switches the link language', async () => {
    const count = views(HR_B).length;
    const envelopeId = sockets.push('interactive', {
      type: 'block_actions',
      team: { id: TEAM, domain: 'test' },
      user: { id: HR_B, username: 'hr-b', team_id: TEAM },
      api_app_id: sockets.appId,
      token: 'legacy-verification-token',
      trigger_id: '1.2.3',
      container: { type: 'view', view_id: 'V1' },
      view: { id: 'V1', type: 'home' },
      actions: [
        {
          type: 'button',
          action_id: 'hr_language_ru',
          block_id: `hr_language.${fx.linkB}`,
          value: fx.linkB,
          action_ts: '1.1',
        },
      ],
    });
    expect((await sockets.ackOf(envelopeId)).type).toBe('interactive');
    const call = await api.waitFor(() => views(HR_B).length > count && views(HR_B).at(-1));
    expect(textOf(call.params)).toContain('Франшиза ДМС — АО «Другая компания»');
    const link = await ctx.db.prisma.hrSlackLink.findUniqueOrThrow({ where: { id: fx.linkB } });
    expect(link.language).toBe('ru');
    expect(
      await ctx.db.prisma.auditLog.count({ where: { action: 'hr.language', subject: fx.employerB.id } }),
    ).toBeGreaterThan(0);
  });

  it('the listed user of employer B asks in channel B: B’s summary, now in Russian', async () => {
    const text = textOf((await command('', { channel: CHANNEL_B, user: HR_B })).reply);
    expect(text).toContain('Франшиза ДМС — АО «Другая компания»');
    expect(text).toContain(`*Общий долг по франшизе*\n${rub('7 777,00')} (1 сч., 1 сотр.)`);
  });
});

describe('Slack recycling the connection', () => {
  it('after `disconnect` the app reconnects with a new URL, even when apps.connections.open fails once', async () => {
    const first = sockets.open();
    expect(first).toBeDefined();
    const opens = api.callsOf('apps.connections.open').length;
    // Slack's edge answers 503 to the first attempt to reconnect
    api.httpErrorNext('apps.connections.open', 503);
    sockets.requestDisconnect('refresh_requested');
    const second = await api.waitFor(() => {
      const latest = sockets.open();
      return latest !== first && latest;
    }, 20_000);
    expect(first?.closedAt).not.toBeNull();
    expect(first?.closeCode).toBe(1000);
    expect(second.ticket).not.toBe(first?.ticket);
    const calls = api.callsOf('apps.connections.open').slice(opens);
    expect(calls.map((call) => call.response.status ?? call.response.ok)).toEqual([503, true]);
    // and the app answers on the new connection
    const { reply } = await command('help');
    expect(reply.text).toContain('`/franchise debtors`');
  }, 30_000);

  it('closing the server closes the socket normally (1000) and does not reconnect', async () => {
    const opens = api.callsOf('apps.connections.open').length;
    const last = sockets.open();
    await server.close();
    await sockets.allClosed();
    expect(last?.closeCode).toBe(1000);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(api.callsOf('apps.connections.open')).toHaveLength(opens);
    expect(sockets.open()).toBeUndefined();
  });
});
