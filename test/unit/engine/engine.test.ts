import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type AnyFlow,
  type ConversationRef,
  type Flow,
  type HandleResult,
  type Input,
  NAV,
  type Reply,
  say,
} from '../../../bot/engine';
import { activationFlow, statusCommand } from '../../../bot/flows';
import { createDialogTestContext, type DialogTestContext } from '../../integration/activation/context';

/** A small flow with two questions, for the engine's own rules. */
interface ToyData {
  color?: string;
  size?: string;
}
const toyFlow: Flow<ToyData> = {
  name: 'toy',
  version: 2,
  begin: () => ({ kind: 'goto', step: 'color', data: {} }),
  prompt: (_ctx, state) => [say(state.step === 'color' ? 'toy-ask-color' : 'toy-ask-size')],
  async handle(_ctx, state, input) {
    if (input.type !== 'text') return { kind: 'retry', say: [say('toy-text-please')] };
    if (state.step === 'color') {
      if (input.text === 'bad') return { kind: 'retry', say: [say('toy-bad-color')] };
      return { kind: 'goto', step: 'size', data: { ...state.data, color: input.text } };
    }
    return { kind: 'end', say: [say('toy-done', { color: state.data.color ?? '', size: input.text })] };
  },
};

/** Counts every text: for the serialisation test. */
const counterFlow: Flow<{ count: number }> = {
  name: 'counter',
  version: 1,
  begin: () => ({ kind: 'goto', step: 'count', data: { count: 0 } }),
  prompt: () => [],
  async handle(ctx, state) {
    // widen the race window: read, wait, write
    await ctx.tx.$queryRaw`SELECT pg_sleep(0.02)::text AS slept`;
    return { kind: 'goto', step: 'count', data: { count: state.data.count + 1 } };
  },
};

const flows: AnyFlow[] = [toyFlow, counterFlow, activationFlow];

let ctx: DialogTestContext;
let n = 0;
const newRef = (hint?: string): ConversationRef => ({
  channel: 'telegram',
  externalId: `engine-${Date.now()}-${n++}`,
  ...(hint ? { languageHint: hint } : {}),
});
const keys = (result: HandleResult) =>
  result.replies.map((reply) => (reply.type === 'text' ? reply.text.key : reply.type));
const buttonsOf = (reply: Reply | undefined) =>
  reply?.type === 'text' ? (reply.buttons ?? []).flat().map((b) => ('data' in b ? b.data : b.url)) : [];
const text = (t: string): Input => ({ type: 'text', text: t });
const pressed = (data: string): Input => ({ type: 'button', data });
const command = (c: string): Input => ({ type: 'command', command: c });

beforeAll(async () => {
  ctx = await createDialogTestContext();
});
afterAll(async () => {
  await ctx?.close();
});

