import { existsSync } from 'node:fs';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OPERATOR_BUTTON_DATA } from '../../../bot/flows/faq';
import type { Notification } from '../../../core/generated/prisma/client';
import { documentsDir } from '../../../core/integrations/document-store';
import { noticeParams } from '../../../core/notify/params';
import { nearestClinics } from '../../../core/services/clinics';
import { documentsOf } from '../../../core/services/documents';
import { WebchatClient } from '../../support/webchat-client';
import {
  createSelfServiceContext,
  linkPerson,
  SAMPLE_FILES,
  type SelfServiceContext,
  START,
  webchatApp,
} from './context';

let ctx: SelfServiceContext;
let app: FastifyInstance;

beforeAll(async () => {
  ctx = await createSelfServiceContext();
  app = await webchatApp(ctx);
});
afterAll(async () => {
  await app?.close();
  await ctx?.close();
});

const nb = (text: string) => text.replace(/[\u00a0\u202f]/g, ' ');
/** The code as the e-mail sender renders it; the outbox row itself holds it encrypted only. */
const sentCode = (notice: Notification) => String(noticeParams(notice.params, ctx.app.pii).code);

describe('FAQ through the web chat API', () => {
  it('answers Russian questions, offers an operator when it has no answer', async () => {
    const user = await WebchatClient.open(app, 'ru');
    await user.say('Подскажите, когда начнёт действовать полис?');
    expect(user.text).toContain('через 15 дней после даты активации');
    expect(user.text).toContain('оплачиваются вами самостоятельно');
    expect(user.buttons().map((b) => b.label)).toEqual(['Мои полисы', 'Другие вопросы', 'Меню']);

    await user.say('что будет если не оплатить франшизу');
    expect(user.text).toContain('только экстренная помощь');

    await user.say('абракадабра');
    expect(user.text).toContain('Я не нашёл ответа на этот вопрос');
    const operator = user.buttons().find((b) => b.data === OPERATOR_BUTTON_DATA);
    expect(operator?.label).toBe('👤 Связаться с оператором');
    // the main menu follows, with the self-service rows
    expect(user.buttons().map((b) => b.label)).toEqual(
      expect.arrayContaining([
        '🆘 SOS — срочная помощь',
        '🏥 Клиники рядом',
        '📎 Мои документы',
        '✉️ Изменить контакты',
      ]),
    );
  });

  it('answers Kazakh questions, and the topics of /faq', async () => {
    const user = await WebchatClient.open(app, 'kk');
    await user.say('Франшизаны қалай төлеуге болады?');
    expect(user.text).toContain('30 жұмыс күні ішінде');
    await user.say('Детский доктор мен Личный врач үшін бір e-mail көрсетуге бола ма?');
    expect(user.text).toContain('бөлек электронды мекенжай');

    await user.command('faq');
    const topics = user.buttons().filter((b) => b.data?.startsWith('faq:'));
    expect(topics.length).toBeGreaterThanOrEqual(14);
    await user.button('Шұғыл көмек');
    expect(user.text).toContain('«SOS» батырмасын басыңыз');
    expect(user.buttons().map((b) => b.data)).toContain('cmd:sos');
  });
});

