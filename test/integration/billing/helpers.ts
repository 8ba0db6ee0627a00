import { createServer } from 'node:net';
import { Readable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { backofficeInvoicesRoutes } from '../../../bot/backoffice/invoices';
import { createDialogEngine } from '../../../bot/engine';
import { billsFlow } from '../../../bot/flows/bills';
import { paymentRoutes } from '../../../bot/payments/routes';
import { buildServer } from '../../../bot/server';
import { manualClock } from '../../../core/clock';
import { streamCsv } from '../../../core/csv';
import { makeIin } from '../../../core/domain/iin';
import type { LocalDate } from '../../../core/domain/local-date';
import { createI18n } from '../../../core/i18n';
import { createMetrics } from '../../../core/metrics';
import { INVOICE_COLUMNS, type InvoiceSource } from '../../../core/services/invoices-import';
import { seedDemo } from '../../../prisma/seed';
import { createTestContext, type TestContext } from '../../support/context';

export const NOW = new Date('2026-11-20T07:00:00Z'); // Friday 10:00 in Moscow

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export interface BillingWorld {
  ctx: TestContext;
  clock: ReturnType<typeof manualClock>;
  server: FastifyInstance;
  base: string;
  i18n: ReturnType<typeof createI18n>;
  engine: ReturnType<typeof createDialogEngine>;
  /** member of roster T-001 (DMS-300001), person with a web chat conversation */
  member: { id: string; personId: string; conversationExternalId: string };
  close(): Promise<void>;
}

/** Seeded demo data, two registered members, the HTTP server with payment and back-office routes. */
export async function createBillingWorld(env: Record<string, string> = {}): Promise<BillingWorld> {
  const port = await freePort();
  const clock = manualClock(NOW);
  const ctx = await createTestContext({
    clock,
    env: {
      PORT: String(port),
      PUBLIC_URL: `http://127.0.0.1:${port}`,
      ADMIN_TOKEN: 'test-admin-token-0123456789',
      ...env,
    },
  });
  const { prisma } = ctx.db;
  await seedDemo(prisma, ctx.pii, NOW);
  const i18n = createI18n({ strict: true });
  const engine = createDialogEngine(ctx, { i18n, flows: [billsFlow] });

  const members: BillingWorld['member'][] = [];
  for (const [employeeNumber, iinSerial] of [
    ['T-001', 11],
    ['T-002', 12],
  ] as const) {
    const entry = await prisma.rosterEntry.findFirstOrThrow({ where: { employeeNumber } });
    const iin = makeIin(entry.birthDate.toISOString().slice(0, 10) as LocalDate, 'male', iinSerial)!;
    const person = await prisma.person.create({
      data: {
        fullName: entry.fullName,
        phone: entry.phone,
        email: `${employeeNumber.toLowerCase()}@example.ru`,
        iinHash: ctx.pii.hash(iin),
        iinCipher: ctx.pii.encrypt(iin),
        notifyChannels: ['webchat', 'sms', 'email'],
      },
    });
    const programme = await prisma.programme.findUniqueOrThrow({ where: { code: 'dms-alfa' } });
    const member = await prisma.member.create({
      data: {
        personId: person.id,
        rosterEntryId: entry.id,
        programmeId: programme.id,
        registeredAt: NOW,
        channel: 'webchat',
        phoneVerifiedAt: NOW,
      },
    });
    const externalId = `session-${employeeNumber}`;
    const opened = await engine.open({ channel: 'webchat', externalId }, { language: 'ru' });
    await prisma.conversation.update({ where: { id: opened.conversationId }, data: { personId: person.id } });
    members.push({ id: member.id, personId: person.id, conversationExternalId: externalId });
  }

  const server = await buildServer(ctx, {
    metrics: createMetrics(ctx.queues),
    plugins: [paymentRoutes(ctx, { i18n }), backofficeInvoicesRoutes(ctx, ctx.config.ADMIN_TOKEN!)],
  });
  await server.listen({ host: '127.0.0.1', port });
  return {
    ctx,
    clock,
    server,
    base: `http://127.0.0.1:${port}`,
    i18n,
    engine,
    member: members[0]!,
    async close() {
      await server.close();
      await ctx.close();
    },
  };
}

export function csvSource(text: string, name = 'csv:test.csv'): InvoiceSource {
  return { name, records: () => streamCsv(Readable.from([Buffer.from(text, 'utf8')]), INVOICE_COLUMNS) };
}

export const INVOICE_HEADER =
  'invoice_number,clinic_code,patient,service_date,service_name,quantity,unit_cost';
