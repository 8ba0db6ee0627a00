import { randomUUID } from 'node:crypto';
import type { AppContext } from '../context';
import type { Tx } from '../db';
import type { Language, Reply } from '../dialog';
import type { Prisma, TicketKind } from '../generated/prisma/client';
import { enqueueNotification } from '../notify/outbox';
import { publishWebchat } from '../notify/webchat-push';

/**
 * Operator hand-off (docs/support.md). A chat ticket (SupportTicket kind `chat`) is opened in the
 * dialog engine's transaction when the user asks for a person or the bot fails twice; while it is
 * open the conversation is `handedOff` and the engine runs no flows. Operators take, answer, hand
 * back or close it here: every action is one transaction that locks the conversation row first
 * (the engine's lock order), records the messages and, for Telegram, writes outbox Notifications;
 * web chat pushes are published after the commit.
 */

export const OPERATOR_MESSAGE_TEMPLATE = 'support-operator-message';

/** Tickets raised by flows and jobs that an operator handles by phone and marks done. */
export const TASK_KINDS: TicketKind[] = ['call_task', 'sos', 'callback', 'integration_failure'];

const DEFAULT_WAIT_MS = 3 * 60_000;
const MIN_SAMPLES = 3;
const RECENT_WAITS = 20;

/**
 * Expected wait in whole minutes (1…120): the median of recent waits (default 3 min with fewer
 * than 3 samples), plus half of it for every ticket still waiting ahead.
 */
export function estimateWaitMinutes(input: { recentWaitsMs: number[]; ahead: number }): number {
  const waits = input.recentWaitsMs.filter((ms) => Number.isFinite(ms) && ms >= 0).sort((a, b) => a - b);
  let median = DEFAULT_WAIT_MS;
  if (waits.length >= MIN_SAMPLES) {
    const middle = Math.floor(waits.length / 2);
    median = waits.length % 2 === 1 ? waits[middle]! : (waits[middle - 1]! + waits[middle]!) / 2;
  }
  const expected = median + Math.max(0, input.ahead) * (median / 2);
  return Math.min(120, Math.max(1, Math.round(expected / 60_000)));
}

export interface OpenedTicket {
  ticketId: string;
  /** waiting chat tickets opened before this one */
  ahead: number;
  minutes: number;
  /** false when the conversation already had an open ticket */
  created: boolean;
}

/** Opens (or finds) the conversation's chat ticket and hands the conversation off. Caller holds the row lock. */
export async function openChatTicket(
  tx: Tx,
  input: { conversationId: string; reason: 'user_request' | 'misunderstood'; now: Date },
): Promise<OpenedTicket> {
  let ticket = await tx.supportTicket.findFirst({
    where: { conversationId: input.conversationId, kind: 'chat', status: { in: ['waiting', 'taken'] } },
    orderBy: { createdAt: 'desc' },
  });
  const created = !ticket;
  ticket ??= await tx.supportTicket.create({
    data: {
      kind: 'chat',
      status: 'waiting',
      conversationId: input.conversationId,
      reason: input.reason,
      createdAt: input.now,
    },
  });
  await tx.conversation.update({
    where: { id: input.conversationId },
    data: { handedOff: true, misunderstood: 0 },
  });
  const ahead = await tx.supportTicket.count({
    where: { kind: 'chat', status: 'waiting', createdAt: { lt: ticket.createdAt } },
  });
  const recent = await tx.supportTicket.findMany({
    where: { kind: 'chat', takenAt: { not: null } },
    orderBy: { takenAt: 'desc' },
    take: RECENT_WAITS,
    select: { createdAt: true, takenAt: true },
  });
  const minutes = estimateWaitMinutes({
    recentWaitsMs: recent.map((row) => row.takenAt!.getTime() - row.createdAt.getTime()),
    ahead,
  });
  return { ticketId: ticket.id, ahead, minutes, created };
}

/** The user left the queue (or the conversation with the operator). Caller holds the row lock. */
export async function leaveChat(tx: Tx, input: { conversationId: string; now: Date }): Promise<number> {
  const open = await tx.supportTicket.findMany({
    where: { conversationId: input.conversationId, kind: 'chat', status: { in: ['waiting', 'taken'] } },
  });
  for (const ticket of open) {
    await tx.supportTicket.update({
      where: { id: ticket.id },
      data: {
        status: 'closed',
        closedAt: input.now,
        payload: { ...asObject(ticket.payload), closedBy: 'user' },
      },
    });
  }
  await tx.conversation.update({
    where: { id: input.conversationId },
    data: { handedOff: false, misunderstood: 0 },
  });
  return open.length;
}

