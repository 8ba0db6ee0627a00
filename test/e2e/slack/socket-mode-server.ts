/**
 * A local Slack Socket Mode service for tests: the WebSocket end of the URLs that
 * `apps.connections.open` hands out (test/support/slack-api-server.ts, option `socketUrl`), speaking
 * the protocol the way Slack does (docs.slack.dev/apis/events-api/using-socket-mode, and what
 * @slack/socket-mode's SocketModeClient reads and writes):
 *
 * - `ws://127.0.0.1:<port>/link/?ticket=…&app_id=…`, each ticket good for one connection;
 * - on connect, `{"type":"hello","num_connections":…,"debug_info":{…},"connection_info":{"app_id":…}}`
 *   (the client counts itself connected only then);
 * - envelopes pushed to the app: `{envelope_id, type: slash_commands | events_api | interactive,
 *   payload, accepts_response_payload}` (`retry_attempt`, `retry_reason` on events_api);
 * - acks from the app: `{envelope_id, payload?}`, recorded with the time they took;
 * - `{"type":"disconnect","reason":"refresh_requested"}`, which Slack sends before recycling a
 *   connection: the client closes and asks apps.connections.open for a new URL;
 * - pings from the client are answered with pongs (by the WebSocket server).
 */
import { randomBytes, randomUUID } from 'node:crypto';
import websocket from '@fastify/websocket';
import Fastify from 'fastify';
import type { Params } from '../../support/slack-api-server';

/** The part of a `ws` WebSocket used here (the project has no @types/ws). */
interface Socket {
  readonly readyState: number;
  readonly OPEN: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  on(event: 'message', listener: (raw: Buffer | string) => void): void;
  on(event: 'close', listener: (code: number, reason: Buffer) => void): void;
}

export type EnvelopeType = 'slash_commands' | 'events_api' | 'interactive';

export interface SocketConnection {
  ticket: string;
  openedAt: number;
  /** set when the WebSocket closed, with the close code the app sent (1000: a normal close) */
  closedAt: number | null;
  closeCode: number | null;
  /** every text frame the app sent on this connection, parsed */
  received: Params[];
  socket: Socket;
}

export interface SocketAck {
  envelopeId: string;
  type: EnvelopeType;
  /** the ack's payload as sent (Bolt sends `{}` for a bare ack()) */
  payload: Params | undefined;
  /** ms from pushing the envelope to receiving the ack */
  elapsedMs: number;
}

export interface SlackSocketServer {
  appId: string;
  /** a fresh single-use WebSocket URL (what apps.connections.open answers) */
  connectionUrl(): string;
  /** every connection made, oldest first */
  connections: SocketConnection[];
  /** the newest connection while it is open */
  open(): SocketConnection | undefined;
  /** pushes an envelope on the open connection; returns its envelope_id */
  push(type: EnvelopeType, payload: Params, extra?: Params): string;
  acks: SocketAck[];
  /** the ack of an envelope, waiting for it up to `timeoutMs` */
  ackOf(envelopeId: string, timeoutMs?: number): Promise<SocketAck>;
  /** Slack's `disconnect` message on the open connection */
  requestDisconnect(reason?: string): void;
  /** resolves once no connection is open */
  allClosed(timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

async function until<T>(
  probe: () => T | undefined | null | false,
  timeoutMs: number,
  what: string,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`socket-mode-server: ${what} not seen in ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

export async function startSlackSocketServer(options: { appId?: string } = {}): Promise<SlackSocketServer> {
  const appId = options.appId ?? 'A0APP';
  const tickets = new Set<string>();
  const connections: SocketConnection[] = [];
  const pushed = new Map<string, { type: EnvelopeType; at: number }>();
  const acks: SocketAck[] = [];
  let base = '';

  const app = Fastify();
  await app.register(websocket);
  app.route({
    method: 'GET',
    url: '/link/',
    // an unknown or used ticket is refused before the upgrade
    preValidation: async (request, reply) => {
      const ticket = String((request.query as { ticket?: string }).ticket ?? '');
      if (!tickets.delete(ticket)) return reply.code(401).send({ error: 'invalid_ticket' });
      (request as { ticket?: string }).ticket = ticket;
    },
    handler: (_request, reply) => reply.code(426).send({ error: 'upgrade_required' }),
    wsHandler: (socket: Socket, request) => {
      const connection: SocketConnection = {
        ticket: (request as { ticket?: string }).ticket ?? '',
        openedAt: Date.now(),
        closedAt: null,
        closeCode: null,
        received: [],
        socket,
      };
      connections.push(connection);
      socket.on('message', (raw) => {
        let message: Params;
        try {
          message = JSON.parse(raw.toString()) as Params;
        } catch {
          return;
        }
        connection.received.push(message);
        const envelopeId = typeof message.envelope_id === 'string' ? message.envelope_id : '';
        const envelope = pushed.get(envelopeId);
        if (envelope)
          acks.push({
            envelopeId,
            type: envelope.type,
            payload: message.payload as Params | undefined,
            elapsedMs: Date.now() - envelope.at,
          });
      });
      socket.on('close', (code) => {
        connection.closedAt = Date.now();
        connection.closeCode = code;
      });
      socket.send(
        JSON.stringify({
          type: 'hello',
          num_connections: connections.filter((item) => item.closedAt === null).length,
          debug_info: { host: 'applink-local', build_number: 1, approximate_connection_time: 18060 },
          connection_info: { app_id: appId },
        }),
      );
    },
  });
  const address = await app.listen({ host: '127.0.0.1', port: 0 });
  base = address.replace(/^http/, 'ws');

  const open = () => {
    const last = connections.at(-1);
    return last && last.closedAt === null && last.socket.readyState === last.socket.OPEN ? last : undefined;
  };

  return {
    appId,
    connectionUrl() {
      const ticket = randomBytes(12).toString('hex');
      tickets.add(ticket);
      return `${base}/link/?ticket=${ticket}&app_id=${appId}`;
    },
    connections,
    open,
    push(type, payload, extra = {}) {
      const connection = open();
      if (!connection) throw new Error('socket-mode-server: no open connection');
      const envelopeId = randomUUID();
      pushed.set(envelopeId, { type, at: Date.now() });
      connection.socket.send(
        JSON.stringify({
          envelope_id: envelopeId,
          payload,
          type,
          accepts_response_payload: type !== 'events_api',
          ...(type === 'events_api' ? { retry_attempt: 0, retry_reason: '' } : {}),
          ...extra,
        }),
      );
      return envelopeId;
    },
    acks,
    ackOf: (envelopeId, timeoutMs = 5000) =>
      until(() => acks.find((ack) => ack.envelopeId === envelopeId), timeoutMs, `the ack of ${envelopeId}`),
    requestDisconnect(reason = 'refresh_requested') {
      const connection = open();
      if (!connection) throw new Error('socket-mode-server: no open connection');
      connection.socket.send(
        JSON.stringify({ type: 'disconnect', reason, debug_info: { host: 'applink-local' } }),
      );
    },
    allClosed: async (timeoutMs = 5000) => {
      await until(
        () => connections.every((connection) => connection.closedAt !== null),
        timeoutMs,
        'every connection closed',
      );
    },
    close: () => app.close(),
  };
}
