import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import { webchatRoutes } from '../../../bot/channels/webchat';
import { createDialogEngine, type DialogEngine } from '../../../bot/engine';
import { defaultCommands, defaultFlows, defaultMenuRows } from '../../../bot/flows';
import { manualClock } from '../../../core/clock';
import { createI18n, type I18n } from '../../../core/i18n';
import { createHttpSmsProvider } from '../../../core/integrations/sms';
import { createSmsSender } from '../../../core/notify/sms-sender';
import { createWebchatSender } from '../../../core/notify/webchat-sender';
import { seedDemo } from '../../../prisma/seed';
import { type RunningWorkers, startWorkers } from '../../../workers';
import { createTestContext, type TestContext } from '../../support/context';
import { type SmsServer, startSmsServer } from '../../support/sms-server';

/** Friday 4 Dec 2026, 12:00 in Moscow (the demo DMS programme's zone, UTC+3). */
export const FRIDAY_NOON = new Date('2026-12-04T09:00:00Z');

export interface DmsTestContext {
  app: TestContext;
  clock: ReturnType<typeof manualClock>;
  i18n: I18n;
  sms: SmsServer;
  engine: DialogEngine;
  web: FastifyInstance;
  workers: RunningWorkers;
  /** CALENDAR_DIR of this context: RU-2026.json from config/calendars plus a made-up day off */
  calendarDir: string;
  close(): Promise<void>;
}

/** A made-up decree day off for the override-file test: Monday 14 Dec 2026. */
export const MADE_UP_DAY_OFF = '2026-12-14';

/**
 * Real PostgreSQL + Redis (createTestContext), the demo seed, the product's engine with every flow,
 * the web chat HTTP routes, the real workers (outbox relay, notification queues) with the SMS sender
 * pointed at a local SMS gateway (SMS_URL), and a CALENDAR_DIR in a temp directory.
 */
export async function createDmsTestContext(): Promise<DmsTestContext> {
  const clock = manualClock(FRIDAY_NOON);
  const sms = await startSmsServer({ token: 'dms-test-token' });
  const calendarDir = await mkdtemp(join(tmpdir(), 'dms-calendars-'));
  await mkdir(calendarDir, { recursive: true });
  await writeFile(
    join(calendarDir, 'RU-2026.json'),
    JSON.stringify({
      country: 'RU',
      year: 2026,
      daysOff: ['2026-01-09', MADE_UP_DAY_OFF, '2026-12-31'],
      workingDays: [],
      source: 'test: the 2026 decree plus a made-up day off on 14 Dec',
    }),
  );
  const app = await createTestContext({
    clock,
    env: { SMS_URL: sms.url, SMS_TOKEN: 'dms-test-token', CALENDAR_DIR: calendarDir },
  });
  await seedDemo(app.db.prisma, app.pii, clock.now());
  const i18n = createI18n({ strict: true });
  const engine = createDialogEngine(app, {
    i18n,
    flows: defaultFlows,
    commands: defaultCommands,
    menuRows: defaultMenuRows,
  });
  const web = Fastify({ logger: false });
  await web.register(webchatRoutes(app, engine, i18n));
  await web.ready();
  const workers = await startWorkers(app, {
    senders: [
      createSmsSender({
        provider: createHttpSmsProvider({ url: sms.url, token: 'dms-test-token', backoffMs: 10 }),
        i18n,
        pii: app.pii,
      }),
      createWebchatSender(app),
    ],
  });
  return {
    app,
    clock,
    i18n,
    sms,
    engine,
    web,
    workers,
    calendarDir,
    async close() {
      await web.close();
      await workers.close();
      await sms.close();
      await app.close();
      await rm(calendarDir, { recursive: true, force: true });
    },
  };
}
