import { createRequire } from 'node:module';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { publishWebchat, pushToWebchat } from '../../../bot/channels/webchat';
import {
  createDialogTestContext,
  type DialogTestContext,
  webchatApp,
} from '../../integration/activation/context';

// `ws` ships no types and the project has no @types/ws: load it untyped.
const WebSocket = createRequire(import.meta.url)('ws');

interface Frame {
  type: string;
  replies?: { text: string; buttons?: { label: string; data?: string }[][] }[];
  language?: string;
  pushed?: boolean;
  error?: string;
}

/** A WebSocket client that queues frames for `next()`. */
function client(url: string) {
  const socket = new WebSocket(url);
  const frames: Frame[] = [];
  const waiting: ((frame: Frame) => void)[] = [];
  let closed: { code: number } | null = null;
  const closeWaiters: ((c: { code: number }) => void)[] = [];
  socket.on('message', (raw: Buffer) => {
    const frame = JSON.parse(String(raw)) as Frame;
    const waiter = waiting.shift();
    if (waiter) waiter(frame);
    else frames.push(frame);
  });
  socket.on('close', (code: number) => {
    closed = { code };
    for (const waiter of closeWaiters) waiter(closed);
  });
  return {
    opened: new Promise<void>((resolve, reject) => {
      socket.once('open', resolve);
      socket.once('error', reject);
    }),
    send: (body: unknown) => socket.send(JSON.stringify(body)),
    next: (timeoutMs = 5000) =>
      new Promise<Frame>((resolve, reject) => {
        const queued = frames.shift();
        if (queued) return resolve(queued);
        const timer = setTimeout(() => reject(new Error('no frame in time')), timeoutMs);
        waiting.push((frame) => {
          clearTimeout(timer);
          resolve(frame);
        });
      }),
    closedWith: () =>
      new Promise<{ code: number }>((resolve) => (closed ? resolve(closed) : closeWaiters.push(resolve))),
    close: () => socket.close(),
  };
}

let ctx: DialogTestContext;
let app: FastifyInstance;
let base: string;

beforeAll(async () => {
  ctx = await createDialogTestContext();
  app = await webchatApp(ctx);
  const address = await app.listen({ port: 0, host: '127.0.0.1' });
  base = address.replace(/^http/, 'ws');
});
afterAll(async () => {
  await app?.close();
  await ctx?.close();
});

async function create(language: 'ru' | 'kk') {
  const response = await app.inject({
    method: 'POST',
    url: '/api/chat/conversations',
    payload: { language },
  });
  return response.json() as { conversationId: string; token: string };
}

describe('web chat WebSocket', () => {
  it('authenticates with the first frame, runs the dialog, and receives pushes from workers', async () => {
    const { conversationId, token } = await create('ru');
    const ws = client(`${base}/api/chat/conversations/${conversationId}/ws`);
    await ws.opened;
    ws.send({ type: 'auth', token });
    expect(await ws.next()).toMatchObject({ type: 'ready', language: 'ru' });

    ws.send({ type: 'command', command: 'start' });
    const greeting = await ws.next();
    expect(greeting.type).toBe('replies');
    expect(greeting.replies![0]!.text).toContain('Здравствуйте!');

    ws.send({ type: 'button', data: 'flow:activation' });
    expect((await ws.next()).replies!.map((r) => r.text).join('\n')).toContain('Введите номер полиса');
    ws.send({ type: 'text', text: 'LV-424242' });
    expect((await ws.next()).replies![0]!.text).toContain('LV-424242 не найден');

    ws.send({ type: 'text' });
    expect(await ws.next()).toMatchObject({ type: 'error', error: 'bad_request' });

    // a worker (another process) pushes a notice: saved in the history and delivered live
    await pushToWebchat(ctx.app, conversationId, [
      {
        type: 'text',
        text: {
          key: 'notify-coverage-started',
          params: { number: 'LV-1', product: 'Личный врач', start: '2026-12-16', end: '2027-12-15' },
        },
      },
    ]);
    const pushed = await ws.next();
    expect(pushed).toMatchObject({ type: 'replies', pushed: true, language: 'ru' });
    expect(pushed.replies![0]!.text).toContain('действует с сегодняшнего дня, 16 декабря 2026 года');
    const history = await app.inject({
      method: 'GET',
      url: `/api/chat/conversations/${conversationId}/history`,
      headers: { authorization: `Bearer ${token}` },
    });
    expect(history.json().messages.at(-1).reply.text).toContain('16 декабря 2026 года');

    // publishWebchat with an explicit language
    await publishWebchat(ctx.app.redis, ctx.prefix, conversationId, {
      language: 'kk',
      replies: [{ type: 'text', text: { key: 'cancel-nothing' } }],
    });
    expect((await ws.next()).replies![0]!.text).toBe('Қазір тоқтататын әрекет жоқ.');
    ws.close();
  });

  it('answers a plain GET of the socket address with 426 and a clear error', async () => {
    const { conversationId } = await create('ru');
    const response = await fetch(
      `${base.replace(/^ws/, 'http')}/api/chat/conversations/${conversationId}/ws`,
    );
    expect(response.status).toBe(426);
    expect(await response.json()).toMatchObject({ error: 'upgrade_required' });
  });

  it('closes unauthenticated sockets (wrong token, unknown conversation)', async () => {
    const { conversationId } = await create('kk');
    const wrong = client(`${base}/api/chat/conversations/${conversationId}/ws`);
    await wrong.opened;
    wrong.send({ type: 'auth', token: 'nope' });
    expect(await wrong.next()).toMatchObject({ type: 'error', error: 'unauthorized' });
    expect((await wrong.closedWith()).code).toBe(4401);

    const early = client(`${base}/api/chat/conversations/${conversationId}/ws`);
    await early.opened;
    early.send({ type: 'text', text: 'hello before auth' });
    expect((await early.closedWith()).code).toBe(4401);
  });

  it('continues the dialog after a reconnect', async () => {
    const { conversationId, token } = await create('kk');
    const first = client(`${base}/api/chat/conversations/${conversationId}/ws`);
    await first.opened;
    first.send({ type: 'auth', token });
    await first.next();
    first.send({ type: 'button', data: 'flow:activation' });
    await first.next();
    first.close();
    await first.closedWith();

    const second = client(`${base}/api/chat/conversations/${conversationId}/ws`);
    await second.opened;
    second.send({ type: 'auth', token });
    await second.next();
    second.send({ type: 'text', text: 'LV-100001' });
    const frame = await second.next();
    expect(frame.language).toBe('kk');
    expect(frame.replies![0]!.text).toContain('LV-100001 полисінің белсендіру кодын енгізіңіз');
    second.close();
  });
});
