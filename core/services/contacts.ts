import type { Tx } from '../db';
import { contactChangeDeadline } from '../domain/contact-change';
import type { LocalDate } from '../domain/local-date';
import { toLocalDate } from '../domain/zone';
import type { Channel } from '../generated/prisma/client';
import { programmeOfPerson } from './person-programme';

/**
 * Changing the person's e-mail or phone (seed 002 item 6: the insured reports a new e-mail or
 * mobile number within 5 calendar days). The flow proves the new contact first (a code sent to the
 * new e-mail, a Telegram contact of the user's own number or an SMS code to the new number); these
 * functions then write, in the turn's transaction: Person.email/phone + emailChangedAt/
 * phoneChangedAt, a ContactChange row (kind, changedAt, channel) and an AuditLog row.
 *
 * The 5-day reminder («you changed your number: tell the insurer») belongs to the timelines
 * worker; core/queues.ts has no `contact-duty` queue yet, so no OutboxJob is written here. A
 * change made through the bot *is* the report, so the duty is met on `changedOn`.
 */
export const EMAIL_CHANGE_PURPOSE = 'email-change';
export const PHONE_CHANGE_PURPOSE = 'phone-change';

/** Codes are bound to the person, so two people changing to one address never end each other's codes. */
export const changePurpose = (kind: 'email' | 'phone', personId: string) =>
  `${kind === 'email' ? EMAIL_CHANGE_PURPOSE : PHONE_CHANGE_PURPOSE}.${personId}`;

export interface ContactChanged {
  /** the day of the change in the person's programme zone (Asia/Almaty without a programme) */
  changedOn: LocalDate;
  /** the last day of the 5-day duty (met: the change is the report) */
  deadline: LocalDate;
  changeId: string;
}

async function record(
  tx: Tx,
  input: { personId: string; kind: 'email' | 'phone'; channel: Channel; now: Date; conversationId?: string },
): Promise<ContactChanged> {
  const change = await tx.contactChange.create({
    data: { personId: input.personId, kind: input.kind, changedAt: input.now, channel: input.channel },
    select: { id: true },
  });
  await tx.auditLog.create({
    data: {
      at: input.now,
      actor: `${input.channel}:person`,
      action: `contact.${input.kind}-changed`,
      subject: input.personId,
      details: { contactChangeId: change.id, conversationId: input.conversationId ?? null },
    },
  });
  const zone = (await programmeOfPerson(tx, input.personId))?.timeZone ?? 'Asia/Almaty';
  const changedOn = toLocalDate(input.now, zone);
  return { changedOn, deadline: contactChangeDeadline(changedOn), changeId: change.id };
}

export async function changeEmail(
  tx: Tx,
  input: { personId: string; email: string; channel: Channel; now: Date; conversationId?: string },
): Promise<ContactChanged> {
  await tx.person.update({
    where: { id: input.personId },
    data: { email: input.email, emailChangedAt: input.now },
  });
  return record(tx, { ...input, kind: 'email' });
}

export type PhoneChangeResult = ({ ok: true } & ContactChanged) | { ok: false; reason: 'taken' | 'same' };

/** Person.phone is unique: a number another person has is refused (an operator sorts that out). */
export async function changePhone(
  tx: Tx,
  input: { personId: string; phone: string; channel: Channel; now: Date; conversationId?: string },
): Promise<PhoneChangeResult> {
  const holder = await tx.person.findUnique({ where: { phone: input.phone }, select: { id: true } });
  if (holder?.id === input.personId) return { ok: false, reason: 'same' };
  if (holder) return { ok: false, reason: 'taken' };
  await tx.person.update({
    where: { id: input.personId },
    data: { phone: input.phone, phoneChangedAt: input.now },
  });
  return { ok: true, ...(await record(tx, { ...input, kind: 'phone' })) };
}

/** Is the phone free for this person (not someone else's)? For the flow, before sending an SMS. */
export async function phoneAvailable(
  tx: Tx,
  personId: string,
  phone: string,
): Promise<'free' | 'same' | 'taken'> {
  const holder = await tx.person.findUnique({ where: { phone }, select: { id: true } });
  if (!holder) return 'free';
  return holder.id === personId ? 'same' : 'taken';
}
