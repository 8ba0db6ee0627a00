import type { Button, Input, Reply } from '../../core/dialog';
import type { LocalDate } from '../../core/domain/local-date';
import { type PhoneFailure, parsePhone } from '../../core/domain/phone';
import { toLocalDate } from '../../core/domain/zone';
import { parseDayInput } from '../../core/services/day-input';
import {
  checkPhone,
  isAdult,
  matchRoster,
  PERSONAL_DATA_CONSENT_VERSION,
  type PhoneProof,
  REGISTRATION_CODE_PURPOSE,
  type RosterMatch,
  registerMember,
} from '../../core/services/registration';
import { CODE_TTL_MS, issueSmsCode, SMS_CODE, verifyCode } from '../../core/services/verification';
import { button, type Flow, type FlowContext, type FlowState, type StepResult, say } from '../engine/flow';

/**
 * Registration of a DMS member (seed 002 slides 2–3):
 * phone → (web chat: SMS code) → birth date → its confirmation in words → policy or employee number
 * → personal-data agreement → registerMember (one transaction).
 *
 * The phone is proven by the channel: Telegram's request_contact with the user's own contact, or on
 * the web chat (no contact button) a one-time SMS code. Every refusal says why and stores nothing
 * but the SMS code's attempt counters.
 */
export interface RegistrationData {
  /** E.164, once typed (web chat) or shared (Telegram) */
  phone?: string;
  proof?: PhoneProof;
  /** programme zone of the phone's roster entry: "today" for the 18+ rule */
  zone?: string;
  birthDate?: LocalDate;
  /** policy or employee number as matched */
  number?: string;
  numberTries?: number;
}

type Step = 'phone' | 'code' | 'birth' | 'birth_confirm' | 'number' | 'consent';
type State = FlowState<RegistrationData>;
type Result = StepResult<RegistrationData>;

/** Wrong policy/employee numbers allowed before the flow ends. */
export const MAX_NUMBER_TRIES = 5;

const BUTTONS = {
  resend: 'reg:resend',
  changePhone: 'reg:phone',
  birthYes: 'reg:birth:yes',
  birthNo: 'reg:birth:no',
  accept: 'reg:consent:accept',
  decline: 'reg:consent:decline',
} as const;

const PHONE_REASONS: Record<PhoneFailure, string> = {
  empty: 'dms-reg-phone-length',
  format: 'dms-reg-phone-format',
  length: 'dms-reg-phone-length',
  country: 'dms-reg-phone-country',
  prefix: 'dms-reg-phone-prefix',
};

const retry = (key: string, params?: Record<string, string | number>, buttons?: Button[][]): Result => ({
  kind: 'retry',
  say: [say(key, params, buttons)],
});

/** The buttons of each step that has them, repeated on its retry messages. */
const CODE_BUTTONS: Button[][] = [
  [button('dms-button-resend', BUTTONS.resend)],
  [button('dms-button-change-phone', BUTTONS.changePhone)],
];
const BIRTH_BUTTONS: Button[][] = [
  [button('dms-button-yes', BUTTONS.birthYes), button('dms-button-no', BUTTONS.birthNo)],
];
const CONSENT_BUTTONS: Button[][] = [
  [button('dms-button-accept', BUTTONS.accept)],
  [button('dms-button-decline', BUTTONS.decline)],
];

/** What a registered member can do next: activate the franchise or look at the status. */
export function memberNextSteps(key: string, params?: Record<string, string | number>): Reply {
  return say(key, params, [
    [button('dms-button-franchise', 'flow:franchise')],
    [button('dms-button-status', 'cmd:status')],
  ]);
}

function alreadyRegistered(ctx: FlowContext, personId: string, phone: string): Result {
  ctx.linkPerson(personId);
  return { kind: 'end', say: [memberNextSteps('dms-reg-already', { phone })], menu: false };
}

