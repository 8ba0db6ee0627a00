/**
 * Paying franchise bills (seed 002 item 9: select several unpaid bills, pay them together; a paid
 * bill shows «Оплачен» and cannot be selected again).
 *
 * - `createPaymentLink`: one PaymentLink for the total of the chosen unpaid bills of a person
 *   (reused while pending, unexpired and for exactly the same bills). No network call: the
 *   provider's page is created on the first click (`ensureProviderLink`, GET /pay/link/:id), so
 *   dialog turns never wait for a provider.
 * - `applyPaymentEvent`: a verified provider notification, in ONE transaction: the Payment row
 *   (unique by provider + provider payment id: a repeated notification is a no-op), the link and
 *   its bills paid, other pending links of those bills cancelled, a receipt notice, an audit row.
 *   A wrong amount or currency, an unknown link, or bills already paid by another payment make a
 *   `flagged` Payment, an AuditLog row and a SupportTicket (integration_failure) for the back
 *   office — never a second success.
 *
 * Reminders (issue 7): processors of unpaid-bill reminders MUST re-read Bill.status and do nothing
 * for a paid bill; `onBillsPaid` (set by the worker wiring) is called after commit with the paid
 * bill ids, e.g. to remove their delayed `bill-reminder.<billId>.*` jobs early.
 */
import type { AppContext } from '../context';
import type { Db, DbOrTx, Tx } from '../db';
import { toDecimalString } from '../domain/money';
import type { Prisma } from '../generated/prisma/client';
import type { PaymentEvent, PaymentProvider, WebhookOutcome } from '../integrations/payments/types';
import { enqueueNotification } from '../notify/outbox';
import { alertOverdueDebtPaid } from './hr-notify';

export type CreateLinkResult =
  | {
      kind: 'ok';
      linkId: string;
      amount: number;
      currency: 'KZT' | 'RUB';
      billIds: string[];
      reused: boolean;
    }
  | { kind: 'empty' }
  | { kind: 'not_yours' }
  | { kind: 'already_paid'; numbers: string[] }
  | { kind: 'mixed_currency' };

export interface CreateLinkInput {
  personId: string;
  billIds: readonly string[];
  provider: string;
  now: Date;
  ttlHours: number;
}

/** The product's own address of a link: redirects to the provider's page (created on first use). */
export function paymentLinkUrl(base: string, linkId: string): string {
  return `${base}/pay/link/${linkId}`;
}

export async function createPaymentLink(db: DbOrTx, input: CreateLinkInput): Promise<CreateLinkResult> {
  const ids = [...new Set(input.billIds)].sort();
  if (ids.length === 0) return { kind: 'empty' };
  const bills = await db.bill.findMany({
    where: { id: { in: ids } },
    select: {
      id: true,
      number: true,
      status: true,
      total: true,
      currency: true,
      member: { select: { personId: true } },
    },
  });
  if (bills.length !== ids.length || bills.some((bill) => bill.member.personId !== input.personId))
    return { kind: 'not_yours' };
  const paid = bills.filter((bill) => bill.status === 'paid');
  if (paid.length > 0) return { kind: 'already_paid', numbers: paid.map((bill) => bill.number) };
  const currency = bills[0]!.currency;
  if (bills.some((bill) => bill.currency !== currency)) return { kind: 'mixed_currency' };
  const amount = bills.reduce((sum, bill) => sum + Number(bill.total), 0);

  const candidates = await db.paymentLink.findMany({
    where: {
      personId: input.personId,
      provider: input.provider,
      status: 'pending',
      expiresAt: { gt: input.now },
      bills: { some: { billId: ids[0]! } },
    },
    select: { id: true, amount: true, bills: { select: { billId: true } } },
  });
  const same = candidates.find(
    (link) =>
      Number(link.amount) === amount &&
      link.bills.length === ids.length &&
      link.bills
        .map((b) => b.billId)
        .sort()
        .join() === ids.join(),
  );
  if (same) return { kind: 'ok', linkId: same.id, amount, currency, billIds: ids, reused: true };

  const link = await db.paymentLink.create({
    data: {
      personId: input.personId,
      provider: input.provider,
      amount: BigInt(amount),
      currency,
      createdAt: input.now,
      expiresAt: new Date(input.now.getTime() + input.ttlHours * 3600_000),
      bills: { create: ids.map((billId) => ({ billId })) },
    },
  });
  return { kind: 'ok', linkId: link.id, amount, currency, billIds: ids, reused: false };
}

