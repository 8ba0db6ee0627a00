/**
 * fuzz: 10 000 fast-check inputs against every parser (IIN, phone, money, dates, names, policy
 * numbers, e-mail, commands, the CSV imports of policies, roster and invoices — the last ones through
 * the real services on a fresh database) and every HTTP route the server registers (collected with
 * an onRoute hook: web chat API, widget, Telegram webhook, payment webhooks and /pay pages,
 * back-office endpoints, operator console, dev mail/SMS, queue dashboard, health, metrics…).
 * Expected: no crash (a parser never throws), no 5xx, each 4xx a JSON body naming the error or an
 * HTML page.
 */
import { Readable } from 'node:stream';
import fc from 'fast-check';
import type { FastifyPluginAsync } from 'fastify';
import { backofficeInvoicesRoutes } from '../../bot/backoffice/invoices';
import { parseCommand, SECRET_HEADER } from '../../bot/channels/telegram';
import { composeBot } from '../../bot/compose';
import { validateFullName } from '../../bot/flows/validators';
import { paymentRoutes } from '../../bot/payments/routes';
import { buildServer } from '../../bot/server';
import { streamCsv } from '../../core/csv';
import { validateIin } from '../../core/domain/iin';
import { parseLocalDate } from '../../core/domain/local-date';
import { parseMoney } from '../../core/domain/money';
import { parsePhone } from '../../core/domain/phone';
import { signDemoWebhook } from '../../core/integrations/payments/demo';
import { createMetrics } from '../../core/metrics';
import { isValidEmail, normalizePolicyNumber } from '../../core/services/activation';
import { parseDayInput } from '../../core/services/day-input';
import {
  INVOICE_COLUMNS,
  importInvoices,
  normalizePatient,
  parseServiceDate,
} from '../../core/services/invoices-import';
import { importPolicies, parsePoliciesCsv } from '../../core/services/policies-import';
import { importRoster, parseRosterCsv } from '../../core/services/roster-import';
import { seedDemo } from '../../prisma/seed';
import { startBotApiServer } from '../../test/support/bot-api-server';
import { createTestContext } from '../../test/support/context';
import { check, type DrillReport } from './common';

const ADMIN = 'fuzz-admin-token-0123456789';
const TG_SECRET = 'fuzz-telegram-secret-0123456789';
const PAY_SECRET = 'fuzz-demo-webhook-secret-0123456789';
const SEED = 20261122;

// --- input shapes ---------------------------------------------------------------------------
const digits = (min: number, max: number) =>
  fc.array(fc.constantFrom(...'0123456789'), { minLength: min, maxLength: max }).map((a) => a.join(''));
const nasty = fc.constantFrom(
  '',
  ' ',
  '\u0000',
  '\uFEFF',
  '💥',
  '٣٤٥',
  '１２３',
  'NaN',
  'Infinity',
  '-0',
  '1e308',
  '9'.repeat(400),
  '0x1F',
  '<script>alert(1)</script>',
  '\'; DROP TABLE "Policy"; --',
  '../../etc/passwd',
  '%00',
  '\r\n\r\n',
  '"',
  ';;;',
  'ә ғ қ ң ө ұ ү һ і',
);
const text = fc.oneof(
  fc.string({ maxLength: 60 }),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  digits(0, 20),
  nasty,
  fc.tuple(digits(1, 6), fc.constantFrom(' ', ',', '.', ' ', '-', '/'), digits(0, 6)).map((t) => t.join('')),
);
const csvCell = fc.oneof(
  text,
  digits(1, 12),
  fc.constantFrom('2026-10-01', '01.10.2026', '31.02.2026', 'LV-100001'),
);
const csvText = (header: string) =>
  fc
    .tuple(
      fc.oneof(
        fc.constant(header),
        text,
        fc.constant(header.replace(/,/g, ';')),
        fc.constant(`\uFEFF${header}`),
      ),
      fc.array(fc.array(csvCell, { minLength: 0, maxLength: 9 }), { maxLength: 6 }),
      fc.constantFrom(',', ';', '\t'),
      fc.constantFrom('\n', '\r\n', '\r'),
    )
    .map(([head, rows, sep, eol]) =>
      [head, ...rows.map((row) => row.map((c) => (Math.random() < 0.2 ? `"${c}"` : c)).join(sep))].join(eol),
    );

interface Failure {
  target: string;
  input: string;
  problem: string;
}

