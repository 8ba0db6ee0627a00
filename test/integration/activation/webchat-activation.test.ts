import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RenderedReply } from '../../../bot/channels/webchat';
import { DEMO_IINS, demoActivationCode } from '../../../prisma/seed';
import { WebchatClient } from '../../support/webchat-client';
import { createDialogTestContext, type DialogTestContext, START, webchatApp } from './context';

let ctx: DialogTestContext;
let app: FastifyInstance;

beforeAll(async () => {
  ctx = await createDialogTestContext();
  app = await webchatApp(ctx);
});
afterAll(async () => {
  await app?.close();
  await ctx?.close();
});

describe('activation through the web chat API', () => {
  it('in Russian, with every kind of mistake on the way', async () => {
    ctx.clock.set(START);
    const user = await WebchatClient.open(app, 'ru');
    await user.post({ type: 'command', command: 'start' });
    expect(user.text).toContain('Здравствуйте!');
    expect(
      user.replies
        .at(-1)!
        .buttons!.flat()
        .map((b) => b.label),
    ).toEqual(['Активировать полис', 'Мои полисы', 'Помощь', 'Язык / Тіл']);
    await user.button('Активировать полис');
    expect(user.text).toContain('Введите номер полиса');
    expect(
      user.replies
        .at(-1)!
        .buttons!.flat()
        .map((b) => b.label),
    ).toEqual(['Отменить']);

    await user.say('LV-000000');
    expect(user.text).toBe(
      'Полис с номером LV-000000 не найден. Проверьте номер в полисе и введите его ещё раз.',
    );
    await user.say('LV-100001');
    await user.say('999999');
    expect(user.text).toContain('Код активации не подошёл. Осталось 4 попытки');
    await user.say(demoActivationCode('LV-100001'));
    await user.say('900515300128');
    expect(user.text).toContain('не сходится контрольная (последняя) цифра');
    await user.say('Назад'); // back to the code
    expect(user.text).toContain('Введите код активации полиса LV-100001');
    await user.say(demoActivationCode('LV-100001'));
    await user.say(DEMO_IINS[0].iin);
    await user.say('Ivanov');
    expect(user.text).toContain('как минимум фамилию и имя');
    await user.say('Иванов Иван Иванович');
    await user.say('ivan@@example.kz');
    expect(user.text).toContain('Адрес электронной почты выглядит неверно');
    await user.say('ivan@example.kz');
    expect(user.text).toContain('Проверьте данные:');
    expect(user.text).toContain(`ИИН: ${DEMO_IINS[0].iin}`);
    await user.button('Подтвердить');
    expect(user.text).toContain('Готово! Полис LV-100001 («Личный врач») активирован.');
    expect(user.text).toContain('страховая защита начнёт действовать 16 декабря 2026 года');
    expect(user.text).toContain('Логин и пароль от личного кабинета «Онлайн доктор»');

    await user.button('Мои полисы');
    expect(user.text).toContain('У вас 1 полис:');
    const links = user.replies.flatMap((r) => (r.buttons ?? []).flat()).filter((b) => 'url' in b);
    expect(links.map((b) => ('url' in b ? b.url : ''))[0]).toBe('https://kis.onlinedoctor.ru');

    const conversation = await ctx.app.db.prisma.conversation.findUniqueOrThrow({ where: { id: user.id } });
    expect(conversation.channel).toBe('webchat');
    const activation = await ctx.app.db.prisma.activation.findFirstOrThrow({
      where: { email: 'ivan@example.kz' },
    });
    expect(activation.channel).toBe('webchat');
    expect(conversation.personId).toBe(activation.personId);
  });

  it('in Kazakh, including the lock-out message, /cancel and /language', async () => {
    ctx.clock.set(new Date('2026-12-01T13:00:00Z')); // 18:00 in Almaty
    const user = await WebchatClient.open(app, 'kk');
    await user.post({ type: 'command', command: 'start' });
    expect(user.text).toContain('Сәлеметсіз бе!');
    await user.button('Полисті белсендіру');
    expect(user.text).toContain('Полис нөмірін енгізіңіз');
    await user.say('lv-100002');
    for (let i = 0; i < 4; i++) await user.say('000001');
    expect(user.text).toContain('Тағы 1 рет енгізуге болады');
    await user.say('000001');
    expect(user.text).toContain('Қайта көруге болатын уақыт: 2026 жылғы 1 желтоқсан, 18:15 (Алматы уақыты)');

    ctx.clock.advance(20 * 60_000);
    await user.button('Полисті белсендіру');
    await user.say('LV-100002');
    await user.say(demoActivationCode('LV-100002'));
    expect(user.text).toContain('Код дұрыс.');
    await user.post({ type: 'command', command: 'cancel' });
    expect(user.text).toContain('Ағымдағы әрекетті тоқтатасыз ба?');
    await user.button('Жоқ, жалғастыру');
    expect(user.text).toContain('ЖСН-ін енгізіңіз');
    await user.say(DEMO_IINS[1].iin);
    await user.say('Сейітова Әсел');
    await user.say('asel@example.kz');
    expect(user.text).toContain('Деректерді тексеріңіз:');
    await user.button('Растау');
    expect(user.text).toContain('Дайын! LV-100002 полисі («Личный врач») белсендірілді.');
    expect(user.text).toContain('сақтандыру қорғанысының басталу күні — 2026 жылғы 16 желтоқсан');
    expect(user.text).toContain('ақысын өзіңіз төлейсіз');

    await user.post({ type: 'command', command: 'language' });
    await user.button('Русский');
    expect(user.language).toBe('ru');
    expect(user.text).toContain('Хорошо, говорим по-русски.');
    const person = await ctx.app.db.prisma.person.findFirstOrThrow({ where: { email: 'asel@example.kz' } });
    expect(person.language).toBe('ru');
  });

  it('restores the history of a conversation (refresh of the page)', async () => {
    const user = await WebchatClient.open(app, 'ru');
    await user.post({ type: 'command', command: 'start' });
    await user.button('Помощь');
    const response = await app.inject({
      method: 'GET',
      url: `/api/chat/conversations/${user.id}/history`,
      headers: { authorization: `Bearer ${user.token}` },
    });
    expect(response.statusCode).toBe(200);
    const history = response.json();
    expect(history.language).toBe('ru');
    const lines = history.messages.map((m: { direction: string; text?: string; reply?: RenderedReply }) =>
      m.direction === 'in' ? `> ${m.text}` : m.reply!.text.split('\n')[0],
    );
    expect(lines[0]).toBe('> /start');
    expect(lines).toContain('> Помощь');
    expect(lines.at(-1)).toBe('Чем могу помочь?');
  });

  it('answers bad requests with 400, wrong tokens with 401, unknown conversations with 404', async () => {
    const user = await WebchatClient.open(app);
    const post = (id: string, token: string | undefined, payload: unknown) =>
      app.inject({
        method: 'POST',
        url: `/api/chat/conversations/${id}/messages`,
        headers: token ? { authorization: `Bearer ${token}` } : {},
        payload: payload as object,
      });
    const bad = await post(user.id, user.token, { type: 'text', text: '' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ error: 'bad_request', issues: [{ path: 'text' }] });
    expect((await post(user.id, user.token, { type: 'photo' })).statusCode).toBe(400);
    expect((await post(user.id, user.token, { type: 'text', text: 'x', extra: 1 })).statusCode).toBe(400);
    expect((await post(user.id, user.token, { type: 'command', command: 'rm -rf' })).statusCode).toBe(400);
    expect((await post(user.id, undefined, { type: 'text', text: 'hi' })).statusCode).toBe(401);
    expect((await post(user.id, 'forged', { type: 'text', text: 'hi' })).statusCode).toBe(401);
    const other = await WebchatClient.open(app);
    expect((await post(user.id, other.token, { type: 'text', text: 'hi' })).statusCode).toBe(401);
    expect((await post('not-a-uuid', user.token, { type: 'text', text: 'hi' })).statusCode).toBe(404);
    // a valid token for an id that is no conversation (e.g. deleted): 404
    const { webchatToken } = await import('../../../bot/channels/webchat');
    const ghost = '00000000-0000-4000-8000-000000000000';
    expect(
      (await post(ghost, webchatToken(ctx.app.config.piiKey, ghost), { type: 'text', text: 'hi' }))
        .statusCode,
    ).toBe(404);
    const create = await app.inject({
      method: 'POST',
      url: '/api/chat/conversations',
      payload: { language: 'en' },
    });
    expect(create.statusCode).toBe(400);
  });

  it('serves the widget page with its texts in both languages', async () => {
    const ru = await app.inject({ method: 'GET', url: '/chat' });
    expect(ru.statusCode).toBe(200);
    expect(ru.headers['content-type']).toContain('text/html');
    expect(ru.body).toContain('<title>Помощник по страхованию</title>');
    expect(ru.body).toContain('Сақтандыру бойынша көмекші');
    const kk = await app.inject({ method: 'GET', url: '/chat?lang=kk' });
    expect(kk.body).toContain('<html lang="kk">');
  });
});
