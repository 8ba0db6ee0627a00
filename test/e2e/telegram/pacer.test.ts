import { Api } from 'grammy';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { telegramPacer } from '../../../core/notify/telegram-pacer';
import { type BotApiServer, startBotApiServer } from '../../support/bot-api-server';

let server: BotApiServer;
beforeAll(async () => {
  server = await startBotApiServer();
  server.setRateLimit({ perChatPerSecond: 1, globalPerSecond: 30 });
});
afterAll(() => server?.close());

describe('Telegram pacer against a Bot API server enforcing 30/s and 1/s per chat', () => {
  it('delivers a burst to many chats and repeated messages to one chat without a single 429', async () => {
    const api = new Api(server.token, { apiRoot: server.apiRoot });
    api.config.use(telegramPacer());
    const sends = [
      ...Array.from({ length: 45 }, (_, i) => api.sendMessage(700_000 + i, `notice ${i}`)),
      ...Array.from({ length: 3 }, (_, i) => api.sendMessage(799_999, `to one chat ${i}`)),
    ];
    await Promise.all(sends);
    const calls = server.callsOf('sendMessage');
    expect(calls.filter((call) => call.response.error_code === 429)).toEqual([]);
    expect(calls.filter((call) => call.response.ok)).toHaveLength(48);
    expect(server.textsTo(799_999)).toEqual(['to one chat 0', 'to one chat 1', 'to one chat 2']);
  });

  it('without it the same burst is refused with 429 (the server really enforces the limit)', async () => {
    server.reset();
    const plain = new Api(server.token, { apiRoot: server.apiRoot });
    const results = await Promise.allSettled(
      Array.from({ length: 45 }, (_, i) => plain.sendMessage(710_000 + i, `burst ${i}`)),
    );
    expect(results.some((result) => result.status === 'rejected')).toBe(true);
  });
});
