import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { expect } from 'vitest';
import type { RenderedReply } from '../../bot/channels/webchat';

/**
 * A web chat user over the HTTP API (bot/channels/webchat): opens a conversation, keeps its token,
 * sends messages and files, reads the history. The same client talks to a Fastify app in the test
 * (inject) or to a running product (fetch, `open('http://127.0.0.1:…')`).
 */
export interface ChatRequest {
  method: 'GET' | 'POST';
  url: string;
  headers?: Record<string, string>;
  payload?: string | Buffer;
}

export type ChatTransport = (request: ChatRequest) => Promise<{ status: number; body: string }>;

export function injectTransport(app: FastifyInstance): ChatTransport {
  return async (request) => {
    const response = await app.inject(request);
    return { status: response.statusCode, body: response.body };
  };
}

export function fetchTransport(baseUrl: string): ChatTransport {
  return async (request) => {
    const response = await fetch(`${baseUrl}${request.url}`, {
      method: request.method,
      headers: request.headers,
      body: request.payload,
    });
    return { status: response.status, body: await response.text() };
  };
}

export type ShownButton = { label: string; data?: string; url?: string };

export interface HistoryItem {
  direction: string;
  text?: string;
  reply?: RenderedReply;
}

export class WebchatClient {
  id = '';
  token = '';
  /** replies of the last message or upload */
  replies: RenderedReply[] = [];
  language = '';
  /** status and body of the last upload */
  status = 0;
  body: Record<string, unknown> = {};

  constructor(private readonly transport: ChatTransport) {}

  /** Opens a conversation (POST /api/chat/conversations), in `language` when given. */
  static async open(target: FastifyInstance | string, language?: 'ru' | 'kk'): Promise<WebchatClient> {
    const client = new WebchatClient(
      typeof target === 'string' ? fetchTransport(target) : injectTransport(target),
    );
    const response = await client.transport({
      method: 'POST',
      url: '/api/chat/conversations',
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify(language ? { language } : {}),
    });
    expect(response.status).toBe(201);
    const body = JSON.parse(response.body);
    client.id = body.conversationId;
    client.token = body.token;
    return client;
  }

  private get auth() {
    return { authorization: `Bearer ${this.token}` };
  }

  /** Sends one message body; the answer must be 200. */
  async post(body: object) {
    const response = await this.transport({
      method: 'POST',
      url: `/api/chat/conversations/${this.id}/messages`,
      headers: { ...this.auth, 'content-type': 'application/json' },
      payload: JSON.stringify(body),
    });
    expect(response.status, response.body).toBe(200);
    const json = JSON.parse(response.body);
    this.replies = json.replies;
    this.language = json.language;
    return this;
  }
  say(text: string) {
    return this.post({ type: 'text', text });
  }
  press(data: string) {
    return this.post({ type: 'button', data });
  }
  command(command: string) {
    return this.post({ type: 'command', command });
  }

  /** Uploads one file (POST …/files, multipart); any status is kept in `status` and `body`. */
  async upload(fileName: string, contentType: string, bytes: Buffer) {
    const boundary = `----webchat${randomBytes(6).toString('hex')}`;
    const payload = Buffer.concat([
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${fileName}"\r\nContent-Type: ${contentType}\r\n\r\n`,
      ),
      bytes,
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    const response = await this.transport({
      method: 'POST',
      url: `/api/chat/conversations/${this.id}/files`,
      headers: { ...this.auth, 'content-type': `multipart/form-data; boundary=${boundary}` },
      payload,
    });
    this.status = response.status;
    this.body = JSON.parse(response.body);
    this.replies = (this.body.replies as RenderedReply[] | undefined) ?? [];
    return this;
  }

  async history(): Promise<HistoryItem[]> {
    const response = await this.transport({
      method: 'GET',
      url: `/api/chat/conversations/${this.id}/history`,
      headers: this.auth,
    });
    return JSON.parse(response.body).messages;
  }

  /** the texts of the last replies, one per line */
  get text() {
    return this.replies.map((reply) => reply.text).join('\n');
  }
  buttons(): ShownButton[] {
    return this.replies.flatMap((reply) => (reply.buttons ?? []).flat());
  }
  get labels(): string[] {
    return this.buttons().map((button) => button.label);
  }
  /** presses the button labelled `label` in the last replies */
  button(label: string) {
    const found = this.buttons().find((button) => button.label === label);
    if (!found?.data) throw new Error(`no button «${label}» in ${JSON.stringify(this.replies)}`);
    return this.press(found.data);
  }
}
