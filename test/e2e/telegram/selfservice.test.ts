import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TelegramChannel } from '../../../bot/channels/telegram';
import { telegramDocuments } from '../../../bot/channels/telegram/documents';
import { documentsDir } from '../../../core/integrations/document-store';
import {
  createSelfServiceContext,
  linkPerson,
  SAMPLE_FILES,
  type SelfServiceContext,
} from '../../integration/selfservice/context';
import { type BotApiServer, startBotApiServer, updates } from '../../support/bot-api-server';
import { startPollingBot, TelegramTestUser } from '../../support/telegram-client';

/**
 * Self-service in Telegram through the Bot API emulator with the real engine: a shared location
 * (clinics), SOS with the contact button, a phone change by contact, documents and photos
 * downloaded with getFile + /file/bot<token>/<path>.
 */
let ctx: SelfServiceContext;
let api: BotApiServer;
const channels: TelegramChannel[] = [];

beforeAll(async () => {
  ctx = await createSelfServiceContext();
  api = await startBotApiServer();
  const engine = ctx.engine();
  const channel = await startPollingBot(
    ctx.app,
    telegramDocuments(engine, ctx.app, { token: api.token, apiRoot: api.apiRoot }),
    ctx.i18n,
    api,
  );
  channels.push(channel);
});
afterAll(async () => {
  for (const channel of channels.splice(0)) await channel.stop();
  await api?.close();
  await ctx?.close();
});

let nextUserId = 7_100_000;

/** A new Telegram user of the emulator. */
const newUser = (language = 'ru') =>
  new TelegramTestUser(api, { id: ++nextUserId, first_name: 'Айгерим', language_code: language });

/** The id of the user's Telegram conversation. */
async function conversationIdOf(user: TelegramTestUser) {
  const row = await ctx.app.db.prisma.conversation.findUniqueOrThrow({
    where: { channel_externalId: { channel: 'telegram', externalId: user.chat } },
  });
  return row.id;
}

describe('Telegram self-service', () => {
  it('clinics: the location button, then the nearest clinics with distances', async () => {
    const user = newUser('ru');
    await user.command('start');
    await user.command('clinics');
    expect(api.textsTo(user.user.id).at(-2)).toContain('Отправьте геолокацию кнопкой ниже');
    expect(user.replyKeyboard()?.[0]?.[0]).toMatchObject({ request_location: true });

    // a few hundred metres from the Abay demo clinic in Almaty
    const texts = await user.send(updates.location(user.user, 43.2389, 76.9297));
    const list = texts.find((text) => text.startsWith('Ближайшие клиники:'))!;
    expect(list).toMatch(
      /^Ближайшие клиники:\n1\. Демо-клиника «Абай» — 0,\d км\n {3}пр\. Абая, 52, Алматы · \+7 727 000 00 04/,
    );
    expect(list).toMatch(/\n2\. Демо-клиника «Китай-город» — 3\u00a0\d{3},\d км\n/);
    expect(texts.join('\n')).toContain('клиники всех программ');

    // a location outside any flow is understood too
    const again = await user.send(updates.location(user.user, 55.7772, 37.5818));
    expect(again.join('\n')).toContain('1. Демо-клиника «Белорусская» — 0,0 км');
  });

  it('SOS asks for the number when it is unknown and puts it into the ticket', async () => {
    const user = newUser('kk');
    await user.command('start');
    const texts = await user.command('sos');
    expect(texts[0]).toBe('🆘 Шұғыл көмек: 103, 112.');
    expect(texts.join('\n')).toContain('нөміріңізді жіберіңіз');
    expect(user.replyKeyboard()?.[0]?.[0]).toMatchObject({ request_contact: true });
    const saved = await user.send(updates.contact(user.user, '+7 701 222 33 44'));
    expect(saved.join('\n')).toContain('Рахмет, оператор +7 701 222 33 44 нөміріне қоңырау шалады');
    const ticket = await ctx.app.db.prisma.supportTicket.findFirstOrThrow({
      where: { conversationId: await conversationIdOf(user), kind: 'sos' },
    });
    expect(ticket.payload).toMatchObject({ phone: '+77012223344', channel: 'telegram', language: 'kk' });
  });

  it('phone change by sharing the own contact (someone else’s is refused)', async () => {
    const user = newUser('ru');
    await user.command('start');
    const personId = await linkPerson(ctx, await conversationIdOf(user), { phone: '+77015550044' });
    await user.command('contacts');
    await user.pressData('contacts:phone');
    expect(user.replyKeyboard()?.[0]?.[0]).toMatchObject({ request_contact: true });
    const refused = await user.send(updates.contact(user.user, '+77017770000', { ownerId: 42 }));
    expect(refused.join('\n')).toContain('Это контакт другого человека');
    const done = await user.send(updates.contact(user.user, '77017770000'));
    expect(done.join('\n')).toContain('Готово: телефон изменён на +7 701 777 00 00');
    expect(done.join('\n')).toContain('в течение 5 календарных дней выполнена');
    const person = await ctx.app.db.prisma.person.findUniqueOrThrow({ where: { id: personId } });
    expect(person.phone).toBe('+77017770000');
    const [change] = await ctx.app.db.prisma.contactChange.findMany({ where: { personId } });
    expect(change).toMatchObject({ kind: 'phone', channel: 'telegram' });
  });

  it('documents and photos are downloaded through getFile and kept', async () => {
    const user = newUser('ru');
    await user.command('start');
    api.putFile('BQAC-doc-1', SAMPLE_FILES.pdf, 'documents/file_1.pdf');
    const saved = await user.send(
      updates.document(user.user, {
        file_id: 'BQAC-doc-1',
        file_name: 'справка.pdf',
        mime_type: 'application/pdf',
        file_size: SAMPLE_FILES.pdf.length,
      }),
    );
    expect(saved.join('\n')).toContain('Сохранил документ «справка.pdf»');

    const photo = updates.photo(user.user);
    const largest = photo.message.photo.at(-1).file_id as string;
    api.putFile(largest, SAMPLE_FILES.jpeg, 'photos/file_2.jpg');
    expect((await user.send(photo)).join('\n')).toMatch(/Сохранил документ «photo-.*\.jpg»/);

    // not served by the Bot API: the bot says it could not keep it
    const lost = await user.send(
      updates.document(user.user, { file_id: 'missing', file_name: 'x.pdf', mime_type: 'application/pdf' }),
    );
    expect(lost.join('\n')).toContain('Не удалось сохранить файл');
    // a type we do not take
    api.putFile('BQAC-doc-3', Buffer.from('plain text'), 'documents/file_3.txt');
    const refused = await user.send(
      updates.document(user.user, { file_id: 'BQAC-doc-3', file_name: 'a.txt', mime_type: 'text/plain' }),
    );
    expect(refused.join('\n')).toContain('Я принимаю только PDF, JPEG, PNG и HEIC');

    expect(api.callsOf('getFile').length).toBeGreaterThanOrEqual(3);
    const documents = await ctx.app.db.prisma.document.findMany({
      where: { conversationId: await conversationIdOf(user) },
      orderBy: { createdAt: 'asc' },
    });
    expect(documents.map((d) => [d.fileName, d.mimeType])).toEqual([
      ['справка.pdf', 'application/pdf'],
      [expect.stringMatching(/^photo-.*\.jpg$/), 'image/jpeg'],
    ]);
    expect(readFileSync(path.join(documentsDir(ctx.app.config), documents[0]!.storagePath))).toEqual(
      SAMPLE_FILES.pdf,
    );

    const list = await user.command('documents');
    expect(list.join('\n')).toContain('Ваши документы (2):');
  });
});