export type EnsureLinkResult =
  | { kind: 'redirect'; url: string }
  | { kind: 'not_found' }
  | { kind: 'paid' }
  | { kind: 'bill_paid'; numbers: string[] }
  | { kind: 'expired' };

/** The provider's page of a link, created once (on the first click) and then reused. */
export async function ensureProviderLink(
  db: Db,
  provider: PaymentProvider,
  linkId: string,
  options: { now: Date; returnUrl: string },
): Promise<EnsureLinkResult> {
  const link = await db.paymentLink.findUnique({
    where: { id: linkId },
    include: {
      person: { select: { id: true, email: true, language: true } },
      bills: { include: { bill: { select: { number: true, status: true } } } },
    },
  });
  if (!link) return { kind: 'not_found' };
  if (link.status === 'paid') return { kind: 'paid' };
  const paid = link.bills.filter((b) => b.bill.status === 'paid').map((b) => b.bill.number);
  if (paid.length > 0) return { kind: 'bill_paid', numbers: paid };
  if (link.status !== 'pending' || link.expiresAt <= options.now) return { kind: 'expired' };
  if (link.url) return { kind: 'redirect', url: link.url };
  if (link.provider !== provider.name) return { kind: 'expired' };

  const numbers = link.bills.map((b) => b.bill.number).sort();
  const created = await provider.createLink({
    amount: Number(link.amount),
    currency: link.currency,
    description: `Франшиза ДМС, счета № ${numbers.join(', ')}`,
    linkId: link.id,
    returnUrl: options.returnUrl,
    accountId: link.person.id,
    email: link.person.email,
    language: link.person.language,
  });
  // Two clicks at once: the first writer wins and both go to its page.
  await db.paymentLink.updateMany({
    where: { id: link.id, url: null },
    data: { externalId: created.externalId, url: created.url },
  });
  const stored = await db.paymentLink.findUniqueOrThrow({ where: { id: link.id }, select: { url: true } });
  return { kind: 'redirect', url: stored.url ?? created.url };
}

export interface ApplyPaymentResult {
  outcome: WebhookOutcome;
  paymentId?: string;
  paidBillIds: string[];
}

const linkOf = async (tx: Tx, event: PaymentEvent, provider: string) => {
  if (event.linkId) {
    const rows = await tx.$queryRaw<{ id: string }[]>`
      SELECT id FROM "PaymentLink" WHERE id = ${event.linkId}::uuid FOR UPDATE`;
    if (rows[0]) return rows[0].id;
  }
  if (event.externalId) {
    const rows = await tx.$queryRaw<{ id: string }[]>`
      SELECT id FROM "PaymentLink" WHERE provider = ${provider} AND "externalId" = ${event.externalId} FOR UPDATE`;
    if (rows[0]) return rows[0].id;
  }
  return null;
};

/** Before charging (CloudPayments Check): may this payment go ahead? Writes nothing. */
export async function checkPaymentEvent(
  db: Db,
  provider: string,
  event: PaymentEvent,
  now: Date,
): Promise<WebhookOutcome> {
  return db.$transaction(async (tx) => {
    const linkId = await linkOf(tx, event, provider);
    if (!linkId) return 'unknown_link';
    const link = await tx.paymentLink.findUniqueOrThrow({
      where: { id: linkId },
      include: { bills: { include: { bill: { select: { status: true } } } } },
    });
    if (link.provider !== provider) return 'unknown_link';
    if (link.status === 'paid' || link.bills.some((b) => b.bill.status === 'paid')) return 'already_paid';
    if (Number(link.amount) !== event.amount || link.currency !== event.currency) return 'amount_mismatch';
    if (link.status !== 'pending' || link.expiresAt <= now) return 'expired';
    return 'accepted';
  });
}

/**
 * Records a verified succeeded / failed notification; see the module comment. Idempotent by
 * (provider, providerPaymentId).
 */
