import { STATUS_CODES } from 'node:http';
import Fastify, {
  type FastifyBaseLogger,
  type FastifyError,
  type FastifyInstance,
  type FastifyPluginAsync,
  LogController,
} from 'fastify';
import type { AppContext } from '../core/context';
import type { Metrics } from '../core/metrics';
import { withTimeout } from '../core/redis';

export interface ServerOptions {
  metrics: Metrics;
  /** feature routes (web chat, Telegram webhook, payments, Slack, operator console, dev mail) */
  plugins?: FastifyPluginAsync[];
}

type Check = { ok: true } | { ok: false; error: string };

/** Prisma codes and driver messages of a database (or Redis) that cannot be reached right now. */
const UNAVAILABLE_CODES = new Set([
  'P1001',
  'P1002',
  'P1008',
  'P1017',
  'P2024',
  'ECONNREFUSED',
  'ECONNRESET',
]);
const UNAVAILABLE_MESSAGE =
  /Can't reach database server|57P0[123]|ECONNREFUSED|ECONNRESET|Connection terminated|terminating connection|Server has closed the connection|Timed out fetching a new connection|Connection is closed|not queryable|MaxRetriesPerRequest/;

export function isDependencyUnavailable(error: { code?: unknown; message?: unknown }): boolean {
  return (
    (typeof error.code === 'string' && UNAVAILABLE_CODES.has(error.code)) ||
    (typeof error.message === 'string' && UNAVAILABLE_MESSAGE.test(error.message))
  );
}

async function check(probe: () => Promise<unknown>): Promise<Check> {
  try {
    await withTimeout(probe(), 1500);
    return { ok: true };
  } catch (error) {
    return { ok: false, error: (error as Error).message };
  }
}

/** The one HTTP server of the product: health, readiness, metrics, and every channel's routes. */
export async function buildServer(ctx: AppContext, options: ServerOptions): Promise<FastifyInstance> {
  // request timings go to /metrics; per-request log lines would only repeat them
  const app = Fastify({
    loggerInstance: ctx.logger as FastifyBaseLogger,
    logController: new LogController({ disableRequestLogging: true }),
    trustProxy: true,
  });
  const { metrics } = options;

  app.addHook('onResponse', async (request, reply) => {
    metrics.httpDuration.observe(
      {
        method: request.method,
        route: request.routeOptions.url ?? 'unknown',
        status: String(reply.statusCode),
      },
      reply.elapsedTime / 1000,
    );
  });

  // Unexpected errors never show their internals (Prisma messages quote source lines); a database or
  // Redis that is down answers 503 + Retry-After, like /readyz, instead of a generic 500.
  app.setErrorHandler((error: FastifyError, request, reply) => {
    const status = error.statusCode ?? 500;
    if (status < 500) {
      return reply
        .code(status)
        .send({ statusCode: status, code: error.code, error: STATUS_CODES[status], message: error.message });
    }
    if (isDependencyUnavailable(error)) {
      request.log.error(
        { err: error, route: request.routeOptions.url },
        'request failed: the database or Redis does not answer (503)',
      );
      return reply.code(503).header('retry-after', '5').send({
        error: 'unavailable',
        message: 'The service is temporarily unavailable. Try again in a few seconds.',
      });
    }
    request.log.error({ err: error, route: request.routeOptions.url }, 'request failed');
    return reply.code(500).send({ error: 'internal', message: 'Internal error' });
  });

  app.get('/healthz', async () => ({ status: 'ok' }));

  let lastReady: boolean | undefined;
  app.get('/readyz', async (_request, reply) => {
    const [database, redis] = await Promise.all([
      check(() => ctx.db.ping()),
      // a reconnecting client would queue the PING; answer at once instead
      check(() =>
        ctx.redis.status === 'ready'
          ? ctx.redis.ping()
          : Promise.reject(new Error(`Redis ${ctx.redis.status}`)),
      ),
    ]);
    const ready = database.ok && redis.ok;
    if (ready !== lastReady) {
      if (ready) ctx.logger.info('ready: database and Redis answer');
      else ctx.logger.error({ database, redis }, 'not ready: a dependency does not answer');
      lastReady = ready;
    }
    return reply.code(ready ? 200 : 503).send({ status: ready ? 'ready' : 'unavailable', database, redis });
  });

  app.get('/metrics', async (_request, reply) => {
    reply.type(metrics.registry.contentType);
    return metrics.registry.metrics();
  });

  for (const plugin of options.plugins ?? []) await app.register(plugin);
  return app;
}
