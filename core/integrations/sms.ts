import { resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { FastifyInstance } from 'fastify';
import type { Config } from '../config';
import type { Logger } from '../log/logger';
import { devPage, escapeHtml, listJsonIndexes, newStoredId, writeJsonIndex } from './dev-inbox';

/**
 * Outgoing SMS (one-time codes, franchise notices). Two providers:
 *
 * - **HTTP** (`SMS_URL` set): the product's own small JSON contract, so any gateway can be put
 *   behind a thin adapter:
 *
 *       POST ${SMS_URL}
 *       Content-Type: application/json
 *       Authorization: Bearer ${SMS_TOKEN}          (only when SMS_TOKEN is set)
 *       Idempotency-Key: <reference>                (when the caller gives one; same on every retry)
 *       {"to": "+77011234567", "text": "…"}
 *
 *   2xx with a JSON body `{"id": "<provider message id>"}` (a string or number) = accepted.
 *   4xx = refused for good (bad number, bad token): not retried, the notification is dead.
 *   429, 5xx, a timeout or a network error = retried here up to 3 attempts with backoff
 *   (a `Retry-After` in seconds is honoured up to 30 s); then the caller (the notifications queue)
 *   retries later. Gateways should de-duplicate by `Idempotency-Key`.
 *
 * - **files** (embedded default without SMS_URL): each message is written to `${DATA_DIR}/sms` as
 *   `<id>.json` and listed at GET /dev/sms.
 */
export interface SmsProvider {
  readonly kind: 'http' | 'files';
  send(phone: string, text: string, options?: { reference?: string }): Promise<{ id: string }>;
}

/** A failed send; `permanent` when retrying cannot help (4xx other than 429). */
export class SmsError extends Error {
  override name = 'SmsError';
  constructor(
    message: string,
    readonly permanent: boolean,
    readonly status?: number,
    /** the gateway asked to wait (429/503 Retry-After) */
    readonly retryAfterMs?: number,
  ) {
    super(message);
  }
}

export type SmsConfig = Pick<Config, 'SMS_URL' | 'SMS_TOKEN' | 'SMS_TIMEOUT_MS' | 'DATA_DIR' | 'embedded'>;

export function smsDirectory(config: Pick<Config, 'DATA_DIR'>): string {
  return resolve(config.DATA_DIR, 'sms');
}

/** True when SMS are kept on disk and GET /dev/sms shows them: the embedded default without SMS_URL. */
export function smsKeptOnDisk(config: Pick<Config, 'SMS_URL' | 'embedded'>): boolean {
  return config.embedded && !config.SMS_URL;
}

export function createSmsProvider(config: SmsConfig, logger: Logger): SmsProvider {
  if (config.SMS_URL) {
    return createHttpSmsProvider({
      url: config.SMS_URL,
      token: config.SMS_TOKEN,
      timeoutMs: config.SMS_TIMEOUT_MS,
    });
  }
  if (!config.embedded) {
    logger.error(
      { directory: smsDirectory(config) },
      'SMS_URL is not set: SMS are only written to files. Set SMS_URL to deliver them.',
    );
  }
  return createFileSmsProvider(smsDirectory(config));
}

export interface HttpSmsOptions {
  url: string;
  token?: string;
  /** per request; default 10 s */
  timeoutMs?: number;
  /** attempts per send on 429/5xx/timeouts; default 3 */
  attempts?: number;
  /** first backoff; doubles each attempt; default 500 ms */
  backoffMs?: number;
}

const MAX_RETRY_AFTER_MS = 30_000;

export function createHttpSmsProvider(options: HttpSmsOptions): SmsProvider {
  const attempts = Math.max(1, options.attempts ?? 3);
  const timeoutMs = options.timeoutMs ?? 10_000;
  const backoffMs = options.backoffMs ?? 500;

  const once = async (phone: string, text: string, reference?: string): Promise<{ id: string }> => {
    let response: Response;
    try {
      response = await fetch(options.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          accept: 'application/json',
          ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
          ...(reference ? { 'idempotency-key': reference } : {}),
        },
        body: JSON.stringify({ to: phone, text }),
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (error) {
      const cause = error as Error;
      const what = cause.name === 'TimeoutError' ? `no answer within ${timeoutMs} ms` : cause.message;
      throw new SmsError(`SMS gateway unreachable: ${what}`, false);
    }
    const body = await response.text().catch(() => '');
    if (!response.ok) {
      const permanent = response.status >= 400 && response.status < 500 && response.status !== 429;
      const retryAfter = Number(response.headers.get('retry-after'));
      throw new SmsError(
        `SMS gateway answered ${response.status}: ${body.slice(0, 200)}`,
        permanent,
        response.status,
        !permanent && Number.isFinite(retryAfter) && retryAfter > 0
          ? Math.min(retryAfter * 1000, MAX_RETRY_AFTER_MS)
          : undefined,
      );
    }
    let id: unknown;
    try {
      id = (JSON.parse(body) as { id?: unknown }).id;
    } catch {
      id = undefined;
    }
    if (typeof id !== 'string' && typeof id !== 'number') {
      // accepted, but not by our contract: the message may be on its way, so never retry it
      throw new SmsError(
        `SMS gateway answered ${response.status} without an "id": ${body.slice(0, 200)}`,
        true,
      );
    }
    return { id: String(id) };
  };

  return {
    kind: 'http',
    async send(phone, text, sendOptions = {}) {
      let last: SmsError | undefined;
      for (let attempt = 1; attempt <= attempts; attempt++) {
        try {
          return await once(phone, text, sendOptions.reference);
        } catch (error) {
          if (!(error instanceof SmsError) || error.permanent) throw error;
          last = error;
          if (attempt === attempts) break;
          await sleep(error.retryAfterMs ?? backoffMs * 2 ** (attempt - 1));
        }
      }
      throw last ?? new SmsError('SMS not sent', false);
    },
  };
}

export interface StoredSms {
  id: string;
  date: string;
  to: string;
  text: string;
  reference?: string;
}

export function createFileSmsProvider(directory: string): SmsProvider {
  return {
    kind: 'files',
    async send(phone, text, options = {}) {
      const id = newStoredId();
      const stored: StoredSms = {
        id,
        date: new Date().toISOString(),
        to: phone,
        text,
        ...(options.reference ? { reference: options.reference } : {}),
      };
      await writeJsonIndex(directory, id, stored);
      return { id };
    },
  };
}

/** Every SMS kept in `directory`, newest first. */
export function listStoredSms(directory: string): Promise<StoredSms[]> {
  return listJsonIndexes<StoredSms>(directory);
}

/**
 * Fastify plugin: GET /dev/sms (HTML list, newest first) and GET /dev/sms.json (the same as JSON).
 * Register it only where SMS are kept on disk (`smsKeptOnDisk`): they carry one-time codes.
 */
export async function devSmsPlugin(app: FastifyInstance, options: { directory: string }): Promise<void> {
  const { directory } = options;
  app.get('/dev/sms', async (_request, reply) => {
    const messages = await listStoredSms(directory);
    const rows = messages
      .map(
        (sms) =>
          `<tr><td>${escapeHtml(sms.date)}</td><td>${escapeHtml(sms.to)}</td>` +
          `<td><pre>${escapeHtml(sms.text)}</pre></td></tr>`,
      )
      .join('');
    return reply
      .type('text/html; charset=utf-8')
      .send(
        devPage(
          'SMS',
          `<h1>Отправленные SMS (${messages.length})</h1><p>Written to ${escapeHtml(directory)}; SMS_URL is not set.</p>` +
            `<table><tr><th>Дата</th><th>Кому</th><th>Текст</th></tr>${rows}</table>`,
        ),
      );
  });
  app.get('/dev/sms.json', async () => ({ messages: await listStoredSms(directory) }));
}

/** Registers GET /dev/sms when SMS are kept on disk; returns whether it did. */
export async function registerDevSms(
  app: FastifyInstance,
  config: Pick<Config, 'SMS_URL' | 'embedded' | 'DATA_DIR'>,
): Promise<boolean> {
  if (!smsKeptOnDisk(config)) return false;
  await app.register(devSmsPlugin, { directory: smsDirectory(config) });
  return true;
}
