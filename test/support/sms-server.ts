/**
 * A local SMS gateway speaking the product's HTTP contract (core/integrations/sms.ts): real HTTP on
 * 127.0.0.1, `POST /` with JSON `{to, text}`, answering `{id}`. It captures every request and can
 * be told to fail the next requests (status codes, or hang) to exercise retries.
 *
 *   const sms = await startSmsServer();
 *   env SMS_URL = sms.url
 *   await sms.waitFor((messages) => messages.length > 0);
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface CapturedSms {
  id: string;
  to: string;
  text: string;
  authorization?: string;
  idempotencyKey?: string;
}

export interface SmsServer {
  url: string;
  /** accepted messages, in order */
  messages: CapturedSms[];
  /** every request, accepted or failed */
  requests: number;
  /** answer the next requests with these statuses (0 = never answer: a timeout), then normally */
  failNext(...statuses: number[]): void;
  /** the code of the last SMS to `to` (6 digits in its text) */
  lastCode(to: string): string | undefined;
  waitFor(predicate: (messages: CapturedSms[]) => boolean, timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

async function body(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

export async function startSmsServer(options: { token?: string } = {}): Promise<SmsServer> {
  const messages: CapturedSms[] = [];
  const failures: number[] = [];
  const hanging = new Set<ServerResponse>();
  let requests = 0;
  let next = 1;

  const server = createServer(async (request, response) => {
    requests++;
    const text = await body(request);
    const failure = failures.shift();
    if (failure === 0) {
      hanging.add(response);
      return;
    }
    if (failure !== undefined) {
      response.writeHead(failure, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ error: `failing on purpose with ${failure}` }));
      return;
    }
    if (options.token && request.headers.authorization !== `Bearer ${options.token}`) {
      response.writeHead(401, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ error: 'bad token' }));
      return;
    }
    let parsed: { to?: unknown; text?: unknown };
    try {
      parsed = JSON.parse(text) as { to?: unknown; text?: unknown };
    } catch {
      response.writeHead(400).end();
      return;
    }
    if (typeof parsed.to !== 'string' || typeof parsed.text !== 'string') {
      response.writeHead(422).end();
      return;
    }
    const id = `sms-${next++}`;
    messages.push({
      id,
      to: parsed.to,
      text: parsed.text,
      ...(request.headers.authorization ? { authorization: request.headers.authorization } : {}),
      ...(typeof request.headers['idempotency-key'] === 'string'
        ? { idempotencyKey: request.headers['idempotency-key'] }
        : {}),
    });
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end(JSON.stringify({ id }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}/send`,
    messages,
    get requests() {
      return requests;
    },
    failNext(...statuses) {
      failures.push(...statuses);
    },
    lastCode(to) {
      const sms = [...messages].reverse().find((message) => message.to === to);
      return sms ? /\b(\d{6})\b/.exec(sms.text)?.[1] : undefined;
    },
    async waitFor(predicate, timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      while (!predicate(messages)) {
        if (Date.now() > deadline)
          throw new Error(`SMS not received in ${timeoutMs} ms: ${JSON.stringify(messages)}`);
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
    },
    async close() {
      for (const response of hanging) response.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
