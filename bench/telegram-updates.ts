/**
 * Updates/s through the real pipeline: complete activation dialogs (9 updates each) through grammY
 * `handleUpdate` → dialog engine (as bot/compose.ts builds it) → PostgreSQL (a fresh test database)
 * + Redis, replies sent to the local Bot API server (test/support/bot-api-server.ts, no rate
 * limit: this measures our pipeline, not Telegram's pacing; the bot's throttler is off for the same
 * reason). Baseline, same run: a bare grammY bot answering the same updates (one reply each, and
 * answerCallbackQuery for buttons) against the same Bot API server.
 *
 *   npx tsx bench/telegram-updates.ts [--full] [--dialogs N] [--concurrency C]
 */
import { parseArgs } from 'node:util';
import { Bot } from 'grammy';
import type { UserFromGetMe } from 'grammy/types';
import { createTelegramBot } from '../bot/channels/telegram';
import { composeBot } from '../bot/compose';
import { makeIin } from '../core/domain/iin';
import type { LocalDate } from '../core/domain/local-date';
import { demoActivationCode, seedDemo } from '../prisma/seed';
import { startBotApiServer, type TestUser, type Update, updates } from '../test/support/bot-api-server';
import { createTestContext } from '../test/support/context';
import { FULL, latencySummary, machine, round, writeResult } from './support';

const { values } = parseArgs({
  options: {
    full: { type: 'boolean', default: false },
    dialogs: { type: 'string' },
    concurrency: { type: 'string', default: '32' },
    'latency-concurrency': { type: 'string', default: '2' },
    debug: { type: 'boolean', default: false },
  },
});
const dialogs = Number(values.dialogs ?? (FULL ? 1000 : 200));
const concurrency = Number(values.concurrency);
const latencyConcurrency = Number(values['latency-concurrency']);
const WARMUP = 4;
const latencyDialogs = FULL ? 200 : 50;
const totalDialogs = WARMUP + dialogs + latencyDialogs;
const FIRST_POLICY = 500_001;

