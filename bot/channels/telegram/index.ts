export {
  createTelegramBot,
  SECRET_HEADER,
  type TelegramChannel,
  type TelegramContext,
  type TelegramEngine,
  type TelegramFlavor,
  type TelegramMode,
  type TelegramOptions,
  WEBHOOK_PATH,
} from './bot';
export { MENU_COMMANDS, menuCommands, registerCommands } from './commands';
export { normalizePhone, parseCommand, updateToInput } from './inputs';
export { assertCallbackData, CallbackDataTooLongError, renderReplies, splitText } from './render';