export async function applyPaymentEvent(
  ctx: Pick<AppContext, 'db' | 'logger'>,
  provider: string,
  event: PaymentEvent,
  now: Date,
  hooks: { onBillsPaid?: (billIds: string[]) => Promise<void> } = {},
): Promise<ApplyPaymentResult> {
  const { prisma } = ctx.db;
  const recorded = (db: DbOrTx) =>
    db.payment.findUnique({
      where: { provider_providerPaymentId: { provider, providerPaymentId: event.providerPaymentId } },
      select: { id: true },
    });
  // a provider's retry of a notification already recorded: answered without opening a transaction
  const known = await recorded(prisma);
  if (known) return { outcome: 'duplicate', paymentId: known.id, paidBillIds: [] };
  const attempt = () =>
    prisma.$transaction(async (tx): Promise<ApplyPaymentResult> => {
      const seen = await recorded(tx);
      if (seen) return { outcome: 'duplicate', paymentId: seen.id, paidBillIds: [] };

      const linkId = await linkOf(tx, event, provider);
      const link = linkId
        ? await tx.paymentLink.findUniqueOrThrow({
            where: { id: linkId },
            include: { bills: { select: { billId: true } }, person: { select: { id: true } } },
          })
        : null;
      const base = {
        provider,
        providerPaymentId: event.providerPaymentId,
        linkId: link && link.provider === provider ? link.id : null,
        amount: BigInt(event.amount),
        currency: event.currency,
        receivedAt: now,
        payload: event.payload as Prisma.InputJsonValue,
      };

      if (event.kind === 'failed') {
        const payment = await tx.payment.create({
          data: {
            ...base,
            status: 'refused',
            reason: `declined: ${event.reason ?? 'no reason given'}`.slice(0, 500),
          },
        });
        return { outcome: 'declined_recorded', paymentId: payment.id, paidBillIds: [] };
      }

      const flag = async (outcome: WebhookOutcome, reason: string): Promise<ApplyPaymentResult> => {
        const payment = await tx.payment.create({ data: { ...base, status: 'flagged', reason } });
        const details = {
          paymentId: payment.id,
          provider,
          providerPaymentId: event.providerPaymentId,
          linkId: base.linkId,
          amount: event.amount,
          currency: event.currency,
          expected: link ? { amount: Number(link.amount), currency: link.currency } : null,
          reason,
        };
        await tx.auditLog.create({
          data: {
            at: now,
            actor: `provider:${provider}`,
            action: 'payment.flagged',
            subject: payment.id,
            details,
          },
        });
        await tx.supportTicket.create({
          data: {
            kind: 'integration_failure',
            reason: `Платёж ${provider} ${event.providerPaymentId} не зачтён: ${reason}`,
            dedupeKey: `payment-flagged:${provider}:${event.providerPaymentId}`,
            payload: details,
          },
        });
        ctx.logger.warn(details, 'payment flagged for the back office');
        return { outcome, paymentId: payment.id, paidBillIds: [] };
      };

      if (!link || link.provider !== provider) return flag('unknown_link', 'unknown payment link');
      if (Number(link.amount) !== event.amount || link.currency !== event.currency)
        return flag(
          'amount_mismatch',
          `amount ${toDecimalString(event.amount)} ${event.currency} differs from the link's ${toDecimalString(Number(link.amount))} ${link.currency}`,
        );
      const billIds = link.bills.map((b) => b.billId);
      const bills = await tx.$queryRaw<
        { id: string; number: string; status: string; memberId: string; total: bigint }[]
      >`
        SELECT id, number, status::text AS status, "memberId", total FROM "Bill"
        WHERE id = ANY(${billIds}::uuid[]) ORDER BY id FOR UPDATE`;
      const alreadyPaid = bills.filter((bill) => bill.status === 'paid');
      if (link.status === 'paid' || alreadyPaid.length > 0)
        return flag(
          'already_paid',
          `bill(s) ${alreadyPaid.map((b) => b.number).join(', ') || 'of this link'} already paid: refund or credit needed`,
        );

      const payment = await tx.payment.create({ data: { ...base, status: 'succeeded' } });
      await tx.paymentLink.update({ where: { id: link.id }, data: { status: 'paid' } });
      await tx.bill.updateMany({ where: { id: { in: billIds } }, data: { status: 'paid', paidAt: now } });
      // Other pending links with any of these bills can no longer be paid.
      await tx.paymentLink.updateMany({
        where: { id: { not: link.id }, status: 'pending', bills: { some: { billId: { in: billIds } } } },
        data: { status: 'cancelled' },
      });
      await withdrawBillNotices(tx, billIds, now);
      // HR collects overdue franchise debts (seed 002 item 4): tell them what needs no more collecting
      const overdue = bills.filter((bill) => bill.status === 'overdue');
      for (const memberId of new Set(overdue.map((bill) => bill.memberId))) {
        const paid = overdue.filter((bill) => bill.memberId === memberId);
        await alertOverdueDebtPaid(tx, { memberId, paymentId: payment.id, bills: paid, now });
      }
      await tx.auditLog.create({
        data: {
          at: now,
          actor: `provider:${provider}`,
          action: 'payment.succeeded',
          subject: payment.id,
          details: {
            linkId: link.id,
            bills: bills.map((b) => b.number),
            amount: event.amount,
            currency: event.currency,
          },
        },
      });
      await enqueueReceipt(tx, link.person.id, payment.id, {
        amount: event.amount,
        currency: event.currency,
        count: bills.length,
        number: bills
          .map((b) => b.number)
          .sort()
          .join(', '),
        now,
      });
      return { outcome: 'accepted', paymentId: payment.id, paidBillIds: billIds };
    });

  let result: ApplyPaymentResult;
  try {
    result = await attempt();
  } catch (error) {
    // Two deliveries of one notification at once: the loser hits the unique key; the winner recorded it.
    if ((error as { code?: string }).code === 'P2002') result = await attempt();
    else throw error;
  }
  if (result.paidBillIds.length > 0 && hooks.onBillsPaid) {
    await hooks
      .onBillsPaid(result.paidBillIds)
      .catch((error: unknown) =>
        ctx.logger.warn({ err: error }, 'after-payment hook failed (reminders check Bill.status anyway)'),
      );
  }
  return result;
}

