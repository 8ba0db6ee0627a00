import Fastify from 'fastify';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  createTelegramBot,
  MENU_COMMANDS,
  SECRET_HEADER,
  splitText,
  type TelegramChannel,
  type TelegramEngine,
} from '../../../bot/channels/telegram';
import { loadConfig } from '../../../core/config';
import type { AppContext } from '../../../core/context';
import type { ConversationRef, Input, Reply } from '../../../core/dialog';
import { createI18n } from '../../../core/i18n';
import { type BotApiServer, startBotApiServer, type TestUser, updates } from '../../support/bot-api-server';
import { testLogger } from '../../support/database';

const i18n = createI18n();
const SECRET = 'webhook-secret-0123456789abcdef';

/** Engine double: records inputs; answers with whatever `script` returns for them. */
function scriptedEngine(script: (input: Input, ref: ConversationRef) => Reply[]) {
  const seen: { ref: ConversationRef; input: Input }[] = [];
  const engine: TelegramEngine = {
    async handle(ref, input) {
      seen.push({ ref, input });
      return { replies: script(input, ref), language: ref.languageHint?.startsWith('kk') ? 'kk' : 'ru' };
    },
    async open() {
      return { language: 'ru' };
    },
  };
  return { engine, seen };
}

const say = (key: string, params?: Record<string, string | number>): Reply => ({
  type: 'text',
  text: { key, ...(params ? { params } : {}) },
});

function fakeContext(api: BotApiServer): AppContext {
  const config = loadConfig({
    TELEGRAM_BOT_TOKEN: api.token,
    TELEGRAM_API_ROOT: api.apiRoot,
    LOG_LEVEL: 'silent',
  });
  return { config, logger: testLogger() } as unknown as AppContext;
}

