import { autoRetry } from '@grammyjs/auto-retry';
import { type RunnerHandle, run, sequentialize } from '@grammyjs/runner';
import { type APIThrottlerOptions, apiThrottler } from '@grammyjs/transformer-throttler';
import type { FastifyInstance, FastifyPluginAsync } from 'fastify';
import { Bot, type Context, GrammyError, HttpError, webhookCallback } from 'grammy';
import type { Update, UserFromGetMe } from 'grammy/types';
import type { AppContext } from '../../../core/context';
import { sameSecret } from '../../../core/crypto';
import type { ConversationRef, Input, Language, Reply } from '../../../core/dialog';
import { type I18n, pickLanguage } from '../../../core/i18n';
import type { Logger } from '../../../core/log/logger';
import { registerCommands } from './commands';
import { updateToInput } from './inputs';
import { renderReplies } from './render';

/** What the channel needs from the dialog engine (bot/engine's DialogEngine satisfies it). */
export interface TelegramEngine {
  handle(ref: ConversationRef, input: Input): Promise<{ replies: Reply[]; language: Language }>;
  /** finds the conversation's language without saying anything (for "unsupported message" answers) */
  open?(ref: ConversationRef): Promise<{ language: Language }>;
}

/** The one grammY context of the product: the update plus the conversation it belongs to. */
export interface TelegramFlavor {
  /** set for private chats before the dialog middleware runs */
  conversationRef?: ConversationRef;
}
export type TelegramContext = Context & TelegramFlavor;

export type TelegramMode = 'off' | 'polling' | 'webhook';

export const WEBHOOK_PATH = '/telegram/webhook';
export const SECRET_HEADER = 'x-telegram-bot-api-secret-token';
const ALLOWED_UPDATES = ['message', 'callback_query'] as const;

export interface TelegramOptions {
  /** default: config.TELEGRAM_BOT_TOKEN */
  token?: string;
  /** default: config.TELEGRAM_API_ROOT */
  apiRoot?: string;
  /** default: config.telegramMode */
  mode?: TelegramMode;
  /** default: config.TELEGRAM_WEBHOOK_SECRET */
  webhookSecret?: string;
  /** default: config.PUBLIC_URL */
  publicUrl?: string;
  /** outgoing throttling (Telegram: ~30 msg/s overall, ~1 msg/s per chat); false turns it off */
  throttle?: APIThrottlerOptions | false;
  /** auto-retry of 429 / 5xx: give up past this many attempts or this wait */
  retry?: { maxRetryAttempts?: number; maxDelaySeconds?: number };
  /** skips getMe at start (tests) */
  botInfo?: UserFromGetMe;
  /** a webhook request is answered 200 after this long even if replies are still being sent */
  webhookTimeoutMs?: number;
}

export interface TelegramChannel {
  mode: TelegramMode;
  /** null when the mode is off */
  bot: Bot<TelegramContext> | null;
  /** polling: deleteWebhook + commands + runner; webhook: commands + setWebhook; off: nothing */
  start(): Promise<void>;
  stop(): Promise<void>;
  /** POST /telegram/webhook (registered only in webhook mode); rejects a wrong secret with 401 */
  webhookPlugin: FastifyPluginAsync;
  /** one update through the middleware, as the webhook and the runner do */
  handleUpdate(update: Update): Promise<void>;
}

function describeError(error: unknown): Record<string, unknown> {
  if (error instanceof GrammyError) {
    return { method: error.method, code: error.error_code, description: error.description };
  }
  if (error instanceof HttpError) return { http: String(error.error) };
  return { err: error };
}

/**
 * Pacing of the bot's answers. Telegram asks for about 1 message/s per chat but allows short bursts:
 * the 2–3 messages of one answer go out at once, in order, and a chat still averages ≤ 1 message/s
 * (3 per 3 s). grammY's default (1 s between any two messages) made a 3-message answer take 2 s.
 * Overall 30/s and groups 20/min stay the throttler's defaults; a 429 is waited out by auto-retry.
 */
export const REPLY_THROTTLE: APIThrottlerOptions = {
  out: {
    maxConcurrent: 1,
    minTime: 0,
    reservoir: 3,
    reservoirRefreshAmount: 3,
    reservoirRefreshInterval: 3000,
  },
};

/**
 * The Telegram channel: grammY with auto-retry and the throttler on every outgoing call; updates
 * become engine Inputs, Replies become messages, keyboards and files. Errors in one update are
 * logged (masked) and answered with an apology; they never stop the bot.
 */
