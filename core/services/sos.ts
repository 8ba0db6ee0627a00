import type { Config } from '../config';
import type { Tx } from '../db';
import type { Channel, Language, Prisma } from '../generated/prisma/client';
import { programmeOfPerson } from './person-programme';

/**
 * SOS (seed 002 item 11: «нажмите на кнопку SOS для получения профессиональной консультации или
 * оформления страхового случая»): the emergency numbers of the person's programme at once, and an
 * urgent callback ticket for the operators (SupportTicket kind `sos`, listed by the console) in the
 * same transaction as the dialog turn.
 *
 * Repeated presses within SOS_DEDUPE_MINUTES (default 10) of the same conversation — or of the same
 * person in any conversation — raise no second ticket. The engine's row lock serialises one
 * conversation; an advisory lock on the person serialises their other conversations.
 */
export const SOS_REASON = 'SOS: urgent callback requested in the chat';

/** What the ticket's payload holds (the operator console reads it). */
export interface SosPayload {
  personId: string | null;
  /** E.164, when known (the person's phone, or shared after the SOS) */
  phone: string | null;
  programme: string | null;
  programmeName: string | null;
  emergencyPhones: string[];
  /** when SOS was pressed (ISO 8601) */
  at: string;
  channel: Channel;
  language: Language;
}

export interface SosResult {
  phones: string[];
  /** null: no programme known, `phones` are the configured defaults */
  programme: { code: string; name: string } | null;
  ticketId: string;
  /** false: a ticket raised within the window was reused */
  created: boolean;
  ticketCreatedAt: Date;
  phone: string | null;
}

export function defaultSosPhones(config: Pick<Config, 'SOS_DEFAULT_PHONES'>): string[] {
  return config.SOS_DEFAULT_PHONES.split(',')
    .map((phone) => phone.trim())
    .filter(Boolean);
}

async function recentSos(
  tx: Tx,
  input: { conversationId: string; personId: string | null; since: Date },
): Promise<{ id: string; createdAt: Date; payload: Prisma.JsonValue } | null> {
  return tx.supportTicket.findFirst({
    where: {
      kind: 'sos',
      createdAt: { gt: input.since },
      status: { not: 'closed' },
      OR: [
        { conversationId: input.conversationId },
        ...(input.personId ? [{ payload: { path: ['personId'], equals: input.personId } }] : []),
      ],
    },
    orderBy: { createdAt: 'desc' },
    select: { id: true, createdAt: true, payload: true },
  });
}

export async function raiseSos(
  ctx: { config: Pick<Config, 'SOS_DEFAULT_PHONES' | 'SOS_DEDUPE_MINUTES'> },
  tx: Tx,
  input: {
    conversationId: string;
    personId: string | null;
    channel: Channel;
    language: Language;
    now: Date;
  },
): Promise<SosResult> {
  const programme = await programmeOfPerson(tx, input.personId);
  const phones = programme?.emergencyPhones.length ? programme.emergencyPhones : defaultSosPhones(ctx.config);
  const person = input.personId
    ? await tx.person.findUnique({ where: { id: input.personId }, select: { phone: true } })
    : null;
  const base = {
    phones,
    programme: programme ? { code: programme.code, name: programme.name } : null,
  };

  if (input.personId) {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`sos:${input.personId}`}))`;
  }
  const since = new Date(input.now.getTime() - ctx.config.SOS_DEDUPE_MINUTES * 60_000);
  const existing = await recentSos(tx, { ...input, since });
  if (existing) {
    const payload = (existing.payload ?? {}) as Partial<SosPayload>;
    return {
      ...base,
      ticketId: existing.id,
      created: false,
      ticketCreatedAt: existing.createdAt,
      phone: payload.phone ?? person?.phone ?? null,
    };
  }
  const payload: SosPayload = {
    personId: input.personId,
    phone: person?.phone ?? null,
    programme: programme?.code ?? null,
    programmeName: programme?.name ?? null,
    emergencyPhones: phones,
    at: input.now.toISOString(),
    channel: input.channel,
    language: input.language,
  };
  const ticket = await tx.supportTicket.create({
    data: {
      kind: 'sos',
      status: 'waiting',
      conversationId: input.conversationId,
      reason: SOS_REASON,
      payload: payload as unknown as Prisma.InputJsonValue,
      createdAt: input.now,
    },
    select: { id: true, createdAt: true },
  });
  await tx.auditLog.create({
    data: {
      at: input.now,
      actor: `${input.channel}:conversation`,
      action: 'sos.raised',
      subject: ticket.id,
      details: { conversationId: input.conversationId, programme: payload.programme },
    },
  });
  return {
    ...base,
    ticketId: ticket.id,
    created: true,
    ticketCreatedAt: ticket.createdAt,
    phone: payload.phone,
  };
}

/**
 * A phone shared after SOS (Telegram contact button): written into the open SOS ticket of the
 * conversation raised within the window, if it has none yet. Returns whether a ticket took it.
 */
export async function attachSosPhone(
  ctx: { config: Pick<Config, 'SOS_DEDUPE_MINUTES'> },
  tx: Tx,
  input: { conversationId: string; phone: string; now: Date },
): Promise<boolean> {
  const since = new Date(input.now.getTime() - ctx.config.SOS_DEDUPE_MINUTES * 60_000);
  const ticket = await recentSos(tx, { conversationId: input.conversationId, personId: null, since });
  if (!ticket) return false;
  const payload = (ticket.payload ?? {}) as Partial<SosPayload>;
  if (payload.phone) return payload.phone === input.phone;
  await tx.supportTicket.update({
    where: { id: ticket.id },
    data: { payload: { ...payload, phone: input.phone } as unknown as Prisma.InputJsonValue },
  });
  return true;
}