function asObject(value: Prisma.JsonValue): Record<string, Prisma.JsonValue> {
  return value && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, Prisma.JsonValue>)
    : {};
}

// --- operator actions ----------------------------------------------------------------------

export interface OperatorRef {
  id: string;
  login: string;
  displayName: string;
}

export type ActionResult =
  | { ok: true }
  | { ok: false; reason: 'not_found' | 'taken' | 'not_yours' | 'finished' | 'empty'; by?: string };

type SupportCtx = Pick<AppContext, 'db' | 'redis' | 'config' | 'clock'>;

interface LockedConversation {
  id: string;
  channel: string;
  externalId: string;
  language: Language | null;
}

const say = (key: string, params?: Record<string, string | number>): Reply => ({
  type: 'text',
  text: params ? { key, params } : { key },
});

interface WebchatPushOut {
  webchat?: { conversationId: string; replies: Reply[]; direction: 'out' | 'operator'; operator?: string };
}

/**
 * Records replies to the user in the conversation's history and queues their delivery:
 * Telegram through outbox Notifications (same transaction: retried, rate-limited, never twice),
 * the web chat by a Redis publish after the commit (returned as `publish`).
 */
async function tellUser(
  tx: Tx,
  conversation: LockedConversation,
  replies: Reply[],
  options: { direction: 'out' | 'operator'; now: Date; operatorId?: string },
): Promise<void> {
  const language: Language = conversation.language ?? 'ru';
  const last = await tx.message.findFirst({
    where: { conversationId: conversation.id },
    orderBy: { createdAt: 'desc' },
    select: { createdAt: true },
  });
  let at = Math.max(options.now.getTime(), (last?.createdAt.getTime() ?? 0) + 1);
  for (const reply of replies) {
    const id = randomUUID();
    await tx.message.create({
      data: {
        id,
        conversationId: conversation.id,
        direction: options.direction,
        payload: {
          reply,
          language,
          ...(options.operatorId ? { operatorId: options.operatorId } : {}),
        } as unknown as Prisma.InputJsonValue,
        createdAt: new Date(at++),
      },
    });
    if (conversation.channel === 'telegram' && reply.type === 'text') {
      await enqueueNotification(tx, {
        dedupeKey: `support.${id}`,
        channel: 'telegram',
        address: conversation.externalId,
        template: reply.text.key,
        params: reply.text.params ?? {},
        notBefore: options.now,
      });
    }
  }
}

async function lockTicket(tx: Tx, ticketId: string) {
  const ticket = await tx.supportTicket.findUnique({ where: { id: ticketId } });
  if (!ticket) return null;
  let conversation: LockedConversation | null = null;
  if (ticket.conversationId) {
    const rows = await tx.$queryRaw<LockedConversation[]>`
      SELECT id, channel::text AS channel, "externalId", language::text AS language FROM "Conversation"
      WHERE id = ${ticket.conversationId}::uuid FOR UPDATE`;
    conversation = rows[0] ?? null;
  }
  // re-read under the conversation lock: an engine turn may have closed it meanwhile
  const fresh = await tx.supportTicket.findUnique({
    where: { id: ticketId },
    include: { operator: { select: { displayName: true } } },
  });
  return fresh ? { ticket: fresh, conversation } : null;
}

async function run(
  ctx: SupportCtx,
  ticketId: string,
  work: (
    tx: Tx,
    locked: NonNullable<Awaited<ReturnType<typeof lockTicket>>>,
    now: Date,
  ) => Promise<ActionResult & WebchatPushOut>,
): Promise<ActionResult> {
  const now = ctx.clock.now();
  const result = await ctx.db.prisma.$transaction(async (tx): Promise<ActionResult & WebchatPushOut> => {
    const locked = await lockTicket(tx, ticketId);
    if (!locked) return { ok: false, reason: 'not_found' };
    return work(tx, locked, now);
  });
  if (result.ok && 'webchat' in result && result.webchat) {
    const { conversationId, replies, direction, operator } = result.webchat;
    await publishWebchat(ctx.redis, ctx.config.REDIS_PREFIX, conversationId, {
      replies,
      direction,
      ...(operator ? { operator } : {}),
    }).catch(() => undefined); // the history has it; an open widget reloads it on reconnect
  }
  if (!result.ok) return result;
  return { ok: true };
}

async function audit(tx: Tx, operator: OperatorRef, action: string, ticketId: string, now: Date) {
  await tx.auditLog.create({
    data: { actor: `operator:${operator.login}`, action, subject: ticketId, at: now },
  });
}

