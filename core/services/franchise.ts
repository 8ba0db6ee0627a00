import type { Config } from '../config';
import type { AppContext } from '../context';
import type { DbOrTx, Tx } from '../db';
import type { WorkingCalendar } from '../domain/calendar';
import type { Country } from '../domain/country';
import { franchiseEffective } from '../domain/franchise';
import type { LocalDate } from '../domain/local-date';
import { toLocalDate } from '../domain/zone';
import type { Channel, Language, MemberStatus } from '../generated/prisma/client';
import { enqueueJob } from '../notify/outbox';
import { jobId } from '../queues';
import { workingCalendar } from '../working-calendars';

/**
 * Franchise activation of a registered DMS member (seed 002 item 3 and slide 4): the member reads the
 * rules (version FRANCHISE_RULES_VERSION, text in locales/parts/dms.*.ftl) and confirms; service with
 * the franchise starts at 00:00 (programme zone) of the next working day of the programme's country
 * calendar, override files from CALENDAR_DIR included.
 */
export const FRANCHISE_RULES_VERSION = 'franchise-rules-2026-01';

/**
 * The production calendar of `country` with the override files of `CALENDAR_DIR`, read once per
 * process and directory (core/working-calendars.ts; restart to pick up a new year's file).
 */
export function calendarFor(
  config: Pick<Config, 'CALENDAR_DIR'>,
  country: Country,
): Promise<WorkingCalendar> {
  return workingCalendar(country, config.CALENDAR_DIR);
}

export type FranchiseState =
  | { state: 'none' }
  /** requested, service starts at `effectiveAt` (00:00 of `effectiveOn`, programme zone) */
  | { state: 'pending'; requestedAt: Date; effectiveAt: Date; effectiveOn: LocalDate }
  | { state: 'active'; requestedAt: Date; effectiveAt: Date; effectiveOn: LocalDate };

export interface MemberView {
  memberId: string;
  personId: string;
  status: MemberStatus;
  employerName: string;
  programmeName: string;
  zone: string;
  country: Country;
  basisPoints: number;
  registeredAt: Date;
  franchise: FranchiseState;
}

const memberInclude = {
  franchise: true,
  programme: true,
  rosterEntry: { select: { employer: { select: { name: true } } } },
} as const;

type MemberRow = {
  id: string;
  personId: string;
  status: MemberStatus;
  registeredAt: Date;
  franchise: { requestedAt: Date; effectiveAt: Date } | null;
  programme: { name: string; timeZone: string; country: Country; franchiseBasisPoints: number };
  rosterEntry: { employer: { name: string } };
};

function franchiseState(row: MemberRow, now: Date): FranchiseState {
  const franchise = row.franchise;
  if (!franchise) return { state: 'none' };
  const effectiveOn = toLocalDate(franchise.effectiveAt, row.programme.timeZone);
  return {
    state: franchise.effectiveAt.getTime() <= now.getTime() ? 'active' : 'pending',
    requestedAt: franchise.requestedAt,
    effectiveAt: franchise.effectiveAt,
    effectiveOn,
  };
}

function view(row: MemberRow, now: Date): MemberView {
  return {
    memberId: row.id,
    personId: row.personId,
    status: row.status,
    employerName: row.rosterEntry.employer.name,
    programmeName: row.programme.name,
    zone: row.programme.timeZone,
    country: row.programme.country,
    basisPoints: row.programme.franchiseBasisPoints,
    registeredAt: row.registeredAt,
    franchise: franchiseState(row, now),
  };
}

/** Every DMS membership of a person, oldest first, with the franchise state at `now` (for /status). */
export async function membersOfPerson(db: DbOrTx, personId: string, now: Date): Promise<MemberView[]> {
  const rows = await db.member.findMany({
    where: { personId },
    orderBy: { registeredAt: 'asc' },
    include: memberInclude,
  });
  return rows.map((row) => view(row, now));
}

export interface ActivateFranchiseInput {
  memberId: string;
  channel: Channel;
  conversationKey: string;
  language: Language;
  /** the rules version the member saw and confirmed */
  rulesVersion: string;
}

