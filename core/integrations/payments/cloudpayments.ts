import { createHmac, timingSafeEqual } from 'node:crypto';
import { parseMoney, toDecimalString } from '../../domain/money';
import {
  type CreateLinkInput,
  type PaymentEvent,
  type PaymentProvider,
  PaymentProviderError,
  type ProviderLink,
  type WebhookOutcome,
  type WebhookRequest,
  type WebhookVerification,
} from './types';

/**
 * CloudPayments (developers.cloudpayments.ru), as published:
 *
 * - Links: `POST {api}/orders/create`, HTTP Basic `PublicId:ApiSecret`, JSON
 *   `{Amount, Currency, Description, InvoiceId, AccountId, Email, SuccessRedirectUrl,
 *   FailRedirectUrl, CultureName}` → `{Success, Message, Model: {Id, Number, Url, …}}`.
 *   Our PaymentLink.id goes in InvoiceId and comes back in every notification.
 * - Notifications Check / Pay / Fail: POST form-encoded (`application/x-www-form-urlencoded`),
 *   headers `Content-HMAC` = base64(HMAC-SHA256(ApiSecret, raw body)) and `X-Content-HMAC` = the
 *   same over the URL-decoded body. Answer JSON `{"code":0}`; to a Check, a non-zero code refuses
 *   the payment before the card is charged: 10 unknown order, 12 wrong amount, 13 cannot be
 *   accepted, 20 expired.
 * - Configure in the CloudPayments back office, method POST, UTF-8:
 *   Check → `{PUBLIC_URL}/payments/webhook/cloudpayments?type=check`, Pay → `…?type=pay`,
 *   Fail → `…?type=fail`. The type is also checked against the body (a Pay has TotalFee and
 *   GatewayName, a Fail has ReasonCode), since the query is not covered by the signature.
 * - Freshness: a notification's DateTime (UTC) older than `maxAgeSeconds` is refused as stale.
 *   CloudPayments retries unanswered notifications for hours, so the window is wider than the demo
 *   provider's; within it a repeated notification is idempotent by TransactionId.
 */
export interface CloudPaymentsOptions {
  publicId: string;
  apiSecret: string;
  apiUrl: string;
  maxAgeSeconds: number;
  timeoutMs?: number;
  fetch?: typeof fetch;
}

export function cloudPaymentsSignature(apiSecret: string, body: string | Buffer): string {
  return createHmac('sha256', apiSecret).update(body).digest('base64');
}

function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

function header(request: WebhookRequest, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** 'yyyy-MM-dd HH:mm:ss' in UTC → Date */
function parseCpDateTime(text: string | null): Date | null {
  if (!text) return null;
  const match = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})/.exec(text);
  if (!match) return null;
  const date = new Date(`${match[1]}-${match[2]}-${match[3]}T${match[4]}:${match[5]}:${match[6]}Z`);
  return Number.isNaN(date.getTime()) ? null : date;
}

const CHECK_CODES: Record<WebhookOutcome, number> = {
  accepted: 0,
  duplicate: 0,
  declined_recorded: 0,
  unknown_link: 10,
  amount_mismatch: 12,
  already_paid: 13,
  expired: 20,
};

