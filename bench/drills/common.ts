import { type ProductProcess, startProduct } from '../../test/support/product-process';

export interface Check {
  what: string;
  expected: string;
  happened: string;
  ok: boolean;
}

export interface DrillReport {
  drill: string;
  ok: boolean;
  seconds: number;
  checks: Check[];
  notes: string[];
  details?: Record<string, unknown>;
}

export const check = (what: string, expected: string, happened: string | number, ok: boolean): Check => ({
  what,
  expected,
  happened: String(happened),
  ok,
});

/** deliveries per chat recorded by the local Bot API server: lost and sent-twice counts */
export function deliveries(
  sends: { params: Record<string, unknown>; response: { ok: boolean } }[],
  chatIds: string[],
) {
  const perChat = new Map<string, number>();
  for (const call of sends) {
    if (!call.response.ok) continue;
    const chat = String(call.params.chat_id);
    perChat.set(chat, (perChat.get(chat) ?? 0) + 1);
  }
  const lost = chatIds.filter((id) => !perChat.has(id)).length;
  const twice = [...perChat.values()].reduce((sum, n) => sum + Math.max(0, n - 1), 0);
  return { delivered: perChat.size, lost, twice };
}

/** a drill workers process (bench/drills/workers-child.ts) with this environment */
export function startDrillWorkers(env: Record<string, string>): Promise<ProductProcess> {
  return startProduct('bench/drills/workers-child.ts', [], { LOG_LEVEL: 'info', ...env });
}