const ctx = await createTestContext({ env: { LOG_LEVEL: 'warn' } });
const api = await startBotApiServer();
try {
  const { prisma } = ctx.db;
  const now = ctx.clock.now();
  await seedDemo(prisma, ctx.pii, now);
  const product = await prisma.product.findUniqueOrThrow({ where: { code: 'personal_doctor' } });
  const policyNumber = (i: number) => `LV-${FIRST_POLICY + i}`;
  for (let i = 0; i < totalDialogs; i += 1000) {
    await prisma.policy.createMany({
      data: Array.from({ length: Math.min(1000, totalDialogs - i) }, (_, k) => ({
        number: policyNumber(i + k),
        productId: product.id,
        activationCodeHash: ctx.pii.hashSecret(demoActivationCode(policyNumber(i + k))),
        issuedAt: now,
      })),
    });
  }
  const iins: string[] = [];
  for (let serial = 1; iins.length < totalDialogs; serial++) {
    const iin = makeIin(`1985-${String(1 + (serial % 12)).padStart(2, '0')}-15` as LocalDate, 'male', serial);
    if (iin) iins.push(iin);
  }

  const botInfo: UserFromGetMe = {
    ...api.bot,
    can_join_groups: false,
    can_read_all_group_messages: false,
    supports_inline_queries: false,
    can_connect_to_business: false,
    has_main_web_app: false,
  } as UserFromGetMe;
  const composed = composeBot(ctx, {});
  const channel = createTelegramBot(ctx, composed.engine, composed.i18n, {
    token: api.token,
    apiRoot: api.apiRoot,
    mode: 'polling', // never started: updates are fed through handleUpdate
    throttle: false,
    botInfo,
  });

  /** the dialog of user i, update by update; buttons are pressed on the message that carries them */
  const script: Array<(user: TestUser) => Update> = [
    (user) => updates.command(user, 'start'),
    (user) => api.pressButton(user, 'lang:ru'),
    (user) => api.pressButton(user, 'flow:activation'),
    ...[
      (i: number) => policyNumber(i),
      (i: number) => demoActivationCode(policyNumber(i)),
      (i: number) => iins[i]!,
      () => 'Бенчмарков Тест Тестович',
      (i: number) => `bench${i}@example.kz`,
    ].map((text) => (user: TestUser) => updates.text(user, text(user.id - 700_000_000))),
    (user) => api.pressButton(user, 'act:confirm'),
  ];

  const recorded = new Map<number, Update[]>();
  async function pool<T>(items: T[], width: number, work: (item: T) => Promise<void>) {
    let next = 0;
    await Promise.all(
      Array.from({ length: Math.min(width, items.length) }, async () => {
        while (next < items.length) await work(items[next++]!);
      }),
    );
  }
  const allUsers = Array.from({ length: totalDialogs }, (_, i) => ({
    id: 700_000_000 + i,
    language_code: 'ru',
  }));
  const warmupUsers = allUsers.slice(0, WARMUP);
  const users = allUsers.slice(WARMUP, WARMUP + dialogs);
  const latencyUsers = allUsers.slice(WARMUP + dialogs);

  let failures = 0;
  /** runs the users' dialogs through the product's channel, `width` at a time; per-update latencies */
  async function runDialogs(list: TestUser[], width: number, latencies: number[]) {
    await pool(list, width, async (user) => {
      const sent: Update[] = [];
      for (const step of script) {
        let update: Update;
        try {
          update = step(user);
        } catch (error) {
          failures++; // the button the script wants was not offered: the dialog went elsewhere
          if (values.debug) console.error(user.id, (error as Error).message, api.textsTo(user.id).slice(-2));
          break;
        }
        sent.push(update);
        const started = performance.now();
        await channel.handleUpdate(update as never);
        latencies.push(performance.now() - started);
      }
      recorded.set(user.id, sent);
    });
  }

  // --- warm-up (lazy imports, JIT, connection pool), not measured
  await runDialogs(warmupUsers, WARMUP, []);

  // --- the product pipeline: throughput at `concurrency` chats at once
  const pipelineLatencies: number[] = [];
  const callsBefore = api.calls.length;
  const pipelineStarted = performance.now();
  const pipelineCpu = process.cpuUsage();
  await runDialogs(users, concurrency, pipelineLatencies);
  const pipelineSeconds = (performance.now() - pipelineStarted) / 1000;
  const cpu = process.cpuUsage(pipelineCpu);
  const nodeCpuSeconds = (cpu.user + cpu.system) / 1e6;
  const botApiCalls = api.calls.length - callsBefore;

  // --- the product pipeline under light load: latency at `latencyConcurrency` chats at once
  const lightLatencies: number[] = [];
  const lightStarted = performance.now();
  await runDialogs(latencyUsers, latencyConcurrency, lightLatencies);
  const lightSeconds = (performance.now() - lightStarted) / 1000;
  const activations = await prisma.activation.count();
  if (values.debug) console.log(api.textsTo(users[0]!.id).join('\n---\n'));

  // --- baseline: a bare grammY bot, the same updates, the same server and concurrency
  const bare = new Bot(api.token, { client: { apiRoot: api.apiRoot }, botInfo });
  bare.on('callback_query', async (c) => {
    await c.answerCallbackQuery();
    await c.reply('ok');
  });
  bare.on('message', (c) => c.reply('ok'));
  const baselineLatencies: number[] = [];
  const baselineStarted = performance.now();
  await pool(users, concurrency, async (user) => {
    for (const update of recorded.get(user.id) ?? []) {
      const started = performance.now();
      await bare.handleUpdate(update as never);
      baselineLatencies.push(performance.now() - started);
    }
  });
  const baselineSeconds = (performance.now() - baselineStarted) / 1000;

  const pipelineRate = pipelineLatencies.length / pipelineSeconds;
  const baselineRate = baselineLatencies.length / baselineSeconds;
  const pipeline = latencySummary(pipelineLatencies);
  const result = {
    mode: FULL ? 'full' : 'quick',
    machine: machine(),
    dialogs,
    concurrency,
    updatesPerDialog: script.length,
    activationsCompleted: activations,
    dialogsBroken: failures,
    pipeline: {
      updates: pipelineLatencies.length,
      seconds: round(pipelineSeconds),
      updatesPerSecond: round(pipelineRate, 1),
      latencyMs: pipeline,
      botApiCalls,
      /** CPU of this process (bot + engine + Prisma client + the Bot API server) during the run */
      nodeCpuSeconds: round(nodeCpuSeconds),
    },
    pipelineLightLoad: {
      concurrency: latencyConcurrency,
      updates: lightLatencies.length,
      updatesPerSecond: round(lightLatencies.length / lightSeconds, 1),
      latencyMs: latencySummary(lightLatencies),
    },
    baseline: {
      updates: baselineLatencies.length,
      seconds: round(baselineSeconds),
      updatesPerSecond: round(baselineRate, 1),
      latencyMs: latencySummary(baselineLatencies),
    },
    ratio: round(pipelineRate / baselineRate, 3),
    goals: {
      ratio: { goal: '>= 0.5', met: pipelineRate / baselineRate >= 0.5 },
      p99: { goal: '<= 50 ms', met: pipeline.p99 <= 50 },
      p99LightLoad: { goal: '<= 50 ms', met: latencySummary(lightLatencies).p99 <= 50 },
      correctness: {
        goal: `${totalDialogs} activations`,
        met: activations === totalDialogs && failures === 0,
      },
    },
  };
  writeResult('telegram-updates', result);
  console.log(JSON.stringify(result, null, 2));
} finally {
  await api.close();
  await ctx.close();
}
process.exit(0);
