import { randomInt } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Config } from '../config';

/**
 * Accounts of the telemedicine platform «Онлайн доктор» (seed 000: the e-mail is the login; a new
 * account gets a password; a second policy on the same e-mail joins the existing cabinet).
 *
 * HTTP contract assumed for TELEMED_API_URL (JSON over HTTPS):
 *
 *   POST {TELEMED_API_URL}/accounts
 *   Authorization: Bearer {TELEMED_API_KEY}          (when set)
 *   Idempotency-Key: {activation id}                  (the same key must replay the first answer)
 *   { "email", "fullName", "productCode", "policyNumber", "coverageStart": "YYYY-MM-DD", "coverageEnd" }
 *
 *   200/201 { "login": string, "password": string | null, "externalId": string, "existing": boolean }
 *     existing=true: the e-mail already had an account; the policy was added to it; no password.
 *   4xx (but 408, 429)  permanent: the request is wrong; not retried (a support ticket is raised)
 *   408, 429, 5xx, network error, timeout  transient: retried with exponential backoff
 */
export interface OpenAccountRequest {
  email: string;
  fullName: string;
  productCode: string;
  policyNumber: string;
  /** 'YYYY-MM-DD' */
  coverageStart: string;
  /** 'YYYY-MM-DD', inclusive */
  coverageEnd: string;
  /** sent as Idempotency-Key: a retry after a lost answer gets the first answer again */
  idempotencyKey?: string;
}

export interface OpenAccountResult {
  login: string;
  /** only for a new account */
  password?: string;
  externalId: string;
  existing: boolean;
}

export interface TelemedClient {
  readonly kind: 'http' | 'builtin';
  openAccount(request: OpenAccountRequest): Promise<OpenAccountResult>;
}

export class TelemedError extends Error {
  constructor(
    message: string,
    /** true when retrying cannot help (the platform refused the request) */
    readonly permanent: boolean,
    readonly status?: number,
  ) {
    super(message);
    this.name = 'TelemedError';
  }
}

export interface HttpTelemedOptions {
  baseUrl: string;
  apiKey?: string;
  timeoutMs?: number;
  /** attempts per call, including the first (default 3) */
  attempts?: number;
  /** first backoff in ms, doubled each retry (default 500) */
  backoffMs?: number;
  fetch?: typeof fetch;
}

export function createHttpTelemedClient(options: HttpTelemedOptions): TelemedClient {
  const doFetch = options.fetch ?? fetch;
  const attempts = Math.max(1, options.attempts ?? 3);
  const backoffMs = options.backoffMs ?? 500;
  const timeoutMs = options.timeoutMs ?? 10_000;
  const url = `${options.baseUrl.replace(/\/+$/, '')}/accounts`;

  async function once(request: OpenAccountRequest): Promise<OpenAccountResult> {
    const { idempotencyKey, ...body } = request;
    let response: Response;
    try {
      response = await doFetch(url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          accept: 'application/json',
          ...(options.apiKey ? { authorization: `Bearer ${options.apiKey}` } : {}),
          ...(idempotencyKey ? { 'idempotency-key': idempotencyKey } : {}),
        },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (error) {
      const reason =
        (error as Error).name === 'TimeoutError' ? `timed out after ${timeoutMs} ms` : String(error);
      throw new TelemedError(`telemedicine API unreachable: ${reason}`, false);
    }
    const text = await response.text().catch(() => '');
    if (!response.ok) {
      const permanent =
        response.status >= 400 && response.status < 500 && ![408, 429].includes(response.status);
      throw new TelemedError(
        `telemedicine API answered ${response.status}: ${text.slice(0, 300)}`,
        permanent,
        response.status,
      );
    }
    return parseResult(text);
  }

  return {
    kind: 'http',
    async openAccount(request) {
      let lastError: unknown;
      for (let attempt = 1; attempt <= attempts; attempt++) {
        try {
          return await once(request);
        } catch (error) {
          lastError = error;
          if (error instanceof TelemedError && error.permanent) throw error;
          if (attempt < attempts) await sleep(backoffMs * 2 ** (attempt - 1));
        }
      }
      throw lastError;
    },
  };
}

function parseResult(text: string): OpenAccountResult {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new TelemedError(`telemedicine API answered with invalid JSON: ${text.slice(0, 200)}`, false);
  }
  const value = body as Record<string, unknown>;
  if (
    typeof value !== 'object' ||
    value === null ||
    typeof value.login !== 'string' ||
    typeof value.externalId !== 'string' ||
    typeof value.existing !== 'boolean' ||
    (value.password !== undefined && value.password !== null && typeof value.password !== 'string')
  ) {
    throw new TelemedError('telemedicine API answer lacks login/externalId/existing', false);
  }
  if (!value.existing && !value.password) {
    throw new TelemedError('telemedicine API opened a new account without a password', false);
  }
  return {
    login: value.login,
    externalId: value.externalId,
    existing: value.existing,
    ...(typeof value.password === 'string' && !value.existing ? { password: value.password } : {}),
  };
}

/**
 * The built-in issuer used when TELEMED_API_URL is unset (embedded default, demos, tests): the
 * login is the e-mail, a new account gets a random strong password, and an e-mail that already
 * has an open account gets `existing: true` and no password. `accountOpen` says whether the e-mail
 * already has an open account (the product's TelemedAccount table).
 */
export function createBuiltinTelemedIssuer(options: {
  accountOpen(email: string): Promise<boolean>;
}): TelemedClient {
  return {
    kind: 'builtin',
    async openAccount(request) {
      const login = request.email.trim().toLowerCase();
      const externalId = `builtin-${Buffer.from(login).toString('base64url')}`;
      if (await options.accountOpen(login)) return { login, externalId, existing: true };
      return { login, externalId, existing: false, password: generatePassword() };
    },
  };
}

const ALPHABETS = ['ABCDEFGHJKLMNPQRSTUVWXYZ', 'abcdefghijkmnopqrstuvwxyz', '23456789', '!#%+=?@'];

/** 14 characters with at least one of each class, no look-alikes (0/O, 1/l/I). */
export function generatePassword(length = 14): string {
  const all = ALPHABETS.join('');
  const chars = ALPHABETS.map((alphabet) => alphabet[randomInt(alphabet.length)] as string);
  while (chars.length < length) chars.push(all[randomInt(all.length)] as string);
  for (let i = chars.length - 1; i > 0; i--) {
    const j = randomInt(i + 1);
    [chars[i], chars[j]] = [chars[j] as string, chars[i] as string];
  }
  return chars.join('');
}

/** The HTTP client when TELEMED_API_URL is set, else the built-in issuer. */
export function createTelemedClient(
  config: Pick<Config, 'TELEMED_API_URL' | 'TELEMED_API_KEY' | 'TELEMED_TIMEOUT_MS'>,
  builtin: { accountOpen(email: string): Promise<boolean> },
): TelemedClient {
  if (config.TELEMED_API_URL) {
    return createHttpTelemedClient({
      baseUrl: config.TELEMED_API_URL,
      ...(config.TELEMED_API_KEY ? { apiKey: config.TELEMED_API_KEY } : {}),
      timeoutMs: config.TELEMED_TIMEOUT_MS,
    });
  }
  return createBuiltinTelemedIssuer(builtin);
}
