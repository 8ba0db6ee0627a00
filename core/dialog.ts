/**
 * The channel-neutral vocabulary of every dialog. Channels (Telegram, web chat, tests) turn their
 * updates into `Input`s and render `Reply`s; flows never see a channel.
 */

export type Language = 'ru' | 'kk';

export type ChannelName = 'telegram' | 'webchat';

/** Text to show: a Fluent message id from locales/*.ftl and its arguments. */
export interface Text {
  key: string;
  params?: Record<string, string | number>;
  /**
   * Personal data among `params` (an IIN shown for confirmation): the message history keeps these
   * values instead (e.g. «••••••••0127»); the user sees `params` once, live.
   */
  masked?: Record<string, string>;
}

export type Button =
  /** pressing it sends `{ type: 'button', data }` back to the dialog */
  | { text: Text; data: string }
  /** opens a link */
  | { text: Text; url: string };

export type Reply =
  | { type: 'text'; text: Text; buttons?: Button[][] }
  /** ask the user to share their own phone number (Telegram: request_contact keyboard) */
  | { type: 'request_contact'; text: Text }
  /** ask the user to share a location (Telegram: request_location keyboard) */
  | { type: 'request_location'; text: Text }
  /** a file sent to the user; content is base64 so replies stay JSON */
  | { type: 'document'; fileName: string; mimeType: string; contentBase64: string; caption?: Text };

export type Input =
  | { type: 'text'; text: string }
  /** '/start', '/cancel', '/language', '/status', '/help' ... without the slash */
  | { type: 'command'; command: string; args?: string }
  | { type: 'button'; data: string }
  /** `own` is false when the user shared someone else's contact */
  | { type: 'contact'; phone: string; own: boolean }
  | { type: 'location'; latitude: number; longitude: number }
  | { type: 'file'; fileName: string; mimeType: string; size: number; storageRef: string };

/** Saved per conversation; must survive JSON round trips and deploys (see `version`). */
export interface DialogState {
  flow: string;
  step: string;
  data: Record<string, unknown>;
  /** the flow's version when this state was written; a flow refuses states it cannot read */
  version: number;
  /** steps visited before `step`, for "back" (engine-managed; names only, data stays in `data`) */
  trail?: string[];
  /** the user asked to /cancel and has not yet confirmed or declined */
  pendingCancel?: boolean;
}

/** Identifies a conversation across channels: `telegram` + chat id, `webchat` + session id. */
export interface ConversationRef {
  channel: ChannelName;
  externalId: string;
  /** a language hint from the channel (Telegram's language_code), used at first contact only */
  languageHint?: string;
}
