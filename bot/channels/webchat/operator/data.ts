import type { AppContext } from '../../../../core/context';
import type { Input, Language, Reply } from '../../../../core/dialog';
import type { BillStatus, TicketKind, TicketStatus } from '../../../../core/generated/prisma/client';
import type { I18n } from '../../../../core/i18n';
import { maskText } from '../../../../core/log/mask';
import { type PolicyStatusView, policiesOfPerson } from '../../../../core/services/status';
import { TASK_KINDS } from '../../../../core/services/support';
import { maskTail } from '../../../engine/flow';
import { describeInput, renderButton, renderReply } from '../render';

/** What the console shows: read-only queries over tickets, conversations, people, policies, bills. */

export interface QueueItem {
  id: string;
  kind: TicketKind;
  status: TicketStatus;
  reason: string;
  createdAt: Date;
  takenAt: Date | null;
  channel: string | null;
  language: Language | null;
  operatorId: string | null;
  operatorName: string | null;
  /** last message of the user (masked like the history) */
  preview: string | null;
  payload: Record<string, unknown>;
}

export interface Queue {
  waiting: QueueItem[];
  mine: QueueItem[];
  others: QueueItem[];
  tasks: QueueItem[];
}

const OPEN: TicketStatus[] = ['waiting', 'taken'];

function asRecord(value: unknown): Record<string, unknown> {
  return value && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};
}

/** A stored input as the user typed it (button presses by their labels); null for no input. */
function inputText(payload: unknown, labels: Map<string, string>): string | null {
  const input = payload as Input | null;
  if (!input || typeof input !== 'object' || !('type' in input)) return null;
  return describeInput(input, labels);
}

function previewOf(payload: unknown): string | null {
  const text = inputText(payload, new Map());
  if (text === null) return null;
  return text.length > 140 ? `${text.slice(0, 139)}…` : text;
}

/** A ticket row (with its operator's name and conversation) as the console lists it. */
function queueItem(
  t: Pick<QueueItem, 'id' | 'kind' | 'status' | 'reason' | 'createdAt' | 'takenAt' | 'operatorId'> & {
    payload: unknown;
    operator: { displayName: string } | null;
    conversation: { channel: string; language: Language | null } | null;
  },
  preview: string | null,
): QueueItem {
  return {
    id: t.id,
    kind: t.kind,
    status: t.status,
    reason: t.reason,
    createdAt: t.createdAt,
    takenAt: t.takenAt,
    channel: t.conversation?.channel ?? null,
    language: t.conversation?.language ?? null,
    operatorId: t.operatorId,
    operatorName: t.operator?.displayName ?? null,
    preview,
    payload: asRecord(t.payload),
  };
}

export async function loadQueue(ctx: AppContext, operatorId: string): Promise<Queue> {
  const { prisma } = ctx.db;
  const tickets = await prisma.supportTicket.findMany({
    where: { status: { in: OPEN } },
    orderBy: { createdAt: 'asc' },
    take: 500,
    include: {
      operator: { select: { displayName: true } },
      conversation: { select: { channel: true, language: true } },
    },
  });
  const chatIds = tickets.filter((t) => t.kind === 'chat' && t.conversationId).map((t) => t.conversationId!);
  const previews = new Map<string, string | null>();
  if (chatIds.length > 0) {
    const last = await prisma.message.findMany({
      where: {
        conversationId: { in: chatIds },
        direction: 'in',
        payload: { path: ['type'], equals: 'text' },
      },
      orderBy: { createdAt: 'desc' },
      distinct: ['conversationId'],
      select: { conversationId: true, payload: true },
    });
    for (const row of last) previews.set(row.conversationId, previewOf(row.payload));
  }
  const items = tickets.map((t) =>
    queueItem(t, t.conversationId ? (previews.get(t.conversationId) ?? null) : null),
  );
  const chats = items.filter((item) => item.kind === 'chat');
  return {
    waiting: chats.filter((item) => item.status === 'waiting'),
    mine: chats.filter((item) => item.status === 'taken' && item.operatorId === operatorId),
    others: chats.filter((item) => item.status === 'taken' && item.operatorId !== operatorId),
    tasks: items.filter((item) => TASK_KINDS.includes(item.kind)),
  };
}

