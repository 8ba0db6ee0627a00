import { type ChildProcess, spawn } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort, type ProductProcess, startProduct, waitForStatus } from '../support/product-process';

const running: ProductProcess[] = [];
const servers: ChildProcess[] = [];
afterAll(async () => {
  await Promise.all(running.map((product) => product.stop()));
  for (const server of servers) server.kill('SIGKILL');
});

async function startRedis(port: number): Promise<ChildProcess> {
  const redis = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    {
      stdio: 'ignore',
    },
  );
  servers.push(redis);
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    const ok = await new Promise<boolean>((resolve) => {
      const ping = spawn('redis-cli', ['-p', String(port), 'ping'], { stdio: 'ignore' });
      ping.on('exit', (code) => resolve(code === 0));
    });
    if (ok) return redis;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('test Redis did not start');
}

describe('npm start on the embedded default', () => {
  it('seeds demo data, prints what to try and becomes ready', async () => {
    const product = await startProduct('bot/main.ts', ['--with-workers']);
    running.push(product);
    const ready = await waitForStatus(`${product.url}/readyz`, 200, 90_000);
    expect(await ready.json()).toMatchObject({
      status: 'ready',
      database: { ok: true },
      redis: { ok: true },
    });
    await product.waitForOutput(/LV-100001/);
    expect(product.output()).toContain(`${product.url}/chat`);

    const metrics = await fetch(`${product.url}/metrics`);
    expect(await metrics.text()).toMatch(/queue_jobs\{queue="notify-telegram",state="waiting"\}/);
  });

  it('answers 503 on /readyz and logs why when Redis goes away, 200 when it is back', async () => {
    const redisPort = await freePort();
    let redis = await startRedis(redisPort);
    const product = await startProduct('bot/main.ts', [], { REDIS_URL: `redis://127.0.0.1:${redisPort}` });
    running.push(product);
    await waitForStatus(`${product.url}/readyz`, 200, 90_000);

    redis.kill('SIGKILL');
    const down = await waitForStatus(`${product.url}/readyz`, 503, 20_000);
    expect(await down.json()).toMatchObject({ status: 'unavailable', redis: { ok: false } });
    await product.waitForOutput(/Redis connection lost/);
    await product.waitForOutput(/not ready: a dependency does not answer/);

    redis = await startRedis(redisPort);
    await waitForStatus(`${product.url}/readyz`, 200, 30_000);
  });

  it('refuses to start without Redis and says how to get it', async () => {
    const closedPort = await freePort();
    const product = await startProduct('bot/main.ts', [], { REDIS_URL: `redis://127.0.0.1:${closedPort}` });
    running.push(product);
    expect(await product.exited).not.toBe(0);
    expect(product.output()).toContain('Cannot reach Redis');
    expect(product.output()).toContain('apt-get install redis-server');
  });

  it('stops with one message naming every invalid variable', async () => {
    const product = await startProduct('bot/main.ts', [], { PORT: 'abc', LOG_LEVEL: 'loud' });
    running.push(product);
    expect(await product.exited).toBe(1);
    expect(product.output()).toMatch(/Invalid configuration[\s\S]*PORT[\s\S]*LOG_LEVEL/);
  });
});
