/**
 * Slack Web API access shared by the bot (Bolt, bot/channels/slack) and the workers (the Slack
 * NotificationSender): one WebClient per process on SLACK_BOT_TOKEN, pointed at SLACK_API_URL
 * (Bolt's `clientOptions.slackApiUrl`; a local server in tests), and the download of a file a user
 * shared (its `url_private`, read with the bot token: scope files:read).
 */
import { LogLevel, type Logger as SlackLogger, webApi } from '@slack/bolt';
import type { Config } from '../config';
import type { Logger } from '../log/logger';

export type SlackMode = 'off' | 'http' | 'socket';
export type SlackConfig = Pick<
  Config,
  'SLACK_BOT_TOKEN' | 'SLACK_SIGNING_SECRET' | 'SLACK_SOCKET_MODE' | 'SLACK_APP_TOKEN' | 'SLACK_API_URL'
>;

/** off without a bot token; Socket Mode with SLACK_SOCKET_MODE=1; else HTTP (signed requests). */
export function slackMode(config: SlackConfig): SlackMode {
  if (!config.SLACK_BOT_TOKEN) return 'off';
  return config.SLACK_SOCKET_MODE ? 'socket' : 'http';
}

/** pino behind Slack's logger interface (Bolt, WebClient, Socket Mode). */
export function slackLogger(logger: Logger): SlackLogger {
  let level: LogLevel = LogLevel.WARN;
  const child = logger.child({ module: 'slack' });
  const text = (parts: unknown[]) =>
    parts.map((part) => (typeof part === 'string' ? part : String(part))).join(' ');
  return {
    debug: (...parts) => child.debug(text(parts)),
    info: (...parts) => child.info(text(parts)),
    warn: (...parts) => child.warn(text(parts)),
    error: (...parts) => child.error(text(parts)),
    setLevel: (next) => {
      level = next;
    },
    getLevel: () => level,
    setName: () => undefined,
  };
}

/**
 * Options of every WebClient of the product: the API URL, and no retries of its own (rate limits
 * come back as errors): the notifications worker and the command handlers decide what to retry.
 */
export function slackClientOptions(config: SlackConfig, logger?: Logger): webApi.WebClientOptions {
  return {
    slackApiUrl: config.SLACK_API_URL,
    retryConfig: { retries: 0 },
    rejectRateLimitedCalls: true,
    timeout: 15_000,
    ...(logger ? { logger: slackLogger(logger) } : {}),
  };
}

/** The bot's Web API client, or null when Slack is off. */
export function slackWebClient(config: SlackConfig, logger?: Logger): webApi.WebClient | null {
  if (!config.SLACK_BOT_TOKEN) return null;
  return new webApi.WebClient(config.SLACK_BOT_TOKEN, slackClientOptions(config, logger));
}

export class SlackFileError extends Error {
  override name = 'SlackFileError';
}

/** Largest roster file accepted from Slack. */
export const MAX_SLACK_FILE_BYTES = 5 * 1024 * 1024;

/**
 * Downloads a shared file's `url_private(_download)` with the bot token. Slack answers an HTML
 * login page (status 200) instead of the file when the token may not read it: that is an error.
 */
export async function downloadSlackFile(
  config: SlackConfig,
  url: string,
  options: { maxBytes?: number; timeoutMs?: number } = {},
): Promise<Buffer> {
  if (!config.SLACK_BOT_TOKEN) throw new SlackFileError('Slack is off (SLACK_BOT_TOKEN is not set)');
  const maxBytes = options.maxBytes ?? MAX_SLACK_FILE_BYTES;
  let response: Response;
  try {
    response = await fetch(url, {
      headers: { authorization: `Bearer ${config.SLACK_BOT_TOKEN}` },
      signal: AbortSignal.timeout(options.timeoutMs ?? 15_000),
    });
  } catch (error) {
    throw new SlackFileError(`cannot download the file: ${(error as Error).message}`);
  }
  if (response.status !== 200) throw new SlackFileError(`cannot download the file: HTTP ${response.status}`);
  if ((response.headers.get('content-type') ?? '').startsWith('text/html'))
    throw new SlackFileError(
      'Slack answered a login page: the bot may not read this file (scope files:read)',
    );
  const declared = Number(response.headers.get('content-length') ?? 0);
  if (declared > maxBytes) throw new SlackFileError(`the file is larger than ${maxBytes} bytes`);
  const bytes = Buffer.from(await response.arrayBuffer());
  if (bytes.length > maxBytes) throw new SlackFileError(`the file is larger than ${maxBytes} bytes`);
  return bytes;
}

/** Slack Web API error → its `error` code (`not_in_channel`, `channel_not_found`, …) or a message. */
export function slackErrorCode(error: unknown): string {
  const data = (error as { data?: { error?: unknown } })?.data;
  if (data && typeof data.error === 'string') return data.error;
  return (error as Error)?.message ?? String(error);
}

/** Web API errors after which a retry cannot help. */
export const PERMANENT_SLACK_ERRORS = new Set([
  'channel_not_found',
  'not_in_channel',
  'is_archived',
  'invalid_auth',
  'not_authed',
  'account_inactive',
  'token_revoked',
  'token_expired',
  'missing_scope',
  'no_permission',
  'restricted_action',
  'msg_too_long',
  'invalid_blocks',
  'invalid_arguments',
]);
