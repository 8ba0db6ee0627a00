import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../core/config';
import { createPiiProtector } from '../../../core/crypto';
import type { Notification, Person } from '../../../core/generated/prisma/client';
import { createI18n } from '../../../core/i18n';
import {
  createFileSmsProvider,
  createHttpSmsProvider,
  createSmsProvider,
  listStoredSms,
  registerDevSms,
  SmsError,
} from '../../../core/integrations/sms';
import { createSmsSender } from '../../../core/notify/sms-sender';
import { testLogger } from '../../support/database';
import { type SmsServer, startSmsServer } from '../../support/sms-server';

let sms: SmsServer;
let dir: string;
beforeAll(async () => {
  sms = await startSmsServer({ token: 'sms-token-1' });
  dir = await mkdtemp(join(tmpdir(), 'dms-sms-'));
});
afterAll(async () => {
  await sms.close();
  await rm(dir, { recursive: true, force: true });
});

describe('HTTP SMS provider (the documented JSON contract)', () => {
  it('POSTs {to, text} with the bearer token and the idempotency key, returns the gateway id', async () => {
    const provider = createHttpSmsProvider({ url: sms.url, token: 'sms-token-1' });
    const sent = await provider.send('+77011234567', 'Код: 123456', { reference: 'n-1' });
    expect(sent.id).toMatch(/^sms-\d+$/);
    expect(sms.messages.at(-1)).toEqual({
      id: sent.id,
      to: '+77011234567',
      text: 'Код: 123456',
      authorization: 'Bearer sms-token-1',
      idempotencyKey: 'n-1',
    });
  });

  it('retries 5xx and 429 with the same idempotency key, then succeeds', async () => {
    const provider = createHttpSmsProvider({ url: sms.url, token: 'sms-token-1', backoffMs: 10 });
    const before = sms.requests;
    sms.failNext(503, 429);
    const sent = await provider.send('+77011234568', 'retry me', { reference: 'n-2' });
    expect(sms.requests - before).toBe(3);
    expect(sms.messages.at(-1)).toMatchObject({ id: sent.id, idempotencyKey: 'n-2' });
  });

  it('gives up after its attempts on 5xx (not permanent) and at once on 4xx (permanent)', async () => {
    const provider = createHttpSmsProvider({ url: sms.url, token: 'sms-token-1', backoffMs: 5, attempts: 2 });
    sms.failNext(500, 502);
    const transient = await provider.send('+77011234569', 'x').catch((error: unknown) => error);
    expect(transient).toBeInstanceOf(SmsError);
    expect((transient as SmsError).permanent).toBe(false);

    const before = sms.requests;
    const wrongToken = createHttpSmsProvider({ url: sms.url, token: 'wrong', backoffMs: 5 });
    const refused = await wrongToken.send('+77011234569', 'x').catch((error: unknown) => error);
    expect((refused as SmsError).permanent).toBe(true);
    expect((refused as SmsError).status).toBe(401);
    expect(sms.requests - before).toBe(1);
  });

  it('times out a gateway that never answers', async () => {
    const provider = createHttpSmsProvider({
      url: sms.url,
      token: 'sms-token-1',
      timeoutMs: 200,
      attempts: 1,
    });
    sms.failNext(0);
    const error = await provider.send('+77011234560', 'x').catch((caught: unknown) => caught);
    expect((error as SmsError).message).toContain('no answer within 200 ms');
    expect((error as SmsError).permanent).toBe(false);
  });
});

describe('file SMS provider and GET /dev/sms (embedded default)', () => {
  it('keeps messages under DATA_DIR/sms and lists them newest first', async () => {
    const config = loadConfig({ DATA_DIR: dir, LOG_LEVEL: 'silent' });
    expect(config.embedded).toBe(true);
    const provider = createSmsProvider(config, testLogger());
    expect(provider.kind).toBe('files');
    await provider.send('+79161234501', 'первое');
    await provider.send('+79161234502', 'второе <b>');
    const stored = await listStoredSms(join(dir, 'sms'));
    expect(stored.map((message) => message.text)).toEqual(['второе <b>', 'первое']);

    const app = Fastify();
    expect(await registerDevSms(app, config)).toBe(true);
    const page = await app.inject({ method: 'GET', url: '/dev/sms' });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Отправленные SMS (2)');
    expect(page.body).toContain('второе &lt;b&gt;');
    const json = await app.inject({ method: 'GET', url: '/dev/sms.json' });
    expect(json.json().messages).toHaveLength(2);
    await app.close();

    const withGateway = Fastify();
    expect(await registerDevSms(withGateway, loadConfig({ DATA_DIR: dir, SMS_URL: sms.url }))).toBe(false);
    await withGateway.close();
  });
});

describe('sms NotificationSender', () => {
  const pii = createPiiProtector('test-key-test-key-test-key-test-key-0000');
  const i18n = createI18n({ strict: true });
  const row = (params: Record<string, unknown>, address: string | null = '+77011234567') =>
    ({ id: 'n-1', template: 'dms-sms-code', params, address }) as unknown as Notification;

  it('renders the template in the language of the params or the person, with encrypted params decrypted', async () => {
    const provider = createFileSmsProvider(join(dir, 'sender'));
    const sender = createSmsSender({ provider, i18n, pii });
    const result = await sender.send(
      row({ codeCipher: pii.encrypt('042917'), minutes: 5, lang: 'kk' }),
      null,
    );
    expect(result).toMatchObject({ ok: true });
    const person = { language: 'ru', phone: '+79160000000' } as Person;
    await sender.send(row({ codeCipher: pii.encrypt('111222'), minutes: 5 }, null), person);
    const [latest, first] = await listStoredSms(join(dir, 'sender'));
    expect(first?.text).toBe('Растау коды: 042917. 5 минут жарамды. Оны ешкімге айтпаңыз.');
    expect(latest?.to).toBe('+79160000000');
    expect(latest?.text).toContain('Код подтверждения: 111222');
  });

  it('reports a refused SMS as permanent and an unreachable gateway as retryable', async () => {
    const refusing = createSmsSender({
      provider: createHttpSmsProvider({ url: sms.url, token: 'wrong' }),
      i18n,
      pii,
    });
    expect(await refusing.send(row({ codeCipher: pii.encrypt('1'), minutes: 5 }), null)).toMatchObject({
      ok: false,
      permanent: true,
    });
    const down = createSmsSender({
      provider: createHttpSmsProvider({ url: 'http://127.0.0.1:9/none', attempts: 1 }),
      i18n,
      pii,
    });
    expect(await down.send(row({ codeCipher: pii.encrypt('1'), minutes: 5 }), null)).toMatchObject({
      ok: false,
      permanent: false,
    });
    expect(await down.send(row({}, null), null)).toMatchObject({ ok: false, permanent: true });
  });
});
