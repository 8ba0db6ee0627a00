import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import type { AppContext } from '../../core/context';
import { NotificationStatus } from '../../core/generated/prisma/enums';
import { maskText } from '../../core/log/mask';
import { notificationJobId } from '../../core/notify/outbox';
import { type NotifyChannel, notifyChannels, notifyQueue } from '../../core/queues';
import { requireAdmin } from './auth';

export const NOTIFICATIONS_API_PATH = '/api/backoffice/notifications';

const Query = z.object({
  status: z.enum(NotificationStatus).default('dead'),
  channel: z.enum(notifyChannels).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  /** page on: the `next` of the previous answer (a createdAt ISO time) */
  before: z.iso.datetime().optional(),
});

/**
 * The dead letters of the outbox, behind the back-office login (ADMIN_TOKEN):
 *
 * - `GET /api/backoffice/notifications?status=dead[&channel=sms][&limit=100][&before=<iso>]` → JSON
 *   `{count, items: [{id, dedupeKey, channel, template, status, attempts, lastError, address (masked),
 *   createdAt, notBefore}], next}`, newest first; any status can be listed.
 * - `POST /api/backoffice/notifications/:id/retry` → puts a `dead` (or `failed`) notice back into its
 *   channel queue for a fresh series of attempts; a `sent` notice is never sent again (409).
 */
export function notificationsBackoffice(
  ctx: Pick<AppContext, 'db' | 'queues' | 'clock'>,
  adminToken: string,
): FastifyPluginAsync {
  const { prisma } = ctx.db;
  return async (app) => {
    await app.register(async (scope) => {
      scope.addHook('onRequest', requireAdmin(adminToken));

      scope.get(NOTIFICATIONS_API_PATH, async (request, reply) => {
        const parsed = Query.safeParse(request.query);
        if (!parsed.success) return reply.code(400).send({ error: 'bad_query', issues: parsed.error.issues });
        const { status, channel, limit, before } = parsed.data;
        const where = {
          status,
          ...(channel ? { channel } : {}),
          ...(before ? { createdAt: { lt: new Date(before) } } : {}),
        };
        const [count, rows] = await Promise.all([
          prisma.notification.count({ where: { status, ...(channel ? { channel } : {}) } }),
          prisma.notification.findMany({ where, orderBy: { createdAt: 'desc' }, take: limit }),
        ]);
        return {
          count,
          items: rows.map((row) => ({
            id: row.id,
            dedupeKey: row.dedupeKey,
            channel: row.channel,
            template: row.template,
            status: row.status,
            attempts: row.attempts,
            lastError: row.lastError && maskText(row.lastError),
            address: row.address && maskText(row.address),
            personId: row.personId,
            createdAt: row.createdAt.toISOString(),
            notBefore: row.notBefore.toISOString(),
          })),
          next: rows.length === limit ? rows.at(-1)?.createdAt.toISOString() : null,
        };
      });

      scope.post<{ Params: { id: string } }>(
        `${NOTIFICATIONS_API_PATH}/:id/retry`,
        async (request, reply) => {
          const id = z.uuid().safeParse(request.params.id);
          if (!id.success) return reply.code(404).send({ error: 'not_found' });
          const row = await prisma.notification.findUnique({ where: { id: id.data } });
          if (!row) return reply.code(404).send({ error: 'not_found' });
          if (row.status !== 'dead' && row.status !== 'failed')
            return reply.code(409).send({ error: 'not_retryable', status: row.status });
          const channel = row.channel as NotifyChannel;
          if (!notifyChannels.includes(channel)) return reply.code(409).send({ error: 'not_retryable' });
          const claimed = await prisma.notification.updateMany({
            where: { id: row.id, status: { in: ['dead', 'failed'] } },
            data: { status: 'queued', queuedAt: ctx.clock.now(), lastError: null },
          });
          if (claimed.count === 0) return reply.code(409).send({ error: 'not_retryable' });
          // the finished job keeps its deterministic id in Redis: remove it, then add a fresh one
          const queue = ctx.queues.get(notifyQueue(channel));
          const job = await queue.getJob(notificationJobId(row.id));
          if (job) await job.remove();
          await ctx.queues.add(
            notifyQueue(channel),
            { notificationId: row.id },
            { jobId: notificationJobId(row.id) },
          );
          return { ok: true, id: row.id, status: 'queued' };
        },
      );
    });
  };
}