export async function fuzz(): Promise<DrillReport> {
  const started = performance.now();
  const failures: Failure[] = [];
  const counts: Record<string, number> = {};
  const note = (target: string) => {
    counts[target] = (counts[target] ?? 0) + 1;
  };
  const show = (value: unknown) => JSON.stringify(value)?.slice(0, 300) ?? String(value);

  // --- pure parsers: 6 000 inputs
  const parsers: Array<[string, (s: string) => unknown]> = [
    ['validateIin', validateIin],
    ['parsePhone', parsePhone],
    ['parseMoney KZT', (s) => parseMoney(s, 'KZT')],
    ['parseMoney RUB', (s) => parseMoney(s, 'RUB')],
    ['parseLocalDate', parseLocalDate],
    ['parseDayInput', parseDayInput],
    ['parseServiceDate', parseServiceDate],
    ['normalizePatient', normalizePatient],
    ['validateFullName', validateFullName],
    ['normalizePolicyNumber', normalizePolicyNumber],
    ['isValidEmail', isValidEmail],
    ['parseCommand', (s) => parseCommand(s, 'test_assistant_bot')],
  ];
  fc.assert(
    fc.property(fc.constantFrom(...parsers), text, ([name, parse], input) => {
      note(`parser ${name}`);
      try {
        parse(input);
      } catch (error) {
        failures.push({ target: name, input: show(input), problem: `threw ${(error as Error).message}` });
      }
    }),
    { numRuns: 5000, seed: SEED },
  );
  const csvParsers: Array<[string, string, (s: string | Uint8Array) => unknown]> = [
    ['parsePoliciesCsv', 'policy_number,product_code,activation_code', (s) => parsePoliciesCsv(s)],
    [
      'parseRosterCsv',
      'employee_number,full_name,birth_date,phone,policy_number',
      (s) => parseRosterCsv(s, '2026-11-22' as never),
    ],
  ];
  for (const [name, header, parse] of csvParsers) {
    fc.assert(
      fc.property(csvText(header), (input) => {
        note(`csv ${name}`);
        try {
          parse(input);
          parse(Buffer.from(input, 'latin1'));
        } catch (error) {
          failures.push({ target: name, input: show(input), problem: `threw ${(error as Error).message}` });
        }
      }),
      { numRuns: 500, seed: SEED },
    );
  }

  // --- services with a database and the HTTP server
  const api = await startBotApiServer();
  const ctx = await createTestContext({
    env: {
      ADMIN_TOKEN: ADMIN,
      TELEGRAM_BOT_TOKEN: api.token,
      TELEGRAM_API_ROOT: api.apiRoot,
      TELEGRAM_MODE: 'webhook',
      TELEGRAM_WEBHOOK_SECRET: TG_SECRET,
      PUBLIC_URL: 'http://127.0.0.1:3000',
      PAYMENT_PROVIDER: 'demo',
      PAYMENT_DEMO_SECRET: PAY_SECRET,
      LOG_LEVEL: 'silent',
    },
  });
  const routes: { method: string; url: string }[] = [];
  try {
    const now = ctx.clock.now();
    await seedDemo(ctx.db.prisma, ctx.pii, now);

    // CSV imports through the real services (all-or-nothing; a refusal is a report, not a throw): 1 000
    const imports: Array<[string, string, (s: string) => Promise<unknown>, number]> = [
      [
        'importPolicies',
        'policy_number,product_code,activation_code',
        (s) => importPolicies(ctx.db.prisma, ctx.pii, s, now),
        300,
      ],
      [
        'importRoster',
        'employee_number,full_name,birth_date,phone,policy_number',
        (s) => importRoster(ctx.db.prisma, 'alfa-demo', s, now),
        300,
      ],
      [
        'importInvoices',
        'invoice_number,clinic_code,patient,service_date,service_name,quantity,unit_cost',
        (s) =>
          importInvoices(
            ctx.db.prisma,
            ctx.pii,
            {
              name: 'csv:fuzz.csv',
              records: () => streamCsv(Readable.from([Buffer.from(s, 'utf8')]), INVOICE_COLUMNS),
            },
            { now },
          ),
        400,
      ],
    ];
    for (const [name, header, run, runs] of imports) {
      await fc.assert(
        fc.asyncProperty(csvText(header), async (input) => {
          note(`import ${name}`);
          try {
            await run(input);
          } catch (error) {
            failures.push({
              target: name,
              input: show(input),
              problem: `threw ${(error as Error).message.slice(0, 200)}`,
            });
          }
        }),
        { numRuns: runs, seed: SEED },
      );
    }

    // every route the product registers
    const collect: FastifyPluginAsync = async (app) => {
      app.addHook('onRoute', (route) => {
        for (const method of [route.method].flat()) {
          if (method === 'HEAD' || method === 'OPTIONS') continue;
          if (!routes.some((r) => r.method === method && r.url === route.url))
            routes.push({ method, url: route.url });
        }
      });
    };
    (collect as unknown as Record<symbol, boolean>)[Symbol.for('skip-override')] = true;
    const bot = composeBot(ctx, { adminToken: ADMIN });
    const build = (extra: FastifyPluginAsync[]) =>
      buildServer(ctx, { metrics: createMetrics(ctx.queues), plugins: [collect, ...bot.plugins, ...extra] });
    let server = await build([]);
    await server.ready();
    // the payment and back-office routes, where the composition does not register them (yet)
    const extra: FastifyPluginAsync[] = [];
    if (!routes.some((r) => r.url === '/payments/webhook/:provider'))
      extra.push(paymentRoutes(ctx, { i18n: bot.i18n }));
    if (!routes.some((r) => r.url === '/api/backoffice/invoices'))
      extra.push(backofficeInvoicesRoutes(ctx, ADMIN));
    if (extra.length > 0) {
      await server.close();
      routes.length = 0;
      server = await build(extra);
    }
    await server.ready();
    const conversation = (await (
      await server.inject({ method: 'POST', url: '/api/chat/conversations', payload: { language: 'ru' } })
    ).json()) as { conversationId: string; token: string };

    const uuid = fc.uuid();
    const param = fc.oneof(
      uuid,
      fc.constant(conversation.conversationId),
      text.map((s) => encodeURIComponent(s) || 'x'),
      digits(1, 30),
      fc.stringMatching(/^demo_[0-9a-f]{32}$/),
      fc.constantFrom('demo', 'cloudpayments', 'unknown'),
    );
    const auth = fc.constantFrom(
      {},
      { authorization: `Bearer ${ADMIN}` },
      { authorization: `Bearer ${conversation.token}` },
      { authorization: `Basic ${Buffer.from(`admin:${ADMIN}`).toString('base64')}` },
      { authorization: 'Bearer wrong' },
      { authorization: '💥' },
      { [SECRET_HEADER]: TG_SECRET },
      { [SECRET_HEADER]: 'wrong-secret' },
    );
    const jsonValue = fc.oneof(
      fc.jsonValue({ maxDepth: 3 }),
      fc.record(
        { type: fc.constantFrom('text', 'button', 'command', 'x'), text, data: text, command: text },
        { requiredKeys: [] },
      ),
      fc.record(
        {
          update_id: fc.integer(),
          message: fc.record(
            {
              message_id: fc.integer(),
              date: fc.integer(),
              chat: fc.record({
                id: fc.integer({ min: -1e12, max: 1e12 }),
                type: fc.constantFrom('private', 'group', 'x'),
              }),
              from: fc.record({
                id: fc.integer(),
                is_bot: fc.boolean(),
                first_name: text,
                language_code: text,
              }),
              text,
              contact: fc.record(
                { phone_number: text, first_name: text, user_id: fc.integer() },
                { requiredKeys: [] },
              ),
            },
            { requiredKeys: ['chat'] },
          ),
          callback_query: fc.record(
            {
              id: text,
              data: text,
              from: fc.record({ id: fc.integer(), is_bot: fc.boolean(), first_name: text }),
            },
            { requiredKeys: [] },
          ),
        },
        { requiredKeys: [] },
      ),
      fc.record(
        {
          type: fc.constantFrom('payment.succeeded', 'payment.failed', 'x'),
          paymentId: text,
          pageId: text,
          linkId: fc.oneof(fc.constant(null), uuid, text),
          amount: fc.oneof(fc.integer(), fc.double(), text),
          currency: fc.constantFrom('RUB', 'KZT', 'X', ''),
        },
        { requiredKeys: [] },
      ),
      fc.record(
        { invoices: fc.array(fc.jsonValue({ maxDepth: 3 }), { maxLength: 3 }), issue: fc.boolean() },
        { requiredKeys: [] },
      ),
    );
    const body = fc.oneof(
      jsonValue.map((v) => ({ payload: JSON.stringify(v), type: 'application/json', signed: true })),
      jsonValue.map((v) => ({ payload: JSON.stringify(v), type: 'application/json', signed: false })),
      text.map((s) => ({ payload: s, type: 'application/json', signed: false })),
      text.map((s) => ({ payload: s, type: 'text/plain', signed: false })),
      text.map((s) => ({
        payload: `a=${encodeURIComponent(s)}&text=${s}`,
        type: 'application/x-www-form-urlencoded',
        signed: false,
      })),
      text.map((s) => ({
        payload: `--b\r\nContent-Disposition: form-data; name="file"; filename="x.csv"\r\n\r\n${s}\r\n--b--\r\n`,
        type: 'multipart/form-data; boundary=b',
        signed: false,
      })),
      fc.constant({ payload: '', type: 'application/json', signed: false }),
    );
    const query = fc.oneof(
      fc.constant(''),
      text.map((s) => `?lang=${encodeURIComponent(s)}&result=${encodeURIComponent(s)}`),
    );

    let httpCount = 0;
    const statuses: Record<string, number> = {};
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...routes),
        fc.array(param, { minLength: 4, maxLength: 4 }),
        auth,
        body,
        query,
        async (route, params, headers, sent, q) => {
          let i = 0;
          const url = route.url.replace(/:[A-Za-z]+|\*/g, () => params[i++ % params.length]!) + q;
          const extra: Record<string, string> = { ...headers };
          if (sent.signed && route.url.startsWith('/payments/webhook'))
            extra['x-demo-signature'] = signDemoWebhook(
              PAY_SECRET,
              sent.payload,
              Math.floor(Date.now() / 1000),
            );
          const hasBody = route.method !== 'GET' && route.method !== 'DELETE';
          const response = await server.inject({
            method: route.method as 'GET',
            url,
            headers: { ...extra, ...(hasBody ? { 'content-type': sent.type } : {}) },
            ...(hasBody ? { payload: sent.payload } : {}),
          });
          httpCount++;
          note(`http ${route.method} ${route.url}`);
          statuses[response.statusCode] = (statuses[response.statusCode] ?? 0) + 1;
          const type = String(response.headers['content-type'] ?? '');
          const where = `${route.method} ${url.slice(0, 120)}`;
          if (response.statusCode >= 500) {
            failures.push({
              target: where,
              input: show(sent.payload),
              problem: `${response.statusCode} ${response.body.slice(0, 200)}`,
            });
          } else if (response.statusCode >= 400) {
            let clear = type.includes('text/html');
            if (type.includes('application/json')) {
              try {
                const json = response.json() as Record<string, unknown>;
                // a string, or an error object such as the queue dashboard's {error: {key}}
                clear =
                  ['string', 'object'].includes(typeof json.error) ||
                  typeof (json.message ?? json.description) === 'string' ||
                  json.ok === false;
              } catch {
                clear = false;
              }
            }
            if (!clear)
              failures.push({
                target: where,
                input: show(sent.payload),
                problem: `${response.statusCode} without an error JSON or page: ${type} ${response.body.slice(0, 120)}`,
              });
          }
        },
      ),
      { numRuns: 3000, seed: SEED },
    );
    await server.close();

    const total = Object.values(counts).reduce((a, b) => a + b, 0);
    const byTarget = new Map<string, Failure[]>();
    for (const failure of failures)
      byTarget.set(
        failure.target.replace(/ \/.*$/, (m) => m.slice(0, 60)),
        [...(byTarget.get(failure.target) ?? []), failure],
      );
    const crashes = failures.filter((f) => f.problem.startsWith('threw'));
    const fiveHundreds = failures.filter((f) => /^5\d\d /.test(f.problem));
    const unclear = failures.filter((f) => /without an error JSON/.test(f.problem));
    const sample = (list: Failure[]) =>
      list
        .slice(0, 4)
        .map((f) => `${f.target} ← ${f.input.slice(0, 80)}: ${f.problem.slice(0, 160)}`)
        .join(' | ') || 'none';
    return {
      drill: 'fuzz',
      ok: failures.length === 0 && total >= 10_000,
      seconds: Math.round((performance.now() - started) / 1000),
      checks: [
        check('inputs', '≥ 10 000', total, total >= 10_000),
        check(
          'parser and import crashes',
          '0',
          `${crashes.length}: ${sample(crashes)}`,
          crashes.length === 0,
        ),
        check('HTTP 5xx', '0', `${fiveHundreds.length}: ${sample(fiveHundreds)}`, fiveHundreds.length === 0),
        check('unclear 4xx', '0', `${unclear.length}: ${sample(unclear)}`, unclear.length === 0),
      ],
      notes: [
        `${routes.length} routes: ${routes.map((r) => `${r.method} ${r.url}`).join(', ')}`,
        `${httpCount} HTTP requests, statuses ${Object.entries(statuses)
          .map(([s, n]) => `${s}: ${n}`)
          .join(', ')}`,
      ],
      details: { counts, failures: failures.slice(0, 50) },
    };
  } finally {
    await api.close();
    await ctx.close();
  }
}
