import { type Job, UnrecoverableError, Worker } from 'bullmq';
import type { AppContext } from '../core/context';
import type { Prisma } from '../core/generated/prisma/client';
import { instantDay, isoDay } from '../core/integrations/dates';
import { type MessageLanguage, type Translator, translate } from '../core/integrations/i18n-port';
import { createMailer, type Mailer } from '../core/integrations/mailer';
import { renderAnnex1Pdf } from '../core/integrations/pdf/annex1';
import { createTelemedClient, type TelemedClient, TelemedError } from '../core/integrations/telemed';
import { defaultJobOptions, type JobPayload, jobPayloads } from '../core/queues';

/**
 * Queue `telemed` ({activationId}): opens the «Онлайн доктор» account of an activation and sends
 * ONE e-mail with the login (and the password of a new account, or "use the login and password from
 * your first e-mail" for an existing one) and «Приложение 1» as PDF.
 *
 * Exactly-once mail: the mail is a Notification row (channel email, dedupeKey `annex1.<activationId>`).
 * It is written as `sending` (the relay and the reconciler leave such rows alone, so nobody else sends it) in the
 * same transaction that records the opened account, with the new password encrypted in its params;
 * a retry reuses those credentials instead of opening the account again. After the SMTP server
 * accepted the mail the row becomes `sent` and the password is erased; a job that finds it `sent`
 * does nothing. When the job's retries are exhausted, a SupportTicket (integration_failure,
 * dedupeKey `telemed.<activationId>`) is raised so the activation is never silently lost.
 */
export interface TelemedWorkerDeps {
  telemed: TelemedClient;
  mailer: Mailer;
  i18n: Translator;
  concurrency?: number;
}

export type TelemedOutcome = 'mailed' | 'already-mailed';

export const ANNEX1_TEMPLATE = 'mail-annex1';

export function annex1DedupeKey(activationId: string): string {
  return `annex1.${activationId}`;
}

export function telemedTicketKey(activationId: string): string {
  return `telemed.${activationId}`;
}

/** The client for TELEMED_API_URL, or the built-in issuer backed by the TelemedAccount table, plus the mailer. */
export function createTelemedDeps(ctx: AppContext, i18n: Translator): TelemedWorkerDeps {
  const { prisma } = ctx.db;
  return {
    telemed: createTelemedClient(ctx.config, {
      accountOpen: async (email) =>
        (await prisma.telemedAccount.count({ where: { email, status: 'open' } })) > 0,
    }),
    mailer: createMailer(ctx.config, ctx.logger),
    i18n,
  };
}

interface StoredCredentials {
  login: string;
  existing: boolean;
  passwordCipher?: string;
}

function readCredentials(params: Prisma.JsonValue | null | undefined): StoredCredentials | null {
  if (!params || typeof params !== 'object' || Array.isArray(params)) return null;
  const value = params as Record<string, unknown>;
  if (typeof value.login !== 'string' || typeof value.existing !== 'boolean') return null;
  return {
    login: value.login,
    existing: value.existing,
    ...(typeof value.passwordCipher === 'string' ? { passwordCipher: value.passwordCipher } : {}),
  };
}

function loadActivation(ctx: AppContext, activationId: string) {
  return ctx.db.prisma.activation.findUnique({
    where: { id: activationId },
    include: {
      policy: { include: { product: { include: { programme: { include: { insurer: true } } } } } },
      person: true,
      telemedAccount: true,
    },
  });
}

/** The person's language: their latest conversation's choice, else Person.language. */
async function languageOf(
  ctx: AppContext,
  personId: string,
  fallback: MessageLanguage,
): Promise<MessageLanguage> {
  const conversation = await ctx.db.prisma.conversation.findFirst({
    where: { personId, language: { not: null } },
    orderBy: { updatedAt: 'desc' },
    select: { language: true },
  });
  return conversation?.language ?? fallback;
}

