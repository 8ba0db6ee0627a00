/**
 * A local Slack Web API for tests: real HTTP on 127.0.0.1, spoken the way @slack/web-api calls it
 * (`POST <slackApiUrl><method>` with urlencoded or JSON bodies and `Authorization: Bearer <token>`),
 * so Bolt (`clientOptions.slackApiUrl`) and the Slack NotificationSender run unchanged against it.
 *
 * - Web API methods: auth.test, chat.postMessage, chat.postEphemeral, views.publish,
 *   files.getUploadURLExternal, files.completeUploadExternal, files.info, files.list;
 * - the upload URL handed out by files.getUploadURLExternal (multipart POST, as files.uploadV2 sends);
 * - `url_private_download` of files tests "share" in a channel (GET with the bot token; without it,
 *   Slack's HTML login page, as the real one answers);
 * - `response_url`s for slash commands (Bolt's respond()).
 * - Socket Mode's `apps.connections.open` (with the app-level token `xapp-…` only, as Slack checks),
 *   answering the WebSocket URL given by `socketUrl` (test/e2e/slack/socket-mode-server.ts).
 *
 * Every call is recorded; `failNext(method, error)`, `rateLimitNext(method, seconds)` and
 * `httpErrorNext(method, status)` inject Slack's errors. A bot token on an app-token method, or the
 * other way round, is answered `not_allowed_token_type`.
 */
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parse as parseQuery } from 'node:querystring';

// biome-ignore lint/suspicious/noExplicitAny: Web API JSON as the client sent it
export type Params = Record<string, any>;

export interface SlackApiCall {
  method: string;
  token: string | null;
  params: Params;
  at: number;
  response: Params;
}

export interface SharedFile {
  id: string;
  name: string;
  filetype: string;
  mimetype: string;
  created: number;
  channels: string[];
  url_private: string;
  url_private_download: string;
  bytes: Buffer;
}

export interface Upload {
  fileId: string;
  filename: string;
  length: number;
  bytes: Buffer | null;
  /** set by files.completeUploadExternal */
  channelId: string | null;
  threadTs: string | null;
  initialComment: string | null;
  title: string | null;
  completed: boolean;
}

export interface SlackApiServer {
  /** for WebClient's slackApiUrl / SLACK_API_URL */
  apiUrl: string;
  baseUrl: string;
  token: string;
  /** the app-level token (`xapp-…`) for apps.connections.open */
  appToken: string;
  teamId: string;
  botUserId: string;
  calls: SlackApiCall[];
  callsOf(method: string): SlackApiCall[];
  uploads: Upload[];
  /** a new response_url; what the app posts there is in responses(url) */
  responseUrl(): string;
  responses(url: string): Params[];
  /** a file as if a user shared it in `channel` */
  shareFile(channel: string, name: string, content: string | Buffer, filetype?: string): SharedFile;
  failNext(method: string, error: string): void;
  rateLimitNext(method: string, retryAfterSeconds: number): void;
  /** the next call of `method` gets this HTTP status (an outage of Slack's edge, not an API error) */
  httpErrorNext(method: string, status: number): void;
  waitFor<T>(probe: () => T | undefined | null | false, timeoutMs?: number): Promise<T>;
  close(): Promise<void>;
}

