import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { FastifyAdapter } from '@bull-board/fastify';
import type { FastifyPluginAsync } from 'fastify';
import type { Queues } from '../../core/queues';
import { requireAdmin } from './auth';

export const QUEUES_DASHBOARD_PATH = '/admin/queues';

/** bull-board at /admin/queues, behind the back-office login. */
export function queuesDashboard(queues: Queues, adminToken: string): FastifyPluginAsync {
  return async (app) => {
    const serverAdapter = new FastifyAdapter();
    createBullBoard({
      queues: queues.all().map((queue) => new BullMQAdapter(queue)),
      serverAdapter,
      options: { uiConfig: { boardTitle: 'Assistant queues' } },
    });
    serverAdapter.setBasePath(QUEUES_DASHBOARD_PATH);
    await app.register(async (scope) => {
      scope.addHook('onRequest', requireAdmin(adminToken));
      await scope.register(serverAdapter.registerPlugin(), { prefix: QUEUES_DASHBOARD_PATH });
    });
  };
}
