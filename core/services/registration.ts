import { randomUUID } from 'node:crypto';
import type { AppContext } from '../context';
import type { Tx } from '../db';
import { ageOn } from '../domain/iin';
import type { LocalDate } from '../domain/local-date';
import { toLocalDate } from '../domain/zone';
import type { Channel, Language } from '../generated/prisma/client';
import { normalizeEmployeeNumber, normalizeRosterPolicyNumber } from './roster-import';
import { consumedCode } from './verification';

/**
 * Registration of a DMS member (seed 002 items 1–2): a verified phone found in an employer's roster,
 * the birth date and the policy OR employee (табельный) number of that roster entry, 18+ on the day
 * (programme zone), and the accepted personal-data agreement. Channel-neutral and text-free; the
 * dialog asks (bot/flows/registration.ts), these functions check, and `registerMember` writes
 * everything in ONE transaction (the dialog engine's).
 */

/** Version of the personal-data agreement text (locales/parts/dms.*.ftl `dms-consent-text`). */
export const PERSONAL_DATA_CONSENT_VERSION = 'pd-2026-01';
/** VerificationCode.purpose of the registration SMS code. */
export const REGISTRATION_CODE_PURPOSE = 'dms-registration';
/** A phone proven by SMS must be registered within this time. */
export const VERIFIED_PHONE_VALID_MS = 60 * 60_000;
export const ADULT_AGE = 18;

const dbDay = (date: Date) => date.toISOString().slice(0, 10) as LocalDate;

interface RosterRow {
  id: string;
  employeeNumber: string;
  policyNumber: string | null;
  birthDate: Date;
  fullName: string;
  employer: { id: string; name: string; programmeId: string; programme: { timeZone: string } };
  member: { id: string; personId: string } | null;
}

async function rosterOfPhone(tx: Tx, phone: string): Promise<RosterRow[]> {
  return tx.rosterEntry.findMany({
    where: { phone, active: true },
    orderBy: { updatedAt: 'asc' },
    select: {
      id: true,
      employeeNumber: true,
      policyNumber: true,
      birthDate: true,
      fullName: true,
      employer: {
        select: { id: true, name: true, programmeId: true, programme: { select: { timeZone: true } } },
      },
      member: { select: { id: true, personId: true } },
    },
  });
}

export type PhoneCheck =
  /** in no active roster (seed 002: only insured employees register) */
  | { kind: 'unknown' }
  /** every roster entry of the phone already has a member */
  | { kind: 'registered'; personId: string }
  /** `zone`: the programme zone of the first free entry, for the 18+ check */
  | { kind: 'available'; zone: string };

export async function checkPhone(tx: Tx, phone: string): Promise<PhoneCheck> {
  const entries = await rosterOfPhone(tx, phone);
  if (entries.length === 0) return { kind: 'unknown' };
  const free = entries.filter((entry) => !entry.member);
  if (free.length === 0) return { kind: 'registered', personId: entries[0]!.member!.personId };
  return { kind: 'available', zone: free[0]!.employer.programme.timeZone };
}

/** Full years on the day `now` falls on in `zone`; the 18+ rule of seed 002. */
export function isAdult(birthDate: LocalDate, now: Date, zone: string): boolean {
  return ageOn(birthDate, toLocalDate(now, zone)) >= ADULT_AGE;
}

export type RosterMatch =
  | { ok: true; rosterEntryId: string; employerName: string; fullName: string; zone: string }
  | {
      ok: false;
      reason:
        | 'phone_unknown'
        | 'number_mismatch'
        | 'birth_date_mismatch'
        | 'under_age'
        | 'already_registered';
    };

/** The phone's free roster entry whose policy or employee number is `number`, checked against the birth date. */
export async function matchRoster(
  tx: Tx,
  input: { phone: string; birthDate: LocalDate; number: string; now: Date },
): Promise<RosterMatch> {
  const entries = await rosterOfPhone(tx, input.phone);
  if (entries.length === 0) return { ok: false, reason: 'phone_unknown' };
  const employeeNumber = normalizeEmployeeNumber(input.number);
  const policyNumber = normalizeRosterPolicyNumber(input.number);
  const matches = (entry: RosterRow) =>
    entry.employeeNumber === employeeNumber ||
    (entry.policyNumber !== null && entry.policyNumber === policyNumber);
  const hit = entries.find((entry) => matches(entry) && !entry.member);
  if (!hit) {
    return { ok: false, reason: entries.some(matches) ? 'already_registered' : 'number_mismatch' };
  }
  if (dbDay(hit.birthDate) !== input.birthDate) return { ok: false, reason: 'birth_date_mismatch' };
  const zone = hit.employer.programme.timeZone;
  if (!isAdult(input.birthDate, input.now, zone)) return { ok: false, reason: 'under_age' };
  return { ok: true, rosterEntryId: hit.id, employerName: hit.employer.name, fullName: hit.fullName, zone };
}

