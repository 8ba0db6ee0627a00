import type { AppContext } from '../context';
import type { Language, Reply } from '../dialog';
import type { Prisma } from '../generated/prisma/client';
import type { Redis } from '../redis';

/** What workers push to an open web chat: channel-neutral replies, rendered by the web chat. */
export interface WebchatPush {
  replies: Reply[];
  /** language to render in; the conversation's language when absent */
  language?: Language;
  /** `operator`: written by a person in the operator console (the widget shows it apart) */
  direction?: 'out' | 'operator';
  /** the operator's display name, with direction `operator` */
  operator?: string;
}

/** Redis pub/sub channel of one web chat conversation. */
export function webchatChannel(prefix: string, conversationId: string): string {
  return `${prefix}:webchat:${conversationId}`;
}

/**
 * Pushes replies to every WebSocket open on the conversation (any server process). Returns how many
 * server processes received it (0 when nobody has the chat open: the history still has it if the
 * caller saved it, see pushToWebchat).
 */
export async function publishWebchat(
  redis: Redis,
  prefix: string,
  conversationId: string,
  payload: WebchatPush,
): Promise<number> {
  return redis.publish(webchatChannel(prefix, conversationId), JSON.stringify(payload));
}

/** Saves the replies in the conversation's history (Message rows), then publishes them. */
export async function pushToWebchat(
  ctx: Pick<AppContext, 'db' | 'redis' | 'config' | 'clock'>,
  conversationId: string,
  replies: Reply[],
): Promise<void> {
  const conversation = await ctx.db.prisma.conversation.findUnique({
    where: { id: conversationId },
    select: { language: true },
  });
  if (!conversation) throw new Error(`no conversation ${conversationId}`);
  const language: Language = conversation.language ?? 'ru';
  const last = await ctx.db.prisma.message.findFirst({
    where: { conversationId },
    orderBy: { createdAt: 'desc' },
    select: { createdAt: true },
  });
  let at = Math.max(ctx.clock.now().getTime(), (last?.createdAt.getTime() ?? 0) + 1);
  await ctx.db.prisma.message.createMany({
    data: replies.map((reply) => ({
      conversationId,
      direction: 'out' as const,
      payload: { reply, language } as unknown as Prisma.InputJsonValue,
      createdAt: new Date(at++),
    })),
  });
  await publishWebchat(ctx.redis, ctx.config.REDIS_PREFIX, conversationId, { replies, language });
}
