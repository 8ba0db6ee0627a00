import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { FastifyInstance } from 'fastify';
import nodemailer from 'nodemailer';
import type { Config } from '../config';
import type { Logger } from '../log/logger';
import {
  devPage,
  escapeHtml,
  listJsonIndexes,
  newStoredId,
  readJsonIndex,
  writeJsonIndex,
} from './dev-inbox';

/**
 * Outgoing e-mail. With SMTP_URL: nodemailer over SMTP. On the embedded default (no DATABASE_URL,
 * no SMTP_URL) every mail is written to `${DATA_DIR}/mail` as an .eml file (plus a small .json
 * index and its attachments) and can be read at GET /dev/mail.
 */
export interface MailAttachment {
  filename: string;
  content: Buffer;
  contentType: string;
}

export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  html?: string;
  attachments?: MailAttachment[];
  /** extra headers, e.g. `X-Dedupe-Key` */
  headers?: Record<string, string>;
}

export interface SentMail {
  messageId: string;
  /** the .eml written, for the file transport */
  file?: string;
}

export interface Mailer {
  readonly kind: 'smtp' | 'files';
  /** where the file transport writes */
  readonly directory?: string;
  send(message: MailMessage): Promise<SentMail>;
  close(): void;
}

export type MailConfig = Pick<Config, 'SMTP_URL' | 'MAIL_FROM' | 'DATA_DIR' | 'embedded' | 'NODE_ENV'>;

export function mailDirectory(config: Pick<Config, 'DATA_DIR'>): string {
  return resolve(config.DATA_DIR, 'mail');
}

/** True when mails are kept on disk and GET /dev/mail shows them: the embedded default without SMTP_URL. */
export function mailKeptOnDisk(config: Pick<Config, 'SMTP_URL' | 'embedded'>): boolean {
  return config.embedded && !config.SMTP_URL;
}

export function createMailer(config: MailConfig, logger: Logger): Mailer {
  if (config.SMTP_URL) return createSmtpMailer(config.SMTP_URL, config.MAIL_FROM);
  if (!config.embedded) {
    logger.error(
      { directory: mailDirectory(config) },
      'SMTP_URL is not set: e-mails are only written to files. Set SMTP_URL to deliver them.',
    );
  }
  return createFileMailer(mailDirectory(config), config.MAIL_FROM);
}

export function createSmtpMailer(url: string, from: string): Mailer {
  const transport = nodemailer.createTransport(
    { url, connectionTimeout: 15_000, greetingTimeout: 15_000, socketTimeout: 30_000 },
    { from },
  );
  return {
    kind: 'smtp',
    async send(message) {
      const info = await transport.sendMail(toNodemailer(message));
      const rejected = info.rejected ?? [];
      if (rejected.length > 0 && (info.accepted ?? []).length === 0) {
        throw new Error(`SMTP server rejected every recipient: ${info.response}`);
      }
      return { messageId: info.messageId };
    },
    close: () => transport.close(),
  };
}

interface StoredMailIndex {
  id: string;
  date: string;
  from: string;
  to: string;
  subject: string;
  text: string;
  messageId: string;
  attachments: { file: string; filename: string; contentType: string; size: number }[];
}

export function createFileMailer(directory: string, from: string): Mailer {
  const transport = nodemailer.createTransport(
    { streamTransport: true, buffer: true, newline: 'unix' },
    { from },
  );
  return {
    kind: 'files',
    directory,
    async send(message) {
      const info = await transport.sendMail(toNodemailer(message));
      await mkdir(directory, { recursive: true });
      const id = newStoredId();
      const file = resolve(directory, `${id}.eml`);
      const attachments = (message.attachments ?? []).map((attachment, index) => ({
        file: `${id}-${index}.bin`,
        filename: attachment.filename,
        contentType: attachment.contentType,
        size: attachment.content.length,
      }));
      await Promise.all(
        (message.attachments ?? []).map((attachment, index) =>
          writeFile(resolve(directory, `${id}-${index}.bin`), attachment.content),
        ),
      );
      const index: StoredMailIndex = {
        id,
        date: new Date().toISOString(),
        from,
        to: message.to,
        subject: message.subject,
        text: message.text,
        messageId: info.messageId,
        attachments,
      };
      await writeJsonIndex(directory, id, index);
      await writeFile(file, info.message as Buffer);
      return { messageId: info.messageId, file };
    },
    close: () => transport.close(),
  };
}