describe('clinics near me', () => {
  it('by city in the web chat: unknown city, then the clinics, with the all-programmes note', async () => {
    const user = await WebchatClient.open(app, 'ru');
    await user.press('flow:clinics');
    expect(user.text).toContain('Напишите город');
    await user.say('Атырау');
    expect(user.text).toContain('В городе «Атырау» клиник не нашлось');
    expect(user.text).toContain('Алматы, Москва');
    await user.say('г. Алматы');
    expect(user.text).toContain('Клиники в городе Алматы');
    expect(user.text).toContain('1. Демо-клиника «Абай»');
    expect(user.text).toContain('пр. Абая, 52, Алматы · +7 727 000 00 04');
    expect(user.text).toContain('клиники всех программ');
  });

  it('a DMS member gets the clinics of the programme; the nearest are sorted by distance', async () => {
    const user = await WebchatClient.open(app, 'kk');
    const personId = await linkPerson(ctx, user.id, { member: true });
    await user.command('clinics');
    await user.say('Мәскеу');
    expect(user.text).toContain('Москва қаласындағы клиникалар');
    expect(user.text).toContain('«ДМС с франшизой» бағдарламасының клиникалары');

    // next to metro Sokol
    const found = await nearestClinics(ctx.app.db.prisma, {
      personId,
      from: { latitude: 55.8058, longitude: 37.5149 },
    });
    expect(found.programme?.code).toBe('dms-alfa');
    expect(found.clinics.map((c) => c.code)).toEqual([
      'demo-msk-sokol',
      'demo-msk-belorusskaya',
      'demo-msk-kitay-gorod',
      'demo-almaty-abay',
    ]);
    expect(found.clinics[0]!.distanceKm!).toBeLessThan(0.2);
  });
});

describe('SOS', () => {
  it('shows the programme numbers and raises one urgent ticket per 10 minutes', async () => {
    const user = await WebchatClient.open(app, 'ru');
    await linkPerson(ctx, user.id, { member: true, phone: '+77015550011' });
    await user.press('cmd:sos');
    expect(user.replies[0]!.text).toBe(
      '🆘 Экстренная помощь по программе «ДМС с франшизой»: +7 495 788 33 33.',
    );
    expect(user.text).toContain('Он перезвонит на номер +7 701 555 00 11');
    const tickets = () =>
      ctx.app.db.prisma.supportTicket.findMany({ where: { conversationId: user.id, kind: 'sos' } });
    expect(await tickets()).toHaveLength(1);
    const [ticket] = await tickets();
    expect(ticket!.status).toBe('waiting');
    expect(ticket!.payload).toMatchObject({
      phone: '+77015550011',
      programme: 'dms-alfa',
      at: START.toISOString(),
    });

    ctx.clock.advance(3 * 60_000);
    await user.command('sos');
    expect(user.replies[0]!.text).toContain('+7 495 788 33 33');
    expect(user.text).toContain('уже передан оператору 3 минуты назад');
    expect(await tickets()).toHaveLength(1);

    ctx.clock.advance(8 * 60_000);
    await user.command('sos');
    expect(await tickets()).toHaveLength(2);
    ctx.clock.set(START);
  });

  it('without a programme: the default numbers, the operator answers in the chat', async () => {
    const user = await WebchatClient.open(app, 'kk');
    await user.command('sos');
    expect(user.replies[0]!.text).toBe('🆘 Шұғыл көмек: 103, 112.');
    expect(user.text).toContain('Ол осы чатта жауап береді');
    expect(
      await ctx.app.db.prisma.supportTicket.count({ where: { conversationId: user.id, kind: 'sos' } }),
    ).toBe(1);
  });
});

