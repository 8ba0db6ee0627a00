import type { Button, Input, Language, Reply } from '../../../core/dialog';
import type { I18n } from '../../../core/i18n';

/** A reply as the web chat shows it: text rendered in the conversation's language. */
export type RenderedButton = { label: string; data: string } | { label: string; url: string };

export interface RenderedReply {
  kind: Reply['type'];
  text: string;
  buttons?: RenderedButton[][];
  document?: { fileName: string; mimeType: string; contentBase64: string };
}

export function renderButton(i18n: I18n, lang: Language, button: Button): RenderedButton {
  const label = i18n.t(lang, button.text.key, button.text.params);
  return 'url' in button ? { label, url: button.url } : { label, data: button.data };
}

export function renderReply(i18n: I18n, lang: Language, reply: Reply): RenderedReply {
  switch (reply.type) {
    case 'text': {
      const rendered: RenderedReply = { kind: 'text', text: i18n.t(lang, reply.text.key, reply.text.params) };
      if (reply.buttons?.length) {
        rendered.buttons = reply.buttons.map((row) => row.map((button) => renderButton(i18n, lang, button)));
      }
      return rendered;
    }
    case 'request_contact':
    case 'request_location':
      return { kind: reply.type, text: i18n.t(lang, reply.text.key, reply.text.params) };
    case 'document':
      return {
        kind: 'document',
        text: reply.caption ? i18n.t(lang, reply.caption.key, reply.caption.params) : reply.fileName,
        document: { fileName: reply.fileName, mimeType: reply.mimeType, contentBase64: reply.contentBase64 },
      };
  }
}

export function renderReplies(i18n: I18n, lang: Language, replies: Reply[]): RenderedReply[] {
  return replies.map((reply) => renderReply(i18n, lang, reply));
}

/** What an inbound message looked like to the user (for the history). */
export function describeInput(input: Input, labels: Map<string, string>): string {
  switch (input.type) {
    case 'text':
      return input.text;
    case 'button':
      return labels.get(input.data) ?? input.data;
    case 'command':
      return `/${input.command}${input.args ? ` ${input.args}` : ''}`;
    case 'contact':
      return input.phone;
    case 'location':
      return `${input.latitude}, ${input.longitude}`;
    case 'file':
      return input.fileName;
  }
}
