import type { Input, Reply } from '../../core/dialog';
import { type E164Phone, formatPhone, parsePhone } from '../../core/domain/phone';
import { isValidEmail, normalizeEmail } from '../../core/services/activation';
import {
  type ContactChanged,
  changeEmail,
  changePhone,
  changePurpose,
  phoneAvailable,
} from '../../core/services/contacts';
import {
  EMAIL_CODE,
  type IssueResult,
  issueCode,
  issueSmsCode,
  SMS_CODE,
  type VerifyResult,
  verifyCode,
} from '../../core/services/verification';
import { button, type Flow, type FlowContext, maskSecret, type StepResult, say, text } from '../engine/flow';
import { localDateTime } from './activation';

/**
 * «Изменить контакты» (seed 002 item 6: report a new e-mail or phone within 5 calendar days):
 *
 * - e-mail: new address → a 6-digit code to that address through the outbox (e-mail channel;
 *   10 minutes, 5 tries, resend button) → Person.email + ContactChange;
 * - phone, Telegram: the contact button (the user's own number, verified by Telegram);
 * - phone, web chat: the new number → an SMS code to it (core/services/verification.ts, the DMS
 *   registration's codes: 5 minutes, 5 tries) → Person.phone + ContactChange.
 *
 * On success the user is told the change is recorded, which meets the 5-day duty.
 */
export interface ContactsData {
  email?: string;
  phone?: string;
}

type Step = 'choose' | 'email' | 'email-code' | 'phone' | 'phone-code';
type Result = StepResult<ContactsData>;

export const CONTACTS_BUTTON_DATA = 'flow:contacts';
const CHOICE = { email: 'contacts:email', phone: 'contacts:phone', resend: 'contacts:resend' } as const;

const typedText = (input: Input) => (input.type === 'text' ? input.text.trim() : undefined);

function tooSoon(issued: Extract<IssueResult, { ok: false }>): Reply {
  return say('contacts-code-too-soon', { time: localDateTime(issued.retryAt, 'Asia/Almaty').time });
}

function codeProblem(result: Extract<VerifyResult, { ok: false }>): Reply[] {
  const resend = [[button('contacts-code-resend', CHOICE.resend)]];
  switch (result.reason) {
    case 'wrong_code':
      return [say('contacts-code-wrong', { left: result.attemptsLeft })];
    case 'format':
      return [say('contacts-code-format')];
    case 'too_many_attempts':
      return [say('contacts-code-locked', undefined, resend)];
    default:
      return [say('contacts-code-expired', undefined, resend)];
  }
}

function done(
  key: 'contacts-done-email' | 'contacts-done-phone',
  params: { email?: string; phone?: string },
  changed: ContactChanged,
): Reply[] {
  const replies = [say(key, params), say('contacts-duty-met', { date: changed.changedOn })];
  if (key === 'contacts-done-email') replies.push(say('contacts-telemed-login-note'));
  return replies;
}

async function sendEmailCode(ctx: FlowContext, personId: string, email: string) {
  return issueCode(ctx.app, ctx.tx, EMAIL_CODE, {
    purpose: changePurpose('email', personId),
    target: email,
    now: ctx.now,
    personId,
    template: 'contacts-email-code',
  });
}

async function sendSmsCode(ctx: FlowContext, personId: string, phone: string) {
  return issueSmsCode(ctx.app, ctx.tx, {
    purpose: changePurpose('phone', personId),
    target: phone,
    now: ctx.now,
    language: ctx.language,
    personId,
  });
}