describe('changing contacts', () => {
  it('e-mail: a code to the new address through the outbox, then the change and the 5-day duty', async () => {
    ctx.clock.set(START);
    const user = await WebchatClient.open(app, 'ru');
    const personId = await linkPerson(ctx, user.id, { email: 'old@example.kz', phone: '+77015550022' });
    await user.press('flow:contacts');
    expect(user.text).toContain('e-mail — old@example.kz, телефон — +7 701 555 00 22');
    await user.button('Изменить e-mail');
    await user.say('not-an-email');
    expect(user.text).toContain('не похоже на адрес электронной почты');
    await user.say('OLD@example.kz');
    expect(user.text).toContain('уже записан');
    await user.say('New.Address@Example.kz');
    expect(user.text).toContain('Отправил код из 6 цифр на new.address@example.kz');

    const notice = await ctx.app.db.prisma.notification.findFirstOrThrow({
      where: { channel: 'email', address: 'new.address@example.kz', template: 'contacts-email-code' },
    });
    const code = sentCode(notice);
    expect(code).toMatch(/^\d{6}$/);
    expect(JSON.stringify(notice.params)).not.toContain(code);
    expect(ctx.i18n.t('ru', notice.template, noticeParams(notice.params, ctx.app.pii))).toContain(
      `Код подтверждения нового адреса: ${code}`,
    );

    await user.say(code === '000000' ? '111111' : '000000');
    expect(user.text).toContain('Код не подошёл. Осталось 4 попытки.');
    ctx.clock.advance(9 * 60_000);
    await user.say(code);
    expect(user.text).toContain('Готово: e-mail изменён на new.address@example.kz');
    expect(user.text).toContain('Изменение записано 1 декабря 2026 года');
    expect(user.text).toContain('в течение 5 календарных дней выполнена');

    const person = await ctx.app.db.prisma.person.findUniqueOrThrow({ where: { id: personId } });
    expect(person.email).toBe('new.address@example.kz');
    expect(person.emailChangedAt?.toISOString()).toBe(new Date(START.getTime() + 9 * 60_000).toISOString());
    const changes = await ctx.app.db.prisma.contactChange.findMany({ where: { personId } });
    expect(changes.map((c) => [c.kind, c.channel])).toEqual([['email', 'webchat']]);
    // the history keeps the typed codes masked
    const inbound = await ctx.app.db.prisma.message.findMany({
      where: { conversationId: user.id, direction: 'in' },
    });
    expect(JSON.stringify(inbound.map((m) => m.payload))).not.toContain(code);
    expect(JSON.stringify(inbound.map((m) => m.payload))).toContain('••••••');
    ctx.clock.set(START);
  });

  it('e-mail: the code dies after 10 minutes and after 5 wrong tries', async () => {
    ctx.clock.set(START);
    const user = await WebchatClient.open(app, 'ru');
    await linkPerson(ctx, user.id, { email: 'a@example.kz' });
    await user.press('flow:contacts');
    await user.press('contacts:email');
    await user.say('b@example.kz');
    const first = await ctx.app.db.prisma.notification.findFirstOrThrow({
      where: { address: 'b@example.kz' },
    });
    ctx.clock.advance(10 * 60_000 + 1000);
    await user.say(sentCode(first));
    expect(user.text).toContain('Срок действия кода истёк');

    await user.press('contacts:resend');
    expect(user.text).toContain('Отправил код из 6 цифр на b@example.kz');
    const second = await ctx.app.db.prisma.notification.findFirstOrThrow({
      where: { address: 'b@example.kz', NOT: { id: first.id } },
    });
    const good = sentCode(second);
    const bad = good === '123456' ? '654321' : '123456';
    for (let i = 0; i < 4; i++) await user.say(bad);
    expect(user.text).toContain('Осталась 1 попытка');
    await user.say(bad);
    expect(user.text).toContain('Слишком много неверных попыток');
    await user.say(good);
    expect(user.text).toContain('Слишком много неверных попыток');
    ctx.clock.set(START);
  });

  it('phone in the web chat: an SMS code to the new number; a number of someone else is refused', async () => {
    ctx.clock.set(START);
    await ctx.app.db.prisma.person.create({ data: { fullName: 'Другой Человек', phone: '+77019998877' } });
    const user = await WebchatClient.open(app, 'kk');
    const personId = await linkPerson(ctx, user.id, { phone: '+77015550033' });
    await user.press('flow:contacts');
    await user.press('contacts:phone');
    expect(user.text).toContain('Жаңа ұялы телефон нөмірін енгізіңіз');
    await user.say('8 (701) 999-88-77');
    expect(user.text).toContain('басқа адамға байланған');
    await user.say('701 444 55 66');
    expect(user.text).toContain('+7 701 444 55 66 нөміріне 6 цифрлы коды бар SMS жібердім');
    const sms = await ctx.app.db.prisma.notification.findFirstOrThrow({
      where: { channel: 'sms', address: '+77014445566' },
    });
    const code = ctx.app.pii.decrypt(String((sms.params as { codeCipher: string }).codeCipher));
    await user.say(code);
    expect(user.text).toContain('Дайын: телефон +7 701 444 55 66 болып өзгертілді');
    expect(user.text).toContain('2026 жылғы 1 желтоқсан');
    const person = await ctx.app.db.prisma.person.findUniqueOrThrow({ where: { id: personId } });
    expect(person.phone).toBe('+77014445566');
    expect(person.phoneChangedAt?.toISOString()).toBe(START.toISOString());
    expect(
      (await ctx.app.db.prisma.contactChange.findMany({ where: { personId } })).map((c) => [
        c.kind,
        c.channel,
      ]),
    ).toEqual([['phone', 'webchat']]);
  });

  it('needs a known person', async () => {
    const user = await WebchatClient.open(app, 'ru');
    await user.press('flow:contacts');
    expect(user.text).toContain('Сначала нужно активировать полис');
  });
});