describe('Telegram channel over the local Bot API server (polling, real HTTP)', () => {
  let api: BotApiServer;
  let channel: TelegramChannel;
  let script: (input: Input, ref: ConversationRef) => Reply[] = () => [];
  const double = scriptedEngine((input, ref) => script(input, ref));
  const user: TestUser = { id: 5001, first_name: 'Айгерим', language_code: 'ru' };

  beforeAll(async () => {
    api = await startBotApiServer();
    channel = createTelegramBot(fakeContext(api), double.engine, i18n, {
      throttle: { out: { maxConcurrent: 1, minTime: 0 } },
    });
    await channel.start();
  });
  afterEach(() => {
    double.seen.splice(0);
  });
  afterAll(async () => {
    await channel.stop();
    await api.close();
  });

  const lastInput = () => double.seen[double.seen.length - 1]?.input;

  it('registers the command menu with ru and kk descriptions', () => {
    const ru = api.commands.get('default:ru');
    const kk = api.commands.get('default:kk');
    expect(ru?.map((c) => c.command)).toEqual([...MENU_COMMANDS]);
    expect(ru?.map((c) => c.command)).toEqual(
      expect.arrayContaining(['start', 'language', 'status', 'help', 'cancel']),
    );
    expect(ru?.find((c) => c.command === 'cancel')?.description).toBe('Отменить текущее действие');
    expect(kk?.find((c) => c.command === 'cancel')?.description).toBe('Ағымдағы әрекетті болдырмау');
    expect(api.commands.get('default:')).toEqual(ru);
    expect(api.callsOf('deleteWebhook')).toHaveLength(1);
  });

  it('maps commands and text, and renders text with inline buttons', async () => {
    script = (input) =>
      input.type === 'command'
        ? [
            {
              type: 'text',
              text: { key: 'tg-cmd-help' },
              buttons: [
                [{ text: { key: 'tg-cmd-start' }, data: 'menu:activate' }],
                [{ text: { key: 'tg-cmd-help' }, url: 'https://example.kz' }],
              ],
            },
          ]
        : [say('tg-cmd-status')];
    api.pushUpdate(updates.command(user, 'start', 'promo-1'));
    await api.waitFor(() => api.messagesTo(user.id).length >= 1);
    expect(double.seen[0]).toEqual({
      ref: { channel: 'telegram', externalId: '5001', languageHint: 'ru' },
      input: { type: 'command', command: 'start', args: 'promo-1' },
    });
    const [message] = api.messagesTo(user.id);
    expect(message?.text).toBe('Что умеет ассистент');
    expect(message?.reply_markup?.inline_keyboard).toEqual([
      [{ text: 'Начать и активировать полис', callback_data: 'menu:activate' }],
      [{ text: 'Что умеет ассистент', url: 'https://example.kz' }],
    ]);

    api.pushUpdate(updates.text(user, 'Привет'));
    await api.waitFor(() => api.messagesTo(user.id).length >= 2);
    expect(lastInput()).toEqual({ type: 'text', text: 'Привет' });
  });

  it('turns a button press into a button input, always answers the callback and removes the spent keyboard', async () => {
    script = () => [say('tg-cmd-status')];
    const before = api.callsOf('answerCallbackQuery').length;
    const count = api.messagesTo(user.id).length;
    api.pressButton(user, 'menu:activate');
    await api.waitFor(() => api.messagesTo(user.id).length > count);
    expect(lastInput()).toEqual({ type: 'button', data: 'menu:activate' });
    expect(api.callsOf('answerCallbackQuery').length).toBe(before + 1);
    await api.waitFor(() => api.callsOf('editMessageReplyMarkup').length > 0);
    expect(api.messagesTo(user.id)[0]?.reply_markup).toBeUndefined();
  });

  it('answers the callback even when the dialog fails', async () => {
    script = () => {
      throw new Error('boom');
    };
    const before = api.callsOf('answerCallbackQuery').length;
    const message = { message_id: 999, date: 0, chat: { id: user.id, type: 'private' }, text: 'old' };
    api.pushUpdate(updates.callback(user, 'anything', message));
    await api.waitFor(() => api.callsOf('answerCallbackQuery').length > before);
    await api.waitFor(() => api.textsTo(user.id).at(-1)?.startsWith('Извините'));
    // a query without a message (an inline message) is answered too
    api.pushUpdate(updates.callback(user, 'inline'));
    await api.waitFor(() => api.callsOf('answerCallbackQuery').length > before + 1);
  });

  it("maps a shared contact: own number vs someone else's, normalised to +digits", async () => {
    script = () => [say('tg-cmd-status')];
    api.pushUpdate(updates.contact(user, '77011234567'));
    await api.waitFor(() => double.seen.length >= 1);
    expect(lastInput()).toEqual({ type: 'contact', phone: '+77011234567', own: true });
    api.pushUpdate(updates.contact(user, '+7 (702) 765-43-21', { ownerId: 999 }));
    await api.waitFor(() => double.seen.length >= 2);
    expect(lastInput()).toEqual({ type: 'contact', phone: '+77027654321', own: false });
    api.pushUpdate(updates.contact(user, '+77020000000', { ownerId: null }));
    await api.waitFor(() => double.seen.length >= 3);
    expect(lastInput()).toEqual({ type: 'contact', phone: '+77020000000', own: false });
    // a contact answer hides the reply keyboard
    await api.waitFor(() => api.messagesTo(user.id).length > 0);
    const replyToContact = api.callsOf('sendMessage').at(-1);
    expect(replyToContact?.params.reply_markup).toEqual({ remove_keyboard: true });
  });

  it('maps location, documents and photos (metadata with the Telegram file_id)', async () => {
    script = () => [];
    api.pushUpdate(updates.location(user, 43.2389, 76.8897));
    api.pushUpdate(
      updates.document(user, {
        file_name: 'анализы.pdf',
        mime_type: 'application/pdf',
        file_size: 1234,
        file_id: 'DOC-1',
      }),
    );
    api.pushUpdate(updates.photo(user));
    await api.waitFor(() => double.seen.length >= 3);
    expect(double.seen.map((s) => s.input)).toEqual([
      { type: 'location', latitude: 43.2389, longitude: 76.8897 },
      { type: 'file', fileName: 'анализы.pdf', mimeType: 'application/pdf', size: 1234, storageRef: 'DOC-1' },
      expect.objectContaining({ type: 'file', mimeType: 'image/jpeg', size: 150_000 }),
    ]);
  });

  it('answers an unsupported message without bothering the dialog', async () => {
    const count = api.messagesTo(user.id).length;
    api.pushUpdate(updates.sticker(user));
    await api.waitFor(() => api.messagesTo(user.id).length > count);
    expect(api.textsTo(user.id).at(-1)).toContain('Я понимаю текст');
    expect(double.seen).toHaveLength(0);
  });

  it('renders contact and location requests as one-time reply keyboards, in Kazakh for a kk user', async () => {
    const kazakh: TestUser = { id: 5002, first_name: 'Нұрлан', language_code: 'kk' };
    script = () => [
      { type: 'request_contact', text: { key: 'tg-cmd-start' } },
      { type: 'request_location', text: { key: 'tg-cmd-help' } },
    ];
    api.pushUpdate(updates.text(kazakh, 'сәлем'));
    await api.waitFor(() => api.messagesTo(kazakh.id).length >= 2);
    const [contact, location] = api.messagesTo(kazakh.id);
    expect(contact?.text).toBe('Бастау және полисті белсендіру');
    expect(contact?.reply_markup).toEqual({
      keyboard: [[{ text: '📱 Нөмірімді жіберу', request_contact: true }]],
      one_time_keyboard: true,
      resize_keyboard: true,
    });
    expect(location?.reply_markup?.keyboard?.[0]?.[0]).toEqual({
      text: '📍 Орналасқан жерді жіберу',
      request_location: true,
    });
  });

  it('sends documents as multipart uploads with file name and bytes', async () => {
    const pdf = Buffer.from('%PDF-1.7\nПриложение 1\n');
    script = () => [
      {
        type: 'document',
        fileName: 'Приложение 1.pdf',
        mimeType: 'application/pdf',
        contentBase64: pdf.toString('base64'),
        caption: { key: 'tg-cmd-status' },
      },
    ];
    const count = api.messagesTo(user.id).length;
    api.pushUpdate(updates.text(user, 'документ'));
    await api.waitFor(() => api.messagesTo(user.id).length > count);
    const message = api.messagesTo(user.id).at(-1);
    expect(message?.document?.fileName).toBe('Приложение 1.pdf');
    expect(message?.document?.bytes.equals(pdf)).toBe(true);
    expect(message?.caption).toBe('Статус моих полисов');
  });

  it('refuses callback data over 64 bytes and tells the user something went wrong', async () => {
    script = () => [
      {
        type: 'text',
        text: { key: 'tg-cmd-help' },
        buttons: [[{ text: { key: 'tg-cmd-start' }, data: 'x'.repeat(65) }]],
      },
    ];
    const count = api.messagesTo(user.id).length;
    api.pushUpdate(updates.text(user, 'кнопка'));
    await api.waitFor(() => api.messagesTo(user.id).length > count);
    expect(api.textsTo(user.id).at(-1)).toMatch(/^Извините/);
    expect(
      api.callsOf('sendMessage').some((call) => JSON.stringify(call.params).includes('x'.repeat(65))),
    ).toBe(false);
  });

  it('splits texts longer than 4096 characters', () => {
    const long = `${'а'.repeat(3000)}\n${'б'.repeat(3000)}`;
    const parts = splitText(long);
    expect(parts).toEqual(['а'.repeat(3000), 'б'.repeat(3000)]);
    expect(splitText('x'.repeat(9000)).map((part) => part.length)).toEqual([4096, 4096, 808]);
  });

  it('ignores group chats', async () => {
    const group = updates.text(user, 'hi');
    group.message.chat = { id: -100123, type: 'supergroup', title: 'HR' };
    api.pushUpdate(group);
    api.pushUpdate(updates.text(user, 'после группы'));
    script = () => [];
    await api.waitFor(() => double.seen.length >= 1);
    expect(double.seen.map((s) => s.input)).toEqual([{ type: 'text', text: 'после группы' }]);
  });
});

