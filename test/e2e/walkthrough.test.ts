import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ProductProcess, startProduct, waitForStatus } from '../support/product-process';
import { WebchatClient } from '../support/webchat-client';

/**
 * The README's «Try it» on the embedded default, against the real product process (PGlite, its own
 * workers): register as demo employee T-001 in the web chat with the SMS code from /dev/sms, activate
 * the franchise, import examples/invoices.csv at /admin/import, receive the charge notices, open
 * «Мои счета», pay both bills at once on the demo page and see «Оплачен».
 */
let product: ProductProcess;
let adminAuth: string;

beforeAll(async () => {
  product = await startProduct('bot/main.ts', ['--with-workers']);
  await waitForStatus(`${product.url}/readyz`, 200, 90_000);
  const password = (await product.waitForOutput(/password [0-9a-f]{24}/)).split(' ')[1];
  adminAuth = `Basic ${Buffer.from(`admin:${password}`).toString('base64')}`;
}, 120_000);
afterAll(() => product?.stop());

async function until<T>(probe: () => Promise<T | undefined>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
}

describe('README walkthrough on the embedded default', () => {
  it('registers T-001, activates the franchise, imports invoices, pays two bills at once', async () => {
    const chat = await WebchatClient.open(product.url, 'ru');
    await chat.command('start');

    await chat.press('flow:registration');
    expect((await chat.say('+7 916 123-45-01')).text).toContain('SMS');
    const code = await until(async () => {
      const inbox = (await (await fetch(`${product.url}/dev/sms.json`)).json()) as {
        messages: { to: string; text: string }[];
      };
      return inbox.messages.find((sms) => sms.to === '+79161234501')?.text.match(/\d{6}/)?.[0];
    });
    await chat.say(code);
    expect((await chat.say('14.03.1985')).text).toContain('14 марта 1985 года');
    await chat.press('reg:birth:yes');
    await chat.say('DMS-300001');
    await chat.press('reg:consent:accept');

    await chat.press('flow:franchise');
    expect((await chat.press('fr:confirm')).text).toMatch(/франшиз/i);

    const form = new FormData();
    form.set('kind', 'invoices');
    form.set('file', new Blob([await readFile('examples/invoices.csv')]), 'invoices.csv');
    const imported = await fetch(`${product.url}/admin/import`, {
      method: 'POST',
      body: form,
      headers: { authorization: adminAuth },
    });
    const report = await imported.text();
    expect(imported.status, report).toBe(200);
    expect(report).toContain('Bills issued: 2');

    // the two charge notices reach the open chat through the outbox and the web chat worker
    await until(async () => {
      const history = JSON.stringify(await chat.history());
      return (history.match(/Начислена франшиза/g) ?? []).length >= 2 ? true : undefined;
    });

    await chat.press('flow:bills');
    await chat.press('bl:select');
    for (const toggle of chat.buttons().filter((b) => b.data?.startsWith('bl:toggle:'))) {
      await chat.press(toggle.data!);
    }
    await chat.press('bl:pay');
    const payUrl = chat.buttons().find((b) => b.url?.includes('/pay/'))?.url;
    expect(payUrl, JSON.stringify(chat.replies)).toBeDefined();

    const page = await fetch(payUrl!, { redirect: 'follow' });
    const html = await page.text();
    const action = html.match(/action="(\/pay\/[^"]+)"/)?.[1];
    expect(action, html).toBeDefined();
    const paid = await fetch(`${product.url}${action}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'action=pay',
    });
    expect(paid.status).toBe(200);

    await chat.press('flow:bills');
    const bills = chat.buttons().filter((b) => b.data?.startsWith('bl:open:'));
    expect(bills.map((b) => b.label)).toEqual([
      expect.stringMatching(/^№ 202610-000001 .* Оплачен$/),
      expect.stringMatching(/^№ 202609-000001 .* Оплачен$/),
    ]);
  });
});