describe('documents in the web chat', () => {
  it('keeps PDF, JPEG, PNG and HEIC uploads, refuses other types and large files, lists them', async () => {
    const user = await WebchatClient.open(app, 'ru');
    const personId = await linkPerson(ctx, user.id);
    await user.upload('анализ крови.pdf', 'application/pdf', SAMPLE_FILES.pdf);
    expect(user.status, JSON.stringify(user.body)).toBe(200);
    expect(user.text).toContain('Сохранил документ «анализ крови.pdf»');
    expect(user.body.document).toMatchObject({ fileName: 'анализ крови.pdf', mimeType: 'application/pdf' });
    for (const [name, type, bytes] of [
      ['photo.jpg', 'image/jpeg', SAMPLE_FILES.jpeg],
      ['scan.png', 'image/png', SAMPLE_FILES.png],
      ['IMG_0001.HEIC', 'application/octet-stream', SAMPLE_FILES.heic],
    ] as const) {
      await user.upload(name, type, bytes);
      expect(user.status, name).toBe(200);
    }

    await user.upload('notes.txt', 'application/pdf', Buffer.from('just text, not a PDF'));
    expect(user.status).toBe(415);
    expect(user.text).toContain('Я принимаю только PDF, JPEG, PNG и HEIC');
    await user.upload(
      'big.pdf',
      'application/pdf',
      Buffer.concat([SAMPLE_FILES.pdf, Buffer.alloc(1024 * 1024)]),
    );
    expect(user.status).toBe(413);
    expect(user.text).toContain('Файл больше 1 МБ');

    const documents = await documentsOf(ctx.app.db.prisma, { personId });
    expect(documents.map((d) => d.mimeType).sort()).toEqual([
      'application/pdf',
      'image/heic',
      'image/jpeg',
      'image/png',
    ]);
    for (const doc of documents) {
      expect(existsSync(path.join(documentsDir(ctx.app.config), doc.storagePath))).toBe(true);
      expect(doc.conversationId).toBe(user.id);
    }
    expect(await documentsOf(ctx.app.db.prisma, { conversationId: user.id })).toHaveLength(4);

    await user.press('cmd:documents');
    expect(nb(user.text)).toContain('Ваши документы (4):');
    expect(user.text).toContain('• анализ крови.pdf — 1 декабря 2026 года');

    const stranger = await WebchatClient.open(app, 'ru');
    const response = await app.inject({
      method: 'POST',
      url: `/api/chat/conversations/${user.id}/files`,
      headers: {
        authorization: `Bearer ${stranger.token}`,
        'content-type': 'multipart/form-data; boundary=x',
      },
      payload: '--x--',
    });
    expect(response.statusCode).toBe(401);
  });
});
