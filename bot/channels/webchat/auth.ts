import { createHmac, timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { AppContext } from '../../../core/context';
import type { Input } from '../../../core/dialog';
import type { I18n, Language } from '../../../core/i18n';
import type { DialogEngine } from '../../engine/engine';
import { type RenderedReply, renderReplies } from './render';

/**
 * What every web chat route of one conversation does first, and its turn (routes.ts, uploads.ts).
 *
 * Tokens: `token = base64url(HMAC-SHA256(key, "webchat:" + conversationId))` with a key derived from
 * the PII master key — nothing to store, valid as long as the key is, and unguessable without it.
 */
export const IdParams = z.object({ id: z.uuid() });

export function webchatToken(secret: string, conversationId: string): string {
  return createHmac('sha256', `webchat-token:${secret}`)
    .update(`webchat:${conversationId}`)
    .digest('base64url');
}

export function tokenMatches(secret: string, conversationId: string, token: string | undefined): boolean {
  if (!token) return false;
  const expected = Buffer.from(webchatToken(secret, conversationId));
  const given = Buffer.from(token);
  return expected.length === given.length && timingSafeEqual(expected, given);
}

export function bearer(request: FastifyRequest): string | undefined {
  const match = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '');
  return match?.[1];
}

export interface WebchatConversation {
  id: string;
  externalId: string;
  language: Language | null;
}

export function findWebchatConversation(
  ctx: Pick<AppContext, 'db'>,
  id: string,
): Promise<WebchatConversation | null> {
  return ctx.db.prisma.conversation.findFirst({
    where: { id, channel: 'webchat' },
    select: { id: true, externalId: true, language: true },
  });
}

/**
 * The conversation of `/api/chat/conversations/:id/…` when the Bearer token is its own; otherwise
 * null, with the reply sent: 401 for a wrong or missing token, 404 for a well-authenticated but
 * unknown conversation.
 */
export async function authorizeConversation(
  ctx: Pick<AppContext, 'db'>,
  secret: string,
  request: FastifyRequest,
  reply: FastifyReply,
): Promise<WebchatConversation | null> {
  const params = IdParams.safeParse(request.params);
  if (!params.success) {
    await reply.code(404).send({ error: 'not_found', message: 'unknown conversation' });
    return null;
  }
  if (!tokenMatches(secret, params.data.id, bearer(request))) {
    await reply.code(401).send({ error: 'unauthorized', message: 'missing or wrong Bearer token' });
    return null;
  }
  const conversation = await findWebchatConversation(ctx, params.data.id);
  if (!conversation) {
    await reply.code(404).send({ error: 'not_found', message: 'unknown conversation' });
    return null;
  }
  return conversation;
}

/** One dialog turn of a web chat conversation, its replies rendered in the turn's language. */
export async function webchatTurn(
  engine: DialogEngine,
  i18n: I18n,
  conversation: { externalId: string },
  input: Input,
): Promise<{ replies: RenderedReply[]; language: Language }> {
  const result = await engine.handle({ channel: 'webchat', externalId: conversation.externalId }, input);
  return { replies: renderReplies(i18n, result.language, result.replies), language: result.language };
}
