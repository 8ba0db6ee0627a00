import type { Job } from 'bullmq';
import { manualClock } from '../../../core/clock';
import type { LocalDate } from '../../../core/domain/local-date';
import { createI18n, type I18n } from '../../../core/i18n';
import { jobPayloads, type QueueName, queueNames } from '../../../core/queues';
import { issueBills } from '../../../core/services/billing';
import { activateFranchise, FRANCHISE_RULES_VERSION } from '../../../core/services/franchise';
import { PERSONAL_DATA_CONSENT_VERSION, registerMember } from '../../../core/services/registration';
import { seedDemo } from '../../../prisma/seed';
import { type RunningWorkers, startWorkers } from '../../../workers';
import { composeWorkers } from '../../../workers/compose';
import { type BotApiServer, startBotApiServer } from '../../support/bot-api-server';
import { createTestContext, type TestContext } from '../../support/context';
import { type SmsServer, startSmsServer } from '../../support/sms-server';
import { startSmtpServer, type TestSmtpServer } from '../../support/smtp';

export interface TimelineWorld {
  ctx: TestContext;
  clock: ReturnType<typeof manualClock>;
  i18n: I18n;
  sms: SmsServer;
  smtp: TestSmtpServer;
  telegram: BotApiServer;
  workers: RunningWorkers | null;
  start(): Promise<RunningWorkers>;
  /** promote the delayed jobs whose time (outbox runAt / notification notBefore) has come on the clock */
  promoteDue(): Promise<number>;
  /** relay, promote, and wait until no job is waiting or active in any queue */
  settle(timeoutMs?: number): Promise<void>;
  /** set the clock and settle */
  travel(to: Date): Promise<void>;
  close(): Promise<void>;
}

const SMS_TOKEN = 'timeline-sms-token';

/**
 * Real PostgreSQL + Redis (test prefix), the demo seed, the local SMS gateway, a real SMTP server and
 * the Bot API emulator, and the product's own worker composition (workers/compose.ts) with a manual
 * clock. Delayed jobs are run "now" by moving the clock and promoting the ones whose time has come.
 */
export async function createTimelineWorld(start: Date): Promise<TimelineWorld> {
  const clock = manualClock(start);
  const [sms, smtp, telegram] = await Promise.all([
    startSmsServer({ token: SMS_TOKEN }),
    startSmtpServer(),
    startBotApiServer(),
  ]);
  const ctx = await createTestContext({
    clock,
    env: {
      SMS_URL: sms.url,
      SMS_TOKEN,
      SMTP_URL: smtp.url,
      TELEGRAM_BOT_TOKEN: telegram.token,
      TELEGRAM_API_ROOT: telegram.apiRoot,
      TELEGRAM_MODE: 'off',
      PUBLIC_URL: 'https://assistant.example.kz',
    },
  });
  await seedDemo(ctx.db.prisma, ctx.pii, clock.now());
  const i18n = createI18n({ strict: true });

  const runAtOf = async (queue: QueueName, job: Job): Promise<Date | null> => {
    if (queue.startsWith('notify-')) {
      const { notificationId } = jobPayloads['notify-sms'].parse(job.data);
      const row = await ctx.db.prisma.notification.findUnique({ where: { id: notificationId } });
      return row?.notBefore ?? null;
    }
    const row = job.id ? await ctx.db.prisma.outboxJob.findUnique({ where: { jobId: job.id } }) : null;
    return row?.runAt ?? null;
  };

  const world: TimelineWorld = {
    ctx,
    clock,
    i18n,
    sms,
    smtp,
    telegram,
    workers: null,
    async start() {
      world.workers = await startWorkers(ctx, composeWorkers(ctx, i18n));
      return world.workers;
    },
    async promoteDue() {
      let promoted = 0;
      for (const name of queueNames) {
        const queue = ctx.queues.get(name);
        for (const job of await queue.getDelayed()) {
          const runAt = await runAtOf(name, job);
          if (!runAt || runAt.getTime() > clock.now().getTime()) continue;
          // a job that re-delayed itself (early) or waits for a retry backoff keeps waiting
          if (job.attemptsStarted > 0 && job.failedReason) continue;
          await job.promote().then(
            () => promoted++,
            () => undefined,
          );
        }
      }
      return promoted;
    },
    async settle(timeoutMs = 15_000) {
      const deadline = Date.now() + timeoutMs;
      let quiet = 0;
      while (quiet < 3) {
        if (Date.now() > deadline) throw new Error('queues did not settle');
        const relayed = (await world.workers?.relayNow()) ?? 0;
        const promoted = await world.promoteDue();
        let busy = 0;
        // queues this process works (notify-slack has no sender here: its rows just wait)
        const worked = new Set(world.workers?.workers.map((worker) => worker.name));
        for (const name of queueNames.filter((queue) => worked.has(queue))) {
          const counts = await ctx.queues.get(name).getJobCounts('waiting', 'active', 'prioritized');
          busy += (counts.waiting ?? 0) + (counts.active ?? 0) + (counts.prioritized ?? 0);
        }
        quiet = relayed === 0 && promoted === 0 && busy === 0 ? quiet + 1 : 0;
        await new Promise((resolve) => setTimeout(resolve, quiet > 0 ? 60 : 30));
      }
    },
    async travel(to) {
      clock.set(to);
      await world.settle();
    },
    async close() {
      await world.workers?.close();
      await ctx.close();
      await Promise.all([sms.close(), smtp.close(), telegram.close()]);
    },
  };
  return world;
}

