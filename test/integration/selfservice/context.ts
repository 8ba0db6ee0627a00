import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import { webchatRoutes } from '../../../bot/channels/webchat';
import { createDialogEngine, type DialogEngine, type DialogEngineDeps } from '../../../bot/engine';
import { defaultAnswer, defaultMenuRows } from '../../../bot/flows';
import { manualClock } from '../../../core/clock';
import { createI18n, type I18n } from '../../../core/i18n';
import { seedDemo } from '../../../prisma/seed';
import { createTestContext, type TestContext } from '../../support/context';

/** 2026-12-01 10:00 in Almaty (UTC+5). */
export const START = new Date('2026-12-01T05:00:00Z');

export interface SelfServiceContext {
  app: TestContext;
  clock: ReturnType<typeof manualClock>;
  i18n: I18n;
  dataDir: string;
  /** the product's engine: default flows and commands, the self-service answer hook and menu rows */
  engine(deps?: Partial<DialogEngineDeps>): DialogEngine;
  close(): Promise<void>;
}

/** A real AppContext (PostgreSQL + Redis) with the demo seed, a manual clock and DATA_DIR in a temp folder. */
export async function createSelfServiceContext(): Promise<SelfServiceContext> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'selfservice-'));
  const clock = manualClock(START);
  const app = await createTestContext({ clock, env: { DATA_DIR: dataDir, DOCUMENTS_MAX_MB: '1' } });
  await seedDemo(app.db.prisma, app.pii, START);
  const i18n = createI18n({ strict: true });
  return {
    app,
    clock,
    i18n,
    dataDir,
    engine: (deps = {}) =>
      createDialogEngine(app, { i18n, answer: defaultAnswer, menuRows: defaultMenuRows, ...deps }),
    async close() {
      await app.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export async function webchatApp(ctx: SelfServiceContext, engine = ctx.engine()): Promise<FastifyInstance> {
  const fastify = Fastify({ logger: false });
  await fastify.register(webchatRoutes(ctx.app, engine, ctx.i18n));
  await fastify.ready();
  return fastify;
}

/** A person linked to a conversation (as after an activation or a DMS registration). */
export async function linkPerson(
  ctx: SelfServiceContext,
  conversationId: string,
  person: { phone?: string; email?: string; member?: boolean } = {},
): Promise<string> {
  const { prisma } = ctx.app.db;
  const created = await prisma.person.create({
    data: {
      fullName: `Тестов Тест ${randomBytes(3).toString('hex')}`,
      phone: person.phone ?? null,
      email: person.email ?? null,
    },
  });
  await prisma.conversation.update({ where: { id: conversationId }, data: { personId: created.id } });
  if (person.member) {
    const programme = await prisma.programme.findUniqueOrThrow({ where: { code: 'dms-alfa' } });
    const entry = await prisma.rosterEntry.findFirstOrThrow({ where: { member: null } });
    await prisma.member.create({
      data: {
        personId: created.id,
        rosterEntryId: entry.id,
        programmeId: programme.id,
        registeredAt: START,
        channel: 'webchat',
        phoneVerifiedAt: START,
      },
    });
  }
  return created.id;
}

/** A tiny valid file of each accepted type. */
export const SAMPLE_FILES = {
  pdf: Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n'),
  jpeg: Buffer.from([
    0xff, 0xd8, 0xff, 0xe0, 0, 16, 0x4a, 0x46, 0x49, 0x46, 0, 1, 1, 0, 0, 1, 0, 1, 0, 0, 0xff, 0xd9,
  ]),
  png: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0]),
  heic: Buffer.concat([Buffer.from([0, 0, 0, 24]), Buffer.from('ftypheic'), Buffer.alloc(12)]),
};
