import type { Context } from 'grammy';
import type { Input } from '../../../core/dialog';

/** '+' and the digits: Telegram gives `77011234567`, `+77011234567` or with spaces. */
export function normalizePhone(raw: string): string {
  return `+${raw.replace(/\D/g, '')}`;
}

const COMMAND = /^\/([A-Za-z0-9_]{1,32})(?:@([A-Za-z0-9_]+))?(?:\s+([\s\S]*))?$/;

/** '/start@my_bot code' → { command: 'start', args: 'code' }; another bot's command → null. */
export function parseCommand(text: string, botUsername?: string): { command: string; args?: string } | null {
  const match = COMMAND.exec(text.trim());
  if (!match) return null;
  const [, command, mention, args] = match;
  if (mention && botUsername && mention.toLowerCase() !== botUsername.toLowerCase()) return null;
  const trimmed = args?.trim();
  return { command: (command as string).toLowerCase(), ...(trimmed ? { args: trimmed } : {}) };
}

export type MappedUpdate =
  | { kind: 'input'; input: Input }
  /** a message the dialog cannot take (sticker, voice, ...) */
  | { kind: 'unsupported' }
  /** nothing to do (edited message, service message, another bot's command) */
  | { kind: 'ignore' };

/** Turns one Telegram update into the engine's Input. */
export function updateToInput(ctx: Context): MappedUpdate {
  const query = ctx.callbackQuery;
  if (query) {
    return typeof query.data === 'string'
      ? { kind: 'input', input: { type: 'button', data: query.data } }
      : { kind: 'ignore' };
  }
  const message = ctx.message;
  if (!message) return { kind: 'ignore' };
  if (typeof message.text === 'string') {
    const isCommand = message.entities?.some(
      (entity) => entity.type === 'bot_command' && entity.offset === 0,
    );
    if (isCommand || message.text.startsWith('/')) {
      const command = parseCommand(message.text, ctx.me?.username);
      if (command) return { kind: 'input', input: { type: 'command', ...command } };
      if (isCommand) return { kind: 'ignore' };
    }
    return { kind: 'input', input: { type: 'text', text: message.text } };
  }
  if (message.contact) {
    const own = message.contact.user_id !== undefined && message.contact.user_id === message.from?.id;
    return {
      kind: 'input',
      input: { type: 'contact', phone: normalizePhone(message.contact.phone_number), own },
    };
  }
  if (message.location) {
    return {
      kind: 'input',
      input: { type: 'location', latitude: message.location.latitude, longitude: message.location.longitude },
    };
  }
  if (message.document) {
    const document = message.document;
    return {
      kind: 'input',
      input: {
        type: 'file',
        fileName: document.file_name ?? 'document',
        mimeType: document.mime_type ?? 'application/octet-stream',
        size: document.file_size ?? 0,
        // storing files is a later step: keep Telegram's file_id to download it then
        storageRef: document.file_id,
      },
    };
  }
  if (message.photo && message.photo.length > 0) {
    const largest = message.photo[message.photo.length - 1]!;
    return {
      kind: 'input',
      input: {
        type: 'file',
        fileName: `photo-${largest.file_unique_id}.jpg`,
        mimeType: 'image/jpeg',
        size: largest.file_size ?? 0,
        storageRef: largest.file_id,
      },
    };
  }
  return { kind: 'unsupported' };
}
