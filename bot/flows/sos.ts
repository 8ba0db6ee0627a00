import type { Reply } from '../../core/dialog';
import { formatPhone, parsePhone } from '../../core/domain/phone';
import { attachSosPhone, raiseSos } from '../../core/services/sos';
import type { Answer, CommandHandler } from '../engine/engine';
import { type FlowContext, say, text } from '../engine/flow';

/**
 * SOS (main menu button `cmd:sos`, `/sos`): the emergency numbers first, then the urgent callback
 * ticket (core/services/sos.ts) — one per 10 minutes, however often it is pressed. In Telegram,
 * when the person's phone is unknown, the bot asks for the contact so the operator can call back.
 */
export const SOS_BUTTON_DATA = 'cmd:sos';

const shown = (phone: string) => {
  const parsed = parsePhone(phone);
  return parsed.ok ? formatPhone(parsed.phone) : phone;
};

export const sosCommand: CommandHandler = async (ctx) => {
  const result = await raiseSos(ctx.app, ctx.tx, {
    conversationId: ctx.conversation.id,
    personId: ctx.conversation.personId,
    channel: ctx.conversation.channel,
    language: ctx.language,
    now: ctx.now,
  });
  const phones = result.phones.map(shown).join(', ');
  const replies: Reply[] = [
    result.programme
      ? say('sos-numbers-programme', { programme: result.programme.name, phones })
      : say('sos-numbers-default', { phones }),
    say('sos-life-threat'),
  ];
  if (result.created) {
    replies.push(say('sos-ticket-created', { phone: result.phone ? shown(result.phone) : 'none' }));
  } else {
    const minutes = Math.max(0, Math.floor((ctx.now.getTime() - result.ticketCreatedAt.getTime()) / 60_000));
    replies.push(say('sos-ticket-exists', { minutes }));
  }
  if (!result.phone && ctx.conversation.channel === 'telegram') {
    replies.push({ type: 'request_contact', text: text('sos-ask-contact') });
  }
  return replies;
};

/** A contact shared outside a flow: the callback number of a recent SOS of this conversation. */
export async function answerSosContact(
  ctx: FlowContext,
  phone: string,
  own: boolean,
): Promise<Answer | undefined> {
  const parsed = parsePhone(phone);
  if (!own || !parsed.ok) return undefined;
  const attached = await attachSosPhone(ctx.app, ctx.tx, {
    conversationId: ctx.conversation.id,
    phone: parsed.phone,
    now: ctx.now,
  });
  if (!attached) return undefined;
  return { understood: true, replies: [say('sos-contact-saved', { phone: formatPhone(parsed.phone) })] };
}
