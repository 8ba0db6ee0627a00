import type { Input, Reply, Text } from '../../core/dialog';
import { validateIin } from '../../core/domain/iin';
import type { LocalDate } from '../../core/domain/local-date';
import { toLocalDate, zoneOffsetMs } from '../../core/domain/zone';
import {
  activatePolicy,
  checkEmail,
  codeLockState,
  findPolicy,
  isValidEmail,
  normalizeEmail,
  normalizePolicyNumber,
  verifyActivationCode,
} from '../../core/services/activation';
import {
  button,
  type Flow,
  type FlowContext,
  type FlowState,
  maskSecret,
  maskTail,
  type StepResult,
  say,
} from '../engine/flow';
import { MAX_NAME_LENGTH, type NameFailure, validateFullName } from './validators';

/**
 * Activation of «Личный врач» / «Детский доктор» (seed 000):
 * policy number → activation code → IIN → full name → e-mail → summary (confirm / edit a field).
 * Every check says its own reason and lets the user retry; the summary's "confirm" calls the
 * activatePolicy service, which re-checks everything in the engine's transaction.
 */
export interface ActivationData {
  policyNumber?: string;
  policyId?: string;
  productCode?: string;
  productName?: { ru: string; kk: string };
  timeZone?: string;
  /** the accepted activation code, encrypted (ctx.app.pii.encrypt): never plain in Conversation.state */
  codeSealed?: string;
  /** the accepted IIN, encrypted like the code */
  iinSealed?: string;
  fullName?: string;
  email?: string;
  /** the e-mail already has an account of this product: the policy will be linked to it */
  linkAccount?: boolean;
  /** the user came from the summary to change one field: return there afterwards */
  editing?: boolean;
}

type Step = 'policy' | 'code' | 'iin' | 'name' | 'email' | 'summary';
type State = FlowState<ActivationData>;
type Result = StepResult<ActivationData>;

const IIN_REASONS: Record<string, Text> = {
  empty: { key: 'activation-iin-format' },
  format: { key: 'activation-iin-format' },
  century: { key: 'activation-iin-century' },
  birth_date: { key: 'activation-iin-birth-date' },
  checksum: { key: 'activation-iin-checksum' },
  future: { key: 'activation-iin-future' },
};

const NAME_REASONS: Record<NameFailure, Text> = {
  empty: { key: 'activation-name-words' },
  chars: { key: 'activation-name-chars' },
  words: { key: 'activation-name-words' },
  length: { key: 'activation-name-length', params: { max: MAX_NAME_LENGTH } },
};

const EDITABLE: Record<string, Step> = {
  'act:edit:policy': 'policy',
  'act:edit:iin': 'iin',
  'act:edit:name': 'name',
  'act:edit:email': 'email',
};

const reply = (t: Text): Reply => ({ type: 'text', text: t });

/** Zone names the messages know ('almaty', 'moscow'); others are shown as the IANA name. */
function zoneKey(zone: string): string {
  if (zone === 'Asia/Almaty') return 'almaty';
  if (zone === 'Europe/Moscow') return 'moscow';
  return 'other';
}

/** Date and HH:MM of an instant in `zone`, rounded up to the next whole minute. */
export function localDateTime(instant: Date, zone: string): { date: LocalDate; time: string } {
  const up = new Date(Math.ceil(instant.getTime() / 60_000) * 60_000);
  const wall = new Date(up.getTime() + zoneOffsetMs(up, zone));
  const time = `${String(wall.getUTCHours()).padStart(2, '0')}:${String(wall.getUTCMinutes()).padStart(2, '0')}`;
  return { date: toLocalDate(up, zone), time };
}

function lockedReply(retryAt: Date, zone: string): Reply {
  const { date, time } = localDateTime(retryAt, zone);
  return say('activation-locked', { date, time, zone: zoneKey(zone), zoneName: zone });
}

