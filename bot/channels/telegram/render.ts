import { type Api, InputFile } from 'grammy';
import type { InlineKeyboardButton, ReplyKeyboardMarkup, ReplyKeyboardRemove } from 'grammy/types';
import type { Button, Language, Reply, Text } from '../../../core/dialog';
import type { I18n } from '../../../core/i18n';

export const TELEGRAM_TEXT_LIMIT = 4096;
export const TELEGRAM_CAPTION_LIMIT = 1024;
export const CALLBACK_DATA_LIMIT = 64;

export class CallbackDataTooLongError extends Error {
  constructor(readonly data: string) {
    super(
      `callback_data "${data.slice(0, 80)}" is ${Buffer.byteLength(data, 'utf8')} bytes; Telegram allows ${CALLBACK_DATA_LIMIT}`,
    );
    this.name = 'CallbackDataTooLongError';
  }
}

/** Throws when a button's data does not fit Telegram's 64 bytes (a flow bug: keep button data short ids). */
export function assertCallbackData(data: string): string {
  if (data.length === 0 || Buffer.byteLength(data, 'utf8') > CALLBACK_DATA_LIMIT)
    throw new CallbackDataTooLongError(data);
  return data;
}

/** Splits at line ends (else spaces) so every part fits `limit` characters. */
export function splitText(text: string, limit = TELEGRAM_TEXT_LIMIT): string[] {
  const parts: string[] = [];
  let rest = text;
  while ([...rest].length > limit) {
    const head = [...rest].slice(0, limit).join('');
    let cut = head.lastIndexOf('\n');
    if (cut < limit / 2) cut = head.lastIndexOf(' ');
    if (cut < limit / 2) cut = head.length;
    parts.push(head.slice(0, cut).trimEnd());
    rest = rest.slice(cut).replace(/^\s+/, '');
  }
  if (rest.length > 0 || parts.length === 0) parts.push(rest);
  return parts;
}

export interface RenderOptions {
  /** hide a reply keyboard left from a contact/location request (on the first plain text) */
  removeKeyboard?: boolean;
}

/** Sends the engine's replies to one chat, in order. Returns the ids of the messages sent. */
export async function renderReplies(
  api: Api,
  i18n: I18n,
  chatId: number,
  language: Language,
  replies: Reply[],
  options: RenderOptions = {},
): Promise<number[]> {
  const t = (text: Text) => i18n.t(language, text.key, text.params);
  const sent: number[] = [];
  let removeKeyboard =
    options.removeKeyboard === true && !replies.some((reply) => reply.type.startsWith('request_'));

  const button = (b: Button): InlineKeyboardButton =>
    'url' in b
      ? { text: t(b.text), url: b.url }
      : { text: t(b.text), callback_data: assertCallbackData(b.data) };

  for (const reply of replies) {
    switch (reply.type) {
      case 'text': {
        const keyboard = reply.buttons?.filter((row) => row.length > 0).map((row) => row.map(button));
        const parts = splitText(t(reply.text));
        for (const [index, part] of parts.entries()) {
          const last = index === parts.length - 1;
          let markup: { inline_keyboard: InlineKeyboardButton[][] } | ReplyKeyboardRemove | undefined;
          if (last && keyboard && keyboard.length > 0) markup = { inline_keyboard: keyboard };
          else if (removeKeyboard) {
            markup = { remove_keyboard: true };
            removeKeyboard = false;
          }
          const message = await api.sendMessage(chatId, part, {
            link_preview_options: { is_disabled: true },
            ...(markup ? { reply_markup: markup } : {}),
          });
          sent.push(message.message_id);
        }
        break;
      }
      case 'request_contact':
      case 'request_location': {
        const keyboard: ReplyKeyboardMarkup = {
          keyboard: [
            [
              reply.type === 'request_contact'
                ? { text: i18n.t(language, 'tg-share-contact'), request_contact: true }
                : { text: i18n.t(language, 'tg-share-location'), request_location: true },
            ],
          ],
          one_time_keyboard: true,
          resize_keyboard: true,
        };
        const message = await api.sendMessage(chatId, t(reply.text), { reply_markup: keyboard });
        sent.push(message.message_id);
        break;
      }
      case 'document': {
        const caption = reply.caption ? t(reply.caption) : undefined;
        const fits = caption === undefined || [...caption].length <= TELEGRAM_CAPTION_LIMIT;
        const file = new InputFile(Buffer.from(reply.contentBase64, 'base64'), reply.fileName);
        const message = await api.sendDocument(chatId, file, fits && caption ? { caption } : {});
        sent.push(message.message_id);
        if (!fits && caption) {
          for (const part of splitText(caption)) sent.push((await api.sendMessage(chatId, part)).message_id);
        }
        break;
      }
    }
  }
  return sent;
}
