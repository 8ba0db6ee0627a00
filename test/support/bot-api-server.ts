/**
 * A local Telegram Bot API server for tests: real HTTP on 127.0.0.1, spoken the way grammY calls it
 * (`POST /bot<token>/<method>` with JSON, multipart or urlencoded bodies). It records every call,
 * keeps the messages the bot sent per chat (after edits), serves `getUpdates` long polling from a
 * queue tests push updates into, serves files users sent (`putFile` → `getFile` and the
 * `/file/bot<token>/<path>` download), and can enforce Telegram's rate limits (1 message/s per chat,
 * 30/s overall, 429 with `parameters.retry_after`) for benchmarks.
 *
 *   const api = await startBotApiServer();
 *   const bot = new Bot(token, { client: { apiRoot: api.apiRoot } });
 *   api.pushUpdate(updates.command(user, 'start'));
 *   await api.waitFor(() => api.messagesTo(user.id).length > 0);
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface UploadedFile {
  /** the multipart field the file came in */
  field: string;
  fileName: string;
  contentType: string;
  bytes: Buffer;
}

export interface BotApiCall {
  method: string;
  token: string;
  params: Record<string, unknown>;
  files: UploadedFile[];
  at: number;
  /** what the server answered */
  response: ApiResponse;
}

export interface ApiResponse {
  ok: boolean;
  result?: unknown;
  error_code?: number;
  description?: string;
  parameters?: { retry_after?: number };
}

export interface InlineButton {
  text: string;
  callback_data?: string;
  url?: string;
}

export interface ReplyMarkup {
  inline_keyboard?: InlineButton[][];
  keyboard?: { text: string; request_contact?: boolean; request_location?: boolean }[][];
  one_time_keyboard?: boolean;
  resize_keyboard?: boolean;
  remove_keyboard?: boolean;
}

/** A message the bot sent, as it stands after edits. */
export interface SentMessage {
  message_id: number;
  chat_id: number;
  date: number;
  method: string;
  text?: string;
  caption?: string;
  reply_markup?: ReplyMarkup;
  document?: { fileName: string; bytes: Buffer; file_id: string };
  edits: number;
  deleted: boolean;
}

export interface TestUser {
  id: number;
  first_name?: string;
  last_name?: string;
  username?: string;
  language_code?: string;
}

// biome-ignore lint/suspicious/noExplicitAny: updates are Bot API JSON, typed by grammY on the bot side
export type Update = Record<string, any>;

export interface RateLimitOptions {
  perChatPerSecond: number;
  globalPerSecond: number;
}

export interface BotApiServer {
  /** for grammY's `client.apiRoot` */
  apiRoot: string;
  port: number;
  token: string;
  calls: BotApiCall[];
  bot: { id: number; is_bot: true; first_name: string; username: string };
  /** commands by `<scope>:<language_code>` ('default:' for no language) */
  commands: Map<string, { command: string; description: string }[]>;
  webhook: { url: string; secret_token?: string } | null;
  /** queue an update for getUpdates; returns it with its update_id */
  pushUpdate(update: Update): Update;
  /** updates pushed and not yet confirmed by an offset */
  pendingUpdates(): Update[];
  /** messages the bot sent to a chat, oldest first (deleted ones excluded) */
  messagesTo(chatId: number): SentMessage[];
  /** texts (or captions / file names) of those messages */
  textsTo(chatId: number): string[];
  callsOf(method: string): BotApiCall[];
  /** resolves when the predicate holds (checked after every call and every 25 ms) */
  waitFor<T>(predicate: () => T | false | null | undefined, timeoutMs?: number): Promise<T>;
  /** presses the inline button with this callback_data on the latest message that has it */
  pressButton(user: TestUser, callbackData: string): Update;
  setRateLimit(options: RateLimitOptions | false): void;
  /** the next `count` calls of `method` fail with this error */
  failNext(
    method: string,
    error: { error_code: number; description: string; retry_after?: number },
    count?: number,
  ): void;
  /** sends to this chat answer 403 "bot was blocked by the user" */
  block(chatId: number): void;
  /** a file users sent: `getFile` knows it and `/file/bot<token>/<file_path>` serves its bytes */
  putFile(fileId: string, bytes: Buffer, filePath?: string): { file_id: string; file_path: string };
  reset(): void;
  close(): Promise<void>;
}

