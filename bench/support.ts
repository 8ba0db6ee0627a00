/**
 * Small helpers shared by the benchmarks (bench/*.ts) and the drills (bench/drill.ts): result files,
 * percentiles, the machine's description, and OWN PostgreSQL / Redis instances on free ports for
 * the drills that restart a server (the shared 5432 / 6379 instances are never touched).
 */
import { execFileSync, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, freemem, loadavg, tmpdir, totalmem } from 'node:os';
import path from 'node:path';
import { Redis } from 'ioredis';
import type { AppContext } from '../core/context';
import { relayOutbox } from '../core/notify/outbox';
import { freePort } from '../test/support/product-process';

export const RESULTS_DIR = path.resolve(import.meta.dirname, 'results');
export const FULL = process.argv.includes('--full');

export function writeResult(name: string, result: Record<string, unknown>): string {
  mkdirSync(RESULTS_DIR, { recursive: true });
  const file = path.join(RESULTS_DIR, `${name}.json`);
  writeFileSync(
    file,
    `${JSON.stringify({ benchmark: name, at: new Date().toISOString(), ...result }, null, 2)}\n`,
  );
  return file;
}

/** p-th percentile (0–100) of numbers, nearest rank. */
export function percentile(values: number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank]!;
}

export function latencySummary(values: number[]) {
  const round = (n: number) => Math.round(n * 100) / 100;
  return {
    count: values.length,
    p50: round(percentile(values, 50)),
    p90: round(percentile(values, 90)),
    p99: round(percentile(values, 99)),
    max: round(Math.max(...values)),
  };
}

export const round = (n: number, digits = 2) => Number(n.toFixed(digits));

export function machine() {
  const version = (command: string, args: string[]) => {
    try {
      return execFileSync(command, args, { encoding: 'utf8' }).trim().split('\n')[0];
    } catch {
      return 'unknown';
    }
  };
  return {
    nproc: cpus().length,
    cpu: cpus()[0]?.model,
    memoryGiB: round(totalmem() / 2 ** 30, 1),
    freeMemoryGiB: round(freemem() / 2 ** 30, 1),
    loadAverage: loadavg().map((n) => round(n)),
    node: process.version,
    postgres: version(`${PG_BIN}/postgres`, ['--version']),
    redis: version('redis-server', ['--version']),
  };
}

/** Samples the process's RSS every 25 ms; `peak()` in MB. */
export function rssSampler() {
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 25);
  return {
    peakMb: () => Math.round(Math.max(peak, process.memoryUsage().rss) / 2 ** 20),
    reset: () => {
      peak = process.memoryUsage().rss;
    },
    stop: () => clearInterval(timer),
  };
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls until `predicate` holds or the time is up (then returns false). */
export async function until(predicate: () => Promise<boolean> | boolean, timeoutMs: number, everyMs = 100) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await predicate()) return true;
    await sleep(everyMs);
  }
  return false;
}

// --- notices for the fan-out bench and the drills

/** People with a Telegram conversation each and one pending coverage-start notice each. */
export async function seedNotices(ctx: Pick<AppContext, 'db'>, count: number, firstChatId: number) {
  const { prisma } = ctx.db;
  const ids: string[] = [];
  for (let i = 0; i < count; i += 1000) {
    const batch = Array.from({ length: Math.min(1000, count - i) }, (_, k) => ({
      personId: randomUUID(),
      notificationId: randomUUID(),
      chatId: String(firstChatId + i + k),
    }));
    await prisma.person.createMany({
      data: batch.map((b) => ({ id: b.personId, fullName: `Fan Out ${b.chatId}`, language: 'ru' as const })),
    });
    await prisma.conversation.createMany({
      data: batch.map((b) => ({
        channel: 'telegram' as const,
        externalId: b.chatId,
        personId: b.personId,
        language: 'ru' as const,
      })),
    });
    await prisma.notification.createMany({
      data: batch.map((b) => ({
        id: b.notificationId,
        dedupeKey: `bench.${b.notificationId}`,
        personId: b.personId,
        channel: 'telegram' as const,
        address: b.chatId,
        template: 'notify-coverage-started',
        params: { number: `LV-${b.chatId}`, product: 'Личный врач', start: '2026-12-16', end: '2027-12-15' },
      })),
    });
    ids.push(...batch.map((b) => b.notificationId));
  }
  return ids;
}

