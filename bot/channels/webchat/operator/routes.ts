import cookie from '@fastify/cookie';
import csrf from '@fastify/csrf-protection';
import formbody from '@fastify/formbody';
import { hash as argon2Hash, verify as argon2Verify } from 'argon2';
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { AppContext } from '../../../../core/context';
import type { Operator } from '../../../../core/generated/prisma/client';
import { type I18n, type Language, pickLanguage } from '../../../../core/i18n';
import {
  type ActionResult,
  completeTask,
  type OperatorRef,
  releaseTicket,
  replyToTicket,
  takeTicket,
} from '../../../../core/services/support';
import { loadQueue, loadTicket } from './data';
import {
  actionsHtml,
  actionsKey,
  escapeHtml,
  layout,
  loginPage,
  messagesHtml,
  type PageContext,
  QUEUE_SECTIONS,
  queuePage,
  queueSection,
  queueSummary,
  statusText,
  ticketPage,
} from './pages';
import {
  CONSOLE_PATH,
  CSRF_COOKIE,
  cookieOptions,
  cookieSecret,
  endSession,
  passwordFingerprint,
  readSession,
  startSession,
} from './session';

/**
 * The operator console (docs/support.md): GET /operator/login, POST /operator/login,
 * POST /operator/logout, GET /operator (queues), GET /operator/tickets/:id (one conversation),
 * POST /operator/tickets/:id/{take,reply,return,close,done}, and the JSON the pages poll:
 * GET /operator/api/queue, GET /operator/api/tickets/:id.
 * Every POST needs the CSRF token (@fastify/csrf-protection, secret in a signed SameSite=Strict
 * cookie); every page but the login needs a valid session cookie (session.ts).
 */

const LOGIN_WINDOW_SECONDS = 15 * 60;
const LOGIN_MAX_FAILURES = 5;
const LANG_COOKIE = 'ia_operator_lang';

const LoginBody = z.object({
  login: z.string().trim().min(1).max(100),
  password: z.string().min(1).max(200),
  _csrf: z.string().optional(),
});
const ReplyBody = z.object({ text: z.string().max(4000), _csrf: z.string().optional() });
const IdParams = z.object({ id: z.uuid() });
const ActionParams = z.object({
  id: z.uuid(),
  action: z.enum(['take', 'reply', 'return', 'close', 'done']),
});
const FlashQuery = z.object({
  error: z.enum(['taken', 'finished', 'not_yours', 'empty', 'not_found']).optional(),
  by: z.string().max(100).optional(),
  lang: z.enum(['ru', 'kk']).optional(),
});

/** A password hash to compare with when the login is unknown, so both cases take as long. */
let dummyHash: Promise<string> | undefined;