/** One run of the job; safe to call any number of times for the same activation. */
export async function processTelemedActivation(
  ctx: AppContext,
  deps: TelemedWorkerDeps,
  activationId: string,
): Promise<TelemedOutcome> {
  const { prisma } = ctx.db;
  const dedupeKey = annex1DedupeKey(activationId);
  const activation = await loadActivation(ctx, activationId);
  if (!activation) throw new UnrecoverableError(`activation ${activationId} does not exist`);

  const existingNotice = await prisma.notification.findUnique({ where: { dedupeKey } });
  if (existingNotice?.status === 'sent') return 'already-mailed';

  const { policy, person, telemedAccount: account } = activation;
  const product = policy.product;
  const programme = product.programme;

  let credentials = readCredentials(existingNotice?.params);
  if (!credentials || (!credentials.existing && !credentials.passwordCipher)) {
    let opened: Awaited<ReturnType<TelemedClient['openAccount']>>;
    try {
      opened = await deps.telemed.openAccount({
        email: account.email,
        fullName: person.fullName,
        productCode: product.code,
        policyNumber: policy.number,
        coverageStart: isoDay(activation.coverageStart),
        coverageEnd: isoDay(activation.coverageEnd),
        idempotencyKey: activationId,
      });
    } catch (error) {
      await prisma.telemedAccount
        .update({
          where: { id: account.id },
          data: { lastError: String((error as Error).message).slice(0, 500) },
        })
        .catch(() => undefined);
      if (error instanceof TelemedError && error.permanent) throw new UnrecoverableError(error.message);
      throw error;
    }
    credentials = {
      login: opened.login,
      existing: opened.existing || !opened.password,
      ...(opened.password && !opened.existing ? { passwordCipher: ctx.pii.encrypt(opened.password) } : {}),
    };
    const now = ctx.clock.now();
    const params = { activationId, ...credentials } as Prisma.InputJsonObject;
    await prisma.$transaction([
      prisma.telemedAccount.update({
        where: { id: account.id },
        data: {
          status: 'open',
          login: opened.login,
          externalId: opened.externalId,
          openedAt: account.openedAt ?? now,
          lastError: null,
        },
      }),
      prisma.notification.upsert({
        where: { dedupeKey },
        create: {
          dedupeKey,
          personId: person.id,
          channel: 'email',
          template: ANNEX1_TEMPLATE,
          params,
          address: activation.email,
          status: 'sending',
          notBefore: now,
        },
        update: { params, status: 'sending' },
      }),
    ]);
  }

  const language = await languageOf(ctx, person.id, person.language);
  const productName = language === 'kk' ? product.nameKk : product.nameRu;
  const password = credentials.passwordCipher ? ctx.pii.decrypt(credentials.passwordCipher) : undefined;
  const iin = person.iinCipher ? ctx.pii.decrypt(person.iinCipher) : '';
  const params = {
    product: productName,
    policyNumber: policy.number,
    fullName: person.fullName,
    insurer: programme.insurer.name,
    login: credentials.login,
    activationDate: instantDay(activation.activatedAt, programme.timeZone),
    coverageStart: isoDay(activation.coverageStart),
    coverageEnd: isoDay(activation.coverageEnd),
  };
  const t = (key: string, extra: Record<string, string | number> = {}) =>
    translate(deps.i18n, language, key, { ...params, ...extra });

  const paragraphs = [
    t('mail-greeting'),
    t('mail-activated'),
    ...(password
      ? [
          [t('mail-credentials-new'), t('mail-login'), t('mail-password', { password })].join('\n'),
          t('mail-password-advice'),
        ]
      : [t('mail-credentials-existing'), t('mail-login')]),
    t('mail-cabinet'),
    t('mail-coverage'),
    t('mail-cooling-off'),
    t('mail-attachment'),
    t('mail-signature'),
    t('mail-footer'),
  ];
  const pdf = await renderAnnex1Pdf(deps.i18n, {
    language,
    policyNumber: policy.number,
    productName,
    insurerName: programme.insurer.name,
    fullName: person.fullName,
    iin,
    login: credentials.login,
    activatedAt: activation.activatedAt,
    timeZone: programme.timeZone,
    coverageStart: activation.coverageStart,
    coverageEnd: activation.coverageEnd,
    coolingOffDays: product.coolingOffDays,
    coverageMonths: product.coverageMonths,
  });

  let sent: Awaited<ReturnType<Mailer['send']>>;
  try {
    sent = await deps.mailer.send({
      to: activation.email,
      subject: t('mail-annex1-subject'),
      text: paragraphs.join('\n\n'),
      html: paragraphs
        .map((paragraph) => `<p>${escapeHtml(paragraph).replace(/\n/g, '<br>')}</p>`)
        .join('\n'),
      attachments: [{ filename: t('mail-annex1-file-name'), content: pdf, contentType: 'application/pdf' }],
      headers: { 'X-Dedupe-Key': dedupeKey },
    });
  } catch (error) {
    await prisma.notification.update({
      where: { dedupeKey },
      data: { attempts: { increment: 1 }, lastError: String((error as Error).message).slice(0, 500) },
    });
    throw error;
  }
  await prisma.notification.update({
    where: { dedupeKey },
    data: {
      status: 'sent',
      sentAt: ctx.clock.now(),
      attempts: { increment: 1 },
      providerMessageId: sent.messageId,
      lastError: null,
      // the password leaves the database once the mail is out
      params: { activationId, login: credentials.login, existing: credentials.existing, language },
    },
  });
  ctx.logger.info({ activationId, existing: credentials.existing }, 'telemedicine credentials e-mailed');
  return 'mailed';
}

