import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import type { Database } from './db';
import { NotificationStatus } from './generated/prisma/enums';
import type { Queues } from './queues';

export interface Metrics {
  registry: Registry;
  httpDuration: Histogram<'method' | 'route' | 'status'>;
  dialogUpdates: Counter<'channel'>;
}

/**
 * One registry per process: default Node metrics, HTTP timings, live BullMQ queue sizes and (given the
 * database) the outbox notifications by status.
 */
export function createMetrics(queues: Queues, db?: Pick<Database, 'prisma'>): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const httpDuration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP request duration by route and status',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [registry],
  });
  const dialogUpdates = new Counter({
    name: 'dialog_updates_total',
    help: 'Inputs handled by the dialog engine, by channel',
    labelNames: ['channel'] as const,
    registers: [registry],
  });
  new Gauge({
    name: 'queue_jobs',
    help: 'BullMQ jobs by queue and state',
    labelNames: ['queue', 'state'] as const,
    registers: [registry],
    async collect() {
      for (const queue of queues.all()) {
        const counts = await queue.getJobCounts('waiting', 'active', 'delayed', 'failed', 'completed');
        for (const [state, count] of Object.entries(counts)) this.set({ queue: queue.name, state }, count);
      }
    },
  });
  if (db) {
    // the outbox by status: `dead` is the dead-letter queue (GET /api/backoffice/notifications?status=dead)
    new Gauge({
      name: 'notifications',
      help: 'Outbox notifications by status (dead = dead letters)',
      labelNames: ['status'] as const,
      registers: [registry],
      async collect() {
        const rows = await db.prisma.notification.groupBy({ by: ['status'], _count: { _all: true } });
        this.reset();
        for (const status of Object.values(NotificationStatus)) this.set({ status }, 0);
        for (const row of rows) this.set({ status: row.status }, row._count._all);
      },
    });
  }
  return { registry, httpDuration, dialogUpdates };
}