const SEND_METHODS = new Set([
  'sendMessage',
  'sendDocument',
  'sendPhoto',
  'sendLocation',
  'sendContact',
  'copyMessage',
  'forwardMessage',
]);

export async function startBotApiServer(
  options: { token?: string; rateLimit?: RateLimitOptions | false; port?: number } = {},
): Promise<BotApiServer> {
  const token = options.token ?? '123456789:TEST-token-for-the-local-bot-api-server';
  const bot = {
    id: Number(token.split(':')[0]) || 123456789,
    is_bot: true as const,
    first_name: 'Ассистент',
    username: 'test_assistant_bot',
  };
  const calls: BotApiCall[] = [];
  const commands = new Map<string, { command: string; description: string }[]>();
  const messages = new Map<number, SentMessage[]>();
  const nextMessageId = new Map<number, number>();
  const queue: Update[] = [];
  const failures = new Map<
    string,
    { error: { error_code: number; description: string; retry_after?: number }; count: number }
  >();
  const blocked = new Set<number>();
  const listeners = new Set<() => void>();
  const pollers = new Set<() => void>();
  let nextUpdateId = 1;
  let rateLimit: RateLimitOptions | false = options.rateLimit ?? false;
  const sendTimes: number[] = [];
  const chatSendTimes = new Map<number, number[]>();
  let fileCounter = 0;
  const userFiles = new Map<string, { path: string; bytes: Buffer }>();
  let closed = false;

  const state = {
    webhook: null as BotApiServer['webhook'],
  };

  const notify = () => {
    for (const listener of [...listeners]) listener();
  };
  const wakePollers = () => {
    for (const wake of [...pollers]) wake();
  };
  const allocateMessageId = (chatId: number) => {
    const id = (nextMessageId.get(chatId) ?? 0) + 1;
    nextMessageId.set(chatId, id);
    return id;
  };
  const now = () => Math.floor(Date.now() / 1000);
  const chatOf = (chatId: number) => ({
    id: chatId,
    type: chatId > 0 ? 'private' : 'group',
    first_name: 'User',
  });

  const ok = (result: unknown): ApiResponse => ({ ok: true, result });
  const fail = (error_code: number, description: string, retry_after?: number): ApiResponse => ({
    ok: false,
    error_code,
    description,
    ...(retry_after !== undefined ? { parameters: { retry_after } } : {}),
  });

  function checkRateLimit(chatId: number): ApiResponse | null {
    if (!rateLimit) return null;
    const t = Date.now();
    const recent = (list: number[]) => {
      while (list.length > 0 && (list[0] as number) <= t - 1000) list.shift();
      return list;
    };
    const global = recent(sendTimes);
    const perChat = recent(chatSendTimes.get(chatId) ?? []);
    chatSendTimes.set(chatId, perChat);
    const over = (list: number[], limit: number) => list.length >= limit;
    if (over(perChat, rateLimit.perChatPerSecond) || over(global, rateLimit.globalPerSecond)) {
      const oldest = Math.min(
        over(perChat, rateLimit.perChatPerSecond) ? (perChat[0] as number) : Number.POSITIVE_INFINITY,
        over(global, rateLimit.globalPerSecond) ? (global[0] as number) : Number.POSITIVE_INFINITY,
      );
      const retryAfter = Math.max(1, Math.ceil((oldest + 1000 - t) / 1000));
      return fail(429, `Too Many Requests: retry after ${retryAfter}`, retryAfter);
    }
    global.push(t);
    perChat.push(t);
    return null;
  }

  function validateMarkup(markup: unknown): ApiResponse | null {
    const inline = (markup as ReplyMarkup | undefined)?.inline_keyboard;
    if (!inline) return null;
    for (const row of inline) {
      for (const button of row) {
        if (button.callback_data !== undefined && Buffer.byteLength(button.callback_data, 'utf8') > 64) {
          return fail(400, 'Bad Request: BUTTON_DATA_INVALID');
        }
        if (!button.text) return fail(400, 'Bad Request: button text is empty');
      }
    }
    return null;
  }

  function findMessage(params: Record<string, unknown>): SentMessage | undefined {
    const chatId = Number(params.chat_id);
    const messageId = Number(params.message_id);
    return messages.get(chatId)?.find((message) => message.message_id === messageId && !message.deleted);
  }

  function messageJson(message: SentMessage) {
    return {
      message_id: message.message_id,
      date: message.date,
      chat: chatOf(message.chat_id),
      from: bot,
      ...(message.text !== undefined ? { text: message.text } : {}),
      ...(message.caption !== undefined ? { caption: message.caption } : {}),
      ...(message.document
        ? {
            document: {
              file_id: message.document.file_id,
              file_unique_id: message.document.file_id,
              file_name: message.document.fileName,
              file_size: message.document.bytes.length,
            },
          }
        : {}),
      ...(message.reply_markup?.inline_keyboard ? { reply_markup: message.reply_markup } : {}),
      ...(message.edits > 0 ? { edit_date: now() } : {}),
    };
  }

  function record(
    chatId: number,
    message: Omit<SentMessage, 'message_id' | 'chat_id' | 'date' | 'edits' | 'deleted'>,
  ) {
    const sent: SentMessage = {
      message_id: allocateMessageId(chatId),
      chat_id: chatId,
      date: now(),
      edits: 0,
      deleted: false,
      ...message,
    };
    const list = messages.get(chatId) ?? [];
    list.push(sent);
    messages.set(chatId, list);
    return sent;
  }

  async function handle(
    method: string,
    params: Record<string, unknown>,
    files: UploadedFile[],
    response: ServerResponse,
  ): Promise<ApiResponse> {
    const injected = failures.get(method);
    if (injected && injected.count > 0) {
      injected.count--;
      return fail(injected.error.error_code, injected.error.description, injected.error.retry_after);
    }
    const chatId = params.chat_id !== undefined ? Number(params.chat_id) : undefined;
    if (SEND_METHODS.has(method) && chatId !== undefined) {
      if (blocked.has(chatId)) return fail(403, 'Forbidden: bot was blocked by the user');
      const limited = checkRateLimit(chatId);
      if (limited) return limited;
    }
    switch (method) {
      case 'getMe':
        return ok({
          ...bot,
          can_join_groups: false,
          can_read_all_group_messages: false,
          supports_inline_queries: false,
        });
      case 'setMyCommands': {
        const scope = (params.scope as { type?: string } | undefined)?.type ?? 'default';
        commands.set(
          `${scope}:${(params.language_code as string | undefined) ?? ''}`,
          params.commands as never,
        );
        return ok(true);
      }
      case 'getMyCommands': {
        const scope = (params.scope as { type?: string } | undefined)?.type ?? 'default';
        return ok(commands.get(`${scope}:${(params.language_code as string | undefined) ?? ''}`) ?? []);
      }
      case 'deleteMyCommands':
        commands.delete(`default:${(params.language_code as string | undefined) ?? ''}`);
        return ok(true);
      case 'sendMessage': {
        const text = params.text;
        if (typeof text !== 'string' || text.trim() === '')
          return fail(400, 'Bad Request: message text is empty');
        if ([...text].length > 4096) return fail(400, 'Bad Request: message is too long');
        const invalid = validateMarkup(params.reply_markup);
        if (invalid) return invalid;
        const sent = record(chatId as number, {
          method,
          text,
          ...(params.reply_markup ? { reply_markup: params.reply_markup as ReplyMarkup } : {}),
        });
        return ok(messageJson(sent));
      }
      case 'sendDocument': {
        const document = params.document;
        let file: SentMessage['document'];
        if (typeof document === 'string' && document.startsWith('attach://')) {
          const upload = files.find((candidate) => candidate.field === document.slice('attach://'.length));
          if (!upload) return fail(400, 'Bad Request: wrong file identifier/HTTP URL specified');
          file = { fileName: upload.fileName, bytes: upload.bytes, file_id: `doc-${++fileCounter}` };
        } else if (typeof document === 'string') {
          file = { fileName: document, bytes: Buffer.alloc(0), file_id: document };
        } else {
          return fail(400, 'Bad Request: there is no document in the request');
        }
        const invalid = validateMarkup(params.reply_markup);
        if (invalid) return invalid;
        const sent = record(chatId as number, {
          method,
          document: file,
          ...(typeof params.caption === 'string' ? { caption: params.caption } : {}),
          ...(params.reply_markup ? { reply_markup: params.reply_markup as ReplyMarkup } : {}),
        });
        return ok(messageJson(sent));
      }
      case 'editMessageText': {
        const message = findMessage(params);
        if (!message) return fail(400, 'Bad Request: message to edit not found');
        if (typeof params.text !== 'string' || params.text === '')
          return fail(400, 'Bad Request: message text is empty');
        const markup = (params.reply_markup as ReplyMarkup | undefined) ?? undefined;
        if (message.text === params.text && JSON.stringify(message.reply_markup) === JSON.stringify(markup)) {
          return fail(400, 'Bad Request: message is not modified');
        }
        const invalid = validateMarkup(markup);
        if (invalid) return invalid;
        message.text = params.text;
        if (markup) message.reply_markup = markup;
        else delete message.reply_markup;
        message.edits++;
        return ok(messageJson(message));
      }
      case 'editMessageReplyMarkup': {
        const message = findMessage(params);
        if (!message) return fail(400, 'Bad Request: message to edit not found');
        const markup = params.reply_markup as ReplyMarkup | undefined;
        const empty = (m?: ReplyMarkup) => !m?.inline_keyboard || m.inline_keyboard.length === 0;
        if (
          (empty(markup) && empty(message.reply_markup)) ||
          JSON.stringify(markup) === JSON.stringify(message.reply_markup)
        ) {
          return fail(400, 'Bad Request: message is not modified');
        }
        const invalid = validateMarkup(markup);
        if (invalid) return invalid;
        if (empty(markup)) delete message.reply_markup;
        else message.reply_markup = markup as ReplyMarkup;
        message.edits++;
        return ok(messageJson(message));
      }
      case 'deleteMessage': {
        const message = findMessage(params);
        if (!message) return fail(400, 'Bad Request: message to delete not found');
        message.deleted = true;
        return ok(true);
      }
      case 'answerCallbackQuery':
        if (!params.callback_query_id)
          return fail(400, 'Bad Request: query is too old and response timeout expired');
        return ok(true);
      case 'sendChatAction':
        return ok(true);
      case 'setWebhook': {
        if (typeof params.url !== 'string') return fail(400, 'Bad Request: bad webhook: URL is missing');
        state.webhook = {
          url: params.url,
          ...(typeof params.secret_token === 'string' ? { secret_token: params.secret_token } : {}),
        };
        if (params.url === '') state.webhook = null;
        return ok(true);
      }
      case 'deleteWebhook':
        state.webhook = null;
        if (params.drop_pending_updates === true || params.drop_pending_updates === 'true') queue.splice(0);
        return ok(true);
      case 'getWebhookInfo':
        return ok({
          url: state.webhook?.url ?? '',
          has_custom_certificate: false,
          pending_update_count: queue.length,
        });
      case 'getUpdates':
        return getUpdates(params, response);
      case 'getFile': {
        const file = userFiles.get(String(params.file_id ?? ''));
        if (!file) return fail(400, 'Bad Request: invalid file_id');
        return ok({
          file_id: params.file_id,
          file_unique_id: `u-${params.file_id}`,
          file_size: file.bytes.length,
          file_path: file.path,
        });
      }
      default:
        return fail(404, 'Not Found: method not found');
    }
  }

  async function getUpdates(params: Record<string, unknown>, response: ServerResponse): Promise<ApiResponse> {
    if (state.webhook) {
      return fail(
        409,
        "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first",
      );
    }
    const offset = params.offset !== undefined ? Number(params.offset) : undefined;
    if (offset !== undefined && offset > 0) {
      while (queue.length > 0 && (queue[0]?.update_id as number) < offset) queue.shift();
    }
    const limit = Math.min(100, Math.max(1, Number(params.limit ?? 100)));
    const timeoutSeconds = Math.min(50, Math.max(0, Number(params.timeout ?? 0)));
    const take = () => queue.slice(0, limit);
    if (queue.length > 0 || timeoutSeconds === 0) return ok(take());
    await new Promise<void>((resolve) => {
      const timer = setTimeout(done, timeoutSeconds * 1000);
      function done() {
        clearTimeout(timer);
        pollers.delete(done);
        response.off('close', done);
        resolve();
      }
      pollers.add(done);
      response.on('close', done);
    });
    return ok(take());
  }

  const server: Server = createServer((request, response) => {
    void serve(request, response);
  });

  async function serve(request: IncomingMessage, response: ServerResponse) {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    const download = /^\/file\/bot([^/]+)\/(.+)$/.exec(url.pathname);
    if (download) {
      const file = [...userFiles.values()].find(
        (candidate) => candidate.path === decodeURIComponent(download[2]!),
      );
      if (download[1] !== token || !file) {
        response.writeHead(404, { 'content-type': 'application/json' });
        response.end(JSON.stringify(fail(404, 'Not Found')));
        return;
      }
      response.writeHead(200, {
        'content-type': 'application/octet-stream',
        'content-length': file.bytes.length,
      });
      response.end(file.bytes);
      return;
    }
    const match = /^\/bot([^/]+)\/([A-Za-z]+)$/.exec(url.pathname);
    const send = (status: number, body: ApiResponse) => {
      if (response.writableEnded || response.destroyed) return;
      response.writeHead(status, { 'content-type': 'application/json' });
      response.end(JSON.stringify(body));
    };
    if (!match) return send(404, fail(404, 'Not Found'));
    const [, callToken, method] = match as unknown as [string, string, string];
    const body = await readBody(request);
    if (callToken !== token) return send(401, fail(401, 'Unauthorized'));
    let params: Record<string, unknown> = Object.fromEntries(url.searchParams);
    let files: UploadedFile[] = [];
    try {
      const parsed = parseBody(request.headers['content-type'] ?? '', body);
      params = { ...params, ...parsed.params };
      files = parsed.files;
    } catch (error) {
      return send(400, fail(400, `Bad Request: ${(error as Error).message}`));
    }
    const result = await handle(method, params, files, response);
    calls.push({ method, token: callToken, params, files, at: Date.now(), response: result });
    send(result.ok ? 200 : (result.error_code ?? 500), result);
    notify();
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;

  const api: BotApiServer = {
    apiRoot: `http://127.0.0.1:${port}`,
    port,
    token,
    calls,
    bot,
    commands,
    get webhook() {
      return state.webhook;
    },
    set webhook(value) {
      state.webhook = value;
    },
    pushUpdate(update) {
      const full = { ...update, update_id: nextUpdateId++ };
      queue.push(full);
      wakePollers();
      return full;
    },
    pendingUpdates: () => [...queue],
    messagesTo: (chatId) => (messages.get(chatId) ?? []).filter((message) => !message.deleted),
    textsTo: (chatId) =>
      api
        .messagesTo(chatId)
        .map((message) => message.text ?? message.caption ?? message.document?.fileName ?? ''),
    callsOf: (method) => calls.filter((call) => call.method === method),
    waitFor(predicate, timeoutMs = 10_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          let value: ReturnType<typeof predicate>;
          try {
            value = predicate();
          } catch (error) {
            finish();
            reject(error);
            return;
          }
          if (value) {
            finish();
            resolve(value as never);
          }
        };
        const interval = setInterval(check, 25);
        const timer = setTimeout(() => {
          finish();
          const recent = calls
            .slice(-8)
            .map((call) => `${call.method} ${JSON.stringify(call.params).slice(0, 160)}`)
            .join('\n  ');
          reject(new Error(`waitFor: condition not met in ${timeoutMs} ms; last calls:\n  ${recent}`));
        }, timeoutMs);
        function finish() {
          clearInterval(interval);
          clearTimeout(timer);
          listeners.delete(check);
        }
        listeners.add(check);
        check();
      });
    },
    pressButton(user, callbackData) {
      const withButton = [...api.messagesTo(user.id)]
        .reverse()
        .find((message) =>
          message.reply_markup?.inline_keyboard?.some((row) =>
            row.some((button) => button.callback_data === callbackData),
          ),
        );
      if (!withButton)
        throw new Error(`no message in chat ${user.id} has a button with data "${callbackData}"`);
      return api.pushUpdate(updates.callback(user, callbackData, messageJson(withButton)));
    },
    setRateLimit(value) {
      rateLimit = value;
    },
    failNext(method, error, count = 1) {
      failures.set(method, { error, count });
    },
    block(chatId) {
      blocked.add(chatId);
    },
    putFile(fileId, bytes, filePath) {
      const path = filePath ?? `documents/file_${++fileCounter}`;
      userFiles.set(fileId, { path, bytes });
      return { file_id: fileId, file_path: path };
    },
    reset() {
      calls.splice(0);
      messages.clear();
      queue.splice(0);
      failures.clear();
      blocked.clear();
      commands.clear();
      userFiles.clear();
      state.webhook = null;
    },
    async close() {
      if (closed) return;
      closed = true;
      wakePollers();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  return api;
}

