import type { AppContext } from '../../core/context';
import { type ApplyPaymentResult, applyPaymentEvent, createPaymentLink } from '../../core/services/payments';

/**
 * A person pays bills through the product's own path: a payment link for them, then the demo
 * provider's succeeded notification for exactly that amount.
 */
export async function payBills(
  ctx: Pick<AppContext, 'db' | 'logger'>,
  input: { personId: string; billIds: string[]; providerPaymentId: string; now: Date },
): Promise<ApplyPaymentResult> {
  const link = await createPaymentLink(ctx.db.prisma, {
    personId: input.personId,
    billIds: input.billIds,
    provider: 'demo',
    now: input.now,
    ttlHours: 24,
  });
  if (link.kind !== 'ok') throw new Error(`no payment link: ${link.kind}`);
  return applyPaymentEvent(
    ctx,
    'demo',
    {
      kind: 'succeeded',
      providerPaymentId: input.providerPaymentId,
      linkId: link.linkId,
      externalId: null,
      amount: link.amount,
      currency: link.currency,
      occurredAt: input.now,
      payload: {},
    },
    input.now,
  );
}
