import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { hash as argon2Hash } from 'argon2';
import type { FastifyInstance } from 'fastify';
import { type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BotComponents, composeBot } from '../../../bot/compose';
import { buildServer } from '../../../bot/server';
import { createMetrics } from '../../../core/metrics';
import { createDialogTestContext, type DialogTestContext } from '../../integration/activation/context';

/**
 * The web chat and the operator console in a real headless Chromium (Debian's /usr/bin/chromium,
 * driven by playwright-core) against the real server (buildServer + composeBot on PostgreSQL and
 * Redis): a user asks for an operator in the widget, an operator logs in in another browser
 * context, sees the conversation appear without reloading, takes it, answers; the user sees the
 * answer, reloads (history restored), the operator hands back and the bot answers again.
 * Phone-sized screenshots of every page go to test-artifacts/ (gitignored).
 */
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];
const ARTIFACTS = path.resolve(import.meta.dirname, '../../../test-artifacts');
const PHONE = { width: 360, height: 740 };
const HAS_FAQ = existsSync(path.resolve(import.meta.dirname, '../../../bot/flows/faq.ts'));

let ctx: DialogTestContext;
let bot: BotComponents;
let server: FastifyInstance;
let url = '';
const dirs: string[] = [];
const contexts: BrowserContext[] = [];

async function browserContext(viewport = PHONE): Promise<BrowserContext> {
  const dir = await mkdtemp(path.join(tmpdir(), 'ia-chromium-'));
  dirs.push(dir);
  const context = await chromium.launchPersistentContext(dir, {
    executablePath: CHROMIUM,
    args: ARGS,
    headless: true,
    viewport,
    locale: 'ru-RU',
  });
  contexts.push(context);
  return context;
}

const shot = (page: Page, name: string) =>
  page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), fullPage: true });

beforeAll(async () => {
  await mkdir(ARTIFACTS, { recursive: true });
  ctx = await createDialogTestContext();
  await ctx.app.db.prisma.operator.create({
    data: { login: 'aigul', displayName: 'Айгүл', passwordHash: await argon2Hash('aigul-password-1') },
  });
  bot = composeBot(ctx.app, { adminToken: undefined });
  server = await buildServer(ctx.app, { metrics: createMetrics(ctx.app.queues), plugins: bot.plugins });
  const address = await server.listen({ host: '127.0.0.1', port: 0 });
  url = address.replace('0.0.0.0', '127.0.0.1');
}, 60_000);