function escapeHtml(text: string): string {
  return text.replace(
    /[&<>"]/g,
    (char) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[char] as string,
  );
}

/** Raised once per activation when the job gave up: support opens the account by hand. */
export async function raiseTelemedTicket(ctx: AppContext, activationId: string, error: Error): Promise<void> {
  const { prisma } = ctx.db;
  const activation = await prisma.activation.findUnique({
    where: { id: activationId },
    include: { policy: true, telemedAccount: true },
  });
  const conversation = activation
    ? await prisma.conversation.findFirst({
        where: { personId: activation.personId, channel: activation.channel },
        orderBy: { updatedAt: 'desc' },
        select: { id: true },
      })
    : null;
  const message = String(error.message).slice(0, 500);
  await prisma.$transaction([
    prisma.supportTicket.upsert({
      where: { dedupeKey: telemedTicketKey(activationId) },
      update: {},
      create: {
        kind: 'integration_failure',
        dedupeKey: telemedTicketKey(activationId),
        conversationId: conversation?.id ?? null,
        reason: `Telemedicine account or credentials e-mail failed for policy ${activation?.policy.number ?? '?'}: ${message}`,
        payload: { activationId, policyNumber: activation?.policy.number ?? null, error: message },
      },
    }),
    ...(activation
      ? [
          prisma.telemedAccount.updateMany({
            where: { id: activation.telemedAccountId, status: { not: 'open' } },
            data: { status: 'failed', lastError: message },
          }),
        ]
      : []),
  ]);
}

export function createTelemedWorker(ctx: AppContext, deps: TelemedWorkerDeps): Worker<JobPayload<'telemed'>> {
  const worker = new Worker<JobPayload<'telemed'>, TelemedOutcome>(
    'telemed',
    async (job: Job<JobPayload<'telemed'>>) => {
      const { activationId } = jobPayloads.telemed.parse(job.data);
      return processTelemedActivation(ctx, deps, activationId);
    },
    { connection: ctx.redis, prefix: ctx.config.REDIS_PREFIX, concurrency: deps.concurrency ?? 4 },
  );
  worker.on('failed', (job, error) => {
    if (!job) return;
    const attempts = job.opts.attempts ?? defaultJobOptions.attempts ?? 1;
    const final = job.attemptsMade >= attempts || error.name === 'UnrecoverableError';
    const activationId = (job.data as { activationId?: string }).activationId;
    if (!final || !activationId) {
      ctx.logger.warn(
        { activationId, attempt: job.attemptsMade, err: error },
        'telemed job failed; will retry',
      );
      return;
    }
    ctx.logger.error({ activationId, err: error }, 'telemed job gave up; raising a support ticket');
    raiseTelemedTicket(ctx, activationId, error).catch((ticketError) =>
      ctx.logger.error({ activationId, err: ticketError }, 'could not raise the telemedicine support ticket'),
    );
  });
  return worker;
}
