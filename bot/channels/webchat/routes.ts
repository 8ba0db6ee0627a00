import { randomUUID } from 'node:crypto';
import websocket from '@fastify/websocket';
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { AppContext } from '../../../core/context';
import type { Input, Reply } from '../../../core/dialog';
import { type I18n, isLanguage, type Language } from '../../../core/i18n';
import { type WebchatPush, webchatChannel } from '../../../core/notify/webchat-push';
import type { Redis } from '../../../core/redis';
import type { DialogEngine } from '../../engine/engine';
import {
  authorizeConversation,
  bearer,
  findWebchatConversation,
  IdParams,
  tokenMatches,
  type WebchatConversation,
  webchatToken,
  webchatTurn,
} from './auth';
import { describeInput, type RenderedReply, renderButton, renderReplies } from './render';
import { webchatUploadRoutes } from './uploads';
import { widgetPage } from './widget';

/**
 * The web chat: a thin HTTP/WebSocket skin over the dialog engine (docs/dialogs.md).
 *
 * Tokens: see ./auth.ts (an HMAC of the conversation id, nothing stored).
 * The conversation's externalId (the engine's session id) is a separate random UUID.
 */
export const MessageBody = z.discriminatedUnion('type', [
  z.object({ type: z.literal('text'), text: z.string().trim().min(1).max(4000) }).strict(),
  z.object({ type: z.literal('button'), data: z.string().min(1).max(200) }).strict(),
  z
    .object({
      type: z.literal('command'),
      command: z
        .string()
        .regex(/^\/?[a-z_]{1,32}$/)
        .transform((command) => command.replace(/^\//, '')),
      args: z.string().max(200).optional(),
    })
    .strict(),
]);
export type MessageBody = z.infer<typeof MessageBody>;

const CreateBody = z
  .object({ language: z.enum(['ru', 'kk']).optional() })
  .strict()
  .optional();

function toInput(body: MessageBody): Input {
  switch (body.type) {
    case 'text':
      return { type: 'text', text: body.text };
    case 'button':
      return { type: 'button', data: body.data };
    case 'command':
      return body.args
        ? { type: 'command', command: body.command, args: body.args }
        : { type: 'command', command: body.command };
  }
}

function badRequest(reply: FastifyReply, error: z.ZodError | string) {
  return reply.code(400).send({
    error: 'bad_request',
    message: typeof error === 'string' ? error : 'invalid body',
    ...(typeof error === 'string'
      ? {}
      : { issues: error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message })) }),
  });
}

/** The part of a `ws` WebSocket used here (the project has no @types/ws). */
interface Socket {
  readonly readyState: number;
  readonly OPEN: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  on(event: 'message', listener: (raw: Buffer | string) => void): void;
  on(event: 'close', listener: () => void): void;
}

export interface WebchatRoutesOptions {
  /** secret of the tokens; default: config.piiKey */
  tokenSecret?: string;
  /** how long a WebSocket may stay unauthenticated (ms); default 10 000 */
  authTimeoutMs?: number;
}

/** Fans Redis pub/sub messages of conversations out to the sockets open on them, in this process. */
class Subscriptions {
  private subscriber: Redis | undefined;
  private readonly sockets = new Map<string, Set<(push: WebchatPush) => void>>();

  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly onError: (error: unknown) => void,
  ) {}

  private connection(): Redis {
    if (!this.subscriber) {
      const subscriber = this.redis.duplicate();
      subscriber.on('error', this.onError);
      subscriber.on('message', (channel: string, message: string) => {
        const listeners = this.sockets.get(channel);
        if (!listeners) return;
        let push: WebchatPush;
        try {
          push = JSON.parse(message) as WebchatPush;
        } catch (error) {
          this.onError(error);
          return;
        }
        for (const listener of listeners) listener(push);
      });
      this.subscriber = subscriber;
    }
    return this.subscriber;
  }

  async add(conversationId: string, listener: (push: WebchatPush) => void): Promise<() => Promise<void>> {
    const channel = webchatChannel(this.prefix, conversationId);
    let listeners = this.sockets.get(channel);
    if (!listeners) {
      listeners = new Set();
      this.sockets.set(channel, listeners);
      await this.connection().subscribe(channel);
    }
    listeners.add(listener);
    return async () => {
      const set = this.sockets.get(channel);
      if (!set) return;
      set.delete(listener);
      if (set.size === 0) {
        this.sockets.delete(channel);
        await this.subscriber?.unsubscribe(channel).catch(this.onError);
      }
    };
  }

  async close(): Promise<void> {
    this.sockets.clear();
    if (this.subscriber) await this.subscriber.quit().catch(() => this.subscriber?.disconnect());
  }
}