function toNodemailer(message: MailMessage) {
  return {
    to: message.to,
    subject: message.subject,
    text: message.text,
    ...(message.html ? { html: message.html } : {}),
    ...(message.headers ? { headers: message.headers } : {}),
    attachments: (message.attachments ?? []).map((attachment) => ({
      filename: attachment.filename,
      content: attachment.content,
      contentType: attachment.contentType,
    })),
  };
}

// --- GET /dev/mail: the mailbox of the embedded default ---------------------------------------

const readIndex = (directory: string, id: string) => readJsonIndex<StoredMailIndex>(directory, id);
const page = devPage;

/**
 * Fastify plugin: GET /dev/mail (list), /dev/mail/:id (view), /dev/mail/:id/raw (.eml download),
 * /dev/mail/:id/attachments/:n. Register it only where mails are kept on disk (`mailKeptOnDisk`):
 * the mails carry passwords.
 */
export async function devMailPlugin(app: FastifyInstance, options: { directory: string }): Promise<void> {
  const { directory } = options;

  app.get('/dev/mail', async (_request, reply) => {
    const mails = await listJsonIndexes<StoredMailIndex>(directory);
    const rows = mails
      .map(
        (mail) =>
          `<tr><td>${escapeHtml(mail.date)}</td><td>${escapeHtml(mail.to)}</td>` +
          `<td><a href="/dev/mail/${mail.id}">${escapeHtml(mail.subject)}</a></td>` +
          `<td>${mail.attachments.length}</td><td><a href="/dev/mail/${mail.id}/raw">.eml</a></td></tr>`,
      )
      .join('');
    return reply
      .type('text/html; charset=utf-8')
      .send(
        page(
          'Mail',
          `<h1>Отправленные письма (${mails.length})</h1><p>Written to ${escapeHtml(directory)}; SMTP_URL is not set.</p>` +
            `<table><tr><th>Дата</th><th>Кому</th><th>Тема</th><th>Вложения</th><th></th></tr>${rows}</table>`,
        ),
      );
  });

  app.get<{ Params: { id: string } }>('/dev/mail/:id', async (request, reply) => {
    const mail = await readIndex(directory, request.params.id);
    if (!mail) return reply.code(404).send({ error: 'no such mail' });
    const attachments = mail.attachments
      .map(
        (attachment, index) =>
          `<li><a href="/dev/mail/${mail.id}/attachments/${index}">${escapeHtml(attachment.filename)}</a> ` +
          `(${escapeHtml(attachment.contentType)}, ${attachment.size} bytes)</li>`,
      )
      .join('');
    return reply
      .type('text/html; charset=utf-8')
      .send(
        page(
          mail.subject,
          `<p><a href="/dev/mail">← все письма</a></p><h1>${escapeHtml(mail.subject)}</h1>` +
            `<p>From: ${escapeHtml(mail.from)}<br>To: ${escapeHtml(mail.to)}<br>Date: ${escapeHtml(mail.date)}<br>` +
            `Message-ID: ${escapeHtml(mail.messageId)}</p><pre>${escapeHtml(mail.text)}</pre>` +
            `<ul>${attachments}</ul><p><a href="/dev/mail/${mail.id}/raw">Download .eml</a></p>`,
        ),
      );
  });

  app.get<{ Params: { id: string } }>('/dev/mail/:id/raw', async (request, reply) => {
    const mail = await readIndex(directory, request.params.id);
    if (!mail) return reply.code(404).send({ error: 'no such mail' });
    const raw = await readFile(resolve(directory, `${mail.id}.eml`));
    return reply
      .type('message/rfc822')
      .header('content-disposition', `attachment; filename="${mail.id}.eml"`)
      .send(raw);
  });

  app.get<{ Params: { id: string; n: string } }>('/dev/mail/:id/attachments/:n', async (request, reply) => {
    const mail = await readIndex(directory, request.params.id);
    const attachment = mail?.attachments[Number(request.params.n)];
    if (!mail || !attachment) return reply.code(404).send({ error: 'no such attachment' });
    const content = await readFile(resolve(directory, attachment.file));
    return reply
      .type(attachment.contentType)
      .header('content-disposition', `inline; filename*=UTF-8''${encodeURIComponent(attachment.filename)}`)
      .send(content);
  });
}

/** Registers GET /dev/mail when mails are kept on disk; returns whether it did. */
export async function registerDevMail(
  app: FastifyInstance,
  config: Pick<Config, 'SMTP_URL' | 'embedded' | 'DATA_DIR'>,
): Promise<boolean> {
  if (!mailKeptOnDisk(config)) return false;
  await app.register(devMailPlugin, { directory: mailDirectory(config) });
  return true;
}
