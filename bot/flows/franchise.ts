import type { Reply } from '../../core/dialog';
import { DEFAULT_PROGRAMME } from '../../core/domain/programme';
import {
  activateFranchise,
  FRANCHISE_RULES_VERSION,
  type FranchiseState,
  type MemberView,
  membersOfPerson,
  percentText,
} from '../../core/services/franchise';
import { button, type Flow, type FlowContext, type StepResult, say } from '../engine/flow';

/**
 * Franchise activation (seed 002 slide 4 and FAQ): only for a registered member; shows the rules
 * (version FRANCHISE_RULES_VERSION) with the programme's share and asks for an explicit
 * «Я подтверждаю и даю согласие». The activateFranchise service writes the consent, the activation
 * and the job announcing it, in the engine's transaction. A second activation changes nothing.
 */
export interface FranchiseData {
  memberId?: string;
  basisPoints?: number;
  paymentWorkingDays?: number;
}

type Result = StepResult<FranchiseData>;

const CONFIRM = 'fr:confirm';

/** Zone names the messages know; others are shown as the IANA name. */
export function zoneKey(zone: string): 'almaty' | 'moscow' | 'other' {
  if (zone === 'Asia/Almaty') return 'almaty';
  if (zone === 'Europe/Moscow') return 'moscow';
  return 'other';
}

function registerFirst(): Result {
  return {
    kind: 'end',
    say: [say('dms-fr-not-member', undefined, [[button('dms-button-register', 'flow:registration')]])],
    menu: false,
  };
}

function alreadyReply(franchise: Exclude<FranchiseState, { state: 'none' }>): Reply {
  return say(franchise.state === 'active' ? 'dms-fr-already-active' : 'dms-fr-already-pending', {
    date: franchise.effectiveOn,
  });
}

export const franchiseFlow: Flow<FranchiseData> = {
  name: 'franchise',
  version: 1,

  async begin(ctx) {
    const personId = ctx.conversation.personId;
    if (!personId) return registerFirst();
    const members = await membersOfPerson(ctx.tx, personId, ctx.now);
    if (members.length === 0) return registerFirst();
    const target = members.find((member) => member.status === 'active' && member.franchise.state === 'none');
    if (!target) {
      const activated = members.find((member) => member.franchise.state !== 'none');
      if (activated && activated.franchise.state !== 'none') {
        return { kind: 'end', say: [alreadyReply(activated.franchise)] };
      }
      return { kind: 'end', say: [say('dms-fr-not-eligible')] };
    }
    const programme = await ctx.tx.programme.findFirst({
      where: { members: { some: { id: target.memberId } } },
      select: { paymentWorkingDays: true },
    });
    return {
      kind: 'goto',
      step: 'rules',
      data: {
        memberId: target.memberId,
        basisPoints: target.basisPoints,
        paymentWorkingDays: programme?.paymentWorkingDays ?? DEFAULT_PROGRAMME.paymentWorkingDays,
      },
    };
  },

  prompt(ctx, state) {
    return [
      say(
        'dms-fr-rules',
        {
          version: FRANCHISE_RULES_VERSION,
          percent: percentText(
            state.data.basisPoints ?? DEFAULT_PROGRAMME.franchiseBasisPoints,
            ctx.language,
          ),
          days: state.data.paymentWorkingDays ?? DEFAULT_PROGRAMME.paymentWorkingDays,
        },
        [[button('dms-button-franchise-confirm', CONFIRM)]],
      ),
    ];
  },

  async handle(ctx, state, input) {
    if (input.type !== 'button' || input.data !== CONFIRM) {
      return {
        kind: 'retry',
        say: [say('dms-fr-use-button', undefined, [[button('dms-button-franchise-confirm', CONFIRM)]])],
      };
    }
    const memberId = state.data.memberId;
    if (!memberId) return registerFirst();
    const result = await activateFranchise(
      ctx.app,
      {
        memberId,
        channel: ctx.conversation.channel,
        conversationKey: ctx.conversation.key,
        language: ctx.language,
        rulesVersion: FRANCHISE_RULES_VERSION,
      },
      ctx.tx,
    );
    if (result.ok) {
      return {
        kind: 'end',
        say: [
          say('dms-fr-done', { date: result.effectiveOn, zone: zoneKey(result.zone), zoneName: result.zone }),
        ],
      };
    }
    switch (result.reason) {
      case 'already_active':
        return result.member.franchise.state === 'none'
          ? { kind: 'end', say: [say('dms-fr-not-eligible')] }
          : { kind: 'end', say: [alreadyReply(result.member.franchise)] };
      case 'not_eligible':
        return { kind: 'end', say: [say('dms-fr-not-eligible')] };
      case 'no_member':
      case 'rules_version':
        return registerFirst();
    }
  },
};

/**
 * The DMS part of /status: per membership, the member status and the franchise state
 * ("active from …", "pending, effective …", "not activated" with the button). Empty when the
 * conversation's person has no DMS membership. bot/flows/status.ts appends it.
 */
export async function dmsStatusReplies(ctx: FlowContext): Promise<Reply[]> {
  const personId = ctx.conversation.personId;
  if (!personId) return [];
  const members = await membersOfPerson(ctx.tx, personId, ctx.now);
  return members.flatMap((member) => memberStatusReplies(ctx, member));
}

function memberStatusReplies(ctx: FlowContext, member: MemberView): Reply[] {
  const percent = percentText(member.basisPoints, ctx.language);
  const replies: Reply[] = [
    say('dms-status-member', { employer: member.employerName, status: member.status }),
  ];
  const franchise = member.franchise;
  if (franchise.state === 'active') {
    replies.push(say('dms-status-franchise-active', { percent, date: franchise.effectiveOn }));
  } else if (franchise.state === 'pending') {
    replies.push(say('dms-status-franchise-pending', { percent, date: franchise.effectiveOn }));
  } else if (member.status === 'active') {
    replies.push(
      say('dms-status-franchise-none', undefined, [[button('dms-button-franchise', 'flow:franchise')]]),
    );
  }
  return replies;
}
