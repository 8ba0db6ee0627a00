import type { Reply } from '../../core/dialog';
import { policiesOfPerson } from '../../core/services/status';
import type { CommandHandler } from '../engine/engine';
import { linkButton, say } from '../engine/flow';
import { dmsStatusReplies } from './franchise';
import { CONSULT_LINKS } from './links';

/**
 * /status: every policy of the person linked to this conversation (linked when a policy is
 * activated here) and how to consult. Without a linked person nothing is looked up: a policy
 * number alone is guessable (LV-100001, LV-100002 …), so we never show a policy's state to someone
 * who has not proven the activation data in this conversation.
 */
export const statusCommand: CommandHandler = async (ctx) => {
  const personId = ctx.conversation.personId;
  if (!personId) return [say('status-none')];
  const policies = await policiesOfPerson(ctx.tx, personId, ctx.now);
  // DMS memberships: member status and franchise state (bot/flows/franchise.ts)
  const dms = await dmsStatusReplies(ctx);
  if (policies.length === 0) return dms.length > 0 ? dms : [say('status-none')];
  const replies: Reply[] = [say('status-header', { count: policies.length })];
  for (const policy of policies) {
    const params = {
      number: policy.policyNumber,
      product: policy.productName[ctx.language],
      activated: policy.activatedOn,
      start: policy.startsOn,
      end: policy.lastDay,
    };
    if (policy.status === 'cooling_off') replies.push(say('status-policy-cooling-off', params));
    else if (policy.status === 'active') replies.push(say('status-policy-active', params));
    else replies.push(say('status-policy-expired', params));
  }
  if (policies.some((policy) => policy.status !== 'expired')) {
    replies.push(
      say('status-how-to-consult', undefined, [
        [linkButton('link-site', CONSULT_LINKS.site)],
        [
          linkButton('link-app-store', CONSULT_LINKS.appStore),
          linkButton('link-google-play', CONSULT_LINKS.googlePlay),
        ],
      ]),
    );
  }
  return [...replies, ...dms];
};