export function createCloudPaymentsProvider(options: CloudPaymentsOptions): PaymentProvider {
  const doFetch = options.fetch ?? fetch;
  const api = options.apiUrl.replace(/\/+$/, '');
  const auth = `Basic ${Buffer.from(`${options.publicId}:${options.apiSecret}`).toString('base64')}`;
  return {
    name: 'cloudpayments',
    async createLink(input: CreateLinkInput): Promise<ProviderLink> {
      const body = {
        Amount: Number(toDecimalString(input.amount)),
        Currency: input.currency,
        Description: input.description,
        InvoiceId: input.linkId,
        AccountId: input.accountId,
        Email: input.email ?? undefined,
        RequireConfirmation: false,
        SendEmail: false,
        SuccessRedirectUrl: input.returnUrl,
        FailRedirectUrl: input.returnUrl,
        CultureName: input.language === 'kk' ? 'kk' : 'ru-RU',
      };
      let response: Response;
      try {
        response = await doFetch(`${api}/orders/create`, {
          method: 'POST',
          headers: { authorization: auth, 'content-type': 'application/json' },
          body: JSON.stringify(body),
          signal: AbortSignal.timeout(options.timeoutMs ?? 10_000),
        });
      } catch (error) {
        throw new PaymentProviderError(
          `CloudPayments orders/create unreachable: ${(error as Error).message}`,
        );
      }
      const text = await response.text();
      if (!response.ok)
        throw new PaymentProviderError(
          `CloudPayments orders/create: HTTP ${response.status} ${text.slice(0, 200)}`,
        );
      let json: { Success?: boolean; Message?: string | null; Model?: { Id?: string; Url?: string } };
      try {
        json = JSON.parse(text);
      } catch {
        throw new PaymentProviderError('CloudPayments orders/create: answer is not JSON');
      }
      if (!json.Success || !json.Model?.Id || !json.Model.Url)
        throw new PaymentProviderError(`CloudPayments orders/create refused: ${json.Message ?? 'no model'}`);
      return { externalId: json.Model.Id, url: json.Model.Url };
    },

    verifyWebhook(request: WebhookRequest, now: Date): WebhookVerification {
      const raw = request.rawBody.toString('utf8');
      const contentHmac = header(request, 'content-hmac');
      const xContentHmac = header(request, 'x-content-hmac');
      let signed = false;
      if (contentHmac && safeEqual(cloudPaymentsSignature(options.apiSecret, request.rawBody), contentHmac))
        signed = true;
      if (!signed && xContentHmac) {
        let decoded: string | null = null;
        try {
          decoded = decodeURIComponent(raw.replace(/\+/g, ' '));
        } catch {
          decoded = null;
        }
        if (decoded !== null && safeEqual(cloudPaymentsSignature(options.apiSecret, decoded), xContentHmac))
          signed = true;
      }
      if (!signed)
        return {
          ok: false,
          status: 401,
          error: 'signature',
          message: 'Content-HMAC does not match the body',
        };

      const form = new URLSearchParams(raw);
      const has = (name: string) => form.has(name) && form.get(name) !== '';
      const bodyKind: PaymentEvent['kind'] = has('ReasonCode')
        ? 'failed'
        : has('TotalFee') || has('GatewayName')
          ? 'succeeded'
          : 'check';
      const type = request.query.type?.toLowerCase();
      const queryKind =
        type === 'check' ? 'check' : type === 'pay' ? 'succeeded' : type === 'fail' ? 'failed' : undefined;
      if (type !== undefined && queryKind !== bodyKind)
        return {
          ok: false,
          status: 400,
          error: 'malformed',
          message: `notification type ${type} does not match its body`,
        };

      const transactionId = form.get('TransactionId');
      const amount = parseMoney(form.get('Amount') ?? '', 'RUB');
      const currency = form.get('Currency') ?? '';
      const occurredAt = parseCpDateTime(form.get('DateTime'));
      if (!transactionId || !/^\d{1,20}$/.test(transactionId) || !amount.ok || !currency || !occurredAt)
        return {
          ok: false,
          status: 400,
          error: 'malformed',
          message: 'TransactionId, Amount, Currency and DateTime are required',
        };
      if (
        now.getTime() - occurredAt.getTime() > options.maxAgeSeconds * 1000 ||
        occurredAt.getTime() - now.getTime() > 300_000
      )
        return {
          ok: false,
          status: 400,
          error: 'stale',
          message: 'DateTime outside the accepted window: stale or replayed',
        };
      const invoiceId = form.get('InvoiceId');
      const payload: Record<string, unknown> = {};
      for (const [key, value] of form) {
        // never store card data beyond what CloudPayments itself sends masked
        if (key === 'Token' || key === 'CardId') continue;
        payload[key] = value;
      }
      return {
        ok: true,
        event: {
          kind: bodyKind,
          providerPaymentId: transactionId,
          linkId: invoiceId && /^[0-9a-f-]{36}$/i.test(invoiceId) ? invoiceId.toLowerCase() : null,
          externalId: null,
          amount: amount.money.amount,
          currency,
          occurredAt,
          reason: form.get('Reason') ?? undefined,
          test: form.get('TestMode') === '1',
          payload,
        },
      };
    },

    answer(event, outcome) {
      if (event.kind === 'check') return { status: 200, body: { code: CHECK_CODES[outcome] } };
      return { status: 200, body: { code: 0 } };
    },
  };
}
