import { Api, GrammyError, HttpError } from 'grammy';
import type { Config } from '../config';
import type { Database } from '../db';
import type { Notification } from '../generated/prisma/client';
import type { I18n, Language } from '../i18n';
import { noticeParams } from './params';
import { telegramPacer } from './telegram-pacer';
import {
  type DeliveryResult,
  type NoticePerson,
  type NotificationSender,
  noticeLinkButton,
  renderNotice,
} from './types';

/**
 * Telegram notices (outbox rows of channel `telegram`): the message is the Notification's Fluent
 * template rendered in the person's language; the chat is Notification.address or the person's
 * Telegram conversation. 429 → retry after Telegram's retry_after; 403 (blocked, deactivated) and
 * other 4xx → permanent; 5xx and network errors → transient.
 */
export interface TelegramSenderDeps {
  api: Api;
  i18n: I18n;
  db: Pick<Database, 'prisma'>;
}

/**
 * The Bot API client of the notices, paced to Telegram's limits (about 30 messages/s overall, 1/s
 * per chat, 20/min per group; core/notify/telegram-pacer.ts), so bursts are spread out instead of
 * hitting 429. No auto-retry: the notifications worker owns retries, and a 429 that still comes back
 * pauses the channel for its retry_after (workers/notifications.ts). The pacing is per process.
 */
export function telegramApi(config: Pick<Config, 'TELEGRAM_BOT_TOKEN' | 'TELEGRAM_API_ROOT'>): Api | null {
  if (!config.TELEGRAM_BOT_TOKEN) return null;
  const api = new Api(config.TELEGRAM_BOT_TOKEN, { apiRoot: config.TELEGRAM_API_ROOT });
  api.config.use(telegramPacer());
  return api;
}

export function telegramError(error: unknown): DeliveryResult & { ok: false } {
  if (error instanceof GrammyError) {
    const message = `Telegram ${error.method}: ${error.error_code} ${error.description}`;
    if (error.error_code === 429) {
      const seconds = error.parameters?.retry_after ?? 1;
      return { ok: false, error: message, permanent: false, retryAfterMs: seconds * 1000 };
    }
    if (error.error_code >= 500) return { ok: false, error: message, permanent: false };
    return { ok: false, error: message, permanent: true };
  }
  if (error instanceof HttpError)
    return { ok: false, error: `Telegram unreachable: ${String(error.error)}`, permanent: false };
  return { ok: false, error: String((error as Error)?.message ?? error), permanent: false };
}

export function createTelegramSender(deps: TelegramSenderDeps): NotificationSender {
  const { prisma } = deps.db;
  return {
    channel: 'telegram',
    async send(notification: Notification, person: NoticePerson | null): Promise<DeliveryResult> {
      // the chat comes from the notice, else the person's latest Telegram conversation; the
      // language from the person, else that chat's conversation (one query at most)
      const conversation =
        notification.address && person
          ? null
          : notification.address
            ? await prisma.conversation.findUnique({
                where: { channel_externalId: { channel: 'telegram', externalId: notification.address } },
                select: { externalId: true, language: true },
              })
            : person
              ? await prisma.conversation.findFirst({
                  where: { personId: person.id, channel: 'telegram' },
                  orderBy: { updatedAt: 'desc' },
                  select: { externalId: true, language: true },
                })
              : null;
      const chatId = notification.address ?? conversation?.externalId;
      if (!chatId) return { ok: false, error: 'no Telegram chat for this person', permanent: true };
      const language: Language = person?.language ?? conversation?.language ?? 'ru';
      const text = renderNotice(notification.template, () =>
        deps.i18n.t(language, notification.template, noticeParams(notification.params)),
      );
      if (!text.ok) return text;
      try {
        const button = noticeLinkButton(notification.params);
        const message = await deps.api.sendMessage(chatId, text.value, {
          link_preview_options: { is_disabled: true },
          ...(button
            ? {
                reply_markup: {
                  inline_keyboard: [[{ text: deps.i18n.t(language, button.key), url: button.url }]],
                },
              }
            : {}),
        });
        return { ok: true, providerMessageId: String(message.message_id) };
      } catch (error) {
        return telegramError(error);
      }
    },
  };
}
