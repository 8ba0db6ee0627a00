import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MENU_COMMANDS } from '../../bot/channels/telegram/commands';
import { composeBot } from '../../bot/compose';
import type { DialogEngine } from '../../bot/engine';
import { seedDemo } from '../../prisma/seed';
import { createTestContext, type TestContext } from '../support/context';

let ctx: TestContext;
let engine: DialogEngine;

beforeAll(async () => {
  ctx = await createTestContext();
  await seedDemo(ctx.db.prisma, ctx.pii, ctx.clock.now());
  engine = composeBot(ctx, {}).engine;
});
afterAll(() => ctx?.close());

describe('the Telegram command menu', () => {
  it.each([...MENU_COMMANDS])(
    '/%s does something (the product as composed understands it)',
    async (command) => {
      const ref = { channel: 'telegram' as const, externalId: `menu-${command}` };
      await engine.handle(ref, { type: 'command', command: 'start' });
      const { replies } = await engine.handle(ref, { type: 'command', command });
      const keys = replies.flatMap((reply) => ('text' in reply ? [reply.text.key] : []));
      expect(keys.length).toBeGreaterThan(0);
      expect(keys).not.toContain('not-understood');
    },
  );
});