describe('dialog engine', () => {
  it('greets at first contact with a language choice, then shows the menu in the chosen language', async () => {
    const engine = ctx.engine({ flows });
    const ref = newRef('kk-KZ');
    const first = await engine.handle(ref, command('start'));
    expect(keys(first)).toEqual(['greeting', 'language-choose']);
    expect(first.language).toBe('kk');
    expect(buttonsOf(first.replies[1])).toEqual(['lang:ru', 'lang:kk']);

    const chosen = await engine.handle(ref, pressed('lang:ru'));
    expect(keys(chosen)).toEqual(['language-changed', 'menu-title']);
    expect(chosen.language).toBe('ru');
    expect(buttonsOf(chosen.replies[1])).toEqual([
      'flow:activation',
      'cmd:status',
      'cmd:help',
      'cmd:language',
    ]);
    const row = await ctx.app.db.prisma.conversation.findUniqueOrThrow({
      where: { channel_externalId: { channel: ref.channel, externalId: ref.externalId } },
    });
    expect(row.language).toBe('ru');

    const again = await engine.handle(ref, command('start'));
    expect(keys(again)).toEqual(['greeting', 'menu-title']);
  });

  it('treats a first free-text message as a greeting', async () => {
    const result = await ctx.engine({ flows }).handle(newRef(), text('привет'));
    expect(keys(result)).toEqual(['greeting', 'language-choose']);
  });

  it('answers unknown input outside a flow with the menu and counts misunderstandings (hook)', async () => {
    const seen: number[] = [];
    const engine = ctx.engine({
      flows,
      onMisunderstood: async (info) => {
        seen.push(info.count);
        return info.count >= 3 ? [say('toy-operator')] : undefined;
      },
    });
    const ref = newRef();
    await engine.handle(ref, command('start'));
    expect(keys(await engine.handle(ref, text('абракадабра')))).toEqual(['not-understood', 'menu-title']);
    await engine.handle(ref, text('ещё раз'));
    expect(keys(await engine.handle(ref, pressed('act:confirm')))).toEqual(['toy-operator']);
    expect(seen).toEqual([1, 2, 3]);
    const row = await ctx.app.db.prisma.conversation.findFirstOrThrow({
      where: { externalId: ref.externalId },
    });
    expect(row.misunderstood).toBe(3);
    // an understood input resets the count
    await engine.handle(ref, pressed('flow:toy'));
    const after = await ctx.app.db.prisma.conversation.findFirstOrThrow({
      where: { externalId: ref.externalId },
    });
    expect(after.misunderstood).toBe(0);
  });

  it('runs a flow with back, retry and navigation buttons on every question', async () => {
    const engine = ctx.engine({ flows });
    const ref = newRef();
    await engine.handle(ref, command('start'));
    const started = await engine.handle(ref, pressed('flow:toy'));
    expect(keys(started)).toEqual(['toy-ask-color']);
    // first step: no back, but cancel
    expect(buttonsOf(started.replies[0])).toEqual([NAV.cancel]);

    expect(keys(await engine.handle(ref, text('bad')))).toEqual(['toy-bad-color']);
    const size = await engine.handle(ref, text('red'));
    expect(keys(size)).toEqual(['toy-ask-size']);
    expect(buttonsOf(size.replies[0])).toEqual([NAV.back, NAV.cancel]);

    // "back" as a button or as a word returns to the previous question
    expect(keys(await engine.handle(ref, pressed(NAV.back)))).toEqual(['toy-ask-color']);
    await engine.handle(ref, text('green'));
    expect(keys(await engine.handle(ref, text('Назад')))).toEqual(['toy-ask-color']);
    await engine.handle(ref, text('blue'));
    const done = await engine.handle(ref, text('XL'));
    expect(keys(done)).toEqual(['toy-done', 'menu-title']);
    expect(done.replies[0]).toMatchObject({ text: { params: { color: 'blue', size: 'XL' } } });
  });

  it('a menu button pressed in the middle of a dialog (an older message) starts its flow afresh', async () => {
    const engine = ctx.engine({ flows });
    const ref = newRef();
    await engine.handle(ref, command('start'));
    await engine.handle(ref, pressed('flow:toy'));
    await engine.handle(ref, text('red'));
    expect(keys(await engine.handle(ref, pressed('flow:toy')))).toEqual(['toy-ask-color']);
    expect(keys(await engine.handle(ref, pressed('flow:activation')))[0]).toBe('activation-intro');
  });

  it('/cancel asks for confirmation; "no" resumes, "yes" leaves the flow', async () => {
    const engine = ctx.engine({ flows });
    const ref = newRef();
    await engine.handle(ref, command('start'));
    await engine.handle(ref, pressed('flow:toy'));
    await engine.handle(ref, text('red'));
    const asked = await engine.handle(ref, command('cancel'));
    expect(keys(asked)).toEqual(['cancel-confirm']);
    expect(buttonsOf(asked.replies[0])).toEqual([NAV.cancelYes, NAV.cancelNo]);
    expect(keys(await engine.handle(ref, pressed(NAV.cancelNo)))).toEqual(['toy-ask-size']);
    await engine.handle(ref, pressed(NAV.cancel));
    // typing the label of a button works like pressing it (Telegram reply keyboards, web users)
    expect(keys(await engine.handle(ref, text('да, прервать')))).toEqual(['cancelled', 'menu-title']);
    expect(keys(await engine.handle(ref, command('cancel')))).toEqual(['cancel-nothing', 'menu-title']);
  });

  it('/help, /status and /language work inside a flow and return to its question', async () => {
    const engine = ctx.engine({ flows, commands: { status: statusCommand } });
    const ref = newRef();
    await engine.handle(ref, command('start'));
    await engine.handle(ref, pressed('lang:kk'));
    await engine.handle(ref, pressed('flow:toy'));
    expect(keys(await engine.handle(ref, command('help')))).toEqual(['help', 'toy-ask-color']);
    expect(keys(await engine.handle(ref, text('/status')))).toEqual(['status-none', 'toy-ask-color']);
    expect(keys(await engine.handle(ref, command('language')))).toEqual(['language-choose']);
    const switched = await engine.handle(ref, pressed('lang:ru'));
    expect(keys(switched)).toEqual(['language-changed', 'toy-ask-color']);
    expect(switched.language).toBe('ru');
    expect(keys(await engine.handle(ref, text('red')))).toEqual(['toy-ask-size']);
  });

  it('drops a state saved by another flow version (or garbage) with an apology, never a crash', async () => {
    const engine = ctx.engine({ flows });
    const ref = newRef();
    await engine.handle(ref, command('start'));
    await engine.handle(ref, pressed('flow:toy'));
    const { prisma } = ctx.app.db;
    const row = await prisma.conversation.findFirstOrThrow({ where: { externalId: ref.externalId } });
    await prisma.conversation.update({
      where: { id: row.id },
      data: { state: { dialog: { flow: 'toy', version: 1, step: 'colour', data: { colour: 'red' } } } },
    });
    expect(keys(await engine.handle(ref, text('red')))).toEqual(['flow-outdated', 'menu-title']);
    // a command after the apology still works
    await prisma.conversation.update({
      where: { id: row.id },
      data: { state: { dialog: { flow: 'gone', version: 1, step: 'x', data: {} } } },
    });
    expect(keys(await engine.handle(ref, command('help')))).toEqual(['flow-outdated', 'help', 'menu-title']);
    await prisma.conversation.update({ where: { id: row.id }, data: { state: { dialog: 'garbage' } } });
    expect(keys(await engine.handle(ref, text('x')))).toEqual(['flow-outdated', 'menu-title']);
  });

  it('migrates an old state when the flow knows how', async () => {
    const migrating: Flow<ToyData> = {
      ...toyFlow,
      version: 3,
      migrate: (old) => (old.version === 2 ? { step: old.step, data: old.data as ToyData } : null),
    };
    const ref = newRef();
    const v2 = ctx.engine({ flows: [toyFlow] });
    await v2.handle(ref, command('start'));
    await v2.handle(ref, pressed('flow:toy'));
    await v2.handle(ref, text('red'));
    const v3 = ctx.engine({ flows: [migrating] });
    const done = await v3.handle(ref, text('M'));
    expect(keys(done)).toEqual(['toy-done', 'menu-title']);
    expect(done.replies[0]).toMatchObject({ text: { params: { color: 'red', size: 'M' } } });
  });

  it('continues a dialog in a new engine instance (restart) from the database', async () => {
    const ref = newRef();
    const before = ctx.engine({ flows });
    await before.handle(ref, command('start'));
    await before.handle(ref, pressed('flow:toy'));
    await before.handle(ref, text('red'));
    const after = ctx.engine({ flows });
    expect(keys(await after.handle(ref, text('S')))).toEqual(['toy-done', 'menu-title']);
  });

  it('serialises concurrent updates of one conversation (no lost update)', async () => {
    const engine = ctx.engine({ flows });
    const ref = newRef();
    await engine.handle(ref, command('start'));
    await engine.handle(ref, pressed('flow:counter'));
    const other = ctx.engine({ flows }); // a second "process"
    await Promise.all(
      Array.from({ length: 12 }, (_, i) => (i % 2 ? engine : other).handle(ref, text(`tick ${i}`))),
    );
    const row = await ctx.app.db.prisma.conversation.findFirstOrThrow({
      where: { externalId: ref.externalId },
    });
    expect((row.state as { dialog: { data: { count: number } } }).dialog.data.count).toBe(12);
  });

  it('creates one conversation row under concurrent first contact', async () => {
    const engine = ctx.engine({ flows });
    const ref = newRef();
    const results = await Promise.all(Array.from({ length: 6 }, () => engine.handle(ref, command('start'))));
    expect(new Set(results.map((r) => r.conversationId)).size).toBe(1);
    expect(await ctx.app.db.prisma.conversation.count({ where: { externalId: ref.externalId } })).toBe(1);
  });

  it('saves inbound and outbound messages in order', async () => {
    const engine = ctx.engine({ flows });
    const ref = newRef();
    await engine.handle(ref, command('start'));
    await engine.handle(ref, pressed('lang:ru'));
    await engine.handle(ref, pressed('flow:toy'));
    const row = await ctx.app.db.prisma.conversation.findFirstOrThrow({
      where: { externalId: ref.externalId },
    });
    const messages = await ctx.app.db.prisma.message.findMany({
      where: { conversationId: row.id },
      orderBy: { createdAt: 'asc' },
    });
    expect(messages.map((m) => m.direction)).toEqual(['in', 'out', 'out', 'in', 'out', 'out', 'in', 'out']);
    expect(messages[0]!.payload).toEqual({ type: 'command', command: 'start' });
    expect(messages[1]!.payload).toMatchObject({ reply: { text: { key: 'greeting' } }, language: 'ru' });
    // the clock did not move: timestamps are still strictly increasing
    const times = messages.map((m) => m.createdAt.getTime());
    expect([...times].sort((a, b) => a - b)).toEqual(times);
    expect(new Set(times).size).toBe(times.length);
  });

  it('rolls back a failing step and answers with an apology', async () => {
    const broken: Flow = {
      name: 'broken',
      version: 1,
      begin: () => ({ kind: 'goto', step: 'a', data: {} }),
      prompt: () => [say('toy-ask-color')],
      handle: async (c) => {
        await c.tx.auditLog.create({ data: { actor: 'test', action: 'broken.step' } });
        throw new Error('boom');
      },
    };
    const engine = ctx.engine({ flows: [broken] });
    const ref = newRef();
    await engine.handle(ref, command('start'));
    await engine.handle(ref, pressed('flow:broken'));
    const result = await engine.handle(ref, text('x'));
    expect(keys(result)).toEqual(['error-internal']);
    expect(await ctx.app.db.prisma.auditLog.count({ where: { action: 'broken.step' } })).toBe(0);
    // the state is still the one before the failure
    expect(keys(await engine.handle(ref, command('help')))).toEqual(['help', 'toy-ask-color']);
  });
});
