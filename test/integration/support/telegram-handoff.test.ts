import type { Worker } from 'bullmq';
import { Api } from 'grammy';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TelegramChannel } from '../../../bot/channels/telegram';
import { relayOutbox } from '../../../core/notify/outbox';
import { createTelegramSender } from '../../../core/notify/telegram-sender';
import { releaseTicket, replyToTicket, takeTicket } from '../../../core/services/support';
import { createNotificationWorkers } from '../../../workers/notifications';
import { type BotApiServer, startBotApiServer, updates } from '../../support/bot-api-server';
import { startPollingBot } from '../../support/telegram-client';
import { createDialogTestContext, type DialogTestContext } from '../activation/context';
import { addOperator, supportEngine } from './helpers';

/**
 * Hand-off from Telegram: the product's grammY bot on the local Bot API server, the real engine
 * with the hand-off hooks, and the real outbox → notifications worker → Telegram sender path that
 * carries the operator's answers to the chat.
 */
let ctx: DialogTestContext;
let api: BotApiServer;
let channel: TelegramChannel;
let workers: Worker[];

beforeAll(async () => {
  ctx = await createDialogTestContext();
  api = await startBotApiServer();
  channel = await startPollingBot(ctx.app, supportEngine(ctx), ctx.i18n, api);
  workers = createNotificationWorkers(ctx.app, [
    createTelegramSender({
      api: new Api(api.token, { apiRoot: api.apiRoot }),
      i18n: ctx.i18n,
      db: ctx.app.db,
    }),
  ]);
});
afterAll(async () => {
  await channel?.stop();
  for (const worker of workers ?? []) await worker.close();
  await api?.close();
  await ctx?.close();
});

async function until(check: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('hand-off from Telegram', () => {
  it('the user asks in Kazakh, the operator answers, the answer arrives as a Telegram message', async () => {
    const user = { id: 730001, first_name: 'Әлия', language_code: 'kk' };
    const texts = () => api.textsTo(user.id);
    api.pushUpdate(updates.command(user, 'start'));
    await api.waitFor(() => texts().length >= 2);
    api.pushUpdate(updates.text(user, 'Оператор керек'));
    await api.waitFor(() => texts().some((t) => t.includes('Операторға қосып жатырмын')));
    const queued = api.messagesTo(user.id).at(-1)!;
    expect(JSON.stringify(queued.reply_markup)).toContain('Ботқа оралу');

    const { prisma } = ctx.app.db;
    const conversation = await prisma.conversation.findUniqueOrThrow({
      where: { channel_externalId: { channel: 'telegram', externalId: String(user.id) } },
    });
    expect(conversation.handedOff).toBe(true);
    const ticket = await prisma.supportTicket.findFirstOrThrow({
      where: { conversationId: conversation.id },
    });

    // a message while waiting: no answer from the bot, kept for the operator
    const before = texts().length;
    api.pushUpdate(updates.text(user, 'Хат келмеді'));
    await api.waitFor(
      async () =>
        (await prisma.message.count({ where: { conversationId: conversation.id, direction: 'in' } })) >= 3,
    );
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(texts().length).toBe(before);

    const operator = await addOperator(ctx, 'dana', 'Дана', 'dana-password-1');
    expect(await takeTicket(ctx.app, ticket.id, operator)).toEqual({ ok: true });
    expect(await replyToTicket(ctx.app, ticket.id, operator, 'Сәлеметсіз бе! Қазір тексеремін.')).toEqual({
      ok: true,
    });
    await relayOutbox(ctx.app);
    // two notices queued a moment apart: the outbox delivers both (their order is not guaranteed)
    await api.waitFor(
      () =>
        texts().includes('Дана: Сәлеметсіз бе! Қазір тексеремін.') &&
        texts().includes('Оператор Дана әңгімеге қосылды.'),
      10_000,
    );

    const notifications = await prisma.notification.findMany({ where: { address: String(user.id) } });
    expect(notifications.map((n) => n.template).sort()).toEqual([
      'support-operator-message',
      'support-taken',
    ]);
    await until(async () =>
      (await prisma.notification.findMany({ where: { address: String(user.id) } })).every(
        (n) => n.status === 'sent',
      ),
    );

    expect(await releaseTicket(ctx.app, ticket.id, operator, 'returned')).toEqual({ ok: true });
    await relayOutbox(ctx.app);
    await api.waitFor(() => texts().some((t) => t.includes('Оператор әңгімені ботқа қайтарды')), 10_000);
    const count = texts().length;
    api.pushUpdate(updates.command(user, 'status'));
    await api.waitFor(() => texts().length > count);
    expect(texts().slice(count).join('\n')).toContain('полис');
    expect((await prisma.conversation.findUniqueOrThrow({ where: { id: conversation.id } })).handedOff).toBe(
      false,
    );
  });
});