async function readBody(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** urlencoded values that hold JSON (blocks, view, files) are decoded. */
function decodeForm(text: string): Params {
  const out: Params = {};
  for (const [key, value] of Object.entries(parseQuery(text))) {
    const single = Array.isArray(value) ? value[0] : value;
    if (typeof single === 'string' && /^[[{]/.test(single)) {
      try {
        out[key] = JSON.parse(single);
        continue;
      } catch {
        // a plain string that starts with a bracket
      }
    }
    out[key] = single;
  }
  return out;
}

/** Web API methods called with the app-level token, not the bot token. */
const APP_TOKEN_METHODS = new Set(['apps.connections.open']);

export async function startSlackApiServer(
  options: {
    token?: string;
    appToken?: string;
    teamId?: string;
    /** Socket Mode: the WebSocket URL apps.connections.open answers (a new one per call) */
    socketUrl?: () => string;
  } = {},
): Promise<SlackApiServer> {
  const token = options.token ?? `xoxb-test-${randomBytes(6).toString('hex')}`;
  const appToken = options.appToken ?? `xapp-1-A0APP-1-${randomBytes(6).toString('hex')}`;
  const teamId = options.teamId ?? 'T0TEST';
  const botUserId = 'U0BOT';
  const calls: SlackApiCall[] = [];
  const uploads: Upload[] = [];
  const files = new Map<string, SharedFile>();
  const responses = new Map<string, Params[]>();
  const failures = new Map<string, Params[]>();
  let counter = 0;
  let baseUrl = '';
  const nextTs = () => `${Math.floor(Date.now() / 1000)}.${String(++counter).padStart(6, '0')}`;

  const send = (
    response: ServerResponse,
    status: number,
    body: unknown,
    headers: Record<string, string> = {},
  ) => {
    const text = typeof body === 'string' ? body : JSON.stringify(body);
    response.writeHead(status, {
      'content-type': typeof body === 'string' ? 'text/plain' : 'application/json; charset=utf-8',
      ...headers,
    });
    response.end(text);
  };

  const fileJson = (file: SharedFile) => {
    const { bytes: _bytes, ...rest } = file;
    return { ...rest, size: file.bytes.length };
  };

  function answer(method: string, params: Params): Params {
    switch (method) {
      case 'auth.test':
        return {
          ok: true,
          url: 'https://test.slack.com/',
          team: 'Test',
          user: 'bot',
          team_id: teamId,
          user_id: botUserId,
          bot_id: 'B0BOT',
        };
      case 'apps.connections.open':
        return options.socketUrl
          ? { ok: true, url: options.socketUrl() }
          : { ok: false, error: 'unknown_method' };
      case 'chat.postMessage': {
        const ts = nextTs();
        return {
          ok: true,
          channel: params.channel,
          ts,
          message: { text: params.text, ts, blocks: params.blocks },
        };
      }
      case 'chat.postEphemeral':
        return { ok: true, message_ts: nextTs() };
      case 'views.publish':
        return { ok: true, view: { id: `V${++counter}`, ...params.view } };
      case 'files.getUploadURLExternal': {
        const fileId = `F${String(++counter).padStart(8, '0')}`;
        uploads.push({
          fileId,
          filename: String(params.filename),
          length: Number(params.length),
          bytes: null,
          channelId: null,
          threadTs: null,
          initialComment: null,
          title: null,
          completed: false,
        });
        return { ok: true, upload_url: `${baseUrl}/upload/${fileId}`, file_id: fileId };
      }
      case 'files.completeUploadExternal': {
        const list = (Array.isArray(params.files) ? params.files : []) as { id: string; title?: string }[];
        for (const item of list) {
          const upload = uploads.find((candidate) => candidate.fileId === item.id);
          if (!upload?.bytes) return { ok: false, error: 'file_not_found' };
          Object.assign(upload, {
            completed: true,
            channelId: params.channel_id ?? null,
            threadTs: params.thread_ts ?? null,
            initialComment: params.initial_comment ?? null,
            title: item.title ?? null,
          });
        }
        return { ok: true, files: list.map((item) => ({ id: item.id, title: item.title })) };
      }
      case 'files.info': {
        const file = files.get(String(params.file));
        return file ? { ok: true, file: fileJson(file) } : { ok: false, error: 'file_not_found' };
      }
      case 'files.list': {
        const list = [...files.values()]
          .filter((file) => !params.channel || file.channels.includes(String(params.channel)))
          .sort((a, b) => b.created - a.created);
        return {
          ok: true,
          files: list.map(fileJson),
          paging: { count: list.length, total: list.length, page: 1, pages: 1 },
        };
      }
      default:
        return { ok: false, error: 'unknown_method' };
    }
  }

  const server: Server = createServer(async (request, response) => {
    try {
      const url = new URL(request.url ?? '/', 'http://localhost');
      const raw = await readBody(request);
      const auth = request.headers.authorization?.replace(/^Bearer\s+/i, '') ?? null;

      if (url.pathname.startsWith('/response/') && request.method === 'POST') {
        const list = responses.get(url.pathname) ?? [];
        list.push(JSON.parse(raw.toString('utf8') || '{}') as Params);
        responses.set(url.pathname, list);
        return send(response, 200, 'ok');
      }
      if (url.pathname.startsWith('/upload/') && request.method === 'POST') {
        const upload = uploads.find((candidate) => `/upload/${candidate.fileId}` === url.pathname);
        if (!upload) return send(response, 404, 'no such upload');
        const form = await new Response(new Uint8Array(raw), {
          headers: { 'content-type': request.headers['content-type'] ?? '' },
        }).formData();
        const part = form.get('body') ?? form.get('file');
        upload.bytes =
          part && typeof part !== 'string'
            ? Buffer.from(await part.arrayBuffer())
            : Buffer.from(String(part ?? ''));
        return send(response, 200, `OK - ${upload.bytes.length}`);
      }
      if (url.pathname.startsWith('/files/') && request.method === 'GET') {
        const id = url.pathname.split('/')[2] ?? '';
        const file = files.get(id);
        if (!file) return send(response, 404, 'not found');
        if (auth !== token) {
          response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
          return response.end('<html><body>Sign in to Slack</body></html>');
        }
        response.writeHead(200, {
          'content-type': file.mimetype,
          'content-length': String(file.bytes.length),
        });
        return response.end(file.bytes);
      }
      const match = /^\/api\/([\w.]+)$/.exec(url.pathname);
      if (!match || request.method !== 'POST') return send(response, 404, 'not found');
      const method = match[1] as string;
      const contentType = request.headers['content-type'] ?? '';
      const text = raw.toString('utf8');
      const params: Params = contentType.includes('application/json')
        ? (JSON.parse(text || '{}') as Params)
        : decodeForm(text);
      const callToken = auth ?? (typeof params.token === 'string' ? params.token : null);
      let body: Params;
      let status = 200;
      const headers: Record<string, string> = {};
      const injected = failures.get(method)?.shift();
      const expected = APP_TOKEN_METHODS.has(method) ? appToken : token;
      if (callToken !== expected)
        body = {
          ok: false,
          error: callToken === token || callToken === appToken ? 'not_allowed_token_type' : 'invalid_auth',
        };
      else if (injected?.status !== undefined) {
        calls.push({
          method,
          token: callToken,
          params,
          at: Date.now(),
          response: { status: injected.status },
        });
        return send(response, injected.status, `<html><body>${injected.status}</body></html>`, {
          'content-type': 'text/html',
        });
      } else if (injected?.retryAfter !== undefined) {
        status = 429;
        headers['retry-after'] = String(injected.retryAfter);
        body = { ok: false, error: 'ratelimited' };
      } else if (injected) body = { ok: false, error: injected.error };
      else body = answer(method, params);
      calls.push({ method, token: callToken, params, at: Date.now(), response: body });
      return send(response, status, body, headers);
    } catch (error) {
      return send(response, 500, { ok: false, error: String((error as Error).message) });
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  baseUrl = `http://127.0.0.1:${port}`;

  return {
    apiUrl: `${baseUrl}/api/`,
    baseUrl,
    token,
    appToken,
    teamId,
    botUserId,
    calls,
    callsOf: (method) => calls.filter((call) => call.method === method),
    uploads,
    responseUrl() {
      const path = `/response/${randomBytes(6).toString('hex')}`;
      responses.set(path, []);
      return `${baseUrl}${path}`;
    },
    responses: (url) => responses.get(new URL(url).pathname) ?? [],
    shareFile(channel, name, content, filetype = name.split('.').pop() ?? 'text') {
      const id = `F${String(++counter).padStart(8, '0')}`;
      const file: SharedFile = {
        id,
        name,
        filetype,
        mimetype: filetype === 'csv' ? 'text/csv' : 'application/octet-stream',
        created: Math.floor(Date.now() / 1000) + counter,
        channels: [channel],
        url_private: `${baseUrl}/files/${id}/${encodeURIComponent(name)}`,
        url_private_download: `${baseUrl}/files/${id}/download/${encodeURIComponent(name)}`,
        bytes: Buffer.isBuffer(content) ? content : Buffer.from(content, 'utf8'),
      };
      files.set(id, file);
      return file;
    },
    failNext(method, error) {
      failures.set(method, [...(failures.get(method) ?? []), { error }]);
    },
    rateLimitNext(method, retryAfterSeconds) {
      failures.set(method, [...(failures.get(method) ?? []), { retryAfter: retryAfterSeconds }]);
    },
    httpErrorNext(method, status) {
      failures.set(method, [...(failures.get(method) ?? []), { status }]);
    },
    async waitFor(probe, timeoutMs = 5000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const value = probe();
        if (value) return value as never;
        if (Date.now() > deadline) throw new Error('waitFor: condition not met in time');
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