function productName(ctx: FlowContext, data: ActivationData): string {
  return data.productName?.[ctx.language] ?? data.productCode ?? '';
}

/** After a field is accepted: the next field, or back to the summary when editing. */
function next(data: ActivationData, step: Step, say?: Reply[]): Result {
  const order: Step[] = ['policy', 'code', 'iin', 'name', 'email', 'summary'];
  const target = data.editing ? 'summary' : order[order.indexOf(step) + 1]!;
  return { kind: 'goto', step: target, data: target === 'summary' ? { ...data, editing: false } : data, say };
}

/** The plain value of a sealed field, for the step that uses it (summary, activatePolicy). */
function unseal(ctx: FlowContext, sealed: string | undefined): string | undefined {
  return sealed === undefined ? undefined : ctx.app.pii.decrypt(sealed);
}

function textOf(input: Input): string | undefined {
  return input.type === 'text' ? input.text : undefined;
}

export const activationFlow: Flow<ActivationData> = {
  name: 'activation',
  // 2: the IIN and the code are kept encrypted (iinSealed, codeSealed) instead of in plain text
  version: 2,
  sensitive: { code: maskSecret, iin: (typed) => maskTail(typed) },

  migrate(old) {
    if (old.version !== 1) return null;
    // v1 kept the IIN and the code in plain text: drop them and ask for the code (and the IIN) again
    const { iin: _iin, code: _code, ...rest } = old.data as ActivationData & { iin?: string; code?: string };
    const data: ActivationData = { ...rest, editing: false };
    return { step: data.policyId ? 'code' : 'policy', data };
  },

  begin() {
    return { kind: 'goto', step: 'policy', data: {}, say: [say('activation-intro')] };
  },

  prompt(ctx, state) {
    const data = state.data;
    switch (state.step as Step) {
      case 'policy':
        return [say('activation-ask-policy')];
      case 'code':
        return [say('activation-ask-code', { number: data.policyNumber ?? '' })];
      case 'iin':
        return [say('activation-ask-iin')];
      case 'name':
        return [say('activation-ask-name')];
      case 'email':
        return [say('activation-ask-email')];
      case 'summary': {
        const iin = unseal(ctx, data.iinSealed) ?? '';
        const summary = say(
          'activation-summary',
          {
            number: data.policyNumber ?? '',
            product: productName(ctx, data),
            iin,
            name: data.fullName ?? '',
            email: data.email ?? '',
            account: data.linkAccount ? 'link' : 'new',
          },
          [
            [button('activation-confirm', 'act:confirm')],
            [
              button('activation-edit-policy', 'act:edit:policy'),
              button('activation-edit-iin', 'act:edit:iin'),
            ],
            [
              button('activation-edit-name', 'act:edit:name'),
              button('activation-edit-email', 'act:edit:email'),
            ],
          ],
        );
        // the user sees the IIN once to check it; the history keeps it masked
        if (summary.type === 'text') summary.text.masked = { iin: maskTail(iin) };
        return [summary];
      }
      default:
        return [say('activation-ask-policy')];
    }
  },

  back(_ctx, state) {
    // From a field opened from the summary (before it was accepted) straight back to the summary.
    if (state.data.editing && state.step !== 'code' && state.step !== 'summary' && state.data.codeSealed) {
      return { kind: 'goto', step: 'summary', data: { ...state.data, editing: false } };
    }
    return undefined;
  },

  async handle(ctx, state, input) {
    const step = state.step as Step;
    if (step === 'summary') return summary(ctx, state, input);
    const typed = textOf(input);
    if (typed === undefined || typed.trim() === '') {
      return { kind: 'retry', say: [say('activation-expect-text')] };
    }
    switch (step) {
      case 'policy':
        return policyStep(ctx, state, typed);
      case 'code':
        return codeStep(ctx, state, typed);
      case 'iin':
        return iinStep(ctx, state, typed);
      case 'name': {
        const result = validateFullName(typed);
        if (!result.ok) return { kind: 'retry', say: [reply(NAME_REASONS[result.reason])] };
        return next({ ...state.data, fullName: result.name }, 'name');
      }
      case 'email':
        return emailStep(ctx, state, typed);
      default:
        return { kind: 'goto', step: 'policy', data: {} };
    }
  },
};

