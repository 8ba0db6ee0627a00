import type { ConversationRef, Input } from '../../../core/dialog';
import {
  createDocumentStore,
  type DocumentStore,
  STORE_PREFIX,
  sniffDocumentType,
} from '../../../core/integrations/document-store';
import type { Logger } from '../../../core/log/logger';
import type { TelegramEngine } from './bot';

/**
 * Photos and files sent to the bot are downloaded *before* the dialog turn (a download must not hold
 * the conversation's row lock): `getFile` gives the file's path on the Bot API server, the bytes come
 * from `${apiRoot}/file/bot<token>/<file_path>`, and the document store keeps them. The engine then
 * gets the `file` input with `storageRef = store:<key>` instead of Telegram's file_id, and the
 * documents answer (bot/flows/documents.ts) writes the Document row.
 *
 * Anything that goes wrong (too large — the Bot API serves at most 20 MB anyway —, a type we do not
 * take, a network error) leaves the input as it was: the dialog then says why the file was not kept.
 */
export interface TelegramDocumentsOptions {
  token: string | undefined;
  apiRoot: string;
  store: DocumentStore;
  logger: Logger;
  /** per request; default 30 s */
  timeoutMs?: number;
}

interface GetFileAnswer {
  ok: boolean;
  result?: { file_id: string; file_path?: string; file_size?: number };
  description?: string;
}

async function readLimited(response: Response, limit: number): Promise<Buffer | null> {
  const declared = Number(response.headers.get('content-length') ?? '0');
  if (declared > limit) return null;
  const chunks: Buffer[] = [];
  let total = 0;
  if (!response.body) return Buffer.alloc(0);
  for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
    total += chunk.byteLength;
    if (total > limit) return null;
    chunks.push(Buffer.from(chunk));
  }
  return Buffer.concat(chunks);
}

/** Downloads a Telegram file into the store; the input to hand the engine. */
export async function storeTelegramFile(
  input: Extract<Input, { type: 'file' }>,
  options: TelegramDocumentsOptions,
): Promise<Input> {
  const { token, apiRoot, store } = options;
  if (!token || input.storageRef.startsWith(STORE_PREFIX)) return input;
  if (input.size > store.maxBytes) return input;
  const signal = AbortSignal.timeout(options.timeoutMs ?? 30_000);
  const root = apiRoot.replace(/\/+$/, '');
  const answer = (await (
    await fetch(`${root}/bot${token}/getFile?file_id=${encodeURIComponent(input.storageRef)}`, { signal })
  ).json()) as GetFileAnswer;
  if (!answer.ok || !answer.result?.file_path) {
    throw new Error(`getFile refused: ${answer.description ?? 'no file_path'}`);
  }
  if ((answer.result.file_size ?? 0) > store.maxBytes)
    return { ...input, size: answer.result.file_size ?? input.size };
  const path = answer.result.file_path.split('/').map(encodeURIComponent).join('/');
  const response = await fetch(`${root}/file/bot${token}/${path}`, { signal });
  if (!response.ok) throw new Error(`file download answered ${response.status}`);
  const bytes = await readLimited(response, store.maxBytes);
  if (!bytes) return { ...input, size: store.maxBytes + 1 };
  const type = sniffDocumentType(bytes);
  if (!type) return { ...input, mimeType: 'application/octet-stream', size: bytes.byteLength };
  const stored = await store.save(bytes, type);
  return { ...input, mimeType: type, size: stored.size, storageRef: stored.storageRef };
}

/** The engine as the Telegram channel sees it, with files stored before each turn. */
export function withTelegramDocuments(
  engine: TelegramEngine,
  options: TelegramDocumentsOptions,
): TelegramEngine {
  const logger = options.logger.child({ channel: 'telegram', part: 'documents' });
  return {
    ...(engine.open ? { open: (ref: ConversationRef) => engine.open!(ref) } : {}),
    async handle(ref, input) {
      if (input.type !== 'file' || ref.channel !== 'telegram') return engine.handle(ref, input);
      let prepared: Input = input;
      try {
        prepared = await storeTelegramFile(input, options);
      } catch (error) {
        logger.warn({ err: error }, 'could not download a Telegram file; the dialog says so');
      }
      return engine.handle(ref, prepared);
    },
  };
}

/** The decorator configured from the product's settings (bot/compose.ts). */
export function telegramDocuments(
  engine: TelegramEngine,
  ctx: {
    config: Parameters<typeof createDocumentStore>[0] & {
      TELEGRAM_BOT_TOKEN?: string;
      TELEGRAM_API_ROOT: string;
    };
    logger: Logger;
  },
  overrides: Partial<Pick<TelegramDocumentsOptions, 'token' | 'apiRoot'>> = {},
): TelegramEngine {
  return withTelegramDocuments(engine, {
    token: overrides.token ?? ctx.config.TELEGRAM_BOT_TOKEN,
    apiRoot: overrides.apiRoot ?? ctx.config.TELEGRAM_API_ROOT,
    store: createDocumentStore(ctx.config),
    logger: ctx.logger,
  });
}
