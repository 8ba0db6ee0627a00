/**
 * Payment providers: create a hosted payment page for an amount ("link"), and turn the provider's
 * signed HTTP notifications into events. Providers know nothing of bills; core/services/payments.ts
 * does (docs/billing.md).
 */
export interface CreateLinkInput {
  /** integer minor units */
  amount: number;
  currency: 'KZT' | 'RUB';
  description: string;
  /** our PaymentLink.id: comes back in every notification (CloudPayments InvoiceId) */
  linkId: string;
  /** where the payer's browser goes after paying or declining */
  returnUrl: string;
  /** our person id (CloudPayments AccountId) */
  accountId?: string;
  email?: string | null;
  language?: 'ru' | 'kk';
}

export interface ProviderLink {
  externalId: string;
  url: string;
}

/** What the webhook route hands to `verifyWebhook`: the body exactly as received. */
export interface WebhookRequest {
  headers: Record<string, string | string[] | undefined>;
  rawBody: Buffer;
  query: Record<string, string | undefined>;
}

export interface PaymentEvent {
  /** check: may this payment go ahead? (before charging); succeeded / failed: after */
  kind: 'check' | 'succeeded' | 'failed';
  /** the provider's id of the payment (CloudPayments TransactionId) */
  providerPaymentId: string;
  /** our PaymentLink.id, if the notification names it */
  linkId: string | null;
  /** the provider's id of the link (demo: the page id) */
  externalId: string | null;
  /** integer minor units as the provider states them */
  amount: number;
  currency: string;
  occurredAt: Date;
  reason?: string;
  test?: boolean;
  /** the notification's fields, stored on the Payment row */
  payload: Record<string, unknown>;
}

export type WebhookVerification =
  | { ok: true; event: PaymentEvent }
  | { ok: false; status: 400 | 401; error: 'signature' | 'stale' | 'malformed'; message: string };

/** What we decided about an event; each provider answers it in its own protocol. */
export type WebhookOutcome =
  | 'accepted'
  | 'duplicate'
  | 'declined_recorded'
  | 'unknown_link'
  | 'amount_mismatch'
  | 'already_paid'
  | 'expired';

export interface PaymentProvider {
  readonly name: 'demo' | 'cloudpayments';
  createLink(input: CreateLinkInput): Promise<ProviderLink>;
  /** signature on the raw body, freshness, then the event; never throws */
  verifyWebhook(request: WebhookRequest, now: Date): WebhookVerification;
  /** the HTTP answer the provider expects after we handled an event */
  answer(event: PaymentEvent, outcome: WebhookOutcome): { status: number; body: unknown };
}

export class PaymentProviderError extends Error {
  override name = 'PaymentProviderError';
}
