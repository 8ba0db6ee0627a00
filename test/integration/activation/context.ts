import Fastify, { type FastifyInstance } from 'fastify';
import { webchatRoutes } from '../../../bot/channels/webchat';
import { createDialogEngine, type DialogEngine, type DialogEngineDeps } from '../../../bot/engine';
import { manualClock } from '../../../core/clock';
import type { AppContext } from '../../../core/context';
import { createI18n, type I18n } from '../../../core/i18n';
import { seedDemo } from '../../../prisma/seed';
import { createTestContext } from '../../support/context';
import type { TestDatabase } from '../../support/database';

/** 2026-12-01 10:00 in Almaty (UTC+5). */
export const START = new Date('2026-12-01T05:00:00Z');

export interface DialogTestContext {
  app: AppContext;
  clock: ReturnType<typeof manualClock>;
  database: TestDatabase;
  i18n: I18n;
  prefix: string;
  engine(deps?: Partial<DialogEngineDeps>): DialogEngine;
  close(): Promise<void>;
}

/** A real AppContext (test/support/context.ts) with the demo seed, a manual clock and the dialog engine. */
export async function createDialogTestContext(): Promise<DialogTestContext> {
  const clock = manualClock(START);
  const app = await createTestContext({ clock });
  await seedDemo(app.db.prisma, app.pii, START);
  const i18n = createI18n({ strict: true });
  return {
    app,
    clock,
    database: app.database,
    i18n,
    prefix: app.config.REDIS_PREFIX,
    engine: (deps = {}) => createDialogEngine(app, { i18n, ...deps }),
    close: () => app.close(),
  };
}

/** A Fastify app with only the web chat plugin, as bot/server.ts registers it. */
export async function webchatApp(ctx: DialogTestContext, engine = ctx.engine()): Promise<FastifyInstance> {
  const fastify = Fastify({ logger: false });
  await fastify.register(webchatRoutes(ctx.app, engine, ctx.i18n));
  await fastify.ready();
  return fastify;
}
