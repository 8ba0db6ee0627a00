import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { TelegramChannel } from '../../../bot/channels/telegram';
import { formatDate } from '../../../core/i18n';
import { DEMO_IINS, demoActivationCode } from '../../../prisma/seed';
import { createDialogTestContext, type DialogTestContext, START } from '../../integration/activation/context';
import { type BotApiServer, startBotApiServer } from '../../support/bot-api-server';
import { startPollingBot, TelegramTestUser } from '../../support/telegram-client';

/**
 * The product's own grammY bot (long polling through @grammyjs/runner) pointed at the local Bot API
 * server, with the real dialog engine on a real PostgreSQL database: what a Telegram user sees.
 */
let ctx: DialogTestContext;
let api: BotApiServer;
const channels: TelegramChannel[] = [];

async function startChannel(): Promise<TelegramChannel> {
  const channel = await startPollingBot(ctx.app, ctx.engine(), ctx.i18n, api);
  channels.push(channel);
  return channel;
}

beforeAll(async () => {
  ctx = await createDialogTestContext();
  api = await startBotApiServer();
});
afterEach(async () => {
  for (const channel of channels.splice(0)) await channel.stop();
});
afterAll(async () => {
  await api?.close();
  await ctx?.close();
});

describe('activation in Telegram (Bot API emulator over HTTP, real engine and database)', () => {
  it('in Russian: menu buttons, validation errors, a bot restart mid-dialog, confirmation', async () => {
    ctx.clock.set(START);
    let channel = await startChannel();
    const user = new TelegramTestUser(api, { id: 910001, first_name: 'Иван', language_code: 'ru' });

    expect((await user.command('start')).join('\n')).toContain('Здравствуйте!');
    expect(user.buttons()).toEqual(['Русский', 'Қазақша']);
    await user.press('Русский');
    expect(user.buttons()).toEqual(['Активировать полис', 'Мои полисы', 'Помощь', 'Язык / Тіл']);
    const answeredBefore = api.callsOf('answerCallbackQuery').length;
    expect((await user.press('Активировать полис')).join('\n')).toContain('Введите номер полиса');
    expect(api.callsOf('answerCallbackQuery').length).toBe(answeredBefore + 1);

    expect(await user.say('LV-000000')).toEqual([
      'Полис с номером LV-000000 не найден. Проверьте номер в полисе и введите его ещё раз.',
    ]);
    await user.say('LV-100001');
    expect((await user.say('999999')).join('\n')).toContain('Код активации не подошёл. Осталось 4 попытки');
    await user.say(demoActivationCode('LV-100001'));

    // the bot process restarts: a new grammY bot continues the same dialog from the database
    await channel.stop();
    channel = await startChannel();

    expect((await user.say('900515300128')).join('\n')).toContain(
      'не сходится контрольная (последняя) цифра',
    );
    await user.say(DEMO_IINS[0].iin);
    expect((await user.say('Ivanov')).join('\n')).toContain('как минимум фамилию и имя');
    await user.say('Иванов Иван Иванович');
    expect((await user.say('ivan@@example.kz')).join('\n')).toContain(
      'Адрес электронной почты выглядит неверно',
    );
    const summary = (await user.say('ivan.tg@example.kz')).join('\n');
    expect(summary).toContain('Проверьте данные:');
    expect(summary).toContain(`ИИН: ${DEMO_IINS[0].iin}`);
    const done = (await user.press('Подтвердить')).join('\n');
    expect(done).toContain('Готово! Полис LV-100001 («Личный врач») активирован.');
    expect(done).toContain(`страховая защита начнёт действовать ${formatDate('ru', '2026-12-16')}`);

    const activation = await ctx.app.db.prisma.activation.findFirstOrThrow({
      where: { email: 'ivan.tg@example.kz' },
    });
    expect(activation.channel).toBe('telegram');
    const conversation = await ctx.app.db.prisma.conversation.findUniqueOrThrow({
      where: { channel_externalId: { channel: 'telegram', externalId: '910001' } },
    });
    expect(conversation.personId).toBe(activation.personId);
  });

  it('in Kazakh (language from Telegram), with the command menu in Kazakh', async () => {
    ctx.clock.set(new Date('2026-12-01T13:00:00Z'));
    await startChannel();
    expect(api.commands.get('default:kk')?.map((c) => c.description)).toContain(
      'Тілді ауыстыру / Сменить язык',
    );
    const user = new TelegramTestUser(api, { id: 910002, first_name: 'Айгерім', language_code: 'kk' });
    expect((await user.command('start')).join('\n')).toContain('Сәлеметсіз бе!');
    await user.press('Қазақша');
    expect((await user.press('Полисті белсендіру')).join('\n')).toContain('Полис нөмірін енгізіңіз');
    await user.say('LV-100002');
    expect((await user.say(demoActivationCode('LV-100002'))).join('\n')).toContain('Код дұрыс.');
    await user.say(DEMO_IINS[1].iin);
    await user.say('Әбілқасымова Әйгерім Ғалымқызы');
    expect((await user.say('aigerim.tg@example.kz')).join('\n')).toContain('Әбілқасымова Әйгерім Ғалымқызы');
    const done = (await user.press('Растау')).join('\n');
    expect(done).toContain('LV-100002');
    const activation = await ctx.app.db.prisma.activation.findFirstOrThrow({
      where: { email: 'aigerim.tg@example.kz' },
    });
    expect(activation.channel).toBe('telegram');
  });

  it("someone else's contact reaches the dialog as not own; the bot keeps answering", async () => {
    await startChannel();
    const user = new TelegramTestUser(api, { id: 910003, first_name: 'Асель', language_code: 'ru' });
    await user.command('start');
    const answer = await user.shareContact('+77015550000', 424242);
    expect(answer.length).toBeGreaterThan(0);
    expect(answer.join('\n')).not.toContain('что-то пошло не так');
    expect((await user.command('help')).length).toBeGreaterThan(0);
  });
});
