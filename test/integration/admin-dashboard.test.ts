import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queuesDashboard } from '../../bot/admin/queues-dashboard';
import { buildServer } from '../../bot/server';
import { createMetrics } from '../../core/metrics';
import { createTestContext, type TestContext } from '../support/context';

const TOKEN = 'dashboard-secret-123456';
let ctx: TestContext;
let server: FastifyInstance;

beforeAll(async () => {
  ctx = await createTestContext();
  server = await buildServer(ctx, {
    metrics: createMetrics(ctx.queues),
    plugins: [queuesDashboard(ctx.queues, TOKEN)],
  });
});
afterAll(async () => {
  await server?.close();
  await ctx?.close();
});

const basic = (user: string, password: string) =>
  `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

describe('queue dashboard at /admin/queues', () => {
  it('asks for the back-office login and refuses wrong passwords', async () => {
    const anonymous = await server.inject({ url: '/admin/queues' });
    expect(anonymous.statusCode).toBe(401);
    expect(anonymous.headers['www-authenticate']).toContain('Basic');
    const wrong = await server.inject({
      url: '/admin/queues',
      headers: { authorization: basic('admin', 'guess') },
    });
    expect(wrong.statusCode).toBe(401);
    const api = await server.inject({ url: '/admin/queues/api/queues' });
    expect(api.statusCode).toBe(401);
  });

  it('shows every queue of the product to the admin', async () => {
    const page = await server.inject({
      url: '/admin/queues',
      headers: { authorization: basic('admin', TOKEN) },
    });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toContain('text/html');
    const api = await server.inject({
      url: '/admin/queues/api/queues',
      headers: { authorization: `Bearer ${TOKEN}` },
    });
    expect(api.statusCode).toBe(200);
    const names = (api.json() as { queues: { name: string }[] }).queues.map((queue) => queue.name);
    expect(names).toEqual(
      expect.arrayContaining(['notify-telegram', 'notify-email', 'telemed', 'coverage-start', 'maintenance']),
    );
  });
});