async function readBody(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

function coerce(value: string): unknown {
  const trimmed = value.trim();
  if ((trimmed.startsWith('{') || trimmed.startsWith('[')) && trimmed.length > 1) {
    try {
      return JSON.parse(trimmed);
    } catch {
      return value;
    }
  }
  if (trimmed === 'true') return true;
  if (trimmed === 'false') return false;
  return value;
}

function parseBody(
  contentType: string,
  body: Buffer,
): { params: Record<string, unknown>; files: UploadedFile[] } {
  if (body.length === 0) return { params: {}, files: [] };
  if (contentType.startsWith('application/json')) {
    return { params: JSON.parse(body.toString('utf8')) as Record<string, unknown>, files: [] };
  }
  if (contentType.startsWith('application/x-www-form-urlencoded')) {
    const params: Record<string, unknown> = {};
    for (const [key, value] of new URLSearchParams(body.toString('utf8'))) params[key] = coerce(value);
    return { params, files: [] };
  }
  if (contentType.startsWith('multipart/form-data')) return parseMultipart(contentType, body);
  throw new Error(`unsupported content type ${contentType}`);
}

/** multipart/form-data as grammY writes it (its filename parameter is not quoted). */
export function parseMultipart(
  contentType: string,
  body: Buffer,
): { params: Record<string, unknown>; files: UploadedFile[] } {
  const boundary = /boundary=(?:"([^"]+)"|([^;]+))/i.exec(contentType);
  if (!boundary) throw new Error('multipart body without boundary');
  const delimiter = Buffer.from(`--${boundary[1] ?? boundary[2]}`);
  const params: Record<string, unknown> = {};
  const files: UploadedFile[] = [];
  let position = body.indexOf(delimiter);
  while (position !== -1) {
    let start = position + delimiter.length;
    if (body.subarray(start, start + 2).toString() === '--') break;
    if (body.subarray(start, start + 2).toString() === '\r\n') start += 2;
    const next = body.indexOf(delimiter, start);
    if (next === -1) break;
    let end = next;
    if (body.subarray(end - 2, end).toString() === '\r\n') end -= 2;
    const part = body.subarray(start, end);
    const headerEnd = part.indexOf('\r\n\r\n');
    const headerText = part.subarray(0, headerEnd).toString('utf8');
    const content = part.subarray(headerEnd + 4);
    const headers = new Map<string, string>();
    for (const line of headerText.split('\r\n')) {
      const colon = line.indexOf(':');
      if (colon > 0) headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
    }
    const disposition = headers.get('content-disposition') ?? '';
    const name = /name="([^"]*)"/.exec(disposition)?.[1] ?? /name=([^;]+)/.exec(disposition)?.[1] ?? '';
    const fileName = /filename="([^"]*)"/.exec(disposition)?.[1] ?? /filename=(.*)$/.exec(disposition)?.[1];
    if (fileName !== undefined) {
      files.push({
        field: name,
        fileName: fileName.trim(),
        contentType: headers.get('content-type') ?? 'application/octet-stream',
        bytes: Buffer.from(content),
      });
    } else {
      params[name] = coerce(content.toString('utf8'));
    }
    position = next;
  }
  return { params, files };
}