async function policyStep(ctx: FlowContext, state: State, typed: string): Promise<Result> {
  const number = normalizePolicyNumber(typed);
  const found = await findPolicy(ctx.tx, number);
  switch (found.kind) {
    case 'not_found':
      return { kind: 'retry', say: [say('activation-policy-unknown', { number: number.slice(0, 40) })] };
    case 'cancelled':
      return { kind: 'end', say: [say('activation-policy-cancelled', { number: found.policy.number })] };
    case 'activated':
      return {
        kind: 'end',
        say: [say('activation-policy-already', { number: found.policy.number, date: found.activatedOn })],
      };
    case 'available': {
      const lock = await codeLockState(ctx.tx, {
        policyId: found.policy.id,
        conversationKey: ctx.conversation.key,
        now: ctx.now,
      });
      if (lock.locked) return { kind: 'end', say: [lockedReply(lock.retryAt, found.policy.timeZone)] };
      const changed = found.policy.id !== state.data.policyId;
      const data: ActivationData = {
        ...state.data,
        policyNumber: found.policy.number,
        policyId: found.policy.id,
        productCode: found.policy.productCode,
        productName: found.policy.productName,
        timeZone: found.policy.timeZone,
        ...(changed ? { codeSealed: undefined, linkAccount: undefined } : {}),
      };
      // the same policy again while editing: the code already checked still holds
      if (!changed && state.data.editing && state.data.codeSealed) {
        return { kind: 'goto', step: 'summary', data: { ...data, editing: false } };
      }
      return { kind: 'goto', step: 'code', data };
    }
  }
}

async function codeStep(ctx: FlowContext, state: State, typed: string): Promise<Result> {
  const { policyId, timeZone = 'Asia/Almaty' } = state.data;
  if (!policyId) return { kind: 'goto', step: 'policy', data: {} };
  const check = await verifyActivationCode(ctx.app, ctx.tx, {
    policyId,
    code: typed,
    conversationKey: ctx.conversation.key,
  });
  if (check.ok) {
    const data = { ...state.data, codeSealed: ctx.app.pii.encrypt(typed.replace(/\s+/g, '')) };
    // a new policy may belong to another product: re-check an e-mail given earlier
    if (data.email && data.productCode) {
      const email = await checkEmail(ctx.tx, { email: data.email, productCode: data.productCode });
      if (email.kind === 'other_product') {
        return {
          kind: 'goto',
          step: 'email',
          data: { ...data, editing: true, email: undefined },
          say: [
            say('activation-code-ok'),
            otherProductReply(ctx, data, data.email, email.existingProductName),
          ],
        };
      }
      data.linkAccount = email.kind === 'link';
    }
    return next(data, 'code', [say('activation-code-ok')]);
  }
  if (check.reason === 'locked') return { kind: 'end', say: [lockedReply(check.retryAt, timeZone)] };
  return { kind: 'retry', say: [say('activation-code-wrong', { left: check.attemptsLeft })] };
}

function iinStep(ctx: FlowContext, state: State, typed: string): Result {
  const result = validateIin(typed);
  if (!result.ok) return { kind: 'retry', say: [reply(IIN_REASONS[result.reason] ?? IIN_REASONS.format!)] };
  const today = toLocalDate(ctx.now, state.data.timeZone ?? 'Asia/Almaty');
  if (result.birthDate > today) return { kind: 'retry', say: [reply(IIN_REASONS.future!)] };
  return next({ ...state.data, iinSealed: ctx.app.pii.encrypt(result.iin) }, 'iin');
}