export const registrationFlow: Flow<RegistrationData> = {
  name: 'registration',
  version: 1,

  async begin(ctx) {
    const personId = ctx.conversation.personId;
    if (personId) {
      const person = await ctx.tx.person.findUnique({
        where: { id: personId },
        select: { phone: true, _count: { select: { members: true } } },
      });
      if (person && person._count.members > 0) {
        return alreadyRegistered(ctx, personId, person.phone ?? '');
      }
    }
    return { kind: 'goto', step: 'phone', data: {}, say: [say('dms-reg-intro')] };
  },

  prompt(ctx, state) {
    const data = state.data;
    switch (state.step as Step) {
      case 'phone':
        return ctx.conversation.channel === 'telegram'
          ? [{ type: 'request_contact', text: { key: 'dms-reg-ask-contact' } }]
          : [say('dms-reg-ask-phone')];
      case 'code':
        return [say('dms-reg-ask-code', undefined, CODE_BUTTONS)];
      case 'birth':
        return [say('dms-reg-ask-birth')];
      case 'birth_confirm': {
        const birth = data.birthDate ?? '1900-01-01';
        return [
          say(
            'dms-reg-birth-confirm',
            {
              day: String(Number(birth.slice(8, 10))),
              month: Number(birth.slice(5, 7)),
              year: birth.slice(0, 4),
            },
            BIRTH_BUTTONS,
          ),
        ];
      }
      case 'number':
        return [say('dms-reg-ask-number')];
      case 'consent':
        return [
          say('dms-reg-consent', { version: PERSONAL_DATA_CONSENT_VERSION }),
          say('dms-consent-text', undefined, CONSENT_BUTTONS),
        ];
      default:
        return [say('dms-reg-ask-phone')];
    }
  },

  async handle(ctx, state, input) {
    switch (state.step as Step) {
      case 'phone':
        return phoneStep(ctx, input);
      case 'code':
        return codeStep(ctx, state, input);
      case 'birth':
        return birthStep(ctx, state, input);
      case 'birth_confirm':
        return birthConfirmStep(ctx, state, input);
      case 'number':
        return numberStep(ctx, state, input);
      case 'consent':
        return consentStep(ctx, state, input);
      default:
        return { kind: 'goto', step: 'phone', data: {} };
    }
  },
};

async function phoneStep(ctx: FlowContext, input: Input): Promise<Result> {
  if (input.type === 'contact') {
    if (!input.own) return retry('dms-reg-contact-not-own');
    const parsed = parsePhone(input.phone);
    if (!parsed.ok) return retry(PHONE_REASONS[parsed.reason]);
    return phoneVerified(ctx, parsed.phone, { method: 'contact' });
  }
  if (ctx.conversation.channel === 'telegram') return retry('dms-reg-contact-use-button');
  if (input.type !== 'text') return retry('dms-reg-ask-phone');
  const parsed = parsePhone(input.text);
  if (!parsed.ok) return retry(PHONE_REASONS[parsed.reason]);
  const phone = parsed.phone;
  const check = await checkPhone(ctx.tx, phone);
  if (check.kind === 'unknown') return { kind: 'end', say: [say('dms-reg-phone-unknown', { phone })] };
  const sent = await sendCode(ctx, phone);
  // a code sent a moment ago for this phone still holds: go on to it
  if (sent.kind === 'blocked' && sent.reason === 'too_many_sends') return { kind: 'end', say: sent.say };
  return { kind: 'goto', step: 'code', data: { phone }, say: sent.say };
}

/** `buttons` on the last text reply (the engine adds back/cancel after them). */
function withButtons(replies: Reply[], buttons: Button[][]): Reply[] {
  const last = replies.at(-1);
  if (last?.type !== 'text') return replies;
  return [...replies.slice(0, -1), { ...last, buttons: [...(last.buttons ?? []), ...buttons] }];
}

type SendOutcome = { kind: 'sent'; say: Reply[] } | { kind: 'blocked'; reason: string; say: Reply[] };