export type ActivateFranchiseResult =
  | {
      ok: true;
      activationId: string;
      consentId: string;
      basisPoints: number;
      requestedAt: Date;
      effectiveAt: Date;
      effectiveOn: LocalDate;
      zone: string;
    }
  | { ok: false; reason: 'already_active'; member: MemberView }
  | { ok: false; reason: 'no_member' | 'not_eligible' | 'rules_version' };

/**
 * Activates the franchise in ONE transaction: the franchise_rules Consent, the FranchiseActivation
 * (the programme's share, requestedAt, effectiveAt = next working day 00:00), the outbox job that
 * announces it on that day (`franchise-effective.<memberId>`), and an audit row. A second activation
 * changes nothing and says since when the first one holds.
 */
export async function activateFranchise(
  ctx: Pick<AppContext, 'db' | 'clock' | 'config'>,
  input: ActivateFranchiseInput,
  tx?: Tx,
): Promise<ActivateFranchiseResult> {
  if (!tx)
    return ctx.db.prisma.$transaction((own) => activateFranchise(ctx, input, own), { timeout: 15_000 });
  const now = ctx.clock.now();
  if (input.rulesVersion !== FRANCHISE_RULES_VERSION) return { ok: false, reason: 'rules_version' };

  // the second of two concurrent activations waits here, then finds the first
  const locked = await tx.$queryRaw<{ id: string }[]>`
    SELECT id FROM "Member" WHERE id = ${input.memberId}::uuid FOR UPDATE`;
  if (locked.length === 0) return { ok: false, reason: 'no_member' };
  const member = await tx.member.findUniqueOrThrow({ where: { id: input.memberId }, include: memberInclude });
  if (member.franchise) return { ok: false, reason: 'already_active', member: view(member, now) };
  if (member.status !== 'active' || member.programme.kind !== 'dms')
    return { ok: false, reason: 'not_eligible' };

  const zone = member.programme.timeZone;
  const calendar = await calendarFor(ctx.config, member.programme.country);
  const { effectiveOn, effectiveAt } = franchiseEffective(now, { zone }, calendar);
  const basisPoints = member.programme.franchiseBasisPoints;

  const consent = await tx.consent.create({
    data: {
      personId: member.personId,
      kind: 'franchise_rules',
      textVersion: input.rulesVersion,
      language: input.language,
      channel: input.channel,
      conversationKey: input.conversationKey,
      acceptedAt: now,
    },
  });
  const activation = await tx.franchiseActivation.create({
    data: { memberId: member.id, consentId: consent.id, basisPoints, requestedAt: now, effectiveAt },
  });
  await enqueueJob(tx, {
    queue: 'franchise-effective',
    name: 'franchise-effective',
    jobId: franchiseEffectiveJobId(member.id),
    payload: { memberId: member.id },
    runAt: effectiveAt,
  });
  await tx.auditLog.create({
    data: {
      at: now,
      actor: input.conversationKey,
      action: 'franchise.activated',
      subject: member.id,
      details: {
        activationId: activation.id,
        consentId: consent.id,
        rulesVersion: input.rulesVersion,
        basisPoints,
        effectiveOn,
        effectiveAt: effectiveAt.toISOString(),
        channel: input.channel,
      },
    },
  });
  return {
    ok: true,
    activationId: activation.id,
    consentId: consent.id,
    basisPoints,
    requestedAt: now,
    effectiveAt,
    effectiveOn,
    zone,
  };
}

export function franchiseEffectiveJobId(memberId: string): string {
  return jobId('franchise-effective', memberId);
}

/** 2000 basis points → '20', 1250 → '12,5' (the number shown before « %»). */
export function percentText(basisPoints: number, language: Language): string {
  return new Intl.NumberFormat(language === 'kk' ? 'kk-KZ' : 'ru-RU', {
    maximumFractionDigits: 2,
    useGrouping: false,
  }).format(basisPoints / 100);
}
