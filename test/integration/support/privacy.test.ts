import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DialogEngine, Input } from '../../../bot/engine';
import { activationFlow } from '../../../bot/flows/activation';
import { DEMO_IINS, demoActivationCode } from '../../../prisma/seed';
import { createDialogTestContext, type DialogTestContext, START } from '../activation/context';

let ctx: DialogTestContext;
let engine: DialogEngine;

beforeAll(async () => {
  ctx = await createDialogTestContext();
  engine = ctx.engine();
});
afterAll(async () => {
  await ctx?.close();
});

const ref = (id: string) => ({ channel: 'telegram' as const, externalId: id });
const send = (id: string, input: Input | string) =>
  engine.handle(ref(id), typeof input === 'string' ? { type: 'text', text: input } : input);

describe('personal data at rest in the dialog', () => {
  it('keeps no plain IIN or activation code in Message rows or Conversation.state', async () => {
    ctx.clock.set(START);
    const iin = DEMO_IINS[0].iin;
    const code = demoActivationCode('LV-100001');
    await send('privacy-1', { type: 'command', command: 'start' });
    await send('privacy-1', { type: 'button', data: 'lang:ru' });
    await send('privacy-1', { type: 'button', data: 'flow:activation' });
    await send('privacy-1', 'LV-100001');
    await send('privacy-1', code);
    await send('privacy-1', `${iin.slice(0, 6)} ${iin.slice(6)}`);
    await send('privacy-1', 'Ахметова Әйгерім Серікқызы');
    const summary = await send('privacy-1', 'aigerim@example.kz');
    // the user still sees the whole IIN once, to check it
    expect(
      ctx.i18n.t(
        'ru',
        'activation-summary',
        (summary.replies[0] as { text: { params: Record<string, string> } }).text.params,
      ),
    ).toContain(`ИИН: ${iin}`);

    const { prisma } = ctx.app.db;
    const conversation = await prisma.conversation.findUniqueOrThrow({
      where: { channel_externalId: { channel: 'telegram', externalId: 'privacy-1' } },
    });
    // mid-flow: the state holds them encrypted only
    const state = JSON.stringify(conversation.state);
    expect(state).not.toContain(iin);
    expect(state).not.toContain(code);
    const data = (conversation.state as { dialog: { data: { iinSealed: string; codeSealed: string } } })
      .dialog.data;
    expect(ctx.app.pii.decrypt(data.iinSealed)).toBe(iin);
    expect(ctx.app.pii.decrypt(data.codeSealed)).toBe(code);

    const done = await send('privacy-1', { type: 'button', data: 'act:confirm' });
    expect(done.replies.map((r) => (r.type === 'text' ? r.text.key : r.type))).toContain('activation-done');

    const messages = await prisma.message.findMany({
      where: { conversationId: conversation.id },
      orderBy: { createdAt: 'asc' },
    });
    const all = JSON.stringify(messages.map((m) => m.payload));
    expect(all).not.toContain(iin);
    expect(all).not.toContain(code);
    expect(all).not.toContain(iin.slice(0, 6)); // the spaced form either
    const typed = messages
      .filter((m) => m.direction === 'in')
      .map((m) => m.payload as { type: string; text?: string })
      .filter((p) => p.type === 'text')
      .map((p) => p.text);
    expect(typed).toEqual([
      'LV-100001',
      '••••••',
      `••••••••${iin.slice(-4)}`,
      'Ахметова Әйгерім Серікқызы',
      'aigerim@example.kz',
    ]);
    expect(all).toContain(`"iin":"••••••••${iin.slice(-4)}"`);
    const after = await prisma.conversation.findUniqueOrThrow({ where: { id: conversation.id } });
    expect(JSON.stringify(after.state)).not.toContain(iin);
  });

  it('a wrong code and a wrong IIN are masked too; v1 states are migrated without their plain values', async () => {
    await send('privacy-2', { type: 'command', command: 'start' });
    await send('privacy-2', { type: 'button', data: 'flow:activation' });
    await send('privacy-2', 'LV-100002');
    await send('privacy-2', '999111');
    const messages = await ctx.app.db.prisma.message.findMany({
      where: { conversation: { externalId: 'privacy-2' } },
    });
    expect(JSON.stringify(messages.map((m) => m.payload))).not.toContain('999111');

    const migrated = activationFlow.migrate!({
      step: 'name',
      version: 1,
      data: {
        policyNumber: 'LV-100002',
        policyId: 'p',
        code: '123456',
        iin: DEMO_IINS[1].iin,
        fullName: 'А Б',
      },
    });
    expect(migrated).toEqual({
      step: 'code',
      data: { policyNumber: 'LV-100002', policyId: 'p', fullName: 'А Б', editing: false },
    });
  });
});