/** Relays every pending row; returns the seconds it took. */
export async function relayAll(ctx: Pick<AppContext, 'db' | 'queues' | 'clock'>): Promise<number> {
  const started = performance.now();
  while ((await relayOutbox(ctx)) > 0) {
    // 500 rows per round
  }
  return (performance.now() - started) / 1000;
}

// --- own servers for the drills ---------------------------------------------------------------

export const PG_BIN = process.env.PG_BIN ?? '/usr/lib/postgresql/15/bin';

export interface OwnRedis {
  url: string;
  port: number;
  /** SIGTERM, wait, start again on the same port; `persist: false` = nothing survives */
  restart(downMs?: number): Promise<void>;
  stop(): Promise<void>;
}

/** A redis-server of our own on a free port, without persistence (a restart loses everything). */
export async function startOwnRedis(): Promise<OwnRedis> {
  const port = await freePort();
  const dir = mkdtempSync(path.join(tmpdir(), 'bench-redis-'));
  let child: ReturnType<typeof spawn> | null = null;
  const start = async () => {
    child = spawn(
      'redis-server',
      ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir],
      { stdio: 'ignore' },
    );
    const probe = new Redis({ port, host: '127.0.0.1', lazyConnect: true, maxRetriesPerRequest: 1 });
    probe.on('error', () => undefined);
    const up = await until(
      async () => {
        try {
          await probe.connect().catch(() => undefined);
          return (await probe.ping()) === 'PONG';
        } catch {
          return false;
        }
      },
      10_000,
      100,
    );
    probe.disconnect();
    if (!up) throw new Error(`own redis-server did not start on ${port}`);
  };
  const stop = async () => {
    const running = child;
    child = null;
    if (!running || running.exitCode !== null) return;
    const exited = new Promise((resolve) => running.once('exit', resolve));
    running.kill('SIGTERM');
    await exited;
  };
  await start();
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    async restart(downMs = 2000) {
      await stop();
      await sleep(downMs);
      await start();
    },
    async stop() {
      await stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface OwnPostgres {
  /** admin URL (database postgres, user postgres, trust auth on 127.0.0.1) */
  adminUrl: string;
  port: number;
  restart(downMs?: number): Promise<void>;
  stopServer(): Promise<void>;
  startServer(): Promise<void>;
  stop(): Promise<void>;
}

function asPostgres(args: string[]): string[] {
  // initdb / pg_ctl refuse root: run them as the postgres user
  return process.getuid?.() === 0 ? ['runuser', '-u', 'postgres', '--', ...args] : args;
}

function run(args: string[]) {
  const [command, ...rest] = asPostgres(args);
  execFileSync(command!, rest, { stdio: ['ignore', 'pipe', 'pipe'] });
}

/** A PostgreSQL cluster of our own (initdb in a temp dir, a free port), fsync off: a drill, not a bench. */
export async function startOwnPostgres(): Promise<OwnPostgres> {
  const port = await freePort();
  const dir = mkdtempSync(path.join(tmpdir(), 'bench-pg-'));
  chmodSync(dir, 0o777);
  const data = path.join(dir, 'data');
  const log = path.join(dir, 'server.log');
  run([`${PG_BIN}/initdb`, '-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--no-sync']);
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200`;
  const startServer = async () =>
    run([`${PG_BIN}/pg_ctl`, '-D', data, '-l', log, '-o', options, '-w', 'start']);
  const stopServer = async () => run([`${PG_BIN}/pg_ctl`, '-D', data, '-m', 'fast', '-w', 'stop']);
  await startServer();
  return {
    adminUrl: `postgresql://postgres@127.0.0.1:${port}/postgres`,
    port,
    startServer,
    stopServer,
    async restart(downMs = 3000) {
      await stopServer();
      await sleep(downMs);
      await startServer();
    },
    async stop() {
      await stopServer().catch(() => undefined);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