afterAll(async () => {
  for (const context of contexts) await context.close().catch(() => undefined);
  await server?.close();
  await bot?.telegram.stop();
  await ctx?.close();
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

describe.skipIf(!existsSync(CHROMIUM))('web chat ↔ operator console in Chromium', () => {
  it('hand-off, answer, history after reload, hand back — on a phone-sized screen', async () => {
    const operatorContext = await browserContext();
    const op = operatorContext.pages()[0] ?? (await operatorContext.newPage());
    await op.goto(`${url}/operator`);
    await expect.poll(() => op.url()).toContain('/operator/login');
    await shot(op, 'operator-login');
    // keyboard only: the login field has focus, Tab goes to the password, Enter submits
    await expect.poll(() => op.evaluate<string | undefined>('document.activeElement?.id')).toBe('login');
    await op.keyboard.type('aigul');
    await op.keyboard.press('Tab');
    await op.keyboard.type('aigul-password-1');
    await op.keyboard.press('Enter');
    await op.getByRole('heading', { name: /Ожидают оператора/ }).waitFor();
    await expect.poll(() => op.locator('#count-waiting').textContent()).toBe('0');

    const userContext = await browserContext();
    const user = userContext.pages()[0] ?? (await userContext.newPage());
    await user.goto(`${url}/chat?lang=ru`);
    await user.getByText('Чем могу помочь?').waitFor();
    await shot(user, 'widget-start');
    await user.getByRole('button', { name: 'Связаться с оператором' }).first().click();
    await user.getByText(/Соединяю с оператором/).waitFor();
    await user.getByLabel('Сообщение', { exact: true }).fill('Не приходит письмо с паролем');
    await user.getByLabel('Сообщение', { exact: true }).press('Enter');
    await user.locator('.msg.in', { hasText: 'Не приходит письмо с паролем' }).waitFor();

    // the queue updates without a reload
    await op.locator('[data-live="waiting"] .card', { hasText: 'Не приходит письмо с паролем' }).waitFor({
      timeout: 10_000,
    });
    await shot(op, 'operator-queue');
    await op.locator('[data-live="waiting"] .card').getByRole('button', { name: 'Взять' }).click();
    await op.getByText('в работе у Айгүл').waitFor();
    await op.getByText('Не приходит письмо с паролем').first().waitFor();
    await expect.poll(() => op.evaluate<string | undefined>('document.activeElement?.id')).toBe('reply');
    await user.getByText('Оператор Айгүл подключился к разговору.').waitFor();

    await op.getByLabel('Ответ клиенту').fill('Здравствуйте! Проверю, куда ушло письмо.');
    await op.getByRole('button', { name: 'Отправить' }).click();
    await op.locator('.m.operator', { hasText: 'Проверю, куда ушло письмо' }).waitFor();
    await shot(op, 'operator-ticket');

    const answer = user.locator('.msg.operator', {
      hasText: 'Айгүл: Здравствуйте! Проверю, куда ушло письмо.',
    });
    await answer.waitFor();
    expect(await answer.locator('.badge').textContent()).toBe('Оператор');
    await shot(user, 'widget-operator');

    // the user answers; the operator's page shows it without a reload
    await user.getByLabel('Сообщение', { exact: true }).fill('Спасибо, жду');
    await user.getByRole('button', { name: 'Отправить' }).click();
    await op.locator('.m.user', { hasText: 'Спасибо, жду' }).waitFor({ timeout: 10_000 });

    // a refresh restores the history, operator messages still apart
    await user.reload();
    await user.locator('.msg.operator', { hasText: 'Проверю, куда ушло письмо' }).waitFor();

    await op.getByRole('button', { name: 'Вернуть боту' }).click();
    await op.getByRole('heading', { name: /Ожидают оператора/ }).waitFor();
    await user.getByText('Оператор вернул разговор боту. Чем ещё могу помочь?').waitFor();
    await user.getByRole('button', { name: 'Меню' }).last().click();
    await user.getByRole('button', { name: 'Активировать полис' }).last().click();
    await user.getByText('Введите номер полиса, например LV-100001.').waitFor();
    await shot(user, 'widget-back-to-bot');

    // Kazakh switch
    await user.getByRole('button', { name: 'KZ' }).click();
    await user
      .getByText('Жақсы, қазақша сөйлесеміз.')
      .waitFor({ timeout: 5000 })
      .catch(async () => {
        // the exact wording lives in locales; any Kazakh reprompt will do
        await user
          .getByText(/Полис нөмірін енгізіңіз/)
          .last()
          .waitFor();
      });
    expect(await user.evaluate<string>('document.documentElement.lang')).toBe('kk');
    expect(await user.getByRole('button', { name: 'Оператормен байланысу' }).count()).toBeGreaterThan(0);
  });

  it('is usable at 320 px: nothing wider than the screen', async () => {
    const context = await browserContext({ width: 320, height: 640 });
    const page = context.pages()[0] ?? (await context.newPage());
    await page.goto(`${url}/chat?lang=kk`);
    await page.getByText('Қалай көмектесе аламын?').waitFor();
    const overflow = await page.evaluate<number>('document.documentElement.scrollWidth - window.innerWidth');
    expect(overflow).toBeLessThanOrEqual(0);
    await shot(page, 'widget-320-kk');
    await page.goto(`${url}/operator/login?lang=kk`);
    await page.getByRole('button', { name: 'Кіру' }).waitFor();
    expect(
      await page.evaluate<number>('document.documentElement.scrollWidth - window.innerWidth'),
    ).toBeLessThanOrEqual(0);
    await shot(page, 'operator-login-320-kk');
  });

  it.skipIf(!HAS_FAQ)('FAQ smoke in both languages', async () => {
    const context = await browserContext();
    const page = context.pages()[0] ?? (await context.newPage());
    await page.goto(`${url}/chat?lang=ru`);
    await page.getByText('Чем могу помочь?').waitFor();
    await page.getByLabel('Сообщение', { exact: true }).fill('Как активировать полис?');
    await page.getByLabel('Сообщение', { exact: true }).press('Enter');
    await expect.poll(() => page.locator('.msg.out').count()).toBeGreaterThan(2);
    await page.waitForTimeout(500);
    const ru = await page.locator('.msg.out').allTextContents();
    expect(ru.join('\n')).not.toContain('Извините, я не понял');
    await shot(page, 'widget-faq-ru');

    await page.getByRole('button', { name: 'KZ' }).click();
    await page.waitForTimeout(500);
    await page.getByLabel('Хабарлама', { exact: true }).fill('Полисті қалай белсендіруге болады?');
    await page.getByLabel('Хабарлама', { exact: true }).press('Enter');
    await page.waitForTimeout(800);
    const kk = await page.locator('.msg.out').allTextContents();
    expect(kk.at(-1)).toBeTruthy();
    expect(kk.slice(-2).join('\n')).not.toContain('түсінбедім');
    await shot(page, 'widget-faq-kk');
  });

  it('sends a medical document with the attach button', async () => {
    const context = await browserContext();
    const page = context.pages()[0] ?? (await context.newPage());
    await page.goto(`${url}/chat?lang=ru`);
    await page.getByText('Чем могу помочь?').waitFor();
    await page.getByLabel('Прикрепить документ (PDF, JPEG, PNG, HEIC)').setInputFiles({
      name: 'анализ.pdf',
      mimeType: 'application/pdf',
      buffer: Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n'),
    });
    await page.getByText('Сохранил документ «анализ.pdf»').waitFor();
    await shot(page, 'widget-document');
  });
});
