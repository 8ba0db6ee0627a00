import type { AppContext } from '../core/context';
import { relayOutbox } from '../core/notify/outbox';

export interface OutboxRelay {
  /** relay now (tests and services that want low latency call this) */
  tick(): Promise<number>;
  stop(): Promise<void>;
}

/** Polls the outbox tables and relays committed rows to BullMQ. Safe in any number of processes. */
export function startOutboxRelay(ctx: AppContext, intervalMs = 500): OutboxRelay {
  let running: Promise<number> | null = null;
  let stopped = false;

  const tick = (): Promise<number> => {
    running ??= relayOutbox(ctx)
      .catch((error) => {
        ctx.logger.warn({ err: error }, 'outbox relay failed; will retry');
        return 0;
      })
      .finally(() => {
        running = null;
      });
    return running;
  };

  const loop = async () => {
    while (!stopped) {
      const relayed = await tick();
      if (relayed === 0) await new Promise((resolve) => setTimeout(resolve, intervalMs));
    }
  };
  const looping = loop();

  return {
    tick,
    async stop() {
      stopped = true;
      await looping;
    },
  };
}