// --- update builders -------------------------------------------------------------------------

let builderMessageId = 1_000_000;

function userJson(user: TestUser) {
  return {
    id: user.id,
    is_bot: false,
    first_name: user.first_name ?? 'Test',
    ...(user.last_name ? { last_name: user.last_name } : {}),
    ...(user.username ? { username: user.username } : {}),
    ...(user.language_code ? { language_code: user.language_code } : {}),
  };
}

function baseMessage(user: TestUser) {
  return {
    message_id: ++builderMessageId,
    date: Math.floor(Date.now() / 1000),
    chat: { id: user.id, type: 'private', first_name: user.first_name ?? 'Test' },
    from: userJson(user),
  };
}

/** Updates as Telegram sends them for a user's private chat (chat id = user id). */
export const updates = {
  text: (user: TestUser, text: string): Update => ({ message: { ...baseMessage(user), text } }),
  command: (user: TestUser, command: string, args?: string): Update => {
    const text = `/${command}${args ? ` ${args}` : ''}`;
    return {
      message: {
        ...baseMessage(user),
        text,
        entities: [{ type: 'bot_command', offset: 0, length: command.length + 1 }],
      },
    };
  },
  callback: (user: TestUser, data: string, message?: Record<string, unknown>): Update => ({
    callback_query: {
      id: `cb-${++builderMessageId}`,
      from: userJson(user),
      chat_instance: `ci-${user.id}`,
      data,
      ...(message ? { message } : {}),
    },
  }),
  /** a shared contact; `ownerId` is the user the contact belongs to (default: the sender) */
  contact: (
    user: TestUser,
    phone: string,
    options: { ownerId?: number | null; firstName?: string } = {},
  ): Update => {
    const ownerId = options.ownerId === undefined ? user.id : options.ownerId;
    return {
      message: {
        ...baseMessage(user),
        contact: {
          phone_number: phone,
          first_name: options.firstName ?? user.first_name ?? 'Test',
          ...(ownerId !== null ? { user_id: ownerId } : {}),
        },
      },
    };
  },
  location: (user: TestUser, latitude: number, longitude: number): Update => ({
    message: { ...baseMessage(user), location: { latitude, longitude } },
  }),
  document: (
    user: TestUser,
    document: { file_name?: string; mime_type?: string; file_size?: number; file_id?: string } = {},
  ): Update => ({
    message: {
      ...baseMessage(user),
      document: {
        file_id: document.file_id ?? `BQACAgIAAxkBAAI-${builderMessageId}`,
        file_unique_id: `u-${builderMessageId}`,
        ...(document.file_name ? { file_name: document.file_name } : {}),
        ...(document.mime_type ? { mime_type: document.mime_type } : {}),
        ...(document.file_size !== undefined ? { file_size: document.file_size } : {}),
      },
    },
  }),
  photo: (
    user: TestUser,
    sizes: { width: number; height: number; file_size?: number }[] = [
      { width: 90, height: 90 },
      { width: 1280, height: 960, file_size: 150_000 },
    ],
  ): Update => ({
    message: {
      ...baseMessage(user),
      photo: sizes.map((size, index) => ({
        file_id: `AgACAgIAAxkBAAI-${builderMessageId}-${index}`,
        file_unique_id: `p-${builderMessageId}-${index}`,
        ...size,
      })),
    },
  }),
  sticker: (user: TestUser): Update => ({
    message: {
      ...baseMessage(user),
      sticker: {
        file_id: 'sticker',
        file_unique_id: 's',
        type: 'regular',
        width: 512,
        height: 512,
        is_animated: false,
        is_video: false,
      },
    },
  }),
};
