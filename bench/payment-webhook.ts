/**
 * Payment webhook requests/s: autocannon against a real listening server (bot/server.ts buildServer +
 * bot/payments/routes.ts, a fresh PostgreSQL test database, demo provider) in a child process, so
 * the load generator does not share the server's event loop. Valid signed demo-provider webhooks:
 *
 * - distinct: every request a new payment id (`payment.failed` for an unknown page → one `Payment`
 *   row written per request: the full write path: verify, look-ups, insert, commit);
 * - replay: the same succeeded payment id again and again → the idempotent path (`duplicate`).
 *
 * Baseline, same run: a bare Fastify POST route in the same child process.
 *
 *   npx tsx bench/payment-webhook.ts [--full] [--requests N] [--connections C]
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import Fastify from 'fastify';
import { paymentRoutes } from '../bot/payments/routes';
import { buildServer } from '../bot/server';
import { signDemoWebhook } from '../core/integrations/payments/demo';
import { createMetrics } from '../core/metrics';
import { createTestContext } from '../test/support/context';
import { FULL, machine, round, writeResult } from './support';

const SECRET = 'bench-demo-webhook-secret-0123456789';
const { values } = parseArgs({
  options: {
    full: { type: 'boolean', default: false },
    serve: { type: 'boolean', default: false },
    requests: { type: 'string' },
    connections: { type: 'string', default: '10' },
  },
});

if (values.serve) {
  // --- the child: product server + bare baseline server
  const ctx = await createTestContext({ env: { PAYMENT_PROVIDER: 'demo', PAYMENT_DEMO_SECRET: SECRET } });
  const server = await buildServer(ctx, {
    metrics: createMetrics(ctx.queues),
    plugins: [paymentRoutes(ctx)],
  });
  const bare = Fastify({ logger: false });
  bare.post('/bare', async () => ({ received: true, outcome: 'duplicate' }));
  const product = await server.listen({ host: '127.0.0.1', port: 0 });
  const baseline = await bare.listen({ host: '127.0.0.1', port: 0 });
  process.stdout.write(`${JSON.stringify({ product, baseline })}\n`);
  process.stdin.resume();
  process.stdin.on('end', async () => {
    const payments = await ctx.db.prisma.payment.count();
    process.stdout.write(`${JSON.stringify({ payments })}\n`);
    await server.close();
    await bare.close();
    await ctx.close();
    process.exit(0);
  });
} else {
  const requests = Number(values.requests ?? (FULL ? 30_000 : 6000));
  const connections = Number(values.connections);
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', import.meta.filename, '--serve'], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: child.stdout! })[Symbol.asyncIterator]();
  const { product, baseline } = JSON.parse((await lines.next()).value as string) as Record<string, string>;

  const signed = (body: Record<string, unknown>) => {
    const raw = JSON.stringify(body);
    return {
      body: raw,
      headers: {
        'content-type': 'application/json',
        'x-demo-signature': signDemoWebhook(SECRET, raw, Math.floor(Date.now() / 1000)),
      },
    };
  };
  const distinctBodies = Array.from({ length: requests }, () =>
    signed({
      type: 'payment.failed',
      paymentId: `dp_${randomUUID().replace(/-/g, '')}`,
      pageId: `demo_${randomUUID().replace(/-/g, '')}`,
      linkId: null,
      amount: 150_000,
      currency: 'RUB',
      reason: 'insufficient funds',
    }),
  );
  const replay = signed({
    type: 'payment.succeeded',
    paymentId: 'dp_bench_replayed_payment',
    pageId: 'demo_bench_page',
    linkId: null,
    amount: 150_000,
    currency: 'RUB',
  });

  /** runs autocannon and times it here: its own duration is whole seconds, too coarse for short runs */
  const cannon = async (url: string, bodies: { body: string; headers: Record<string, string> }[]) => {
    let next = 0;
    const started = performance.now();
    const result = await autocannon({
      url,
      connections,
      amount: requests,
      requests: [
        {
          method: 'POST',
          setupRequest: (request) => {
            const chosen = bodies[next++ % bodies.length]!;
            return { ...request, body: chosen.body, headers: chosen.headers };
          },
        },
      ],
    });
    return { result, seconds: (performance.now() - started) / 1000 };
  };
  const summary = ({ result: r, seconds }: { result: autocannon.Result; seconds: number }) => ({
    requests: r.requests.total,
    seconds: round(seconds),
    requestsPerSecond: round(r.requests.total / seconds, 1),
    latencyMs: { p50: r.latency.p50, p90: r.latency.p90, p99: r.latency.p99, max: r.latency.max },
    non2xx: r.non2xx,
    errors: r.errors,
    timeouts: r.timeouts,
  });
  // warm-up (JIT, pool): 500 replays, 5 000 on the bare route
  await autocannon({
    url: `${product}/payments/webhook/demo`,
    connections,
    amount: 500,
    method: 'POST',
    ...replay,
  });
  await autocannon({ url: `${baseline}/bare`, connections, amount: 5000, method: 'POST', ...replay });
  const distinct = summary(await cannon(`${product}/payments/webhook/demo`, distinctBodies));
  const replayed = summary(await cannon(`${product}/payments/webhook/demo`, [replay]));
  const bare = summary(await cannon(`${baseline}/bare`, [replay]));
  child.stdin!.end();
  const { payments } = JSON.parse((await lines.next()).value as string) as { payments: number };

  const distinctRatio = distinct.requestsPerSecond / bare.requestsPerSecond;
  const replayRatio = replayed.requestsPerSecond / bare.requestsPerSecond;
  const result = {
    mode: FULL ? 'full' : 'quick',
    machine: machine(),
    connections,
    distinct: { ...distinct, ratio: round(distinctRatio, 3) },
    replay: { ...replayed, ratio: round(replayRatio, 3) },
    baseline: bare,
    paymentRowsWritten: payments,
    goals: {
      distinctRatio: { goal: '>= 0.3 × bare Fastify', met: distinctRatio >= 0.3 },
      distinctP99: { goal: '<= 50 ms', met: distinct.latencyMs.p99 <= 50 },
      replayRatio: { goal: '>= 0.3 × bare Fastify', met: replayRatio >= 0.3 },
      replayP99: { goal: '<= 50 ms', met: replayed.latencyMs.p99 <= 50 },
      allAnswered2xx: {
        goal: 'no errors, every request 2xx, one row per distinct id',
        met:
          distinct.non2xx + replayed.non2xx + distinct.errors + replayed.errors === 0 &&
          payments === requests + 1,
      },
    },
  };
  writeResult('payment-webhook', result);
  console.log(JSON.stringify(result, null, 2));
  process.exit(0);
}
