/**
 * A Bolt Receiver inside the product's one Fastify server (Bolt's HTTPReceiver wants a port of its
 * own). It follows Bolt's documented Receiver interface: `init(app)` keeps the App, start/stop are
 * no-ops (Fastify listens), and every request becomes `app.processEvent({ body, ack, retryNum,
 * retryReason })`.
 *
 * Every request is checked before anything is parsed: `X-Slack-Signature` must be
 * `v0=` HMAC-SHA256(signing secret, `v0:{X-Slack-Request-Timestamp}:{raw body}`) (Bolt's own
 * `isValidSlackRequest` on the raw bytes), and the timestamp within 5 minutes of now in either
 * direction; otherwise 401. Slack's `ssl_check` (no signature, no payload) and `url_verification`
 * are answered here.
 *
 * Slack waits 3 s for the answer: the HTTP response goes out as soon as a listener calls `ack()`
 * (with its body), and the listener goes on working. With `processBeforeResponse` (Bolt's option of
 * the same name, for platforms that freeze the process after the response) the response waits for
 * the listeners. No ack within `ackTimeoutMs` → 404, like Bolt's HTTPReceiver.
 */
import { parse as parseQuery } from 'node:querystring';
import {
  type App,
  isValidSlackRequest,
  type Receiver,
  type ReceiverEvent,
  ReceiverMultipleAckError,
} from '@slack/bolt';
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { Clock } from '../../../core/clock';
import type { Logger } from '../../../core/log/logger';

export const SLACK_PATHS = ['/slack/events', '/slack/commands', '/slack/interactions'] as const;

export interface FastifyReceiverOptions {
  signingSecret: string;
  clock: Clock;
  logger: Logger;
  processBeforeResponse?: boolean;
  /** Slack's limit is 3 s */
  ackTimeoutMs?: number;
  /** requests signed longer ago (or ahead) than this are refused: 300 s, as Slack recommends */
  toleranceSeconds?: number;
  paths?: readonly string[];
}

type Outcome =
  | { kind: 'ack'; body: unknown }
  | { kind: 'done' }
  | { kind: 'error'; error: unknown }
  | { kind: 'timeout' };

const header = (request: FastifyRequest, name: string): string | undefined => {
  const value = request.headers[name];
  return typeof value === 'string' ? value : undefined;
};

export class FastifySlackReceiver implements Receiver {
  private bolt: App | undefined;
  private readonly options: Required<Omit<FastifyReceiverOptions, 'paths'>> & { paths: readonly string[] };

  constructor(options: FastifyReceiverOptions) {
    this.options = {
      processBeforeResponse: false,
      ackTimeoutMs: 3000,
      toleranceSeconds: 300,
      paths: SLACK_PATHS,
      ...options,
    };
  }

  init(app: App): void {
    this.bolt = app;
  }

  start(): Promise<void> {
    return Promise.resolve();
  }

  stop(): Promise<void> {
    return Promise.resolve();
  }

  /** Is this request signed by Slack with our secret, recently? */
  verify(request: FastifyRequest, raw: string): { ok: true } | { ok: false; reason: string } {
    const signature = header(request, 'x-slack-signature');
    const timestamp = header(request, 'x-slack-request-timestamp');
    if (!signature || !timestamp) return { ok: false, reason: 'unsigned' };
    if (!/^\d{1,12}$/.test(timestamp)) return { ok: false, reason: 'bad timestamp' };
    const nowMs = this.options.clock.now().getTime();
    if (Math.abs(nowMs / 1000 - Number(timestamp)) > this.options.toleranceSeconds)
      return { ok: false, reason: 'stale timestamp' };
    const valid = isValidSlackRequest({
      signingSecret: this.options.signingSecret,
      body: raw,
      headers: { 'x-slack-signature': signature, 'x-slack-request-timestamp': Number(timestamp) },
      nowMilliseconds: nowMs,
    });
    return valid ? { ok: true } : { ok: false, reason: 'bad signature' };
  }

