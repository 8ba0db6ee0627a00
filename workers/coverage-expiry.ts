import type { Worker } from 'bullmq';
import type { AppContext } from '../core/context';
import { toLocalDate } from '../core/domain/zone';
import {
  coverageExpirySteps,
  notifyRecipients,
  personAddressSelect,
  programmeRules,
  recipientsOf,
} from '../core/services/timelines';
import { createTimelineWorker, type TimelineResult } from './timeline-worker';

export type CoverageExpiryOutcome = 'sent' | 'cancelled' | 'expired' | 'obsolete' | 'missing' | 'early';

export const COVERAGE_EXPIRY_TEMPLATE = 'timeline-coverage-expiry';

/**
 * Queue `coverage-expiry` ({activationId, step}), job id `coverage-expiry.<activationId>.<step>`:
 * "N days of coverage left" (seed 000: 12 months; N from `expiryReminderDaysBefore`, 30 and 7 by
 * default) at the reminder time of `endsBefore − N`. Scheduled by activatePolicy; the coverage dates
 * come from the Activation row. A cancelled policy or an ended coverage gets nothing.
 */
export async function sendCoverageExpiryReminder(
  ctx: AppContext,
  activationId: string,
  stepId: string,
): Promise<TimelineResult & { outcome: CoverageExpiryOutcome }> {
  const { prisma } = ctx.db;
  const activation = await prisma.activation.findUnique({
    where: { id: activationId },
    include: {
      policy: { include: { product: { include: { programme: true } } } },
      person: { select: personAddressSelect },
    },
  });
  if (!activation) return { outcome: 'missing' };
  if (activation.policy.status === 'cancelled') return { outcome: 'cancelled' };
  const { product } = activation.policy;
  const rules = programmeRules(product.programme, product);
  const { period, steps } = coverageExpirySteps(activation, rules);
  const step = steps.find((candidate) => candidate.step === stepId);
  if (!step) return { outcome: 'obsolete' };
  const now = ctx.clock.now();
  if (now.getTime() < step.sendAt.getTime()) return { outcome: 'early', notBefore: step.sendAt };
  if (toLocalDate(now, rules.zone) > period.lastDay) return { outcome: 'expired' };

  const { person } = activation;
  const days = Number(/^expiry-(\d+)d$/.exec(step.step)?.[1] ?? 0);
  await prisma.$transaction((tx) =>
    notifyRecipients(tx, {
      dedupePrefix: `coverage-expiry.${activation.id}.${step.step}`,
      personId: person.id,
      recipients: recipientsOf({ ...person, email: person.email ?? activation.email }),
      template: COVERAGE_EXPIRY_TEMPLATE,
      params: {
        number: activation.policy.number,
        product: person.language === 'kk' ? product.nameKk : product.nameRu,
        end: period.lastDay,
        days,
      },
      now,
    }),
  );
  return { outcome: 'sent' };
}

export function createCoverageExpiryWorker(ctx: AppContext): Worker {
  return createTimelineWorker(ctx, 'coverage-expiry', ({ activationId, step }) =>
    sendCoverageExpiryReminder(ctx, activationId, step),
  );
}
