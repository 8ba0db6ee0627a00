import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TelegramChannel } from '../../../bot/channels/telegram';
import { createDmsTestContext, type DmsTestContext, FRIDAY_NOON } from '../../integration/dms/context';
import { type BotApiServer, startBotApiServer } from '../../support/bot-api-server';
import { startPollingBot, TelegramTestUser } from '../../support/telegram-client';

/**
 * DMS registration and franchise activation in Telegram: the product's grammY bot (long polling)
 * pointed at the local Bot API server, the real engine and flows on PostgreSQL. The phone comes from
 * a request_contact keyboard (no SMS code in Telegram).
 */
let ctx: DmsTestContext;
let api: BotApiServer;
let channel: TelegramChannel;

beforeAll(async () => {
  ctx = await createDmsTestContext();
  api = await startBotApiServer();
  channel = await startPollingBot(ctx.app, ctx.engine, ctx.i18n, api);
});
afterAll(async () => {
  await channel?.stop();
  await api?.close();
  await ctx?.close();
});

describe('DMS registration in Telegram (Bot API emulator over HTTP)', () => {
  it('in Russian: contact button, someone else’s contact refused, then registration and franchise', async () => {
    ctx.clock.set(FRIDAY_NOON);
    const user = new TelegramTestUser(api, { id: 930001, first_name: 'Алексей', language_code: 'ru' });
    await user.command('start');
    await user.press('Русский');
    const asked = (await user.press('Регистрация в ДМС')).join('\n');
    expect(asked).toContain('Нажмите кнопку «📱 Отправить мой номер» внизу экрана');
    expect(user.replyKeyboard()).toEqual([[{ text: '📱 Отправить мой номер', request_contact: true }]]);

    expect((await user.say('+7 916 123 45 01')).join('\n')).toContain('Набирать номер вручную не нужно');
    expect((await user.shareContact('79161234501', 12345)).join('\n')).toContain(
      'Это контакт другого человека.',
    );
    expect(ctx.sms.messages).toHaveLength(0);

    expect((await user.shareContact('79161234501')).join('\n')).toContain('Номер +79161234501 подтверждён.');
    expect((await user.say('14.03.1985')).join('\n')).toContain('Дата рождения: 14 марта 1985 года.');
    expect((await user.press('Да, верно')).join('\n')).toContain(
      'Введите номер полиса ДМС или табельный номер',
    );
    expect((await user.say('DMS-300001')).join('\n')).toContain('(редакция pd-2026-01)');
    expect((await user.press('Принимаю')).join('\n')).toContain('Готово, Смирнов Алексей Петрович!');
    expect(ctx.sms.messages).toHaveLength(0); // Telegram proved the phone: no SMS code

    const member = await ctx.app.db.prisma.member.findFirstOrThrow({
      where: { rosterEntry: { phone: '+79161234501' } },
      include: { person: { include: { consents: true, conversations: true } } },
    });
    expect(member).toMatchObject({ channel: 'telegram', status: 'active' });
    expect(member.person.consents[0]).toMatchObject({
      kind: 'personal_data',
      textVersion: 'pd-2026-01',
      channel: 'telegram',
      conversationKey: 'telegram:930001',
      acceptedAt: FRIDAY_NOON,
    });
    expect(member.person.conversations.map((c) => c.externalId)).toEqual(['930001']);

    expect((await user.press('Активировать франшизу')).join('\n')).toContain(
      'Франшиза — 20 % стоимости каждой услуги',
    );
    expect((await user.press('Я подтверждаю и даю согласие')).join('\n')).toContain(
      'можно с 7 декабря 2026 года (с 00:00 по московскому времени)',
    );
    expect((await user.command('status')).join('\n')).toContain(
      'Франшиза 20 % активирована, обслуживание начнётся 7 декабря 2026 года.',
    );
  });

  it('in Kazakh: registration by policy number', async () => {
    ctx.clock.set(FRIDAY_NOON);
    const user = new TelegramTestUser(api, { id: 930002, first_name: 'Мария', language_code: 'kk' });
    await user.command('start');
    await user.press('Қазақша');
    expect((await user.press('ЕМС-ке тіркелу')).join('\n')).toContain(
      '«📱 Нөмірімді жіберу» батырмасын басыңыз',
    );
    expect((await user.shareContact('+79161234502')).join('\n')).toContain('+79161234502 нөмірі расталды.');
    expect((await user.say('1990-07-02')).join('\n')).toContain('1990 жылғы 2 шілде');
    await user.press('Иә, дұрыс');
    expect((await user.say('DMS-300002')).join('\n')).toContain('pd-2026-01 редакциясы');
    expect((await user.press('Қабылдаймын')).join('\n')).toContain('Дайын, Кузнецова Мария Игоревна!');
    const consent = await ctx.app.db.prisma.consent.findFirstOrThrow({
      where: { conversationKey: 'telegram:930002' },
    });
    expect(consent).toMatchObject({ language: 'kk', channel: 'telegram', textVersion: 'pd-2026-01' });
  });

  it('a contact not in any roster, and a minor', async () => {
    const stranger = new TelegramTestUser(api, { id: 930003, first_name: 'Гость', language_code: 'ru' });
    await stranger.command('start');
    await stranger.press('Русский');
    await stranger.command('registration');
    expect((await stranger.shareContact('77019998877')).join('\n')).toContain(
      'Номер +77019998877 не найден в списках сотрудников',
    );

    const minor = new TelegramTestUser(api, { id: 930006, first_name: 'Никита', language_code: 'ru' });
    await minor.command('start');
    await minor.press('Русский');
    await minor.command('registration');
    await minor.shareContact('79161234506');
    await minor.say('15.06.2010');
    expect((await minor.press('Да, верно')).join('\n')).toContain(
      'Регистрация доступна только совершеннолетним',
    );
    expect(await ctx.app.db.prisma.person.count({ where: { phone: '+79161234506' } })).toBe(0);
  });
});