describe('rate limits', () => {
  it('delivers every message when the server answers 429 (auto-retry + throttler)', async () => {
    const api = await startBotApiServer({ rateLimit: { perChatPerSecond: 1, globalPerSecond: 30 } });
    const user: TestUser = { id: 7001, language_code: 'ru' };
    const { engine } = scriptedEngine(() => [say('tg-cmd-start'), say('tg-cmd-help'), say('tg-cmd-status')]);
    // no throttling on our side: the server's 429s and auto-retry must still get everything through, in order
    const channel = createTelegramBot(fakeContext(api), engine, i18n, { throttle: false });
    await channel.start();
    try {
      api.pushUpdate(updates.text(user, 'go'));
      await api.waitFor(() => api.messagesTo(user.id).length >= 3, 15_000);
      expect(api.textsTo(user.id)).toEqual([
        'Начать и активировать полис',
        'Что умеет ассистент',
        'Статус моих полисов',
      ]);
      const limited = api.callsOf('sendMessage').filter((call) => call.response.error_code === 429);
      expect(limited.length).toBeGreaterThan(0);
      expect(limited[0]?.response.parameters?.retry_after).toBe(1);
    } finally {
      await channel.stop();
      await api.close();
    }
  }, 20_000);

  it('answers at once: a 3-message answer in one burst, in order; a chat still averages ≤ 1 message/s', async () => {
    const api = await startBotApiServer();
    const user: TestUser = { id: 7002, language_code: 'ru' };
    const { engine } = scriptedEngine((input) =>
      input.type === 'text' && input.text === 'five'
        ? ['tg-cmd-start', 'tg-cmd-help', 'tg-cmd-status', 'tg-cmd-cancel', 'tg-cmd-language'].map((key) =>
            say(key),
          )
        : [say('tg-cmd-start'), say('tg-cmd-help'), say('tg-cmd-status')],
    );
    const channel = createTelegramBot(fakeContext(api), engine, i18n); // the product's REPLY_THROTTLE
    await channel.start();
    try {
      api.pushUpdate(updates.text(user, 'five'));
      await api.waitFor(() => api.messagesTo(user.id).length >= 5, 15_000);
      const sent = api.callsOf('sendMessage').filter((call) => call.params.chat_id === user.id);
      expect(sent.map((call) => call.params.text)).toEqual([
        'Начать и активировать полис',
        'Что умеет ассистент',
        'Статус моих полисов',
        'Отменить текущее действие',
        'Сменить язык / Тілді ауыстыру',
      ]);
      const after = sent.map((call) => call.at - sent[0]!.at);
      // grammY's default paced these 1 s apart (2 s for the first three)
      expect(after[2]).toBeLessThan(1_500);
      // the 4th and 5th wait for the chat's next 3-second allowance
      expect(after[3]).toBeGreaterThanOrEqual(2_500);
    } finally {
      await channel.stop();
      await api.close();
    }
  }, 20_000);
});