export const contactsFlow: Flow<ContactsData> = {
  name: 'contacts',
  version: 1,
  // the history keeps «••••••» instead of the typed codes
  sensitive: { 'email-code': maskSecret, 'phone-code': maskSecret },

  begin(ctx) {
    if (!ctx.conversation.personId) return { kind: 'end', say: [say('contacts-need-person')] };
    return { kind: 'goto', step: 'choose', data: {} };
  },

  async prompt(ctx, state) {
    switch (state.step as Step) {
      case 'choose': {
        const person = ctx.conversation.personId
          ? await ctx.tx.person.findUnique({
              where: { id: ctx.conversation.personId },
              select: { email: true, phone: true },
            })
          : null;
        const phone = person?.phone ? parsePhone(person.phone) : null;
        return [
          say(
            'contacts-current',
            { email: person?.email ?? 'none', phone: phone?.ok ? formatPhone(phone.phone) : 'none' },
            [[button('contacts-change-email', CHOICE.email), button('contacts-change-phone', CHOICE.phone)]],
          ),
        ];
      }
      case 'email':
        return [say('contacts-ask-email')];
      case 'email-code':
      case 'phone-code':
        return [say('contacts-ask-code', undefined, [[button('contacts-code-resend', CHOICE.resend)]])];
      case 'phone':
        return ctx.conversation.channel === 'telegram'
          ? [{ type: 'request_contact', text: text('contacts-ask-phone-telegram') }]
          : [say('contacts-ask-phone-webchat')];
      default:
        return [];
    }
  },

  async handle(ctx, state, input): Promise<Result> {
    const personId = ctx.conversation.personId;
    if (!personId) return { kind: 'end', say: [say('contacts-need-person')] };
    const data = state.data;
    switch (state.step as Step) {
      case 'choose':
        if (input.type === 'button' && input.data === CHOICE.email)
          return { kind: 'goto', step: 'email', data: {} };
        if (input.type === 'button' && input.data === CHOICE.phone)
          return { kind: 'goto', step: 'phone', data: {} };
        return { kind: 'retry', say: [] };

      case 'email': {
        const typed = typedText(input);
        if (!typed) return { kind: 'retry', say: [] };
        const email = normalizeEmail(typed);
        if (!isValidEmail(email)) return { kind: 'retry', say: [say('contacts-email-invalid')] };
        const person = await ctx.tx.person.findUnique({ where: { id: personId }, select: { email: true } });
        if (person?.email === email) return { kind: 'retry', say: [say('contacts-email-same')] };
        const issued = await sendEmailCode(ctx, personId, email);
        if (!issued.ok) return { kind: 'retry', say: [tooSoon(issued)] };
        return {
          kind: 'goto',
          step: 'email-code',
          data: { email },
          say: [say('contacts-code-sent-email', { email, minutes: 10 })],
        };
      }

      case 'email-code': {
        const email = data.email;
        if (!email) return { kind: 'goto', step: 'email', data: {} };
        if (input.type === 'button' && input.data === CHOICE.resend) {
          const issued = await sendEmailCode(ctx, personId, email);
          return {
            kind: 'retry',
            say: [issued.ok ? say('contacts-code-sent-email', { email, minutes: 10 }) : tooSoon(issued)],
          };
        }
        const typed = typedText(input);
        if (!typed) return { kind: 'retry', say: [] };
        const checked = await verifyCode(ctx.app, ctx.tx, EMAIL_CODE, {
          purpose: changePurpose('email', personId),
          target: email,
          code: typed,
          now: ctx.now,
        });
        if (!checked.ok) return { kind: 'retry', say: codeProblem(checked) };
        const changed = await changeEmail(ctx.tx, {
          personId,
          email,
          channel: ctx.conversation.channel,
          now: ctx.now,
          conversationId: ctx.conversation.id,
        });
        return { kind: 'end', say: done('contacts-done-email', { email }, changed) };
      }

      case 'phone': {
        if (ctx.conversation.channel === 'telegram') {
          if (input.type !== 'contact') return { kind: 'retry', say: [say('contacts-phone-use-button')] };
          if (!input.own) return { kind: 'retry', say: [say('contacts-phone-not-own')] };
          const parsed = parsePhone(input.phone);
          if (!parsed.ok) return { kind: 'retry', say: [say('contacts-phone-invalid')] };
          return finishPhone(ctx, personId, parsed.phone);
        }
        const typed = typedText(input);
        if (!typed) return { kind: 'retry', say: [] };
        const parsed = parsePhone(typed);
        if (!parsed.ok) return { kind: 'retry', say: [say('contacts-phone-invalid')] };
        const available = await phoneAvailable(ctx.tx, personId, parsed.phone);
        if (available === 'same') return { kind: 'retry', say: [say('contacts-phone-same')] };
        if (available === 'taken') return { kind: 'retry', say: [say('contacts-phone-taken')] };
        const issued = await sendSmsCode(ctx, personId, parsed.phone);
        if (!issued.ok) return { kind: 'retry', say: [tooSoon(issued)] };
        return {
          kind: 'goto',
          step: 'phone-code',
          data: { phone: parsed.phone },
          say: [say('contacts-code-sent-sms', { phone: formatPhone(parsed.phone), minutes: 5 })],
        };
      }

      case 'phone-code': {
        const phone = data.phone;
        if (!phone) return { kind: 'goto', step: 'phone', data: {} };
        if (input.type === 'button' && input.data === CHOICE.resend) {
          const issued = await sendSmsCode(ctx, personId, phone);
          const parsed = parsePhone(phone);
          const shown = parsed.ok ? formatPhone(parsed.phone) : phone;
          return {
            kind: 'retry',
            say: [issued.ok ? say('contacts-code-sent-sms', { phone: shown, minutes: 5 }) : tooSoon(issued)],
          };
        }
        const typed = typedText(input);
        if (!typed) return { kind: 'retry', say: [] };
        const checked = await verifyCode(ctx.app, ctx.tx, SMS_CODE, {
          purpose: changePurpose('phone', personId),
          target: phone,
          code: typed,
          now: ctx.now,
        });
        if (!checked.ok) return { kind: 'retry', say: codeProblem(checked) };
        const parsed = parsePhone(phone);
        if (!parsed.ok) return { kind: 'goto', step: 'phone', data: {} };
        return finishPhone(ctx, personId, parsed.phone);
      }
      default:
        return { kind: 'goto', step: 'choose', data: {} };
    }
  },
};

async function finishPhone(ctx: FlowContext, personId: string, phone: E164Phone): Promise<Result> {
  const changed = await changePhone(ctx.tx, {
    personId,
    phone,
    channel: ctx.conversation.channel,
    now: ctx.now,
    conversationId: ctx.conversation.id,
  });
  if (!changed.ok) {
    return {
      kind: 'retry',
      say: [say(changed.reason === 'same' ? 'contacts-phone-same' : 'contacts-phone-taken')],
    };
  }
  return { kind: 'end', say: done('contacts-done-phone', { phone: formatPhone(phone) }, changed) };
}