async function sendCode(ctx: FlowContext, phone: string): Promise<SendOutcome> {
  const issued = await issueSmsCode(ctx.app, ctx.tx, {
    purpose: REGISTRATION_CODE_PURPOSE,
    target: phone,
    now: ctx.now,
    language: ctx.language,
    personId: null,
  });
  if (issued.ok) {
    return { kind: 'sent', say: [say('dms-reg-code-sent', { phone, minutes: CODE_TTL_MS / 60_000 })] };
  }
  const waitMs = Math.max(0, issued.retryAt.getTime() - ctx.now.getTime());
  const reply =
    issued.reason === 'too_soon'
      ? say('dms-reg-resend-too-soon', { count: Math.ceil(waitMs / 1000) })
      : say('dms-reg-resend-too-many', { count: Math.ceil(waitMs / 60_000) });
  return { kind: 'blocked', reason: issued.reason, say: [reply] };
}

async function codeStep(ctx: FlowContext, state: State, input: Input): Promise<Result> {
  const phone = state.data.phone;
  if (!phone) return { kind: 'goto', step: 'phone', data: {} };
  if (input.type === 'button' && input.data === BUTTONS.changePhone) {
    return { kind: 'goto', step: 'phone', data: {} };
  }
  if (input.type === 'button' && input.data === BUTTONS.resend) {
    const sent = await sendCode(ctx, phone);
    return { kind: 'retry', say: withButtons(sent.say, CODE_BUTTONS) };
  }
  if (input.type !== 'text') return retry('dms-reg-code-format', undefined, CODE_BUTTONS);
  const result = await verifyCode(ctx.app, ctx.tx, SMS_CODE, {
    purpose: REGISTRATION_CODE_PURPOSE,
    target: phone,
    code: input.text,
    now: ctx.now,
  });
  if (result.ok) {
    return phoneVerified(ctx, phone, { method: 'sms', codeId: result.id, verifiedAt: ctx.now.toISOString() });
  }
  switch (result.reason) {
    case 'format':
      return retry('dms-reg-code-format', undefined, CODE_BUTTONS);
    case 'wrong_code':
      return retry('dms-reg-code-wrong', { left: result.attemptsLeft }, CODE_BUTTONS);
    case 'expired':
      return retry('dms-reg-code-expired', undefined, CODE_BUTTONS);
    case 'too_many_attempts':
      return retry('dms-reg-code-too-many', undefined, CODE_BUTTONS);
    case 'no_code':
      return retry('dms-reg-code-none', undefined, CODE_BUTTONS);
  }
}

async function phoneVerified(ctx: FlowContext, phone: string, proof: PhoneProof): Promise<Result> {
  const check = await checkPhone(ctx.tx, phone);
  if (check.kind === 'unknown') return { kind: 'end', say: [say('dms-reg-phone-unknown', { phone })] };
  if (check.kind === 'registered') return alreadyRegistered(ctx, check.personId, phone);
  return {
    kind: 'goto',
    step: 'birth',
    data: { phone, proof, zone: check.zone },
    say: [say('dms-reg-phone-verified', { phone })],
  };
}

function birthStep(ctx: FlowContext, state: State, input: Input): Result {
  if (input.type !== 'text') return retry('dms-reg-ask-birth');
  const parsed = parseDayInput(input.text);
  if (!parsed.ok) return retry(parsed.reason === 'format' ? 'dms-reg-birth-format' : 'dms-reg-birth-date');
  const today = toLocalDate(ctx.now, state.data.zone ?? 'Asia/Almaty');
  if (parsed.date > today || parsed.date < '1900-01-01') return retry('dms-reg-birth-implausible');
  return { kind: 'goto', step: 'birth_confirm', data: { ...state.data, birthDate: parsed.date } };
}

function birthConfirmStep(ctx: FlowContext, state: State, input: Input): Result {
  const { birthDate } = state.data;
  if (!birthDate) return { kind: 'goto', step: 'birth', data: state.data };
  if (input.type === 'button' && input.data === BUTTONS.birthNo) {
    return { kind: 'goto', step: 'birth', data: { ...state.data, birthDate: undefined } };
  }
  if (input.type !== 'button' || input.data !== BUTTONS.birthYes) {
    return retry('dms-reg-birth-use-buttons', undefined, BIRTH_BUTTONS);
  }
  if (!isAdult(birthDate, ctx.now, state.data.zone ?? 'Asia/Almaty')) {
    return { kind: 'end', say: [say('dms-reg-under-age')] };
  }
  return { kind: 'goto', step: 'number', data: state.data };
}

