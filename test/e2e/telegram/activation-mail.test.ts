import type { Worker } from 'bullmq';
import { PDFParse } from 'pdf-parse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatDate } from '../../../core/i18n';
import { createSmtpMailer } from '../../../core/integrations/mailer';
import { relayOutbox } from '../../../core/notify/outbox';
import { DEMO_IINS, demoActivationCode } from '../../../prisma/seed';
import { createTelemedDeps, createTelemedWorker } from '../../../workers/telemed';
import { createDialogTestContext, type DialogTestContext, START } from '../../integration/activation/context';
import { type BotApiServer, startBotApiServer } from '../../support/bot-api-server';
import { startSmtpServer, type TestSmtpServer } from '../../support/smtp';
import { startPollingBot, TelegramTestUser } from '../../support/telegram-client';

/** From a Telegram conversation to the credentials e-mail: bot → engine → outbox → telemed worker → SMTP. */
let ctx: DialogTestContext;
let api: BotApiServer;
let smtp: TestSmtpServer;
let worker: Worker | undefined;

beforeAll(async () => {
  ctx = await createDialogTestContext();
  api = await startBotApiServer();
  smtp = await startSmtpServer();
});
afterAll(async () => {
  await worker?.close();
  await api?.close();
  await smtp?.close();
  await ctx?.close();
});

describe('activation in Telegram ends with the credentials e-mail', () => {
  it('opens the account and mails login, password and «Приложение 1» for the policy activated in the chat', async () => {
    ctx.clock.set(START);
    const channel = await startPollingBot(ctx.app, ctx.engine(), ctx.i18n, api);
    const user = new TelegramTestUser(api, { id: 930001, language_code: 'ru' });
    try {
      await user.command('start');
      await user.press('Русский');
      await user.press('Активировать полис');
      for (const text of [
        'LV-100003',
        demoActivationCode('LV-100003'),
        DEMO_IINS[2].iin,
        'Сапаров Ерлан Болатович',
        'erlan.tg@example.kz',
      ]) {
        await user.say(text);
      }
      await user.press('Подтвердить');
      expect(api.textsTo(user.user.id).join('\n')).toContain('Полис LV-100003');
    } finally {
      await channel.stop();
    }

    // the activation's outbox row becomes a `telemed` job; the worker opens the account and mails
    await relayOutbox(ctx.app);
    const deps = createTelemedDeps(ctx.app, ctx.i18n);
    worker = createTelemedWorker(ctx.app, {
      ...deps,
      mailer: createSmtpMailer(smtp.url, 'Казахинстрах <noreply@example.kz>'),
    });
    const [mail] = await smtp.waitForMessages(1, 15_000);
    expect(mail?.to).toEqual(['erlan.tg@example.kz']);
    expect(mail?.parsed.text).toContain('Логин: erlan.tg@example.kz');
    expect(mail?.parsed.text).toMatch(/Пароль: \S{14}/);
    const pdf = mail?.parsed.attachments[0];
    expect(pdf?.contentType).toBe('application/pdf');
    const parser = new PDFParse({ data: new Uint8Array(pdf!.content) });
    const text = (await parser.getText()).text.replace(/\s+/g, ' ');
    await parser.destroy();
    expect(text).toContain('Номер полиса: LV-100003');
    expect(text).toContain('Застрахованный: Сапаров Ерлан Болатович');
    expect(text).toContain(`ИИН застрахованного: ${DEMO_IINS[2].iin.slice(0, 6)}******`);
    expect(text).toContain(`Дата активации: ${formatDate('ru', '2026-12-01')}`);
    expect(text).toContain(`Начало страховой защиты: ${formatDate('ru', '2026-12-16')}`);
  });
});
