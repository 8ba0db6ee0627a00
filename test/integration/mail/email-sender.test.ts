import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPiiProtector } from '../../../core/crypto';
import type { Notification, Person } from '../../../core/generated/prisma/client';
import { createI18n } from '../../../core/i18n';
import { createSmtpMailer } from '../../../core/integrations/mailer';
import { createEmailSender } from '../../../core/notify/email-sender';
import { queuedNotification } from '../../support/notification';
import { startSmtpServer, type TestSmtpServer } from '../../support/smtp';

const i18n = createI18n();
const params = { number: 'LV-100001', product: 'Личный врач', start: '2026-12-16', end: '2027-12-15' };

const notice = (overrides: Partial<Notification> = {}): Notification =>
  queuedNotification({
    id: '00000000-0000-4000-8000-000000000002',
    dedupeKey: 'coverage-start.y.email',
    channel: 'email',
    template: 'notify-coverage-started',
    params,
    ...overrides,
  });

const person = (overrides: Partial<Person> = {}): Person =>
  ({
    id: '00000000-0000-4000-8000-0000000000aa',
    fullName: 'Тест',
    email: 'person@example.kz',
    language: 'kk',
    ...overrides,
  }) as Person;

describe('e-mail notification sender (real SMTP server)', () => {
  let smtp: TestSmtpServer;
  beforeAll(async () => {
    smtp = await startSmtpServer();
  });
  afterAll(async () => {
    await smtp?.close();
  });

  const sender = () =>
    createEmailSender({
      mailer: createSmtpMailer(smtp.url, 'Ассистент <noreply@example.kz>'),
      i18n,
      pii: createPiiProtector('test-key-for-email-sender-000000000000'),
    });

  it("sends the template in the person's language to Person.email", async () => {
    const result = await sender().send(notice(), person());
    expect(result).toMatchObject({ ok: true });
    const [mail] = await smtp.waitForMessages(1);
    expect(mail?.to).toEqual(['person@example.kz']);
    expect(mail?.parsed.subject).toBe(i18n.t('kk', 'mail-subject-default'));
    expect(mail?.parsed.text).toContain(i18n.t('kk', 'notify-coverage-started', params));
    expect(mail?.parsed.headers.get('x-dedupe-key')).toBe('coverage-start.y.email');
  });

  it('prefers Notification.address; no address at all is permanent', async () => {
    await sender().send(notice({ address: 'other@example.kz' }), person({ language: 'ru' }));
    const mails = await smtp.waitForMessages(2);
    expect(mails[1]?.to).toEqual(['other@example.kz']);
    expect(mails[1]?.parsed.text).toContain('Страховая защита по полису LV-100001');
    expect(await sender().send(notice(), person({ email: null }))).toMatchObject({
      ok: false,
      permanent: true,
    });
  });

  it('a temporary SMTP refusal is transient', async () => {
    smtp.failNext(1);
    expect(await sender().send(notice(), person())).toMatchObject({ ok: false, permanent: false });
  });
});