describe('webhook mode', () => {
  it('rejects requests without the right secret (401) and handles the right one (200)', async () => {
    const api = await startBotApiServer();
    const { engine, seen } = scriptedEngine(() => [say('tg-cmd-start')]);
    const config = loadConfig({
      TELEGRAM_BOT_TOKEN: api.token,
      TELEGRAM_API_ROOT: api.apiRoot,
      TELEGRAM_MODE: 'webhook',
      TELEGRAM_WEBHOOK_SECRET: SECRET,
      PUBLIC_URL: 'https://assistant.example.kz',
      LOG_LEVEL: 'silent',
    });
    const channel = createTelegramBot(
      { config, logger: testLogger() } as unknown as AppContext,
      engine,
      i18n,
    );
    const app = Fastify();
    await app.register(channel.webhookPlugin);
    try {
      await channel.start();
      expect(api.webhook).toEqual({
        url: 'https://assistant.example.kz/telegram/webhook',
        secret_token: SECRET,
      });
      const user: TestUser = { id: 8001, language_code: 'ru' };
      const update = { update_id: 1, ...updates.text(user, 'привет') };

      const missing = await app.inject({ method: 'POST', url: '/telegram/webhook', payload: update });
      expect(missing.statusCode).toBe(401);
      const wrong = await app.inject({
        method: 'POST',
        url: '/telegram/webhook',
        payload: update,
        headers: { [SECRET_HEADER]: `${SECRET}x` },
      });
      expect(wrong.statusCode).toBe(401);
      expect(seen).toHaveLength(0);

      const right = await app.inject({
        method: 'POST',
        url: '/telegram/webhook',
        payload: update,
        headers: { [SECRET_HEADER]: SECRET },
      });
      expect(right.statusCode).toBe(200);
      expect(seen.map((s) => s.input)).toEqual([{ type: 'text', text: 'привет' }]);
      expect(api.textsTo(user.id)).toEqual(['Начать и активировать полис']);
    } finally {
      await app.close();
      await channel.stop();
      await api.close();
    }
  });

  it('is off without a token, and the config demands a secret and PUBLIC_URL for webhooks', () => {
    const config = loadConfig({ LOG_LEVEL: 'silent' });
    expect(config.telegramMode).toBe('off');
    const channel = createTelegramBot(
      { config, logger: testLogger() } as unknown as AppContext,
      scriptedEngine(() => []).engine,
      i18n,
    );
    expect(channel.bot).toBeNull();
    expect(() =>
      loadConfig({ TELEGRAM_MODE: 'webhook', TELEGRAM_BOT_TOKEN: '1:AAAAAAAAAAAAAAAAAAAAAAAA' }),
    ).toThrow(/TELEGRAM_WEBHOOK_SECRET[\s\S]*PUBLIC_URL/);
  });
});