export function createTelegramBot(
  ctx: AppContext,
  engine: TelegramEngine,
  i18n: I18n,
  options: TelegramOptions = {},
): TelegramChannel {
  const { config } = ctx;
  const logger: Logger = ctx.logger.child({ channel: 'telegram' });
  const token = options.token ?? config.TELEGRAM_BOT_TOKEN;
  const mode: TelegramMode = options.mode ?? config.telegramMode;
  const secret = options.webhookSecret ?? config.TELEGRAM_WEBHOOK_SECRET;
  const publicUrl = options.publicUrl ?? config.PUBLIC_URL;

  if (mode === 'off' || !token) {
    if (mode !== 'off') throw new Error(`TELEGRAM_MODE=${mode} needs TELEGRAM_BOT_TOKEN`);
    return {
      mode: 'off',
      bot: null,
      start: async () => undefined,
      stop: async () => undefined,
      webhookPlugin: async () => undefined,
      handleUpdate: async () => undefined,
    };
  }
  if (mode === 'webhook' && !secret) throw new Error('TELEGRAM_MODE=webhook needs TELEGRAM_WEBHOOK_SECRET');

  const bot = new Bot<TelegramContext>(token, {
    client: { apiRoot: options.apiRoot ?? config.TELEGRAM_API_ROOT },
    ...(options.botInfo ? { botInfo: options.botInfo } : {}),
  });
  if (options.throttle !== false) bot.api.config.use(apiThrottler(options.throttle ?? REPLY_THROTTLE));
  // installed last = runs first: a 429 waits retry_after, then goes through the throttler again
  bot.api.config.use(
    autoRetry({
      maxRetryAttempts: options.retry?.maxRetryAttempts ?? 5,
      maxDelaySeconds: options.retry?.maxDelaySeconds ?? 60,
    }),
  );

  // one update at a time per chat (the runner handles chats concurrently)
  bot.use(sequentialize((c: Context) => c.chat?.id.toString()));

  bot.use(async (c, next) => {
    if (c.callbackQuery) {
      // stop the button's spinner at once, whatever happens next (also outside private chats)
      await c
        .answerCallbackQuery()
        .catch((error: unknown) => logger.warn(describeError(error), 'answerCallbackQuery failed'));
    }
    if (c.chat?.type !== 'private') return; // a personal assistant: groups and channels are ignored
    c.conversationRef = {
      channel: 'telegram',
      externalId: String(c.chat.id),
      ...(c.from?.language_code ? { languageHint: c.from.language_code } : {}),
    };
    await next();
  });

  bot.use(async (c) => {
    const ref = c.conversationRef;
    const chatId = c.chat?.id;
    if (!ref || chatId === undefined) return;
    const query = c.callbackQuery;
    const mapped = updateToInput(c);
    if (mapped.kind === 'ignore') return;
    try {
      if (mapped.kind === 'unsupported') {
        const language = engine.open ? (await engine.open(ref)).language : pickLanguage(ref.languageHint);
        await c.api.sendMessage(chatId, i18n.t(language, 'tg-unsupported'));
        return;
      }
      const input = mapped.input;
      const result = await engine.handle(ref, input);
      if (query?.message && 'reply_markup' in query.message && query.message.reply_markup) {
        // the pressed keyboard is spent: remove it so an old button cannot be pressed twice
        await c.api
          .editMessageReplyMarkup(chatId, query.message.message_id, { reply_markup: { inline_keyboard: [] } })
          .catch((error: unknown) =>
            logger.debug(describeError(error), 'could not remove the pressed keyboard'),
          );
      }
      await renderReplies(c.api, i18n, chatId, result.language, result.replies, {
        removeKeyboard: input.type === 'contact' || input.type === 'location' || input.type === 'text',
      });
    } catch (error) {
      logger.error({ ...describeError(error), updateId: c.update.update_id }, 'Telegram update failed');
      await c.api
        .sendMessage(chatId, i18n.t(pickLanguage(ref.languageHint), 'tg-error'))
        .catch(() => undefined);
    }
  });

  bot.catch((error) => {
    logger.error(
      { ...describeError(error.error), updateId: error.ctx.update.update_id },
      'Telegram update failed',
    );
  });

  let runner: RunnerHandle | null = null;

  const webhookHandler = webhookCallback(bot, 'fastify', {
    secretToken: secret,
    onTimeout: 'return',
    timeoutMilliseconds: options.webhookTimeoutMs ?? 25_000,
  });

  const webhookPlugin: FastifyPluginAsync = async (app: FastifyInstance) => {
    if (mode !== 'webhook' || !secret) return;
    app.post(WEBHOOK_PATH, async (request, reply) => {
      if (!sameSecret(request.headers[SECRET_HEADER], secret)) {
        logger.warn({ ip: request.ip }, 'Telegram webhook call without the right secret token');
        return reply.code(401).send({ ok: false, error: 'unauthorized' });
      }
      return webhookHandler(request, reply);
    });
  };

  return {
    mode,
    bot,
    webhookPlugin,
    handleUpdate: (update) => bot.handleUpdate(update),
    async start() {
      await bot.init();
      await registerCommands(bot.api, i18n).catch((error: unknown) =>
        logger.warn(describeError(error), 'setMyCommands failed; the menu may be stale'),
      );
      if (mode === 'webhook') {
        if (!publicUrl) throw new Error('TELEGRAM_MODE=webhook needs PUBLIC_URL');
        const url = new URL(WEBHOOK_PATH, publicUrl.endsWith('/') ? publicUrl : `${publicUrl}/`).toString();
        await bot.api.setWebhook(url, { secret_token: secret, allowed_updates: [...ALLOWED_UPDATES] });
        logger.info({ url, bot: bot.botInfo.username }, 'Telegram webhook set');
        return;
      }
      await bot.api.deleteWebhook();
      runner = run(bot, { runner: { fetch: { allowed_updates: [...ALLOWED_UPDATES] } } });
      logger.info({ bot: bot.botInfo.username }, 'Telegram long polling started');
    },
    async stop() {
      if (runner?.isRunning()) await runner.stop();
      runner = null;
    },
  };
}
