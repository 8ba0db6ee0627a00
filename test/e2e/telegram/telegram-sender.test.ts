import { Api } from 'grammy';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Notification, Person } from '../../../core/generated/prisma/client';
import { createI18n } from '../../../core/i18n';
import { createTelegramSender } from '../../../core/notify/telegram-sender';
import { createTelemedTestContext, type TelemedTestContext } from '../../integration/telemed/context';
import { type BotApiServer, startBotApiServer } from '../../support/bot-api-server';
import { queuedNotification } from '../../support/notification';

const i18n = createI18n();
const params = { number: 'LV-100001', product: 'Личный врач', start: '2026-12-16', end: '2027-12-15' };

function notice(overrides: Partial<Notification> = {}): Notification {
  return queuedNotification({
    id: '00000000-0000-4000-8000-000000000001',
    dedupeKey: 'coverage-start.x.telegram',
    channel: 'telegram',
    template: 'notify-coverage-started',
    params,
    ...overrides,
  });
}

describe('Telegram notification sender (Bot API emulator, real database)', () => {
  let api: BotApiServer;
  let ctx: TelemedTestContext;
  let person: Person;

  beforeAll(async () => {
    api = await startBotApiServer();
    ctx = await createTelemedTestContext({});
    person = await ctx.db.prisma.person.create({ data: { fullName: 'Әлия Серікқызы', language: 'kk' } });
    await ctx.db.prisma.conversation.create({
      data: { channel: 'telegram', externalId: '620001', personId: person.id, language: 'kk' },
    });
  });
  afterAll(async () => {
    await api?.close();
    await ctx?.close();
  });

  const sender = () =>
    createTelegramSender({ api: new Api(api.token, { apiRoot: api.apiRoot }), i18n, db: ctx.db });

  it("renders the template in the person's language into their Telegram chat", async () => {
    const result = await sender().send(notice({ personId: person.id }), person);
    expect(result).toEqual({ ok: true, providerMessageId: expect.any(String) });
    const [message] = api.messagesTo(620001);
    expect(message?.text).toBe(i18n.t('kk', 'notify-coverage-started', params));
    expect(message?.text).toContain('LV-100001');
  });

  it('shows a notice’s link as a button under the message (the «Pay» of a charge notice)', async () => {
    const withButton = {
      ...params,
      buttonKey: 'billing-pay-button',
      buttonUrl: 'https://pay.example/bill/1',
    };
    const result = await sender().send(notice({ address: '620005', params: withButton }), null);
    expect(result.ok).toBe(true);
    const [message] = api.messagesTo(620005);
    expect(message?.reply_markup).toEqual({
      inline_keyboard: [[{ text: i18n.t('ru', 'billing-pay-button'), url: 'https://pay.example/bill/1' }]],
    });
  });

  it('uses Notification.address when given', async () => {
    const result = await sender().send(notice({ address: '620002' }), null);
    expect(result.ok).toBe(true);
    expect(api.textsTo(620002)[0]).toBe(i18n.t('ru', 'notify-coverage-started', params));
  });

  it('maps 429 to a retry after Telegram’s retry_after, 403 (blocked) to permanent, 5xx to transient', async () => {
    api.failNext('sendMessage', {
      error_code: 429,
      description: 'Too Many Requests: retry after 7',
      retry_after: 7,
    });
    expect(await sender().send(notice({ address: '620003' }), null)).toMatchObject({
      ok: false,
      permanent: false,
      retryAfterMs: 7000,
    });
    api.block(620004);
    expect(await sender().send(notice({ address: '620004' }), null)).toMatchObject({
      ok: false,
      permanent: true,
    });
    api.failNext('sendMessage', { error_code: 502, description: 'Bad Gateway' });
    expect(await sender().send(notice({ address: '620003' }), null)).toMatchObject({
      ok: false,
      permanent: false,
    });
  });

  it('is permanent when the person has no Telegram chat', async () => {
    const stranger = await ctx.db.prisma.person.create({ data: { fullName: 'Без Телеграма' } });
    expect(await sender().send(notice({ personId: stranger.id }), stranger)).toMatchObject({
      ok: false,
      permanent: true,
    });
  });
});