function otherProductReply(
  ctx: FlowContext,
  data: ActivationData,
  email: string,
  existing: { ru: string; kk: string },
): Reply {
  return say('activation-email-other-product', {
    email,
    existing: existing[ctx.language],
    product: productName(ctx, data),
  });
}

async function emailStep(ctx: FlowContext, state: State, typed: string): Promise<Result> {
  const email = normalizeEmail(typed);
  if (!isValidEmail(email)) return { kind: 'retry', say: [say('activation-email-format')] };
  const productCode = state.data.productCode;
  if (!productCode) return { kind: 'goto', step: 'policy', data: {} };
  const check = await checkEmail(ctx.tx, { email, productCode });
  if (check.kind === 'other_product') {
    return { kind: 'retry', say: [otherProductReply(ctx, state.data, email, check.existingProductName)] };
  }
  const linkAccount = check.kind === 'link';
  return next(
    { ...state.data, email, linkAccount },
    'email',
    linkAccount ? [say('activation-email-existing', { email })] : [],
  );
}

async function summary(ctx: FlowContext, state: State, input: Input): Promise<Result> {
  if (input.type !== 'button') return { kind: 'retry', say: [say('activation-summary-use-buttons')] };
  const edit = EDITABLE[input.data];
  if (edit) return { kind: 'goto', step: edit, data: { ...state.data, editing: true } };
  if (input.data !== 'act:confirm') return { kind: 'retry', say: [say('activation-summary-use-buttons')] };

  const data = state.data;
  if (!data.policyNumber) return { kind: 'goto', step: 'policy', data: {} };
  const code = unseal(ctx, data.codeSealed);
  const iin = unseal(ctx, data.iinSealed);
  if (!code) return { kind: 'goto', step: 'code', data: { ...data, editing: true } };
  if (!iin) return { kind: 'goto', step: 'iin', data };
  if (!data.fullName) return { kind: 'goto', step: 'name', data };
  if (!data.email) return { kind: 'goto', step: 'email', data };

  const result = await activatePolicy(
    ctx.app,
    {
      policyNumber: data.policyNumber,
      activationCode: code,
      iin,
      fullName: data.fullName,
      email: data.email,
      channel: ctx.conversation.channel,
      conversationKey: ctx.conversation.key,
      language: ctx.language,
    },
    ctx.tx,
  );
  if (result.ok) {
    ctx.linkPerson(result.personId);
    const params = {
      number: result.policyNumber,
      start: result.coverage.startsOn,
      end: result.coverage.lastDay,
    };
    return {
      kind: 'end',
      say: [
        say('activation-done', { ...params, product: productName(ctx, data) }),
        say('activation-done-cooling-off', params),
        say(result.linkedExistingAccount ? 'activation-done-linked' : 'activation-done-new-account', {
          email: data.email,
        }),
      ],
    };
  }
  switch (result.reason) {
    case 'already_activated':
      return {
        kind: 'end',
        say: [say('activation-policy-already', { number: data.policyNumber, date: result.activatedOn })],
      };
    case 'policy_not_found':
    case 'policy_cancelled':
      return { kind: 'end', say: [say('activation-policy-cancelled', { number: data.policyNumber })] };
    case 'wrong_code':
      return { kind: 'goto', step: 'code', data: { ...data, codeSealed: undefined, editing: true }, say: [] };
    case 'invalid_iin':
      return { kind: 'goto', step: 'iin', data: { ...data, editing: true } };
    case 'invalid_email':
      return { kind: 'goto', step: 'email', data: { ...data, editing: true } };
    case 'email_other_product': {
      const product = await ctx.tx.product.findUnique({ where: { code: result.existingProductCode } });
      const existing = {
        ru: product?.nameRu ?? result.existingProductCode,
        kk: product?.nameKk ?? result.existingProductCode,
      };
      return {
        kind: 'goto',
        step: 'email',
        data: { ...data, email: undefined, editing: true },
        say: [otherProductReply(ctx, data, data.email, existing)],
      };
    }
  }
}
