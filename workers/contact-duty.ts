import type { Worker } from 'bullmq';
import type { AppContext } from '../core/context';
import { DEFAULT_PROGRAMME } from '../core/domain/programme';
import { toLocalDate } from '../core/domain/zone';
import type { Channel } from '../core/generated/prisma/client';
import {
  contactDutyAt,
  contactDutyDeadline,
  notifyRecipients,
  personAddressSelect,
  programmeRules,
  recipientsOf,
} from '../core/services/timelines';
import { createTimelineWorker, type TimelineResult } from './timeline-worker';

export type ContactDutyOutcome = 'reminded' | 'met' | 'late' | 'missing' | 'early';

export const CONTACT_DUTY_TEMPLATE = 'timeline-contact-duty';

/** Channels where the insured changes a contact themselves: that change IS the report to the insurer. */
export const SELF_SERVICE_CHANNELS: readonly Channel[] = ['telegram', 'webchat'];

/**
 * Queue `contact-duty` ({contactChangeId}), job id `contact-duty.<contactChangeId>`, the day after the
 * change at the reminder time. Seed 002 item 6: the insured reports a new phone or e-mail within
 * `contactChangeDays` (5) calendar days. A change the member made in the chat is the report (duty
 * met, nothing said); a change recorded by someone else (back office, roster import, operator) is
 * reminded once on every channel the person has, unless the member confirmed it in the chat since.
 */
export async function remindContactDuty(
  ctx: AppContext,
  contactChangeId: string,
): Promise<TimelineResult & { outcome: ContactDutyOutcome }> {
  const { prisma } = ctx.db;
  const change = await prisma.contactChange.findUnique({
    where: { id: contactChangeId },
    include: { person: { select: personAddressSelect } },
  });
  if (!change) return { outcome: 'missing' };
  if (SELF_SERVICE_CHANNELS.includes(change.channel)) return { outcome: 'met' };
  const confirmed = await prisma.contactChange.findFirst({
    where: {
      personId: change.personId,
      kind: change.kind,
      changedAt: { gt: change.changedAt },
      channel: { in: [...SELF_SERVICE_CHANNELS] },
    },
    select: { id: true },
  });
  if (confirmed) return { outcome: 'met' };
  const member = await prisma.member.findFirst({
    where: { personId: change.personId },
    orderBy: { registeredAt: 'desc' },
    include: { programme: true },
  });
  const rules = member ? programmeRules(member.programme) : DEFAULT_PROGRAMME;
  const at = contactDutyAt(change.changedAt, rules);
  const now = ctx.clock.now();
  if (now.getTime() < at.getTime()) return { outcome: 'early', notBefore: at };
  const deadline = contactDutyDeadline(change.changedAt, rules);
  if (toLocalDate(now, rules.zone) > deadline) return { outcome: 'late' };

  await prisma.$transaction((tx) =>
    notifyRecipients(tx, {
      dedupePrefix: `contact-duty.${change.id}`,
      personId: change.personId,
      recipients: recipientsOf(change.person),
      template: CONTACT_DUTY_TEMPLATE,
      params: {
        kind: change.kind === 'email' ? 'email' : 'phone',
        date: toLocalDate(change.changedAt, rules.zone),
        deadline,
      },
      now,
    }),
  );
  return { outcome: 'reminded' };
}

export function createContactDutyWorker(ctx: AppContext): Worker {
  return createTimelineWorker(ctx, 'contact-duty', ({ contactChangeId }) =>
    remindContactDuty(ctx, contactChangeId),
  );
}