export type PhoneProof =
  /** Telegram's request_contact with the sender's own contact */
  | { method: 'contact' }
  /** a one-time SMS code consumed at `verifiedAt` (VerificationCode id) */
  | { method: 'sms'; codeId: string; verifiedAt: string };

export interface RegisterMemberInput {
  phone: string;
  proof: PhoneProof;
  birthDate: LocalDate;
  /** policy number or employee number, as typed */
  number: string;
  channel: Channel;
  /** `${channel}:${externalId}` */
  conversationKey: string;
  language: Language;
  /** the agreement version the user saw and accepted */
  consentVersion: string;
}

export type RegisterMemberResult =
  | {
      ok: true;
      personId: string;
      memberId: string;
      rosterEntryId: string;
      employerName: string;
      fullName: string;
      consentId: string;
    }
  | {
      ok: false;
      reason:
        | 'phone_not_verified'
        | 'phone_unknown'
        | 'number_mismatch'
        | 'birth_date_mismatch'
        | 'under_age'
        | 'already_registered'
        | 'consent_version';
    };

/**
 * Registers the member in ONE transaction: re-checks the phone proof, the roster match and the age,
 * then creates or reuses the Person (phone is unique), creates the Member (active, phone verified,
 * channel), the personal-data Consent (version, language, channel, conversation, time) and an audit
 * row. A refusal writes nothing.
 */
export async function registerMember(
  ctx: Pick<AppContext, 'db' | 'clock'>,
  input: RegisterMemberInput,
  tx?: Tx,
): Promise<RegisterMemberResult> {
  if (!tx) return ctx.db.prisma.$transaction((own) => registerMember(ctx, input, own), { timeout: 15_000 });
  const now = ctx.clock.now();
  if (input.consentVersion !== PERSONAL_DATA_CONSENT_VERSION) return { ok: false, reason: 'consent_version' };

  let verifiedAt = now;
  if (input.proof.method === 'sms') {
    verifiedAt = new Date(input.proof.verifiedAt);
    const proven = await consumedCode(tx, {
      id: input.proof.codeId,
      purpose: REGISTRATION_CODE_PURPOSE,
      target: input.phone,
      since: new Date(now.getTime() - VERIFIED_PHONE_VALID_MS),
    });
    if (!proven) return { ok: false, reason: 'phone_not_verified' };
  }

  // Serialise registrations of one phone's roster entries: a second one waits, then sees the member.
  await tx.$queryRaw`SELECT id FROM "RosterEntry" WHERE phone = ${input.phone} FOR UPDATE`;
  const match = await matchRoster(tx, {
    phone: input.phone,
    birthDate: input.birthDate,
    number: input.number,
    now,
  });
  if (!match.ok) return { ok: false, reason: match.reason };
  const entry = await tx.rosterEntry.findUniqueOrThrow({
    where: { id: match.rosterEntryId },
    include: { employer: true },
  });

  await tx.$executeRaw`
    INSERT INTO "Person" (id, "fullName", "birthDate", phone, language)
    VALUES (${randomUUID()}::uuid, ${entry.fullName}, ${input.birthDate}::date, ${input.phone},
            ${input.language}::"Language")
    ON CONFLICT (phone) DO NOTHING`;
  const person = await tx.person.findUniqueOrThrow({ where: { phone: input.phone } });
  if (!person.birthDate) {
    await tx.person.update({ where: { id: person.id }, data: { birthDate: entry.birthDate } });
  }

  const member = await tx.member.create({
    data: {
      personId: person.id,
      rosterEntryId: entry.id,
      programmeId: entry.employer.programmeId,
      status: 'active',
      registeredAt: now,
      channel: input.channel,
      phoneVerifiedAt: verifiedAt,
    },
  });
  const consent = await tx.consent.create({
    data: {
      personId: person.id,
      kind: 'personal_data',
      textVersion: input.consentVersion,
      language: input.language,
      channel: input.channel,
      conversationKey: input.conversationKey,
      acceptedAt: now,
    },
  });
  await tx.auditLog.create({
    data: {
      at: now,
      actor: input.conversationKey,
      action: 'member.registered',
      subject: member.id,
      details: {
        personId: person.id,
        rosterEntryId: entry.id,
        employerCode: entry.employer.code,
        channel: input.channel,
        phoneProof: input.proof.method,
        consentId: consent.id,
        consentVersion: input.consentVersion,
      },
    },
  });
  return {
    ok: true,
    personId: person.id,
    memberId: member.id,
    rosterEntryId: entry.id,
    employerName: entry.employer.name,
    fullName: entry.fullName,
    consentId: consent.id,
  };
}
