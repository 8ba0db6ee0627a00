import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { AppContext } from '../../core/context';
import { createI18n, type I18n, type Language, pickLanguage } from '../../core/i18n';
import { translate } from '../../core/integrations/i18n-port';
import {
  createPaymentProviders,
  type PaymentProvider,
  PaymentProviderError,
} from '../../core/integrations/payments';
import type { createDemoProvider } from '../../core/integrations/payments/demo';
import { publicBaseUrl } from '../../core/services/billing';
import {
  applyPaymentEvent,
  checkPaymentEvent,
  createPaymentLink,
  ensureProviderLink,
} from '../../core/services/payments';

/**
 * Payment HTTP routes (docs/billing.md):
 *
 * - `POST /payments/webhook/:provider` — provider notifications. The body is kept RAW (a Buffer:
 *   this plugin replaces every content-type parser in its scope) because signatures are computed
 *   over the exact bytes; then freshness, then the event is applied idempotently.
 * - `GET /pay/bill/:billId` — the "Pay" link of charge notices (SMS, e-mail): a payment for that
 *   one bill, then a redirect to the provider's page.
 * - `GET /pay/link/:linkId` — the link the chat gives for the chosen bills: creates the provider's
 *   page on first use and redirects there.
 * - `GET /pay/done/:linkId` — where the provider sends the payer back.
 * - `GET /pay/:id`, `POST /pay/:id` — the demo provider's hosted page («Оплатить» / «Отклонить»);
 *   its POST calls our webhook over HTTP, signed, as a real provider would.
 */
export interface PaymentRoutesOptions {
  providers?: { active: PaymentProvider; byName: Map<string, PaymentProvider> };
  i18n?: I18n;
  /** after commit, with the ids of bills a payment settled (e.g. drop their reminder jobs) */
  onBillsPaid?: (billIds: string[]) => Promise<void>;
  /** the base of the demo page's webhook call; default: the origin the browser used */
  webhookBaseUrl?: string;
}

const Uuid = z.object({ id: z.uuid() });
const ProviderParam = z.object({ provider: z.string().regex(/^[a-z]{2,20}$/) });
const DemoParam = z.object({ id: z.string().regex(/^demo_[0-9a-f]{32}$/) });

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function page(title: string, body: string, language: Language): string {
  return `<!doctype html><html lang="${language}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(title)}</title>
<style>body{font-family:system-ui,sans-serif;max-width:28rem;margin:2rem auto;padding:0 1rem;color:#222}
.amount{font-size:1.6rem;font-weight:600;margin:1rem 0}.note{color:#8a5a00;background:#fff4d6;padding:.5rem .75rem;border-radius:.5rem}
button{font-size:1.1rem;padding:.6rem 1.2rem;margin:.25rem .5rem .25rem 0;border-radius:.5rem;border:1px solid #888;cursor:pointer}
button.pay{background:#1a7f37;color:#fff;border-color:#1a7f37}</style></head><body><h1>${escapeHtml(title)}</h1>${body}</body></html>`;
}