/**
 * Routes: POST /api/chat/conversations, POST /api/chat/conversations/:id/messages,
 * GET /api/chat/conversations/:id/history, GET /api/chat/conversations/:id/ws (WebSocket),
 * GET /chat (the widget page).
 */
export function webchatRoutes(
  ctx: AppContext,
  engine: DialogEngine,
  i18n: I18n,
  options: WebchatRoutesOptions = {},
): FastifyPluginAsync {
  const secret = options.tokenSecret ?? ctx.config.piiKey;
  const authTimeoutMs = options.authTimeoutMs ?? 10_000;
  const { prisma } = ctx.db;
  const authorize = (request: FastifyRequest, reply: FastifyReply) =>
    authorizeConversation(ctx, secret, request, reply);
  const turn = (conversation: { externalId: string }, body: MessageBody) =>
    webchatTurn(engine, i18n, conversation, toInput(body));

  return async (app) => {
    if (!app.hasDecorator('websocketServer')) await app.register(websocket);
    const subscriptions = new Subscriptions(ctx.redis, ctx.config.REDIS_PREFIX, (error) =>
      ctx.logger.warn({ err: error }, 'web chat pub/sub problem'),
    );
    app.addHook('onClose', async () => subscriptions.close());
    // POST /api/chat/conversations/:id/files (documents, bot/channels/webchat/uploads.ts)
    await app.register(webchatUploadRoutes(ctx, engine, i18n, { tokenSecret: secret }));

    app.get('/chat', async (request, reply) => {
      const query = request.query as { lang?: string };
      const language: Language = isLanguage(query.lang)
        ? query.lang
        : request.headers['accept-language']?.toLowerCase().startsWith('kk')
          ? 'kk'
          : 'ru';
      return reply
        .type('text/html; charset=utf-8')
        .header('cache-control', 'no-cache')
        .header('x-content-type-options', 'nosniff')
        .send(widgetPage(i18n, language));
    });

    app.post('/api/chat/conversations', async (request, reply) => {
      const body = CreateBody.safeParse(request.body ?? undefined);
      if (!body.success) return badRequest(reply, body.error);
      const language = body.data?.language;
      const opened = await engine.open(
        { channel: 'webchat', externalId: randomUUID() },
        language ? { language } : {},
      );
      return reply.code(201).send({
        conversationId: opened.conversationId,
        token: webchatToken(secret, opened.conversationId),
        language: language ?? null,
      });
    });

    app.post('/api/chat/conversations/:id/messages', async (request, reply) => {
      const conversation = await authorize(request, reply);
      if (!conversation) return reply;
      const body = MessageBody.safeParse(request.body);
      if (!body.success) return badRequest(reply, body.error);
      return turn(conversation, body.data);
    });

    app.get('/api/chat/conversations/:id/history', async (request, reply) => {
      const conversation = await authorize(request, reply);
      if (!conversation) return reply;
      const messages = await prisma.message.findMany({
        where: { conversationId: conversation.id },
        orderBy: { createdAt: 'asc' },
        take: 500,
      });
      const labels = new Map<string, string>();
      const items = messages.map((message) => {
        if (message.direction === 'in') {
          return {
            id: message.id,
            direction: 'in' as const,
            at: message.createdAt.toISOString(),
            text: describeInput(message.payload as unknown as Input, labels),
          };
        }
        const { reply: stored, language } = message.payload as unknown as {
          reply: Reply;
          language: Language;
        };
        const rendered = renderReplies(i18n, language ?? conversation.language ?? 'ru', [stored])[0]!;
        if (stored.type === 'text') {
          for (const button of (stored.buttons ?? []).flat()) {
            if ('data' in button) labels.set(button.data, renderButton(i18n, language, button).label);
          }
        }
        return {
          id: message.id,
          direction: message.direction,
          at: message.createdAt.toISOString(),
          reply: rendered,
        };
      });
      return { conversationId: conversation.id, language: conversation.language, messages: items };
    });

    app.route({
      method: 'GET',
      url: '/api/chat/conversations/:id/ws',
      // a plain GET (no Upgrade header) gets an answer instead of an empty 404
      handler: (_request, reply) =>
        reply
          .code(426)
          .header('upgrade', 'websocket')
          .send({ error: 'upgrade_required', message: 'connect with a WebSocket to receive replies' }),
      wsHandler: (socket: Socket, request) => {
        const params = IdParams.safeParse(request.params);
        const id = params.success ? params.data.id : '';
        let conversation: WebchatConversation | null = null;
        let unsubscribe: (() => Promise<void>) | undefined;
        let queue = Promise.resolve();
        let language: Language = 'ru';

        const send = (message: unknown) => {
          if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(message));
        };
        const fail = (code: number, error: string) => {
          send({ type: 'error', error });
          socket.close(code, error);
        };

        const authenticate = async (token: string | undefined) => {
          if (!params.success || !tokenMatches(secret, id, token)) return fail(4401, 'unauthorized');
          const found = await findWebchatConversation(ctx, id);
          if (!found) return fail(4404, 'not_found');
          conversation = found;
          language = found.language ?? 'ru';
          unsubscribe = await subscriptions.add(found.id, (push) => {
            const lang = push.language ?? language;
            send({
              type: 'replies',
              replies: renderReplies(i18n, lang, push.replies),
              language: lang,
              pushed: true,
              ...(push.direction === 'operator'
                ? { direction: 'operator', operator: push.operator ?? null }
                : {}),
            });
          });
          send({ type: 'ready', conversationId: found.id, language: found.language });
        };

        const timer = setTimeout(() => {
          if (!conversation) fail(4401, 'unauthorized');
        }, authTimeoutMs);

        const headerToken = bearer(request);
        if (headerToken) queue = queue.then(() => authenticate(headerToken));

        socket.on('message', (raw) => {
          queue = queue
            .then(async () => {
              let data: unknown;
              try {
                data = JSON.parse(String(raw));
              } catch {
                return send({ type: 'error', error: 'bad_request', message: 'not JSON' });
              }
              if (!conversation) {
                const auth = z.object({ type: z.literal('auth'), token: z.string() }).safeParse(data);
                if (!auth.success) return fail(4401, 'unauthorized');
                return authenticate(auth.data.token);
              }
              const body = MessageBody.safeParse(data);
              if (!body.success) {
                return send({
                  type: 'error',
                  error: 'bad_request',
                  issues: body.error.issues.map((issue) => ({
                    path: issue.path.join('.'),
                    message: issue.message,
                  })),
                });
              }
              const result: { replies: RenderedReply[]; language: Language } = await turn(
                conversation,
                body.data,
              );
              language = result.language;
              send({ type: 'replies', ...result });
            })
            .catch((error) => {
              ctx.logger.error({ err: error }, 'web chat socket message failed');
              send({ type: 'error', error: 'internal' });
            });
        });
        socket.on('close', () => {
          clearTimeout(timer);
          void queue.then(() => unsubscribe?.());
        });
      },
    });
  };
}