/**
 * A charge notice or reminder written before the payment but not delivered yet would ask for money
 * already paid: it is withdrawn (`cancelled`, which the notifications worker skips), and a reminder
 * call the operators have not taken yet is closed. One already being sent goes out.
 */
async function withdrawBillNotices(tx: Tx, billIds: string[], now: Date): Promise<void> {
  await tx.notification.updateMany({
    where: { billId: { in: billIds }, status: { in: ['pending', 'queued', 'failed'] } },
    data: { status: 'cancelled', lastError: 'bill paid before delivery' },
  });
  // a delivered call reminder is a ticket in the operators' queue (core/notify/call-sender.ts)
  const calls = await tx.notification.findMany({
    where: { billId: { in: billIds }, channel: 'call', status: 'sent' },
    select: { dedupeKey: true },
  });
  if (calls.length === 0) return;
  await tx.supportTicket.updateMany({
    where: { kind: 'call_task', status: 'waiting', dedupeKey: { in: calls.map((call) => call.dedupeKey) } },
    data: { status: 'closed', closedAt: now },
  });
}

async function enqueueReceipt(
  tx: Tx,
  personId: string,
  paymentId: string,
  params: { amount: number; currency: string; count: number; number: string; now: Date },
): Promise<void> {
  const person = await tx.person.findUniqueOrThrow({
    where: { id: personId },
    select: {
      phone: true,
      email: true,
      notifyChannels: true,
      conversations: { select: { id: true, channel: true, externalId: true } },
    },
  });
  const values = {
    amount: params.amount,
    currency: params.currency,
    count: params.count,
    number: params.number,
    date: params.now.toISOString().slice(0, 10),
  };
  for (const conversation of person.conversations) {
    if (conversation.channel !== 'telegram' && conversation.channel !== 'webchat') continue;
    await enqueueNotification(tx, {
      dedupeKey: `payment-receipt.${paymentId}.${conversation.id}`,
      personId,
      channel: conversation.channel,
      address: conversation.channel === 'telegram' ? conversation.externalId : conversation.id,
      template: 'billing-receipt',
      params: values,
      notBefore: params.now,
    });
  }
  if (person.notifyChannels.includes('email') && person.email) {
    await enqueueNotification(tx, {
      dedupeKey: `payment-receipt.${paymentId}.email`,
      personId,
      channel: 'email',
      address: person.email,
      template: 'billing-receipt-email',
      params: values,
      notBefore: params.now,
    });
  } else if (person.notifyChannels.includes('sms') && person.phone && person.conversations.length === 0) {
    await enqueueNotification(tx, {
      dedupeKey: `payment-receipt.${paymentId}.sms`,
      personId,
      channel: 'sms',
      address: person.phone,
      template: 'billing-receipt-sms',
      params: values,
      notBefore: params.now,
    });
  }
}
