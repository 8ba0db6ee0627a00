import { createHmac, randomUUID, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import type {
  CreateLinkInput,
  PaymentEvent,
  PaymentProvider,
  ProviderLink,
  WebhookRequest,
  WebhookVerification,
} from './types';

/**
 * The built-in demo provider. Its "hosted page" is served by the product itself (GET /pay/:id,
 * bot/payments/routes.ts); pressing «Оплатить» or «Отклонить» there makes the page's server side
 * call OUR webhook over HTTP exactly as a real provider would:
 *
 *   POST /payments/webhook/demo
 *   Content-Type: application/json
 *   X-Demo-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<raw body>")>
 *   {"type":"payment.succeeded"|"payment.failed","paymentId":"dp_…","pageId":"demo_…",
 *    "linkId":"<uuid>","amount":123456,"currency":"RUB","reason":…}
 *
 * No money moves. The timestamp is signed with the body, so an old captured request is refused.
 */
export const DEMO_SIGNATURE_HEADER = 'x-demo-signature';

const DemoWebhookBody = z.object({
  type: z.enum(['payment.succeeded', 'payment.failed']),
  paymentId: z.string().min(1).max(100),
  pageId: z.string().min(1).max(100),
  linkId: z.uuid().nullable(),
  amount: z.number().int(),
  currency: z.string().min(3).max(3),
  reason: z.string().max(200).optional(),
});
export type DemoWebhookBody = z.infer<typeof DemoWebhookBody>;

export function signDemoWebhook(secret: string, rawBody: string, timestampSeconds: number): string {
  const mac = createHmac('sha256', secret).update(`${timestampSeconds}.${rawBody}`).digest('hex');
  return `t=${timestampSeconds},v1=${mac}`;
}

export interface DemoProviderOptions {
  secret: string;
  /** the product's base URL: the page is `${baseUrl}/pay/<id>` */
  baseUrl: string;
  toleranceSeconds: number;
}

export function createDemoProvider(options: DemoProviderOptions): PaymentProvider & {
  /** the signed request the demo page sends for a decision on a page */
  webhookRequest(
    body: Omit<DemoWebhookBody, 'paymentId'> & { paymentId?: string },
    now: Date,
  ): {
    body: string;
    headers: Record<string, string>;
  };
} {
  return {
    name: 'demo',
    async createLink(_input: CreateLinkInput): Promise<ProviderLink> {
      const externalId = `demo_${randomUUID().replace(/-/g, '')}`;
      return { externalId, url: `${options.baseUrl}/pay/${externalId}` };
    },
    webhookRequest(body, now) {
      const raw = JSON.stringify({ paymentId: `dp_${randomUUID().replace(/-/g, '')}`, ...body });
      const t = Math.floor(now.getTime() / 1000);
      return {
        body: raw,
        headers: {
          'content-type': 'application/json',
          [DEMO_SIGNATURE_HEADER]: signDemoWebhook(options.secret, raw, t),
        },
      };
    },
    verifyWebhook(request: WebhookRequest, now: Date): WebhookVerification {
      const header = request.headers[DEMO_SIGNATURE_HEADER];
      const match = typeof header === 'string' ? /^t=(\d{1,12}),v1=([0-9a-f]{64})$/.exec(header) : null;
      if (!match)
        return {
          ok: false,
          status: 401,
          error: 'signature',
          message: `missing or malformed ${DEMO_SIGNATURE_HEADER}`,
        };
      const t = Number(match[1]);
      const expected = Buffer.from(
        createHmac('sha256', options.secret).update(`${t}.`).update(request.rawBody).digest('hex'),
      );
      const given = Buffer.from(match[2]!);
      if (expected.length !== given.length || !timingSafeEqual(expected, given))
        return { ok: false, status: 401, error: 'signature', message: 'signature does not match the body' };
      if (Math.abs(now.getTime() / 1000 - t) > options.toleranceSeconds)
        return {
          ok: false,
          status: 400,
          error: 'stale',
          message: 'timestamp outside the tolerance: stale or replayed',
        };
      let parsed: DemoWebhookBody;
      try {
        parsed = DemoWebhookBody.parse(JSON.parse(request.rawBody.toString('utf8')));
      } catch (error) {
        return {
          ok: false,
          status: 400,
          error: 'malformed',
          message: (error as Error).message.slice(0, 300),
        };
      }
      const event: PaymentEvent = {
        kind: parsed.type === 'payment.succeeded' ? 'succeeded' : 'failed',
        providerPaymentId: parsed.paymentId,
        linkId: parsed.linkId,
        externalId: parsed.pageId,
        amount: parsed.amount,
        currency: parsed.currency,
        occurredAt: new Date(t * 1000),
        reason: parsed.reason,
        payload: parsed as unknown as Record<string, unknown>,
      };
      return { ok: true, event };
    },
    answer(_event, outcome) {
      return { status: 200, body: { received: true, outcome } };
    },
  };
}
