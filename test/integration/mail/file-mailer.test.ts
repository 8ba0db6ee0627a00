import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify from 'fastify';
import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../core/config';
import { createMailer, registerDevMail } from '../../../core/integrations/mailer';
import { testLogger } from '../../support/database';

describe('mail on the embedded default: .eml files and GET /dev/mail', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'mail-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('writes each mail as .eml and lists, shows and serves it', async () => {
    const config = loadConfig({
      DATA_DIR: dir,
      MAIL_FROM: 'Ассистент <noreply@example.kz>',
      LOG_LEVEL: 'silent',
    });
    expect(config.embedded).toBe(true);
    const mailer = createMailer(config, testLogger());
    expect(mailer.kind).toBe('files');
    const sent = await mailer.send({
      to: 'user@example.kz',
      subject: 'Полис активирован',
      text: 'Логин: user@example.kz\nПароль: Abc-123',
      attachments: [
        {
          filename: 'Приложение 1.pdf',
          content: Buffer.from('%PDF-1.7 fake'),
          contentType: 'application/pdf',
        },
      ],
    });
    expect(sent.file).toMatch(/\.eml$/);
    const parsed = await simpleParser(await readFile(sent.file!));
    expect(parsed.subject).toBe('Полис активирован');
    expect(parsed.text).toContain('Пароль: Abc-123');
    expect(parsed.attachments[0]?.filename).toBe('Приложение 1.pdf');

    const app = Fastify();
    expect(await registerDevMail(app, config)).toBe(true);
    const list = await app.inject({ method: 'GET', url: '/dev/mail' });
    expect(list.statusCode).toBe(200);
    expect(list.headers['content-type']).toContain('text/html');
    expect(list.body).toContain('Полис активирован');
    const id = /href="\/dev\/mail\/([^"/]+)"/.exec(list.body)?.[1];
    expect(id).toBeTruthy();
    const view = await app.inject({ method: 'GET', url: `/dev/mail/${id}` });
    expect(view.body).toContain('Пароль: Abc-123');
    const raw = await app.inject({ method: 'GET', url: `/dev/mail/${id}/raw` });
    expect(raw.headers['content-type']).toContain('message/rfc822');
    expect(raw.body).toContain('Subject:');
    const attachment = await app.inject({ method: 'GET', url: `/dev/mail/${id}/attachments/0` });
    expect(attachment.headers['content-type']).toContain('application/pdf');
    expect(attachment.body).toBe('%PDF-1.7 fake');
    expect((await app.inject({ method: 'GET', url: '/dev/mail/../../etc/passwd' })).statusCode).toBe(404);
    expect((await app.inject({ method: 'GET', url: '/dev/mail/nope' })).statusCode).toBe(404);
    await app.close();
  });

  it('registers no route when SMTP_URL is set or the database is PostgreSQL', async () => {
    for (const env of [
      { DATA_DIR: dir, SMTP_URL: 'smtp://127.0.0.1:2525' },
      { DATA_DIR: dir, DATABASE_URL: 'postgresql://postgres@127.0.0.1:5432/x' },
    ]) {
      const app = Fastify();
      expect(await registerDevMail(app, loadConfig(env))).toBe(false);
      expect((await app.inject({ method: 'GET', url: '/dev/mail' })).statusCode).toBe(404);
      await app.close();
    }
  });
});
