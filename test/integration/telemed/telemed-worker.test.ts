import type { Worker } from 'bullmq';
import { PDFParse } from 'pdf-parse';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createI18n } from '../../../core/i18n';
import { createSmtpMailer } from '../../../core/integrations/mailer';
import {
  createBuiltinTelemedIssuer,
  type OpenAccountRequest,
  type TelemedClient,
  TelemedError,
} from '../../../core/integrations/telemed';
import { jobId } from '../../../core/queues';
import {
  annex1DedupeKey,
  createTelemedWorker,
  processTelemedActivation,
  type TelemedWorkerDeps,
  telemedTicketKey,
} from '../../../workers/telemed';
import { startSmtpServer, type TestSmtpServer } from '../../support/smtp';
import { createTelemedTestContext, seedActivation, type TelemedTestContext } from './context';

const i18n = createI18n();

async function pdfText(content: Buffer): Promise<string> {
  const parser = new PDFParse({ data: new Uint8Array(content) });
  try {
    return (await parser.getText()).text.replace(/\s+/g, ' ');
  } finally {
    await parser.destroy();
  }
}

async function until<T>(probe: () => Promise<T | null | undefined>, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('telemed worker (real PostgreSQL, Redis, SMTP)', () => {
  let ctx: TelemedTestContext;
  let smtp: TestSmtpServer;
  let workers: Worker[] = [];
  const calls: OpenAccountRequest[] = [];

  /** the built-in issuer over the TelemedAccount table, counting calls */
  const countingIssuer = (): TelemedClient => {
    const builtin = createBuiltinTelemedIssuer({
      accountOpen: async (email) =>
        (await ctx.db.prisma.telemedAccount.count({ where: { email, status: 'open' } })) > 0,
    });
    return {
      kind: 'builtin',
      openAccount: (request) => {
        calls.push(request);
        return builtin.openAccount(request);
      },
    };
  };

  const deps = (telemed: TelemedClient = countingIssuer()): TelemedWorkerDeps => ({
    telemed,
    mailer: createSmtpMailer(smtp.url, ctx.config.MAIL_FROM),
    i18n,
  });

  beforeAll(async () => {
    smtp = await startSmtpServer();
    ctx = await createTelemedTestContext({
      SMTP_URL: smtp.url,
      MAIL_FROM: 'Казахинстрах <noreply@example.kz>',
    });
  });
  afterEach(async () => {
    await Promise.all(workers.map((worker) => worker.close()));
    workers = [];
    smtp.messages.splice(0);
    calls.splice(0);
  });
  afterAll(async () => {
    await ctx?.close();
    await smtp?.close();
  });

  const mailsTo = (email: string) => smtp.messages.filter((mail) => mail.to.includes(email));

  it('opens the account and mails login, password and «Приложение 1» once (BullMQ job, ru)', async () => {
    const { activation, policy, account } = await seedActivation(ctx, { email: 'ivanov@example.kz' });
    workers.push(createTelemedWorker(ctx, deps()));
    await ctx.queues.add(
      'telemed',
      { activationId: activation.id },
      { jobId: jobId('telemed', activation.id) },
    );

    await smtp.waitForMessages(1);
    const [mail] = mailsTo('ivanov@example.kz');
    expect(mail).toBeDefined();
    const parsed = mail!.parsed;
    expect(parsed.subject).toContain(policy.number);
    expect(parsed.subject).toContain('Личный врач');
    expect(parsed.text).toContain('Логин: ivanov@example.kz');
    const password = /Пароль: (\S+)/.exec(parsed.text ?? '')?.[1];
    expect(password).toMatch(/^\S{14}$/);
    expect(parsed.text).toContain('kis.onlinedoctor.ru');
    expect(parsed.text).toContain('17 марта 2026 года');

    expect(parsed.attachments).toHaveLength(1);
    const attachment = parsed.attachments[0]!;
    expect(attachment.contentType).toBe('application/pdf');
    expect(attachment.filename).toBe(`Приложение 1 — полис ${policy.number}.pdf`);
    const text = await pdfText(attachment.content);
    expect(text).toContain(`Номер полиса: ${policy.number}`);
    expect(text).toContain('Застрахованный: Иванов Иван Иванович');
    expect(text).toContain('ИИН застрахованного: 900101******');
    expect(text).not.toContain('900101300123');
    expect(text).toContain('ivanov@example.kz');
    expect(text).toContain('Дата активации: 2 марта 2026 года');
    expect(text).toContain('Окончание страховой защиты: 16 марта 2027 года');
    expect(text).toContain('через 15 дней с даты активации');

    const notice = await until(async () => {
      const row = await ctx.db.prisma.notification.findUnique({
        where: { dedupeKey: annex1DedupeKey(activation.id) },
      });
      return row?.status === 'sent' ? row : null;
    });
    expect(notice.channel).toBe('email');
    expect(notice.address).toBe('ivanov@example.kz');
    expect(JSON.stringify(notice.params)).not.toContain('password');
    const opened = await ctx.db.prisma.telemedAccount.findUniqueOrThrow({ where: { id: account.id } });
    expect(opened).toMatchObject({ status: 'open', login: 'ivanov@example.kz' });
    expect(opened.externalId).toBeTruthy();
    expect(opened.openedAt).toBeInstanceOf(Date);
  });

  it('a job run twice sends one mail', async () => {
    const { activation } = await seedActivation(ctx, { email: 'twice@example.kz' });
    const d = deps();
    expect(await processTelemedActivation(ctx, d, activation.id)).toBe('mailed');
    expect(await processTelemedActivation(ctx, d, activation.id)).toBe('already-mailed');
    // and a second BullMQ job for the same activation
    workers.push(createTelemedWorker(ctx, d));
    const queue = ctx.queues.get('telemed');
    const job = await queue.add(
      'telemed',
      { activationId: activation.id },
      { jobId: jobId('telemed', activation.id, 'again') },
    );
    await until(async () => ((await job.isCompleted()) ? true : null));
    expect(await job.getState()).toBe('completed');
    expect(mailsTo('twice@example.kz')).toHaveLength(1);
    expect(calls).toHaveLength(1);
  });

  it('a second policy on the same e-mail says to use the first login and password (no new password)', async () => {
    const first = await seedActivation(ctx, { email: 'family@example.kz' });
    const second = await seedActivation(ctx, {
      email: 'family@example.kz',
      fullName: 'Иванова Анна Петровна',
    });
    const d = deps();
    await processTelemedActivation(ctx, d, first.activation.id);
    await processTelemedActivation(ctx, d, second.activation.id);
    const mails = mailsTo('family@example.kz');
    expect(mails).toHaveLength(2);
    expect(mails[0]!.parsed.text).toContain('Пароль:');
    expect(mails[1]!.parsed.text).not.toContain('Пароль:');
    expect(mails[1]!.parsed.text).toContain('используйте логин и пароль из Вашего первого письма');
    expect(calls.map((call) => call.policyNumber)).toEqual([first.policy.number, second.policy.number]);
  });

  it('writes in Kazakh to a person who speaks Kazakh', async () => {
    const { activation, policy } = await seedActivation(ctx, {
      email: 'aigerim@example.kz',
      language: 'kk',
      fullName: 'Әбілқасымова Әйгерім Ғалымқызы',
    });
    await processTelemedActivation(ctx, deps(), activation.id);
    const [mail] = mailsTo('aigerim@example.kz');
    expect(mail!.parsed.subject).toContain('Жеке дәрігер');
    expect(mail!.parsed.text).toContain('Құпиясөз:');
    expect(mail!.parsed.text).toContain('Сәлеметсіз бе, Әбілқасымова Әйгерім Ғалымқызы!');
    const text = await pdfText(mail!.parsed.attachments[0]!.content);
    expect(text).toContain(`Полис нөмірі: ${policy.number}`);
    expect(text).toContain('Сақтандырылушы: Әбілқасымова Әйгерім Ғалымқызы');
    expect(text).toContain('Белсендіру күні: 2026 жылғы 2 наурыз');
    expect(text).toContain('15 күннен кейін');
  });

  it('a refused mail is retried with the credentials issued the first time (account opened once)', async () => {
    const { activation } = await seedActivation(ctx, { email: 'retry@example.kz' });
    smtp.failNext(1);
    workers.push(createTelemedWorker(ctx, deps()));
    await ctx.queues.add(
      'telemed',
      { activationId: activation.id },
      { jobId: jobId('telemed', activation.id), attempts: 3, backoff: { type: 'fixed', delay: 50 } },
    );
    await smtp.waitForMessages(1);
    expect(smtp.refused()).toBeGreaterThanOrEqual(1);
    expect(calls).toHaveLength(1);
    const [mail] = mailsTo('retry@example.kz');
    expect(mail!.parsed.text).toMatch(/Пароль: \S{14}/);
    const notice = await until(async () => {
      const row = await ctx.db.prisma.notification.findUnique({
        where: { dedupeKey: annex1DedupeKey(activation.id) },
      });
      return row?.status === 'sent' ? row : null;
    });
    expect(notice.attempts).toBe(2);
  });

  it('raises one support ticket when the retries are exhausted', async () => {
    const { activation } = await seedActivation(ctx, { email: 'down@example.kz' });
    let tries = 0;
    const failing: TelemedClient = {
      kind: 'http',
      openAccount: async () => {
        tries++;
        throw new TelemedError('telemedicine API answered 503: maintenance', false, 503);
      },
    };
    workers.push(createTelemedWorker(ctx, deps(failing)));
    await ctx.queues.add(
      'telemed',
      { activationId: activation.id },
      { jobId: jobId('telemed', activation.id), attempts: 3, backoff: { type: 'fixed', delay: 20 } },
    );
    const ticket = await until(() =>
      ctx.db.prisma.supportTicket.findUnique({ where: { dedupeKey: telemedTicketKey(activation.id) } }),
    );
    expect(tries).toBe(3);
    expect(ticket.kind).toBe('integration_failure');
    expect(ticket.status).toBe('waiting');
    expect(ticket.reason).toContain('503');
    expect(ticket.payload).toMatchObject({ activationId: activation.id });
    const account = await until(async () => {
      const row = await ctx.db.prisma.telemedAccount.findUnique({ where: { email: 'down@example.kz' } });
      return row?.status === 'failed' ? row : null;
    });
    expect(account.lastError).toContain('503');
    expect(mailsTo('down@example.kz')).toHaveLength(0);
  });

  it('a permanent refusal raises the ticket at once, without retries', async () => {
    const { activation } = await seedActivation(ctx, { email: 'refused@example.kz' });
    let tries = 0;
    const refusing: TelemedClient = {
      kind: 'http',
      openAccount: async () => {
        tries++;
        throw new TelemedError('telemedicine API answered 422: bad e-mail', true, 422);
      },
    };
    workers.push(createTelemedWorker(ctx, deps(refusing)));
    await ctx.queues.add(
      'telemed',
      { activationId: activation.id },
      { jobId: jobId('telemed', activation.id) },
    );
    const ticket = await until(() =>
      ctx.db.prisma.supportTicket.findUnique({ where: { dedupeKey: telemedTicketKey(activation.id) } }),
    );
    expect(ticket.reason).toContain('422');
    expect(tries).toBe(1);
  });
});
