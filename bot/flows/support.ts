import type { Button, Language, Reply } from '../../core/dialog';
import type { I18n } from '../../core/i18n';
import { leaveChat, openChatTicket } from '../../core/services/support';
import type { DialogEngineDeps, MisunderstoodInfo, TurnInfo, TurnTakeover } from '../engine/engine';
import { button, say } from '../engine/flow';

/**
 * Operator hand-off as the dialog engine sees it (docs/support.md):
 * - the user asks for a person (menu button `support:operator`, `/operator`, or words such as
 *   «оператор», «живой человек», «адам керек») or the bot fails to understand twice in a row →
 *   a chat SupportTicket is opened in the turn's transaction and the conversation is handed off;
 * - while handed off, every input is kept in the history for the operator and the bot stays
 *   silent; `/cancel`, `/start`, `/menu` or «Вернуться к боту» leave the queue.
 */
export const SUPPORT_BUTTONS = { operator: 'support:operator', leave: 'support:leave' } as const;

/** Consecutive misunderstandings after which the conversation goes to an operator. */
export const MISUNDERSTOOD_LIMIT = 2;

const LEAVE_COMMANDS = new Set(['cancel', 'start', 'menu']);

export function normalizeText(text: string): string {
  return text
    .toLowerCase()
    .replace(/ё/g, 'е')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** Whole-message phrases (normalised) that ask for a person, in Russian, Kazakh and English. */
const PHRASES = new Set([
  'человек',
  'человека',
  'живой человек',
  'живого человека',
  'с человеком',
  'адам',
  'адам керек',
  'тірі адам',
  'тірі адаммен',
  'адаммен сөйлесу',
  'маман',
  'маман керек',
  'специалист',
  'менеджер',
  'поддержка',
  'служба поддержки',
  'operator',
  'human',
  'agent',
  'support',
]);

/** Words that ask for a person anywhere in a short message (up to 8 words). */
const STEMS = [
  /(^| )оператор\p{L}*/u, // оператор, оператора, оператором, операторға, оператормен
  /(^| )жив\p{L}* человек\p{L}*/u, // живой человек, с живым человеком
  /(^| )адам керек/u,
  /(^| )тірі адам/u,
  /(^| )маман(ға|мен)? керек/u,
  /(^| )(позов|соедин|переключ)\p{L}* (с |на )?(человек|специалист|менеджер)/u,
  /(^| )поговорить с человеком/u,
];

/** True when a typed message asks for a live operator. */
export function asksForOperator(text: string): boolean {
  const normalized = normalizeText(text);
  if (!normalized) return false;
  if (PHRASES.has(normalized)) return true;
  if (normalized.split(' ').length > 8) return false;
  return STEMS.some((stem) => stem.test(normalized));
}

const leaveButton = (): Button[][] => [[button('support-leave', SUPPORT_BUTTONS.leave)]];

function queued(minutes: number): Reply {
  return say('support-queued', { count: minutes }, leaveButton());
}

export interface SupportHooks extends Pick<DialogEngineDeps, 'beforeTurn' | 'onMisunderstood'> {
  /** the main-menu row with «Связаться с оператором» */
  menuRow: Button[];
}

/** The engine hooks of the hand-off; pass them to createDialogEngine (bot/compose.ts does). */
export function supportHooks(i18n: I18n): SupportHooks {
  const leaveLabels = new Set(
    (['ru', 'kk'] as Language[]).map((lang) => normalizeText(i18n.t(lang, 'support-leave'))),
  );

  const wantsOperator = (info: TurnInfo): boolean => {
    const { input, normalized } = info;
    if (normalized.type === 'button') return normalized.data === SUPPORT_BUTTONS.operator;
    if (normalized.type === 'command') return normalized.command === 'operator';
    return input.type === 'text' && asksForOperator(input.text);
  };

  const wantsToLeave = (info: TurnInfo): boolean => {
    const { input, normalized } = info;
    if (normalized.type === 'button') return normalized.data === SUPPORT_BUTTONS.leave;
    if (normalized.type === 'command') return LEAVE_COMMANDS.has(normalized.command);
    return input.type === 'text' && leaveLabels.has(normalizeText(input.text));
  };

  async function whileHandedOff(info: TurnInfo): Promise<TurnTakeover> {
    const { normalized } = info;
    if (wantsToLeave(info)) {
      await leaveChat(info.tx, { conversationId: info.conversation.id, now: info.now });
      return { replies: [say('support-left')], menu: true };
    }
    if (normalized.type === 'button' && /^lang:(ru|kk)$/.test(normalized.data)) {
      return { replies: [say('language-changed')], language: normalized.data.slice(5) as Language };
    }
    if (normalized.type === 'command' || normalized.type === 'button') {
      return { replies: [say('support-still-with-operator', undefined, leaveButton())] };
    }
    // text, contact, location, file: for the operator (the engine keeps it in the history)
    return { replies: [] };
  }

  return {
    menuRow: [button('support-menu-operator', SUPPORT_BUTTONS.operator)],

    async beforeTurn(info) {
      if (info.handedOff) return whileHandedOff(info);
      if (!wantsOperator(info)) return undefined;
      const opened = await openChatTicket(info.tx, {
        conversationId: info.conversation.id,
        reason: 'user_request',
        now: info.now,
      });
      return { replies: [queued(opened.minutes)], endFlow: true };
    },

    async onMisunderstood(info: MisunderstoodInfo) {
      if (info.count < MISUNDERSTOOD_LIMIT) return undefined;
      const opened = await openChatTicket(info.tx, {
        conversationId: info.conversationId,
        reason: 'misunderstood',
        now: info.now,
      });
      return [say('support-misunderstood'), queued(opened.minutes)];
    },
  };
}
