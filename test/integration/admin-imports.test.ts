import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IMPORTS_PATH, importsPage } from '../../bot/admin/imports';
import { buildServer } from '../../bot/server';
import { createI18n } from '../../core/i18n';
import { createMetrics } from '../../core/metrics';
import { seedDemo } from '../../prisma/seed';
import { createTestContext, type TestContext } from '../support/context';

const TOKEN = 'imports-secret-1234567';
const auth = { authorization: `Basic ${Buffer.from(`admin:${TOKEN}`).toString('base64')}` };
let ctx: TestContext;
let server: FastifyInstance;

beforeAll(async () => {
  ctx = await createTestContext();
  await seedDemo(ctx.db.prisma, ctx.pii, ctx.clock.now());
  const plugins = [importsPage(ctx, createI18n({ strict: true }), TOKEN)];
  server = await buildServer(ctx, { metrics: createMetrics(ctx.queues), plugins });
  await server.listen({ host: '127.0.0.1', port: 0 });
});
afterAll(async () => {
  await server?.close();
  await ctx?.close();
});

const url = () => `http://127.0.0.1:${(server.server.address() as { port: number }).port}${IMPORTS_PATH}`;

function upload(
  kind: string,
  fileName: string,
  content: string,
  extra: Record<string, string> = {},
  headers = {},
) {
  const form = new FormData();
  form.set('kind', kind);
  for (const [name, value] of Object.entries(extra)) form.set(name, value);
  form.set('file', new Blob([content], { type: 'text/csv' }), fileName);
  return fetch(url(), { method: 'POST', body: form, headers: { ...auth, ...headers } });
}

describe('back-office import page', () => {
  it('needs the back-office login', async () => {
    expect((await fetch(url())).status).toBe(401);
    const page = await fetch(url(), { headers: auth });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('Импорт файлов');
  });

  it('imports a policies file and reports what it did; the same file again adds nothing', async () => {
    const csv = 'policy_number,product_code,activation_code\nLV-700001,personal_doctor,123456\n';
    const first = await upload('policies', 'policies.csv', csv);
    expect(first.status).toBe(200);
    expect(await first.text()).toContain('1 new, 0 already present');
    const again = await upload('policies', 'policies.csv', csv);
    expect(await again.text()).toContain('0 new, 1 already present');
    expect(await ctx.db.prisma.policy.count({ where: { number: 'LV-700001' } })).toBe(1);
  });

  it('refuses a bad roster with line-level reasons and writes nothing', async () => {
    const before = await ctx.db.prisma.rosterEntry.count();
    const csv = 'employee_number,full_name,birth_date,phone\nT-100,Иванов Иван,1990-02-30,+77011234567\n';
    const response = await upload('roster', 'roster.csv', csv, { employer: 'demo-factory' });
    expect(response.status).toBe(422);
    const text = await response.text();
    expect(text).toContain('Не импортировано');
    expect(text).toMatch(/line 2, birth_date/);
    expect(await ctx.db.prisma.rosterEntry.count()).toBe(before);
  });

  it('refuses a form posted from another site', async () => {
    const csv = 'policy_number,product_code,activation_code\nLV-700002,personal_doctor,123456\n';
    const response = await upload('policies', 'p.csv', csv, {}, { origin: 'https://evil.example' });
    expect(response.status).toBe(403);
    expect(await ctx.db.prisma.policy.count({ where: { number: 'LV-700002' } })).toBe(0);
  });
});
