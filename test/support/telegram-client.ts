import { createTelegramBot, type TelegramChannel, type TelegramEngine } from '../../bot/channels/telegram';
import type { AppContext } from '../../core/context';
import type { I18n } from '../../core/i18n';
import { type BotApiServer, type TestUser, type Update, updates } from './bot-api-server';

/**
 * The product's grammY bot (long polling through @grammyjs/runner) pointed at the local Bot API
 * server (test/support/bot-api-server.ts), started.
 */
export async function startPollingBot(
  app: AppContext,
  engine: TelegramEngine,
  i18n: I18n,
  api: BotApiServer,
): Promise<TelegramChannel> {
  const channel = createTelegramBot(app, engine, i18n, {
    token: api.token,
    apiRoot: api.apiRoot,
    mode: 'polling',
    // keep per-chat order without the pacing real Telegram needs (REPLY_THROTTLE: 3 per 3 s per chat)
    throttle: { out: { maxConcurrent: 1, minTime: 0 } },
  });
  await channel.start();
  return channel;
}

/**
 * A Telegram user of the Bot API emulator: sends an update and waits until the bot has answered
 * (and gone quiet); every action returns the texts the bot sent meanwhile.
 */
export class TelegramTestUser {
  constructor(
    readonly api: BotApiServer,
    readonly user: TestUser,
  ) {}

  /** the chat id, as Conversation.externalId */
  get chat(): string {
    return String(this.user.id);
  }

  async send(update: Update | (() => Update)): Promise<string[]> {
    const { api } = this;
    const before = api.messagesTo(this.user.id).length;
    const answered = api.callsOf('sendMessage').length + api.callsOf('sendDocument').length;
    if (typeof update === 'function') update();
    else api.pushUpdate(update);
    await api.waitFor(
      () => api.callsOf('sendMessage').length + api.callsOf('sendDocument').length > answered,
    );
    // settle: the bot may send several messages for one update; under a loaded CI machine two of
    // them can be more than 150 ms apart, so the bot counts as quiet after 350 ms without a message
    let count = -1;
    while (count !== api.messagesTo(this.user.id).length) {
      count = api.messagesTo(this.user.id).length;
      await new Promise((resolve) => setTimeout(resolve, 350));
    }
    return api.textsTo(this.user.id).slice(before);
  }
  command(command: string) {
    return this.send(updates.command(this.user, command));
  }
  say(text: string) {
    return this.send(updates.text(this.user, text));
  }
  shareContact(phone: string, ownerId?: number) {
    return this.send(updates.contact(this.user, phone, ownerId !== undefined ? { ownerId } : {}));
  }
  /** presses the inline button with this callback data */
  pressData(data: string) {
    return this.send(() => this.api.pressButton(this.user, data));
  }
  /** presses the inline button labelled `label` on the latest message that has it */
  press(label: string) {
    const messages = this.api.messagesTo(this.user.id);
    const message = [...messages]
      .reverse()
      .find((m) => m.reply_markup?.inline_keyboard?.flat().some((b) => b.text === label && b.callback_data));
    const button = message?.reply_markup?.inline_keyboard?.flat().find((b) => b.text === label);
    if (!button?.callback_data) {
      throw new Error(`no button «${label}» in ${JSON.stringify(messages.slice(-3))}`);
    }
    return this.pressData(button.callback_data as string);
  }
  /** the inline button labels of the latest message */
  buttons(): string[] {
    return (this.api.messagesTo(this.user.id).at(-1)?.reply_markup?.inline_keyboard ?? [])
      .flat()
      .map((b) => b.text);
  }
  /** the reply keyboard of the latest message that has one */
  replyKeyboard() {
    return this.api.messagesTo(this.user.id).findLast((m) => m.reply_markup?.keyboard)?.reply_markup
      ?.keyboard;
  }
}
