/**
 * postgres-restart: the real bot process (bot/main.ts) on a PostgreSQL cluster of our own, web chat
 * activation dialogs running against it over HTTP (8 at a time), /readyz polled every 250 ms; the
 * cluster is stopped mid-run (`pg_ctl stop -m fast`), kept down 5 s, started again. Expected: while
 * it is down /readyz answers 503 and the log says which dependency is missing; requests fail with a
 * clear error (no hang); after it is back dialogs complete again; and no half-written rows:
 * every activated policy has exactly one activation with its outbox jobs and audit row, and no
 * activation exists for a policy that is not activated.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { loadConfig } from '../../core/config';
import { createPiiProtector } from '../../core/crypto';
import { makeIin } from '../../core/domain/iin';
import type { LocalDate } from '../../core/domain/local-date';
import { demoActivationCode } from '../../prisma/seed';
import { startProduct, waitForStatus } from '../../test/support/product-process';
import { sleep, startOwnPostgres, startOwnRedis } from '../support';
import { check, type DrillReport } from './common';

const WIDTH = 8;
const POLICIES = 3000;
const FIRST = 600_001;

interface Sample {
  at: number;
  status: number;
  error?: string;
}

export async function postgresRestart(): Promise<DrillReport> {
  const started = performance.now();
  const notes: string[] = [];
  const postgres = await startOwnPostgres();
  const redis = await startOwnRedis();
  const admin = new pg.Client(postgres.adminUrl);
  await admin.connect();
  await admin.query('CREATE DATABASE drill');
  await admin.end();
  const databaseUrl = postgres.adminUrl.replace(/\/postgres$/, '/drill');
  const piiKey = randomBytes(32).toString('hex');
  const bot = await startProduct('bot/main.ts', [], {
    DATABASE_URL: databaseUrl,
    REDIS_URL: redis.url,
    PII_KEY: piiKey,
    SEED_DEMO: 'yes',
    TELEGRAM_MODE: 'off',
    LOG_LEVEL: 'info',
  });
  try {
    await bot.waitForOutput(/listening on/, 120_000);
    // policies for the dialogs, with the bot's own key for the activation codes
    const pii = createPiiProtector(loadConfig({ PII_KEY: piiKey, NODE_ENV: 'test' }).piiKey);
    const db = new pg.Client(databaseUrl);
    await db.connect();
    const product = await db.query(`SELECT id FROM "Product" WHERE code = 'personal_doctor'`);
    const numbers = Array.from({ length: POLICIES }, (_, i) => `LV-${FIRST + i}`);
    await db.query(
      `INSERT INTO "Policy" (id, number, "productId", "activationCodeHash", "issuedAt", status)
       SELECT gen_random_uuid(), n, $1, h, now(), 'issued' FROM unnest($2::text[], $3::text[]) AS t(n, h)`,
      [product.rows[0].id, numbers, numbers.map((n) => pii.hashSecret(demoActivationCode(n)))],
    );
    await db.end();

    const base = bot.url;
    const samples: Sample[] = [];
    const ready: Sample[] = [];
    let nextPolicy = 0;
    let completed = 0;
    const completedAt: number[] = [];
    const t0 = performance.now();
    const now = () => performance.now() - t0;
    let stopAt = Number.POSITIVE_INFINITY;

    const call = async (path: string, body: unknown, token?: string) => {
      const at = now();
      try {
        const response = await fetch(`${base}${path}`, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            ...(token ? { authorization: `Bearer ${token}` } : {}),
          },
          body: JSON.stringify(body),
          signal: AbortSignal.timeout(15_000),
        });
        const json = (await response.json().catch(() => null)) as Record<string, unknown> | null;
        samples.push({
          at,
          status: response.status,
          ...(response.ok ? {} : { error: JSON.stringify(json)?.slice(0, 200) }),
        });
        return response.ok ? json : null;
      } catch (error) {
        samples.push({ at, status: 0, error: (error as Error).message });
        return null;
      }
    };
    const dialog = async (i: number): Promise<boolean> => {
      const opened = (await call('/api/chat/conversations', { language: 'ru' })) as {
        conversationId: string;
        token: string;
      } | null;
      if (!opened) return false;
      const path = `/api/chat/conversations/${opened.conversationId}/messages`;
      const number = numbers[i]!;
      const iin =
        makeIin(`1980-0${1 + (i % 9)}-1${i % 10}` as LocalDate, 'female', i % 10_000) ??
        makeIin('1980-01-10' as LocalDate, 'female', 1)!;
      const inputs = [
        { type: 'button', data: 'flow:activation' },
        { type: 'text', text: number },
        { type: 'text', text: demoActivationCode(number) },
        { type: 'text', text: iin },
        { type: 'text', text: 'Дрилл Тест Тестовна' },
        { type: 'text', text: `drill${i}@example.kz` },
        { type: 'button', data: 'act:confirm' },
      ];
      let last: unknown = null;
      for (const input of inputs) {
        last = await call(path, input, opened.token);
        if (!last) return false;
      }
      return JSON.stringify(last).includes('активирован');
    };
    const loadLoop = async () => {
      while (now() < stopAt && nextPolicy < POLICIES) {
        const i = nextPolicy++;
        if (await dialog(i)) {
          completed++;
          completedAt.push(now());
        } else await sleep(200);
      }
    };
    const pollReady = async () => {
      while (now() < stopAt) {
        const at = now();
        try {
          const response = await fetch(`${base}/readyz`, { signal: AbortSignal.timeout(3000) });
          ready.push({ at, status: response.status });
        } catch (error) {
          ready.push({ at, status: 0, error: (error as Error).message });
        }
        await sleep(250);
      }
    };
    const load = [...Array.from({ length: WIDTH }, loadLoop), pollReady()];

    await sleep(8000);
    const downAt = now();
    await postgres.stopServer();
    notes.push(
      `stopped our PostgreSQL (port ${postgres.port}) at ${Math.round(downAt / 1000)} s, ${completed} activations done`,
    );
    await sleep(5000);
    await postgres.startServer();
    const upAt = now();
    const completedBefore = completed;
    // run on until 20 s after it is back
    await waitForStatus(`${base}/readyz`, 200, 60_000).catch(() => undefined);
    const readyAgainAt = now();
    stopAt = now() + 20_000;
    await Promise.all(load);

    const during = samples.filter((s) => s.at >= downAt && s.at <= upAt);
    const failedDuring = during.filter((s) => s.status !== 200 && s.status !== 201);
    const statusCounts = (list: Sample[]) =>
      Object.entries(
        list.reduce<Record<string, number>>((acc, s) => {
          acc[s.status] = (acc[s.status] ?? 0) + 1;
          return acc;
        }, {}),
      )
        .map(([status, n]) => `${status}: ${n}`)
        .join(', ');
    const readyDuring = ready.filter((s) => s.at > downAt + 500 && s.at < upAt);
    const all503 = readyDuring.length > 0 && readyDuring.every((s) => s.status === 503);
    const afterRecovery = completedAt.filter((at) => at > readyAgainAt).length;
    const errors = [...new Set(failedDuring.map((s) => s.error))].slice(0, 3);
    notes.push(`requests while it was down: ${statusCounts(during)}; errors: ${errors.join(' | ')}`);
    notes.push(
      `/readyz while it was down: ${statusCounts(readyDuring)}; ready again ${Math.round((readyAgainAt - upAt) / 100) / 10} s after the start`,
    );
    const logLines = bot
      .output()
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => {
        try {
          const entry = JSON.parse(line) as { level?: number; msg?: string; err?: { message?: string } };
          return entry.level && entry.level >= 50
            ? `${entry.msg}${entry.err?.message ? `: ${entry.err.message.slice(0, 120)}` : ''}`
            : '';
        } catch {
          return '';
        }
      })
      .filter(Boolean);
    const clearLog = logLines.some((line) => /not ready/.test(line));
    notes.push(`error log lines (distinct, first 4): ${[...new Set(logLines)].slice(0, 4).join(' | ')}`);
    const hung = failedDuring.filter((s) => s.status === 0).length;
    const serverErrors = failedDuring.filter((s) => s.status >= 500 && s.status !== 503).length;

    // invariants on the database
    const check_ = new pg.Client(databaseUrl);
    await check_.connect();
    const one = async (sql: string) => Number((await check_.query(sql)).rows[0].n);
    const activated = await one(`SELECT count(*) AS n FROM "Policy" WHERE status = 'activated'`);
    const activations = await one(`SELECT count(*) AS n FROM "Activation"`);
    const activatedWithout = await one(
      `SELECT count(*) AS n FROM "Policy" p WHERE p.status = 'activated' AND NOT EXISTS (SELECT 1 FROM "Activation" a WHERE a."policyId" = p.id)`,
    );
    const orphanActivations = await one(
      `SELECT count(*) AS n FROM "Activation" a JOIN "Policy" p ON p.id = a."policyId" WHERE p.status <> 'activated'`,
    );
    const withoutJobs = await one(
      `SELECT count(*) AS n FROM "Activation" a WHERE
         NOT EXISTS (SELECT 1 FROM "OutboxJob" o WHERE o."jobId" = 'telemed-open.' || a.id)
         OR NOT EXISTS (SELECT 1 FROM "OutboxJob" o WHERE o."jobId" = 'coverage-start.' || a.id)`,
    );
    const withoutAudit = await one(
      `SELECT count(*) AS n FROM "Activation" a WHERE NOT EXISTS
         (SELECT 1 FROM "AuditLog" l WHERE l.action = 'policy.activated' AND l.subject = a."policyId"::text)`,
    );
    await check_.end();
    const consistent = activatedWithout + orphanActivations + withoutJobs + withoutAudit === 0;
    notes.push(
      `${activations} activations (${completed} dialogs saw «активирован»; ${completedBefore} before the stop)`,
    );

    return {
      drill: 'postgres-restart',
      ok: all503 && clearLog && hung === 0 && afterRecovery > 0 && consistent && activations >= completed,
      seconds: Math.round((performance.now() - started) / 1000),
      checks: [
        check('/readyz while PostgreSQL is down', 'every answer 503', statusCounts(readyDuring), all503),
        check(
          'a clear log line',
          '"not ready: a dependency does not answer"',
          clearLog ? 'logged' : 'missing',
          clearLog,
        ),
        check(
          'requests while down',
          'fail at once with an error answer (no hang)',
          `${failedDuring.length} failed, ${hung} without an answer`,
          hung === 0,
        ),
        check(
          'error status of failed requests',
          '503 (unavailable), not a generic 500',
          serverErrors === 0 ? 'no 500s' : `${serverErrors} × 5xx other than 503`,
          serverErrors === 0,
        ),
        check(
          'recovery',
          'activations complete again after the restart',
          `${afterRecovery} in the 20 s after /readyz was 200 again`,
          afterRecovery > 0,
        ),
        check(
          'no half-written rows',
          'activated policies ⇔ activations, each with its 2 outbox jobs and audit row',
          `activated w/o activation ${activatedWithout}, activation w/o activated policy ${orphanActivations}, w/o outbox jobs ${withoutJobs}, w/o audit ${withoutAudit}`,
          consistent,
        ),
      ],
      notes,
      details: { activated, activations, completed, completedBefore, afterRecovery },
    };
  } finally {
    await bot.stop();
    await redis.stop();
    await postgres.stop();
  }
}