/** Takes a waiting ticket: exactly one operator wins (conditional update on status = waiting). */
export async function takeTicket(
  ctx: SupportCtx,
  ticketId: string,
  operator: OperatorRef,
): Promise<ActionResult> {
  return run(ctx, ticketId, async (tx, { ticket, conversation }, now) => {
    const won = await tx.supportTicket.updateMany({
      where: { id: ticketId, status: 'waiting' },
      data: { status: 'taken', operatorId: operator.id, takenAt: now },
    });
    if (won.count === 0) {
      if (ticket.status === 'taken')
        return ticket.operatorId === operator.id
          ? { ok: true }
          : { ok: false, reason: 'taken', by: ticket.operator?.displayName ?? '' };
      return { ok: false, reason: 'finished' };
    }
    await audit(tx, operator, 'support.take', ticketId, now);
    if (ticket.kind !== 'chat' || !conversation) return { ok: true };
    const replies = [say('support-taken', { name: operator.displayName })];
    await tellUser(tx, conversation, replies, { direction: 'out', now });
    return { ok: true, ...webchat(conversation, replies, 'out') };
  });
}

function webchat(
  conversation: LockedConversation,
  replies: Reply[],
  direction: 'out' | 'operator',
  operator?: string,
): WebchatPushOut {
  return conversation.channel === 'webchat'
    ? { webchat: { conversationId: conversation.id, replies, direction, ...(operator ? { operator } : {}) } }
    : {};
}

/** The operator's answer, on the user's channel. Only the operator who took the ticket may answer. */
export async function replyToTicket(
  ctx: SupportCtx,
  ticketId: string,
  operator: OperatorRef,
  text: string,
): Promise<ActionResult> {
  const body = text.trim().slice(0, 4000);
  if (!body) return { ok: false, reason: 'empty' };
  return run(ctx, ticketId, async (tx, { ticket, conversation }, now) => {
    if (ticket.status !== 'taken' || !conversation)
      return { ok: false, reason: ticket.status === 'waiting' ? 'not_yours' : 'finished' };
    if (ticket.operatorId !== operator.id)
      return { ok: false, reason: 'taken', by: ticket.operator?.displayName ?? '' };
    const replies = [say(OPERATOR_MESSAGE_TEMPLATE, { name: operator.displayName, text: body })];
    await tellUser(tx, conversation, replies, { direction: 'operator', now, operatorId: operator.id });
    return { ok: true, ...webchat(conversation, replies, 'operator', operator.displayName) };
  });
}

/**
 * Ends the operator's part: `returned` hands the conversation back to the bot, `closed` ends it;
 * either way the user is told and the bot answers again. A waiting ticket may be ended too.
 */
export async function releaseTicket(
  ctx: SupportCtx,
  ticketId: string,
  operator: OperatorRef,
  outcome: 'returned' | 'closed',
): Promise<ActionResult> {
  return run(ctx, ticketId, async (tx, { ticket, conversation }, now) => {
    if (ticket.status === 'returned' || ticket.status === 'closed') return { ok: false, reason: 'finished' };
    if (ticket.status === 'taken' && ticket.operatorId !== operator.id)
      return { ok: false, reason: 'taken', by: ticket.operator?.displayName ?? '' };
    await tx.supportTicket.update({
      where: { id: ticketId },
      data: { status: outcome, closedAt: now, operatorId: ticket.operatorId ?? operator.id },
    });
    await audit(tx, operator, `support.${outcome === 'returned' ? 'return' : 'close'}`, ticketId, now);
    if (ticket.kind !== 'chat' || !conversation) return { ok: true };
    await tx.conversation.update({
      where: { id: conversation.id },
      data: { handedOff: false, misunderstood: 0 },
    });
    const replies: Reply[] =
      outcome === 'returned'
        ? [
            {
              type: 'text',
              text: { key: 'support-returned' },
              buttons: [[{ text: { key: 'support-menu' }, data: 'cmd:menu' }]],
            },
          ]
        : [say('support-closed')];
    await tellUser(tx, conversation, replies, { direction: 'out', now });
    return { ok: true, ...webchat(conversation, replies, 'out') };
  });
}

/** A call task or SOS callback handled by phone: closed by the operator. */
export async function completeTask(
  ctx: SupportCtx,
  ticketId: string,
  operator: OperatorRef,
): Promise<ActionResult> {
  return run(ctx, ticketId, async (tx, { ticket }, now) => {
    if (ticket.kind === 'chat') return { ok: false, reason: 'not_found' };
    const done = await tx.supportTicket.updateMany({
      where: { id: ticketId, status: { in: ['waiting', 'taken'] } },
      data: { status: 'closed', closedAt: now, operatorId: operator.id, takenAt: ticket.takenAt ?? now },
    });
    if (done.count === 0) return { ok: false, reason: 'finished' };
    await audit(tx, operator, 'support.task-done', ticketId, now);
    return { ok: true };
  });
}