export function operatorConsole(ctx: AppContext, i18n: I18n): FastifyPluginAsync {
  const { prisma } = ctx.db;
  const config = ctx.config;

  return async (app) => {
    if (!app.hasRequestDecorator('cookies')) {
      await app.register(cookie, { secret: cookieSecret(config.piiKey) });
    }
    if (!app.hasContentTypeParser('application/x-www-form-urlencoded')) await app.register(formbody);
    await app.register(csrf, {
      cookieKey: CSRF_COOKIE,
      cookieOpts: cookieOptions(config),
    });

    app.addHook('onSend', async (_request, reply, payload) => {
      reply.header('cache-control', 'no-store');
      reply.header('x-content-type-options', 'nosniff');
      reply.header('referrer-policy', 'same-origin');
      reply.header(
        'content-security-policy',
        "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'unsafe-inline'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'",
      );
      return payload;
    });

    const languageOf = (request: FastifyRequest, reply: FastifyReply): Language => {
      const query = FlashQuery.safeParse(request.query);
      if (query.success && query.data.lang) {
        reply.setCookie(LANG_COOKIE, query.data.lang, {
          path: CONSOLE_PATH,
          sameSite: 'strict',
          httpOnly: true,
          secure: cookieOptions(config).secure,
        });
        return query.data.lang;
      }
      const saved = request.cookies[LANG_COOKIE];
      if (saved === 'ru' || saved === 'kk') return saved;
      return pickLanguage(request.headers['accept-language']);
    };

    const pageContext = (request: FastifyRequest, reply: FastifyReply, operator?: Operator): PageContext => ({
      i18n,
      lang: languageOf(request, reply),
      csrf: reply.generateCsrf(),
      zone: config.OPERATOR_TIME_ZONE,
      now: ctx.clock.now(),
      ...(operator ? { operator: { id: operator.id, displayName: operator.displayName } } : {}),
    });

    const html = (reply: FastifyReply, code: number, body: string) =>
      reply.code(code).type('text/html; charset=utf-8').send(body);

    async function currentOperator(request: FastifyRequest): Promise<Operator | null> {
      const claims = readSession(request, ctx.clock.now());
      if (!claims) return null;
      const operator = await prisma.operator.findUnique({ where: { id: claims.operatorId } });
      if (!operator || passwordFingerprint(operator.passwordHash) !== claims.fingerprint) return null;
      return operator;
    }

    /** A page that needs a session: the login page instead when there is none. */
    async function pageOperator(request: FastifyRequest, reply: FastifyReply): Promise<Operator | null> {
      const operator = await currentOperator(request);
      if (!operator) await reply.code(303).redirect(`${CONSOLE_PATH}/login`);
      return operator;
    }

    app.setErrorHandler(async (error: { code?: string; statusCode?: number }, request, reply) => {
      if (typeof error.code === 'string' && error.code.startsWith('FST_CSRF')) {
        const page = pageContext(request, reply);
        return html(
          reply,
          403,
          layout(
            page,
            page.i18n.t(page.lang, 'op-title'),
            `<div class="flash" role="alert">${escapeHtml(i18n.t(page.lang, 'op-csrf-failed'))}</div>
<p><a href="${CONSOLE_PATH}">${escapeHtml(i18n.t(page.lang, 'op-back'))}</a></p>`,
          ),
        );
      }
      request.log.error({ err: error }, 'operator console request failed');
      return reply.code(error.statusCode && error.statusCode < 500 ? error.statusCode : 500).send({
        error: 'internal',
      });
    });

    // --- login / logout -------------------------------------------------------------------

    app.get(`${CONSOLE_PATH}/login`, async (request, reply) => {
      if (await currentOperator(request)) return reply.code(303).redirect(CONSOLE_PATH);
      return html(reply, 200, loginPage(pageContext(request, reply)));
    });

    app.post(`${CONSOLE_PATH}/login`, { preHandler: app.csrfProtection }, async (request, reply) => {
      const body = LoginBody.safeParse(request.body);
      if (!body.success) return html(reply, 400, loginPage(pageContext(request, reply), 'failed'));
      const { login, password } = body.data;
      const key = `${config.REDIS_PREFIX}:operator-login:${login.toLowerCase()}`;
      const failures = Number((await ctx.redis.get(key)) ?? 0);
      if (failures >= LOGIN_MAX_FAILURES) {
        return html(reply, 429, loginPage(pageContext(request, reply), 'throttled', login));
      }
      const operator = await prisma.operator.findUnique({ where: { login } });
      dummyHash ??= argon2Hash('not-a-password');
      const ok = await argon2Verify(operator?.passwordHash ?? (await dummyHash), password).catch(() => false);
      if (!operator || !ok) {
        await ctx.redis.multi().incr(key).expire(key, LOGIN_WINDOW_SECONDS).exec();
        await prisma.auditLog.create({
          data: { actor: `operator:${login}`, action: 'operator.login-failed', at: ctx.clock.now() },
        });
        return html(reply, 401, loginPage(pageContext(request, reply), 'failed', login));
      }
      await ctx.redis.del(key);
      await prisma.auditLog.create({
        data: { actor: `operator:${operator.login}`, action: 'operator.login', at: ctx.clock.now() },
      });
      startSession(reply, config, operator, ctx.clock.now());
      return reply.code(303).redirect(CONSOLE_PATH);
    });

    app.post(`${CONSOLE_PATH}/logout`, { preHandler: app.csrfProtection }, async (_request, reply) => {
      endSession(reply, config);
      return reply.code(303).redirect(`${CONSOLE_PATH}/login`);
    });

    // --- queues -----------------------------------------------------------------------------

    const flashText = (page: PageContext, request: FastifyRequest): string => {
      const query = FlashQuery.safeParse(request.query);
      const error = query.success ? query.data.error : undefined;
      if (!error) return '';
      return error === 'taken'
        ? i18n.t(page.lang, 'op-error-taken', { name: (query.success && query.data.by) || '—' })
        : i18n.t(page.lang, `op-error-${error.replace(/_/g, '-')}`);
    };

    app.get(CONSOLE_PATH, async (request, reply) => {
      const operator = await pageOperator(request, reply);
      if (!operator) return reply;
      const page = pageContext(request, reply, operator);
      return html(reply, 200, queuePage(page, await loadQueue(ctx, operator.id), flashText(page, request)));
    });

    app.get(`${CONSOLE_PATH}/api/queue`, async (request, reply) => {
      const operator = await currentOperator(request);
      if (!operator) return reply.code(401).send({ error: 'unauthorized' });
      const page = pageContext(request, reply, operator);
      const queue = await loadQueue(ctx, operator.id);
      return {
        html: Object.fromEntries(QUEUE_SECTIONS.map((s) => [s, queueSection(page, queue, s)])),
        counts: Object.fromEntries(QUEUE_SECTIONS.map((s) => [s, queue[s].length])),
        summary: queueSummary(page, queue),
      };
    });

    // --- one ticket ---------------------------------------------------------------------------

    app.get(`${CONSOLE_PATH}/tickets/:id`, async (request, reply) => {
      const operator = await pageOperator(request, reply);
      if (!operator) return reply;
      const params = IdParams.safeParse(request.params);
      const view = params.success ? await loadTicket(ctx, i18n, params.data.id) : null;
      const page = pageContext(request, reply, operator);
      if (!view) {
        return html(
          reply,
          404,
          layout(
            page,
            i18n.t(page.lang, 'op-title'),
            `<div class="flash" role="alert">${escapeHtml(i18n.t(page.lang, 'op-error-not-found'))}</div><p><a href="${CONSOLE_PATH}">${escapeHtml(i18n.t(page.lang, 'op-back'))}</a></p>`,
          ),
        );
      }
      return html(reply, 200, ticketPage(page, view, flashText(page, request)));
    });

    app.get(`${CONSOLE_PATH}/api/tickets/:id`, async (request, reply) => {
      const operator = await currentOperator(request);
      if (!operator) return reply.code(401).send({ error: 'unauthorized' });
      const params = IdParams.safeParse(request.params);
      const view = params.success ? await loadTicket(ctx, i18n, params.data.id) : null;
      if (!view) return reply.code(404).send({ error: 'not_found' });
      const page = pageContext(request, reply, operator);
      return {
        status: statusText(page, view),
        messages: messagesHtml(page, view.messages),
        actions: actionsHtml(page, view),
        actionsKey: actionsKey(view, operator.id),
      };
    });

    app.post(
      `${CONSOLE_PATH}/tickets/:id/:action`,
      { preHandler: app.csrfProtection },
      async (request, reply) => {
        const operator = await currentOperator(request);
        if (!operator) return reply.code(303).redirect(`${CONSOLE_PATH}/login`);
        const params = ActionParams.safeParse(request.params);
        if (!params.success) return reply.code(404).send({ error: 'not_found' });
        const { id, action } = params.data;
        const ref: OperatorRef = {
          id: operator.id,
          login: operator.login,
          displayName: operator.displayName,
        };
        let result: ActionResult;
        switch (action) {
          case 'take':
            result = await takeTicket(ctx, id, ref);
            break;
          case 'reply': {
            const body = ReplyBody.safeParse(request.body);
            result = body.success
              ? await replyToTicket(ctx, id, ref, body.data.text)
              : { ok: false, reason: 'empty' };
            break;
          }
          case 'return':
          case 'close':
            result = await releaseTicket(ctx, id, ref, action === 'return' ? 'returned' : 'closed');
            break;
          case 'done':
            result = await completeTask(ctx, id, ref);
            break;
        }
        const ticketUrl = `${CONSOLE_PATH}/tickets/${id}`;
        if (result.ok) {
          const next =
            action === 'take' ? ticketUrl : action === 'reply' ? `${ticketUrl}#reply` : CONSOLE_PATH;
          return reply.code(303).redirect(next);
        }
        const query = new URLSearchParams({ error: result.reason });
        if (result.by) query.set('by', result.by);
        const back = action === 'take' || action === 'done' ? CONSOLE_PATH : ticketUrl;
        return reply.code(303).redirect(`${result.reason === 'not_found' ? CONSOLE_PATH : back}?${query}`);
      },
    );
  };
}