  readonly plugin: FastifyPluginAsync = async (app) => {
    // raw bytes for the signature: this plugin's routes only (Fastify encapsulation)
    app.removeAllContentTypeParsers();
    app.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, body, done) => done(null, body));
    for (const path of this.options.paths) app.post(path, (request, reply) => this.handle(request, reply));
  };

  private async handle(request: FastifyRequest, reply: FastifyReply) {
    const { logger } = this.options;
    const raw = Buffer.isBuffer(request.body) ? request.body.toString('utf8') : '';
    const contentType = (header(request, 'content-type') ?? '').split(';')[0]?.trim().toLowerCase();
    const form = contentType === 'application/x-www-form-urlencoded';
    if (form && parseQuery(raw).ssl_check === '1') return reply.code(200).send();

    const verified = this.verify(request, raw);
    if (!verified.ok) {
      logger.warn({ path: request.url, reason: verified.reason }, 'Slack request refused');
      return reply.code(401).send({ error: 'invalid Slack request signature' });
    }

    let body: Record<string, unknown>;
    try {
      if (form) {
        const query = parseQuery(raw);
        body =
          typeof query.payload === 'string'
            ? (JSON.parse(query.payload) as Record<string, unknown>)
            : (query as Record<string, unknown>);
      } else {
        body = JSON.parse(raw) as Record<string, unknown>;
      }
    } catch {
      return reply.code(400).send({ error: 'unreadable body' });
    }
    if (body.type === 'url_verification') return reply.send({ challenge: body.challenge });
    if (!this.bolt) return reply.code(503).send({ error: 'Slack app not initialised' });

    let acked = false;
    let resolveAck: (outcome: Outcome) => void = () => undefined;
    const ackOutcome = new Promise<Outcome>((resolve) => {
      resolveAck = resolve;
    });
    const retryNum = header(request, 'x-slack-retry-num');
    const retryReason = header(request, 'x-slack-retry-reason');
    const event: ReceiverEvent = {
      body,
      ...(retryNum !== undefined ? { retryNum: Number(retryNum) } : {}),
      ...(retryReason !== undefined ? { retryReason } : {}),
      ack: async (response?: unknown) => {
        if (acked) throw new ReceiverMultipleAckError();
        acked = true;
        resolveAck({ kind: 'ack', body: response });
      },
    };
    const processing: Promise<Outcome> = this.bolt.processEvent(event).then(
      () => ({ kind: 'done' }) as const,
      (error: unknown) => ({ kind: 'error', error }) as const,
    );
    processing.then((outcome) => {
      if (outcome.kind === 'error')
        logger.error({ err: outcome.error, path: request.url }, 'Slack listener failed');
    });

    let outcome: Outcome;
    if (this.options.processBeforeResponse) {
      const done = await processing;
      outcome = acked ? await ackOutcome : done;
    } else {
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<Outcome>((resolve) => {
        timer = setTimeout(() => resolve({ kind: 'timeout' }), this.options.ackTimeoutMs);
      });
      outcome = await Promise.race([ackOutcome, processing, timeout]);
      clearTimeout(timer);
      // a listener that finished right after acking: answer with its ack
      if (outcome.kind === 'done' && acked) outcome = await ackOutcome;
    }

    switch (outcome.kind) {
      case 'ack': {
        const response = outcome.body;
        if (response === undefined || response === '') return reply.code(200).send();
        if (typeof response === 'string')
          return reply.code(200).type('text/plain; charset=utf-8').send(response);
        return reply.code(200).send(response);
      }
      case 'error':
        return reply.code(500).send();
      case 'timeout':
        logger.error({ path: request.url }, 'Slack request not acknowledged within 3 s');
        return reply.code(404).send();
      case 'done':
        return reply.code(404).send();
    }
  }
}