async function numberStep(ctx: FlowContext, state: State, input: Input): Promise<Result> {
  const { phone, birthDate } = state.data;
  if (!phone || !birthDate) return { kind: 'goto', step: 'phone', data: {} };
  if (input.type !== 'text') return retry('dms-reg-ask-number');
  const number = input.text.trim().slice(0, 40);
  const match = await matchRoster(ctx.tx, { phone, birthDate, number, now: ctx.now });
  if (match.ok) return { kind: 'goto', step: 'consent', data: { ...state.data, number } };
  switch (match.reason) {
    case 'number_mismatch': {
      const tries = (state.data.numberTries ?? 0) + 1;
      if (tries >= MAX_NUMBER_TRIES) return { kind: 'end', say: [say('dms-reg-number-too-many')] };
      return {
        kind: 'retry',
        say: [say('dms-reg-number-mismatch', { number })],
        data: { ...state.data, numberTries: tries },
      };
    }
    default:
      return rosterRefused(ctx, state, phone, match.reason);
  }
}

/** What the number step and the registration itself say when the roster refuses (other than the number). */
function rosterRefused(
  ctx: FlowContext,
  state: State,
  phone: string,
  reason: Exclude<Extract<RosterMatch, { ok: false }>['reason'], 'number_mismatch'>,
): Result | Promise<Result> {
  switch (reason) {
    case 'birth_date_mismatch':
      return {
        kind: 'goto',
        step: 'birth',
        data: { ...state.data, birthDate: undefined },
        say: [say('dms-reg-birth-mismatch')],
      };
    case 'under_age':
      return { kind: 'end', say: [say('dms-reg-under-age')] };
    case 'already_registered':
      return registeredElsewhere(ctx, phone);
    case 'phone_unknown':
      return { kind: 'end', say: [say('dms-reg-phone-unknown', { phone })] };
  }
}

/** The roster entry already has a member: link this (phone-verified) conversation to its person. */
async function registeredElsewhere(ctx: FlowContext, phone: string): Promise<Result> {
  const person = await ctx.tx.person.findUnique({ where: { phone }, select: { id: true } });
  if (person) return alreadyRegistered(ctx, person.id, phone);
  return { kind: 'end', say: [say('dms-reg-already', { phone })] };
}

async function consentStep(ctx: FlowContext, state: State, input: Input): Promise<Result> {
  if (input.type === 'button' && input.data === BUTTONS.decline) {
    return { kind: 'end', say: [say('dms-reg-consent-declined')] };
  }
  if (input.type !== 'button' || input.data !== BUTTONS.accept) {
    return retry('dms-reg-consent-use-buttons', undefined, CONSENT_BUTTONS);
  }
  const { phone, proof, birthDate, number } = state.data;
  if (!phone || !proof || !birthDate || !number) return { kind: 'goto', step: 'phone', data: {} };
  const result = await registerMember(
    ctx.app,
    {
      phone,
      proof,
      birthDate,
      number,
      channel: ctx.conversation.channel,
      conversationKey: ctx.conversation.key,
      language: ctx.language,
      consentVersion: PERSONAL_DATA_CONSENT_VERSION,
    },
    ctx.tx,
  );
  if (result.ok) {
    ctx.linkPerson(result.personId);
    return {
      kind: 'end',
      say: [
        say('dms-reg-done', { name: result.fullName, employer: result.employerName }, [
          [button('dms-button-franchise', 'flow:franchise')],
        ]),
      ],
      menu: false,
    };
  }
  switch (result.reason) {
    case 'number_mismatch':
      return {
        kind: 'goto',
        step: 'number',
        data: state.data,
        say: [say('dms-reg-number-mismatch', { number })],
      };
    case 'phone_not_verified':
    case 'consent_version':
      return { kind: 'end', say: [say('dms-reg-restart')] };
    default:
      return rosterRefused(ctx, state, phone, result.reason);
  }
}