export function paymentRoutes(ctx: AppContext, options: PaymentRoutesOptions = {}): FastifyPluginAsync {
  const baseUrl = publicBaseUrl(ctx.config);
  const providers = options.providers ?? createPaymentProviders(ctx.config, baseUrl);
  const i18n = options.i18n ?? createI18n({ logger: ctx.logger });
  const { prisma } = ctx.db;
  const t = (language: Language, key: string, params?: Record<string, string | number>) =>
    translate(i18n, language, key, params);

  const message = (
    reply: FastifyReply,
    status: number,
    language: Language,
    key: string,
    params?: Record<string, string | number>,
  ) =>
    reply
      .code(status)
      .type('text/html; charset=utf-8')
      .send(page(t(language, 'pay-page-title'), `<p>${escapeHtml(t(language, key, params))}</p>`, language));

  const requestLanguage = (request: FastifyRequest, known?: Language | null): Language =>
    known ?? pickLanguage(request.headers['accept-language']?.split(',')[0]);

  const redirectToProvider = async (
    reply: FastifyReply,
    request: FastifyRequest,
    linkId: string,
    language: Language,
  ) => {
    try {
      const result = await ensureProviderLink(prisma, providers.active, linkId, {
        now: ctx.clock.now(),
        returnUrl: `${baseUrl}/pay/done/${linkId}`,
      });
      switch (result.kind) {
        case 'redirect':
          return reply.redirect(result.url, 303);
        case 'not_found':
          return message(reply, 404, language, 'pay-link-not-found');
        case 'paid':
          return message(reply, 200, language, 'pay-link-paid');
        case 'bill_paid':
          return message(reply, 409, language, 'pay-link-bill-paid', { number: result.numbers.join(', ') });
        case 'expired':
          return message(reply, 410, language, 'pay-link-expired');
      }
    } catch (error) {
      if (!(error instanceof PaymentProviderError)) throw error;
      request.log.error({ err: error, linkId }, 'payment provider refused to create a page');
      return message(reply, 502, language, 'pay-link-unavailable');
    }
  };

  return async (app) => {
    // Signatures are over the exact bytes: every body in this scope stays a Buffer.
    app.removeAllContentTypeParsers();
    app.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: 256 * 1024 }, (_request, body, done) => {
      done(null, body);
    });

    app.post('/payments/webhook/:provider', async (request, reply) => {
      const params = ProviderParam.safeParse(request.params);
      const provider = params.success ? providers.byName.get(params.data.provider) : undefined;
      if (!provider) return reply.code(404).send({ error: 'not_found', message: 'unknown payment provider' });
      const rawBody = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
      const now = ctx.clock.now();
      const verified = provider.verifyWebhook(
        {
          headers: request.headers,
          rawBody,
          query: (request.query ?? {}) as Record<string, string | undefined>,
        },
        now,
      );
      if (!verified.ok) {
        request.log.warn(
          { provider: provider.name, error: verified.error, ip: request.ip },
          'payment webhook refused',
        );
        return reply.code(verified.status).send({ error: verified.error, message: verified.message });
      }
      const event = verified.event;
      const outcome =
        event.kind === 'check'
          ? await checkPaymentEvent(prisma, provider.name, event, now)
          : (await applyPaymentEvent(ctx, provider.name, event, now, { onBillsPaid: options.onBillsPaid }))
              .outcome;
      const answer = provider.answer(event, outcome);
      return reply.code(answer.status).send(answer.body);
    });

    app.get('/pay/bill/:id', async (request, reply) => {
      const params = Uuid.safeParse(request.params);
      const language = requestLanguage(request);
      if (!params.success) return message(reply, 404, language, 'pay-link-not-found');
      const bill = await prisma.bill.findUnique({
        where: { id: params.data.id },
        select: {
          id: true,
          number: true,
          member: { select: { person: { select: { id: true, language: true } } } },
        },
      });
      if (!bill) return message(reply, 404, language, 'pay-link-not-found');
      const person = bill.member.person;
      const result = await createPaymentLink(prisma, {
        personId: person.id,
        billIds: [bill.id],
        provider: providers.active.name,
        now: ctx.clock.now(),
        ttlHours: ctx.config.PAYMENT_LINK_TTL_HOURS,
      });
      if (result.kind === 'already_paid') return message(reply, 200, person.language, 'pay-link-paid');
      if (result.kind !== 'ok') return message(reply, 404, person.language, 'pay-link-not-found');
      return redirectToProvider(reply, request, result.linkId, person.language);
    });

    app.get('/pay/link/:id', async (request, reply) => {
      const params = Uuid.safeParse(request.params);
      if (!params.success) return message(reply, 404, requestLanguage(request), 'pay-link-not-found');
      const link = await prisma.paymentLink.findUnique({
        where: { id: params.data.id },
        select: { person: { select: { language: true } } },
      });
      return redirectToProvider(
        reply,
        request,
        params.data.id,
        requestLanguage(request, link?.person.language),
      );
    });

    app.get('/pay/done/:id', async (request, reply) => {
      const params = Uuid.safeParse(request.params);
      if (!params.success) return message(reply, 404, requestLanguage(request), 'pay-link-not-found');
      const link = await prisma.paymentLink.findUnique({
        where: { id: params.data.id },
        select: { status: true, person: { select: { language: true } } },
      });
      if (!link) return message(reply, 404, requestLanguage(request), 'pay-link-not-found');
      const result = (request.query as Record<string, string | undefined>).result;
      const key =
        link.status === 'paid'
          ? 'pay-done-paid'
          : result === 'declined'
            ? 'pay-done-declined'
            : 'pay-done-pending';
      return message(reply, 200, link.person.language, key);
    });

    const demo = providers.byName.get('demo') as ReturnType<typeof createDemoProvider> | undefined;
    if (!demo) return;

    const demoLink = (externalId: string) =>
      prisma.paymentLink.findUnique({
        where: { provider_externalId: { provider: 'demo', externalId } },
        include: {
          person: { select: { language: true } },
          bills: { include: { bill: { select: { number: true } } } },
        },
      });

    app.get('/pay/:id', async (request, reply) => {
      const params = DemoParam.safeParse(request.params);
      const link = params.success ? await demoLink(params.data.id) : null;
      if (!link) return message(reply, 404, requestLanguage(request), 'pay-link-not-found');
      const language = link.person.language;
      const amount = { amount: Number(link.amount), currency: link.currency };
      const numbers = link.bills
        .map((b) => b.bill.number)
        .sort()
        .join(', ');
      const body =
        `<p class="note">${escapeHtml(t(language, 'pay-demo-notice'))}</p>` +
        `<p>${escapeHtml(t(language, 'pay-page-bills', { number: numbers }))}</p>` +
        `<p class="amount">${escapeHtml(t(language, 'pay-page-amount', amount))}</p>` +
        `<form method="post" action="/pay/${escapeHtml(params.data!.id)}">` +
        `<button class="pay" type="submit" name="action" value="pay">${escapeHtml(t(language, 'pay-demo-pay'))}</button>` +
        `<button type="submit" name="action" value="decline">${escapeHtml(t(language, 'pay-demo-decline'))}</button>` +
        '</form>';
      return reply.type('text/html; charset=utf-8').send(page(t(language, 'pay-page-title'), body, language));
    });

    app.post('/pay/:id', async (request, reply) => {
      const params = DemoParam.safeParse(request.params);
      const link = params.success ? await demoLink(params.data.id) : null;
      if (!link) return message(reply, 404, requestLanguage(request), 'pay-link-not-found');
      const form = new URLSearchParams(Buffer.isBuffer(request.body) ? request.body.toString('utf8') : '');
      const action = form.get('action');
      if (action !== 'pay' && action !== 'decline') return reply.code(400).send({ error: 'bad_request' });
      const signed = demo.webhookRequest(
        {
          type: action === 'pay' ? 'payment.succeeded' : 'payment.failed',
          pageId: params.data!.id,
          linkId: link.id,
          amount: Number(link.amount),
          currency: link.currency,
          ...(action === 'decline' ? { reason: 'declined by the payer on the demo page' } : {}),
        },
        ctx.clock.now(),
      );
      // exactly what a real provider does: an HTTP call to our webhook, signed with its secret
      const origin = options.webhookBaseUrl ?? `${request.protocol}://${request.host}`;
      const response = await fetch(`${origin}/payments/webhook/demo`, {
        method: 'POST',
        headers: signed.headers,
        body: signed.body,
        signal: AbortSignal.timeout(10_000),
      }).catch((error: unknown) => {
        request.log.error({ err: error }, 'demo provider could not reach the webhook');
        return null;
      });
      if (!response?.ok) request.log.warn({ status: response?.status }, 'demo webhook was not accepted');
      return reply.redirect(`/pay/done/${link.id}?result=${action === 'pay' ? 'paid' : 'declined'}`, 303);
    });
  };
}
