import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DialogEngine } from '../../../bot/engine';
import { takeTicket } from '../../../core/services/support';
import { WebchatClient } from '../../support/webchat-client';
import { createDialogTestContext, type DialogTestContext } from '../activation/context';
import { addOperator, ConsoleClient, supportApp, supportEngine } from './helpers';

let ctx: DialogTestContext;
let engine: DialogEngine;
let app: FastifyInstance;
let anna: { id: string; login: string; displayName: string };
let boris: { id: string; login: string; displayName: string };

beforeAll(async () => {
  ctx = await createDialogTestContext();
  engine = supportEngine(ctx);
  app = await supportApp(ctx, engine);
  anna = await addOperator(ctx, 'anna', 'Анна', 'anna-password-1');
  boris = await addOperator(ctx, 'boris', 'Борис', 'boris-password-1');
});
afterAll(async () => {
  await app?.close();
  await ctx?.close();
});

const ticketOf = (conversationId: string) =>
  ctx.app.db.prisma.supportTicket.findFirstOrThrow({
    where: { conversationId },
    orderBy: { createdAt: 'desc' },
  });
const conversation = (id: string) => ctx.app.db.prisma.conversation.findUniqueOrThrow({ where: { id } });

describe('hand-off to an operator through the web chat and the console', () => {
  it('asks, waits with an estimate, talks to the operator, is handed back to the bot', async () => {
    const user = await WebchatClient.open(app, 'ru');
    await user.post({ type: 'command', command: 'start' });
    const menu = user.replies
      .at(-1)!
      .buttons!.flat()
      .map((b) => b.label);
    expect(menu).toContain('Связаться с оператором');

    await user.say('Позовите оператора, пожалуйста!');
    expect(user.text).toContain('Соединяю с оператором. Примерное время ожидания — 3 минуты.');
    expect(
      user.replies
        .at(-1)!
        .buttons!.flat()
        .map((b) => b.label),
    ).toEqual(['Вернуться к боту']);
    const ticket = await ticketOf(user.id);
    expect(ticket).toMatchObject({ kind: 'chat', status: 'waiting', reason: 'user_request' });
    expect((await conversation(user.id)).handedOff).toBe(true);

    // while handed off the bot says nothing and runs no flow; the operator will read it all
    await user.say('У меня не приходит письмо с паролем');
    expect(user.replies).toEqual([]);
    await user.press('flow:activation');
    expect(user.text).toContain('Сейчас вы в чате с оператором');

    const op = new ConsoleClient(app);
    expect((await op.get('/operator')).statusCode).toBe(303);
    const login = await op.login('anna', 'anna-password-1');
    expect(login.statusCode).toBe(303);
    expect(login.headers.location).toBe('/operator');
    const session = login.cookies.find((c) => c.name === 'ia_operator')!;
    expect(session).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/operator' });

    const queue = await op.get('/operator');
    expect(queue.statusCode).toBe(200);
    expect(queue.body).toContain('Ожидают оператора (<span id="count-waiting">1</span>)');
    expect(queue.body).toContain('У меня не приходит письмо с паролем');
    const live = (await op.get('/operator/api/queue')).json();
    expect(live.counts).toMatchObject({ waiting: 1, mine: 0 });

    const take = await op.post(`/operator/tickets/${ticket.id}/take`, {});
    expect(take.statusCode).toBe(303);
    expect(await ticketOf(user.id)).toMatchObject({ status: 'taken', operatorId: anna.id });
    const page = await op.get(`/operator/tickets/${ticket.id}`);
    expect(page.body).toContain('в работе у Анна');
    expect(page.body).toContain('Позовите оператора, пожалуйста!');
    expect(page.body).toContain('<textarea id="reply"');

    const answered = await op.post(`/operator/tickets/${ticket.id}/reply`, {
      text: 'Здравствуйте! Проверю письмо.',
    });
    expect(answered.headers.location).toBe(`/operator/tickets/${ticket.id}#reply`);
    const history = await user.history();
    const shown = history.filter((m) => m.direction !== 'in').map((m) => `${m.direction}: ${m.reply!.text}`);
    expect(shown.slice(-2)).toEqual([
      'out: Оператор Анна подключился к разговору.',
      'operator: Анна: Здравствуйте! Проверю письмо.',
    ]);

    const back = await op.post(`/operator/tickets/${ticket.id}/return`, {});
    expect(back.headers.location).toBe('/operator');
    expect(await ticketOf(user.id)).toMatchObject({ status: 'returned' });
    expect((await conversation(user.id)).handedOff).toBe(false);
    expect((await user.history()).at(-1)!.reply!.text).toBe(
      'Оператор вернул разговор боту. Чем ещё могу помочь?',
    );
    await user.press('flow:activation');
    expect(user.text).toContain('Введите номер полиса');

    const audit = await ctx.app.db.prisma.auditLog.findMany({ where: { subject: ticket.id } });
    expect(audit.map((row) => row.action).sort()).toEqual(['support.return', 'support.take']);
  });

  it('hands off after two misunderstandings in a row, in Kazakh; /cancel leaves the queue', async () => {
    const user = await WebchatClient.open(app, 'kk');
    await user.post({ type: 'command', command: 'start' });
    await user.say('ммм');
    expect(user.text).toContain('түсінбедім');
    await user.say('бла бла');
    expect(user.text).toContain('әңгімені маманға беремін');
    expect(user.text).toContain('Шамамен күту уақыты');
    expect((await ticketOf(user.id)).reason).toBe('misunderstood');
    await user.post({ type: 'command', command: 'cancel' });
    expect(user.text).toContain('Сіз оператор кезегінен шықтыңыз');
    expect(await ticketOf(user.id)).toMatchObject({ status: 'closed', payload: { closedBy: 'user' } });
    expect((await conversation(user.id)).handedOff).toBe(false);

    await user.say('адам керек');
    expect(user.text).toContain('Операторға қосып жатырмын');
    await user.press('support:leave');
    expect(user.text).toContain('қайтадан ботпен');
  });

  it('the wait estimate follows the median of recent waits and the queue ahead', async () => {
    const { prisma } = ctx.app.db;
    const now = ctx.app.clock.now();
    // 20 recent waits of 10 minutes
    for (let i = 0; i < 20; i++) {
      await prisma.supportTicket.create({
        data: {
          kind: 'chat',
          status: 'closed',
          reason: 'user_request',
          createdAt: new Date(now.getTime() - 3_600_000 - 600_000),
          takenAt: new Date(now.getTime() - 3_600_000),
        },
      });
    }
    const first = await WebchatClient.open(app, 'ru');
    await first.say('оператор');
    expect(first.text).toContain('10 минут');
    ctx.clock.advance(1000);
    const second = await WebchatClient.open(app, 'ru');
    await second.say('живой человек');
    expect(second.text).toContain('15 минут'); // one ahead: 10 + 10 / 2
    for (const user of [first, second]) await user.post({ type: 'command', command: 'cancel' });
  });

  it('refuses a wrong password, a missing CSRF token and a second operator taking the same ticket', async () => {
    const wrong = new ConsoleClient(app);
    const refused = await wrong.login('anna', 'not-her-password');
    expect(refused.statusCode).toBe(401);
    expect(refused.body).toContain('Неверный логин или пароль.');
    expect(wrong.cookies.has('ia_operator')).toBe(false);
    const unknown = await wrong.login('nobody', 'whatever-password');
    expect(unknown.statusCode).toBe(401);

    const noCsrf = new ConsoleClient(app);
    await noCsrf.get('/operator/login');
    const forged = await noCsrf.post(
      '/operator/login',
      { login: 'anna', password: 'anna-password-1' },
      { csrf: false },
    );
    expect(forged.statusCode).toBe(403);
    expect(noCsrf.cookies.has('ia_operator')).toBe(false);

    const user = await WebchatClient.open(app, 'ru');
    await user.press('support:operator');
    const ticket = await ticketOf(user.id);

    const a = new ConsoleClient(app);
    const b = new ConsoleClient(app);
    await a.login('anna', 'anna-password-1');
    await b.login('boris', 'boris-password-1');
    // a logged-in operator without the token is refused too
    const noToken = await a.post(`/operator/tickets/${ticket.id}/take`, {}, { csrf: false });
    expect(noToken.statusCode).toBe(403);
    expect((await ticketOf(user.id)).status).toBe('waiting');

    const [ra, rb] = await Promise.all([
      a.post(`/operator/tickets/${ticket.id}/take`, {}),
      b.post(`/operator/tickets/${ticket.id}/take`, {}),
    ]);
    const locations = [ra.headers.location, rb.headers.location];
    expect(locations.filter((l) => l === `/operator/tickets/${ticket.id}`)).toHaveLength(1);
    expect(locations.filter((l) => String(l).startsWith('/operator?error=taken'))).toHaveLength(1);
    const taken = await ticketOf(user.id);
    expect(taken.status).toBe('taken');
    expect([anna.id, boris.id]).toContain(taken.operatorId);
    expect((await user.history()).filter((m) => m.reply?.text.includes('подключился'))).toHaveLength(1);

    // the loser cannot answer; the service agrees whoever asks
    const loser = taken.operatorId === anna.id ? b : a;
    const denied = await loser.post(`/operator/tickets/${ticket.id}/reply`, { text: 'я тоже тут' });
    expect(denied.headers.location).toContain('error=taken');
    const again = await takeTicket(ctx.app, ticket.id, taken.operatorId === anna.id ? boris : anna);
    expect(again).toMatchObject({ ok: false, reason: 'taken' });

    // many at once through the service: still one winner
    const other = await WebchatClient.open(app, 'ru');
    await other.say('оператор');
    const race = await ticketOf(other.id);
    const racers = Array.from({ length: 6 }, (_, i) => (i % 2 ? anna : boris));
    const results = await Promise.all(racers.map((who) => takeTicket(ctx.app, race.id, who)));
    const winners = new Set(racers.filter((_, i) => results[i]!.ok).map((who) => who.id));
    expect(winners.size).toBe(1);
    expect((await ticketOf(other.id)).operatorId).toBe([...winners][0]);
    expect(results.filter((r) => !r.ok).every((r) => !r.ok && r.reason === 'taken')).toBe(true);
  });

  it('lists call tasks and SOS callbacks apart and marks them done; closes a chat', async () => {
    const { prisma } = ctx.app.db;
    const task = await prisma.supportTicket.create({
      data: { kind: 'call_task', reason: 'overdue_bill', payload: { phone: '+77011234567', bill: 'B-1' } },
    });
    const sos = await prisma.supportTicket.create({ data: { kind: 'sos', reason: 'sos', payload: {} } });
    const op = new ConsoleClient(app);
    await op.login('anna', 'anna-password-1');
    const live = (await op.get('/operator/api/queue')).json();
    expect(live.counts.tasks).toBeGreaterThanOrEqual(2);
    expect(live.html.tasks).toContain('+77011234567');
    expect(live.html.tasks).toContain('звонок');
    expect(live.html.tasks).toContain('SOS');
    expect((await op.post(`/operator/tickets/${task.id}/done`, {})).headers.location).toBe('/operator');
    expect(await prisma.supportTicket.findUniqueOrThrow({ where: { id: task.id } })).toMatchObject({
      status: 'closed',
      operatorId: anna.id,
    });
    expect((await op.get('/operator/api/queue')).json().html.tasks).not.toContain('+77011234567');
    await op.post(`/operator/tickets/${sos.id}/done`, {});

    const user = await WebchatClient.open(app, 'ru');
    await user.say('оператор');
    const ticket = await ticketOf(user.id);
    await op.post(`/operator/tickets/${ticket.id}/take`, {});
    await op.post(`/operator/tickets/${ticket.id}/close`, {});
    expect(await ticketOf(user.id)).toMatchObject({ status: 'closed' });
    expect((await user.history()).at(-1)!.reply!.text).toContain('Оператор завершил разговор');
    ctx.clock.advance(1000);
    await user.say('оператор');
    expect((await ticketOf(user.id)).id).not.toBe(ticket.id);

    const out = await op.post('/operator/logout', {});
    expect(out.statusCode).toBe(303);
    expect((await op.get('/operator')).statusCode).toBe(303);
  });
});