export interface ShownMessage {
  id: string;
  at: Date;
  from: 'user' | 'bot' | 'operator';
  text: string;
}

export interface TicketView {
  ticket: QueueItem & { closedAt: Date | null; conversationId: string | null };
  person: {
    fullName: string;
    iinMasked: string | null;
    phone: string | null;
    email: string | null;
  } | null;
  policies: PolicyStatusView[];
  bills: {
    number: string;
    period: string;
    total: bigint;
    currency: string;
    status: BillStatus;
    dueDate: Date;
  }[];
  messages: ShownMessage[];
}

/** The messages of a conversation as the user saw them (inputs as typed, masked where a step said so). */
export async function loadMessages(
  ctx: AppContext,
  i18n: I18n,
  conversationId: string,
  fallback: Language,
  limit = 200,
): Promise<ShownMessage[]> {
  const rows = await ctx.db.prisma.message.findMany({
    where: { conversationId },
    orderBy: { createdAt: 'desc' },
    take: limit,
  });
  rows.reverse();
  const labels = new Map<string, string>();
  return rows.map((row) => {
    if (row.direction === 'in') {
      return {
        id: row.id,
        at: row.createdAt,
        from: 'user' as const,
        text: inputText(row.payload, labels) ?? '',
      };
    }
    const { reply, language } = asRecord(row.payload) as { reply?: Reply; language?: Language };
    const lang = language ?? fallback;
    let text = '';
    if (reply) {
      try {
        text = renderReply(i18n, lang, reply).text;
        if (reply.type === 'text') {
          for (const button of (reply.buttons ?? []).flat()) {
            if ('data' in button) labels.set(button.data, renderButton(i18n, lang, button).label);
          }
        }
      } catch {
        text = reply.type === 'text' ? reply.text.key : reply.type;
      }
    }
    return {
      id: row.id,
      at: row.createdAt,
      from: row.direction === 'operator' ? ('operator' as const) : ('bot' as const),
      text,
    };
  });
}

export async function loadTicket(ctx: AppContext, i18n: I18n, ticketId: string): Promise<TicketView | null> {
  const { prisma } = ctx.db;
  const t = await prisma.supportTicket.findUnique({
    where: { id: ticketId },
    include: {
      operator: { select: { displayName: true } },
      conversation: { include: { person: true } },
    },
  });
  if (!t) return null;
  const conversation = t.conversation;
  const person = conversation?.person ?? null;
  let iinMasked: string | null = null;
  if (person?.iinCipher) {
    try {
      iinMasked = maskTail(ctx.pii.decrypt(person.iinCipher));
    } catch {
      iinMasked = '••••••••????';
    }
  }
  const now = ctx.clock.now();
  const policies = person ? await policiesOfPerson(prisma, person.id, now) : [];
  const bills = person
    ? await prisma.bill.findMany({
        where: { member: { personId: person.id } },
        orderBy: { issuedAt: 'desc' },
        take: 12,
        select: { number: true, period: true, total: true, currency: true, status: true, dueDate: true },
      })
    : [];
  const messages = conversation
    ? await loadMessages(ctx, i18n, conversation.id, conversation.language ?? 'ru')
    : [];
  return {
    ticket: { ...queueItem(t, null), closedAt: t.closedAt, conversationId: t.conversationId },
    person: person
      ? { fullName: person.fullName, iinMasked, phone: person.phone, email: person.email }
      : null,
    policies,
    bills,
    messages,
  };
}

/** Payload values of a task ticket, for display (personal data in free text is masked like logs). */
export function payloadLines(payload: Record<string, unknown>): [string, string][] {
  return Object.entries(payload)
    .filter(([, value]) => value !== null && value !== undefined && value !== '')
    .slice(0, 20)
    .map(([key, value]) => {
      const text = typeof value === 'string' ? value : JSON.stringify(value);
      return [key, key.toLowerCase().includes('iin') ? maskText(text) : text.slice(0, 500)];
    });
}