/** A registered DMS member of the demo roster with a Telegram chat and an e-mail, franchise on. */
export async function registerDemoMember(
  world: TimelineWorld,
  input: { employeeNumber: string; chatId: number; language: 'ru' | 'kk'; email: string },
): Promise<{ memberId: string; personId: string; phone: string }> {
  const { prisma } = world.ctx.db;
  const entry = await prisma.rosterEntry.findFirstOrThrow({
    where: { employeeNumber: input.employeeNumber },
  });
  const registered = await registerMember(world.ctx, {
    phone: entry.phone,
    proof: { method: 'contact' },
    birthDate: entry.birthDate.toISOString().slice(0, 10) as LocalDate,
    number: entry.employeeNumber,
    channel: 'telegram',
    conversationKey: `telegram:${input.chatId}`,
    language: input.language,
    consentVersion: PERSONAL_DATA_CONSENT_VERSION,
  });
  if (!registered.ok) throw new Error(`registration refused: ${registered.reason}`);
  await prisma.person.update({ where: { id: registered.personId }, data: { email: input.email } });
  await prisma.conversation.create({
    data: {
      channel: 'telegram',
      externalId: String(input.chatId),
      personId: registered.personId,
      language: input.language,
    },
  });
  const franchise = await activateFranchise(world.ctx, {
    memberId: registered.memberId,
    channel: 'telegram',
    conversationKey: `telegram:${input.chatId}`,
    language: input.language,
    rulesVersion: FRANCHISE_RULES_VERSION,
  });
  if (!franchise.ok) throw new Error(`franchise refused: ${franchise.reason}`);
  return { memberId: registered.memberId, personId: registered.personId, phone: entry.phone };
}

/** One clinic invoice line for the member (cost in kopecks) and the bills issued now. */
export async function billMember(world: TimelineWorld, memberId: string, cost: bigint, invoice: string) {
  const { prisma } = world.ctx.db;
  const clinic = await prisma.clinic.findFirstOrThrow();
  const created = await prisma.clinicInvoice.create({
    data: { clinicId: clinic.id, number: invoice, source: 'test' },
  });
  await prisma.serviceLine.create({
    data: {
      invoiceId: created.id,
      lineNo: 1,
      memberId,
      serviceDate: new Date('2026-10-20T00:00:00Z'),
      serviceName: 'Приём терапевта',
      quantity: 1,
      unitCost: cost,
      cost,
    },
  });
  await issueBills(prisma, { now: world.clock.now(), baseUrl: 'https://assistant.example.kz' });
  return prisma.bill.findFirstOrThrow({ where: { memberId }, orderBy: { issuedAt: 'desc' } });
}
