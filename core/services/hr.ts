/**
 * HR staff of an employer (issue 8; seed 002 item 4: the insurer reports franchise debts to the
 * employer, who does the pre-trial collection; item 8: non-payers move to emergency-only care).
 *
 * Scoping: an HR request is answered only from a linked Slack team + channel (HrSlackLink) and, when
 * the link lists users, only for them; it sees that employer's people and nobody else's. Every
 * refusal is written to AuditLog (`hr.refused`). Everything here is channel-neutral read models
 * (summary, debtors, one employee, the debt report rows); Slack renders them (bot/channels/slack).
 * Amounts are integer minor units of the employer's programme currency.
 */
import type { Db, DbOrTx } from '../db';
import { type BillState, billState } from '../domain/dunning';
import type { LocalDate } from '../domain/local-date';
import type { Currency } from '../domain/money';
import { money } from '../domain/money';
import { overdueDays, penaltyAccrued } from '../domain/penalty';
import { type PenaltyRate, PenaltyRateSchema } from '../domain/programme';
import { toLocalDate } from '../domain/zone';
import type { Prisma } from '../generated/prisma/client';
import type { Language } from '../i18n';

export interface HrLink {
  id: string;
  employerId: string;
  employerCode: string;
  employerName: string;
  teamId: string;
  channelId: string;
  userIds: string[];
  language: Language;
  currency: Currency;
  zone: string;
}

export type HrRefusalReason =
  | 'channel_not_linked'
  | 'user_not_allowed'
  | 'home_not_linked'
  | 'employee_not_in_employer'
  | 'link_not_allowed';

export type HrAccess =
  | { ok: true; link: HrLink }
  | { ok: false; reason: HrRefusalReason; link: HrLink | null };

export interface HrRequester {
  teamId: string;
  channelId: string | null;
  userId: string;
}

const linkInclude = {
  employer: { select: { code: true, name: true, programme: { select: { currency: true, timeZone: true } } } },
} as const;

type LinkRow = Prisma.HrSlackLinkGetPayload<{ include: typeof linkInclude }>;

function toLink(row: LinkRow): HrLink {
  return {
    id: row.id,
    employerId: row.employerId,
    employerCode: row.employer.code,
    employerName: row.employer.name,
    teamId: row.teamId,
    channelId: row.channelId,
    userIds: row.userIds,
    language: row.language,
    currency: row.employer.programme.currency,
    zone: row.employer.programme.timeZone,
  };
}

/** The link of a team + channel, whoever asks. */
export async function findHrLink(db: DbOrTx, teamId: string, channelId: string): Promise<HrLink | null> {
  const row = await db.hrSlackLink.findUnique({
    where: { teamId_channelId: { teamId, channelId } },
    include: linkInclude,
  });
  return row ? toLink(row) : null;
}

/**
 * The link of a channel id alone (the outbox address of Slack notices). Channel ids are unique
 * within a workspace and the bot token belongs to one workspace.
 */
export async function findHrLinkByChannel(db: DbOrTx, channelId: string): Promise<HrLink | null> {
  const row = await db.hrSlackLink.findFirst({
    where: { channelId },
    include: linkInclude,
    orderBy: { createdAt: 'asc' },
  });
  return row ? toLink(row) : null;
}

export async function hrLinkById(db: DbOrTx, id: string): Promise<HrLink | null> {
  const row = await db.hrSlackLink.findUnique({ where: { id }, include: linkInclude });
  return row ? toLink(row) : null;
}

/** Every link of an employer (the channels its reports and alerts go to). */
export async function hrLinksOfEmployer(db: DbOrTx, employerId: string): Promise<HrLink[]> {
  const rows = await db.hrSlackLink.findMany({
    where: { employerId },
    include: linkInclude,
    orderBy: { createdAt: 'asc' },
  });
  return rows.map(toLink);
}

export function userAllowed(link: Pick<HrLink, 'userIds'>, userId: string): boolean {
  return link.userIds.length === 0 || link.userIds.includes(userId);
}

/** May this Slack user, in this channel, see the linked employer? */
export async function checkHrAccess(db: DbOrTx, who: HrRequester): Promise<HrAccess> {
  if (!who.channelId) return { ok: false, reason: 'channel_not_linked', link: null };
  const link = await findHrLink(db, who.teamId, who.channelId);
  if (!link) return { ok: false, reason: 'channel_not_linked', link: null };
  if (!userAllowed(link, who.userId)) return { ok: false, reason: 'user_not_allowed', link };
  return { ok: true, link };
}

/**
 * The links whose employer a user may see outside any channel (the Home tab): only links that name
 * the user. A link open to "everyone in the channel" cannot be checked without the channel, so it
 * is not shown there.
 */
export async function hrLinksForUser(db: DbOrTx, teamId: string, userId: string): Promise<HrLink[]> {
  const rows = await db.hrSlackLink.findMany({
    where: { teamId, userIds: { has: userId } },
    include: linkInclude,
    orderBy: { createdAt: 'asc' },
  });
  return rows.map(toLink);
}

export const slackActor = (teamId: string, userId: string) => `slack:${teamId}:${userId}`;

/** AuditLog row `hr.refused` for a refused HR request. */
export async function recordHrRefusal(
  db: DbOrTx,
  who: HrRequester,
  reason: HrRefusalReason,
  details: { request: string; employerId?: string | null; [key: string]: unknown },
): Promise<void> {
  const { employerId, ...rest } = details;
  await db.auditLog.create({
    data: {
      actor: slackActor(who.teamId, who.userId),
      action: 'hr.refused',
      subject: employerId ?? null,
      details: { reason, teamId: who.teamId, channelId: who.channelId, userId: who.userId, ...rest },
    },
  });
}

/** `/franchise language kk` or the Home tab button: the link's language (reports and alerts too). */
export async function setHrLinkLanguage(
  db: Db,
  linkId: string,
  language: Language,
  who: HrRequester,
): Promise<void> {
  await db.$transaction(async (tx) => {
    const link = await tx.hrSlackLink.update({ where: { id: linkId }, data: { language } });
    await tx.auditLog.create({
      data: {
        actor: slackActor(who.teamId, who.userId),
        action: 'hr.language',
        subject: link.employerId,
        details: { linkId, language },
      },
    });
  });
}

export interface LinkInput {
  employerCode: string;
  teamId: string;
  channelId: string;
  /** undefined: keep the link's users (none for a new link) */
  userIds?: string[];
  language?: Language;
  actor?: string;
}

export type LinkResult =
  | { ok: true; created: boolean; link: HrLink }
  | { ok: false; error: 'unknown_employer' | 'channel_linked_elsewhere'; employerCode?: string };

/**
 * Creates or updates the link of a team + channel to an employer (CLI `slack link`). A channel
 * already linked to another employer is refused: one channel, one employer's data.
 */
export async function linkSlackChannel(db: Db, input: LinkInput): Promise<LinkResult> {
  return db.$transaction(async (tx) => {
    const employer = await tx.employer.findUnique({ where: { code: input.employerCode } });
    if (!employer) return { ok: false, error: 'unknown_employer' } as const;
    const existing = await tx.hrSlackLink.findUnique({
      where: { teamId_channelId: { teamId: input.teamId, channelId: input.channelId } },
      include: { employer: { select: { code: true } } },
    });
    if (existing && existing.employerId !== employer.id)
      return { ok: false, error: 'channel_linked_elsewhere', employerCode: existing.employer.code } as const;
    const data = {
      ...(input.userIds !== undefined ? { userIds: input.userIds } : {}),
      ...(input.language !== undefined ? { language: input.language } : {}),
    };
    const row = existing
      ? await tx.hrSlackLink.update({ where: { id: existing.id }, data, include: linkInclude })
      : await tx.hrSlackLink.create({
          data: {
            employerId: employer.id,
            teamId: input.teamId,
            channelId: input.channelId,
            userIds: input.userIds ?? [],
            language: input.language ?? 'ru',
          },
          include: linkInclude,
        });
    await tx.auditLog.create({
      data: {
        actor: input.actor ?? 'cli',
        action: existing ? 'hr.link.updated' : 'hr.link.created',
        subject: employer.id,
        details: {
          teamId: row.teamId,
          channelId: row.channelId,
          userIds: row.userIds,
          language: row.language,
        },
      },
    });
    return { ok: true, created: !existing, link: toLink(row) } as const;
  });
}

// ---------------------------------------------------------------------------------------------
// Read models

export type MemberState = 'active' | 'emergency_only';
export type FranchiseState = 'none' | 'pending' | 'active';

export interface EmployerSummary {
  employerName: string;
  currency: Currency;
  asOf: LocalDate;
  /** active roster entries */
  roster: number;
  /** registered DMS members */
  registered: number;
  franchiseActive: number;
  franchisePending: number;
  emergencyOnly: number;
  unpaidBills: number;
  /** members with at least one unpaid bill */
  debtors: number;
  /** Σ unpaid bills (minor units) */
  debtTotal: number;
  overdueBills: number;
  overdueDebtors: number;
  overdueTotal: number;
  /** penalty accrued on overdue bills as of today (programme rate) */
  penaltyTotal: number;
}

export interface DebtBill {
  billId: string;
  number: string;
  period: string;
  issuedOn: LocalDate;
  dueDate: LocalDate;
  total: number;
  state: BillState;
  daysOverdue: number;
  penalty: number;
  paidOn: LocalDate | null;
}

export interface DebtorRow {
  memberId: string;
  employeeNumber: string;
  fullName: string;
  status: MemberState;
  bills: DebtBill[];
  debt: number;
  overdueDebt: number;
  /** the oldest unpaid bill's days overdue */
  daysOverdue: number;
  penalty: number;
}

export interface EmployeeDetail {
  employeeNumber: string;
  fullName: string;
  inRoster: boolean;
  registered: boolean;
  status: MemberState | null;
  franchise: FranchiseState;
  franchiseEffectiveOn: LocalDate | null;
  movedToEmergencyOn: LocalDate | null;
  bills: DebtBill[];
  debt: number;
  penalty: number;
}

const dbDay = (date: Date) => date.toISOString().slice(0, 10) as LocalDate;

interface EmployerInfo {
  id: string;
  name: string;
  currency: Currency;
  zone: string;
  penalty: PenaltyRate;
}

async function employerInfo(db: DbOrTx, employerId: string): Promise<EmployerInfo> {
  const employer = await db.employer.findUniqueOrThrow({
    where: { id: employerId },
    include: { programme: { select: { currency: true, timeZone: true, settings: true } } },
  });
  const settings = (employer.programme.settings ?? {}) as { penalty?: unknown };
  const penalty = PenaltyRateSchema.safeParse(settings.penalty ?? {});
  return {
    id: employer.id,
    name: employer.name,
    currency: employer.programme.currency,
    zone: employer.programme.timeZone,
    penalty: penalty.success ? penalty.data : PenaltyRateSchema.parse({}),
  };
}

interface BillRow {
  id: string;
  number: string;
  period: string;
  currency: Currency;
  total: bigint;
  issuedAt: Date;
  dueDate: Date;
  status: 'unpaid' | 'paid' | 'overdue';
  paidAt: Date | null;
}

function debtBill(row: BillRow, info: EmployerInfo, now: Date): DebtBill {
  const dueDate = dbDay(row.dueDate);
  const today = toLocalDate(now, info.zone);
  const state: BillState =
    row.status === 'paid' || row.paidAt ? 'paid' : billState({ dueDate, paidAt: null }, now, info.zone);
  const total = Number(row.total);
  const unpaid = state !== 'paid';
  return {
    billId: row.id,
    number: row.number,
    period: row.period,
    issuedOn: toLocalDate(row.issuedAt, info.zone),
    dueDate,
    total,
    state,
    daysOverdue: unpaid ? overdueDays(dueDate, today) : 0,
    penalty:
      state === 'overdue'
        ? penaltyAccrued(money(total, row.currency), dueDate, today, info.penalty).amount
        : 0,
    paidOn: row.paidAt ? toLocalDate(row.paidAt, info.zone) : null,
  };
}

const billSelect = {
  id: true,
  number: true,
  period: true,
  currency: true,
  total: true,
  issuedAt: true,
  dueDate: true,
  status: true,
  paidAt: true,
} as const;

/** Every member of the employer with unpaid bills, the longest overdue first. */
export async function employerDebtors(db: DbOrTx, employerId: string, now: Date): Promise<DebtorRow[]> {
  const info = await employerInfo(db, employerId);
  const members = await db.member.findMany({
    where: {
      rosterEntry: { employerId },
      bills: { some: { status: { not: 'paid' }, paidAt: null } },
    },
    select: {
      id: true,
      status: true,
      rosterEntry: { select: { employeeNumber: true, fullName: true } },
      bills: {
        where: { status: { not: 'paid' }, paidAt: null },
        select: billSelect,
        orderBy: { dueDate: 'asc' },
      },
    },
  });
  const rows = members.map((member): DebtorRow => {
    const bills = member.bills.map((bill) => debtBill(bill, info, now));
    return {
      memberId: member.id,
      employeeNumber: member.rosterEntry.employeeNumber,
      fullName: member.rosterEntry.fullName,
      status: member.status,
      bills,
      debt: bills.reduce((sum, bill) => sum + bill.total, 0),
      overdueDebt: bills
        .filter((bill) => bill.state === 'overdue')
        .reduce((sum, bill) => sum + bill.total, 0),
      daysOverdue: Math.max(0, ...bills.map((bill) => bill.daysOverdue)),
      penalty: bills.reduce((sum, bill) => sum + bill.penalty, 0),
    };
  });
  return rows.sort(
    (a, b) =>
      b.daysOverdue - a.daysOverdue ||
      b.debt - a.debt ||
      a.fullName.localeCompare(b.fullName, 'ru') ||
      a.employeeNumber.localeCompare(b.employeeNumber),
  );
}

/** The numbers of the summary (slash command without arguments, Home tab, monthly report). */
export async function employerSummary(
  db: DbOrTx,
  employerId: string,
  now: Date,
  known?: { debtors: DebtorRow[] },
): Promise<EmployerSummary> {
  const info = await employerInfo(db, employerId);
  const [roster, registered, emergencyOnly, franchiseActive, franchisePending, debtors] = await Promise.all([
    db.rosterEntry.count({ where: { employerId, active: true } }),
    db.member.count({ where: { rosterEntry: { employerId } } }),
    db.member.count({ where: { rosterEntry: { employerId }, status: 'emergency_only' } }),
    db.franchiseActivation.count({
      where: { member: { rosterEntry: { employerId } }, effectiveAt: { lte: now } },
    }),
    db.franchiseActivation.count({
      where: { member: { rosterEntry: { employerId } }, effectiveAt: { gt: now } },
    }),
    known?.debtors ?? employerDebtors(db, employerId, now),
  ]);
  const bills = debtors.flatMap((debtor) => debtor.bills);
  const overdue = bills.filter((bill) => bill.state === 'overdue');
  return {
    employerName: info.name,
    currency: info.currency,
    asOf: toLocalDate(now, info.zone),
    roster,
    registered,
    franchiseActive,
    franchisePending,
    emergencyOnly,
    unpaidBills: bills.length,
    debtors: debtors.length,
    debtTotal: bills.reduce((sum, bill) => sum + bill.total, 0),
    overdueBills: overdue.length,
    overdueDebtors: debtors.filter((debtor) => debtor.overdueDebt > 0).length,
    overdueTotal: overdue.reduce((sum, bill) => sum + bill.total, 0),
    penaltyTotal: overdue.reduce((sum, bill) => sum + bill.penalty, 0),
  };
}

/** One employee of the employer by табельный номер (null: not in this employer's roster). */
export async function employeeDetail(
  db: DbOrTx,
  employerId: string,
  employeeNumber: string,
  now: Date,
): Promise<EmployeeDetail | null> {
  const info = await employerInfo(db, employerId);
  const entry = await db.rosterEntry.findUnique({
    where: { employerId_employeeNumber: { employerId, employeeNumber } },
    include: {
      member: {
        include: {
          franchise: { select: { effectiveAt: true } },
          bills: { select: billSelect, orderBy: [{ dueDate: 'desc' }, { number: 'asc' }] },
        },
      },
    },
  });
  if (!entry) return null;
  const member = entry.member;
  const bills = (member?.bills ?? []).map((bill) => debtBill(bill, info, now));
  const unpaid = bills.filter((bill) => bill.state !== 'paid');
  const effectiveAt = member?.franchise?.effectiveAt ?? null;
  return {
    employeeNumber: entry.employeeNumber,
    fullName: entry.fullName,
    inRoster: entry.active,
    registered: Boolean(member),
    status: member?.status ?? null,
    franchise: !effectiveAt ? 'none' : effectiveAt.getTime() <= now.getTime() ? 'active' : 'pending',
    franchiseEffectiveOn: effectiveAt ? toLocalDate(effectiveAt, info.zone) : null,
    movedToEmergencyOn: member?.movedToEmergencyAt ? toLocalDate(member.movedToEmergencyAt, info.zone) : null,
    bills,
    debt: unpaid.reduce((sum, bill) => sum + bill.total, 0),
    penalty: unpaid.reduce((sum, bill) => sum + bill.penalty, 0),
  };
}

export interface DebtReport {
  employerId: string;
  employerName: string;
  currency: Currency;
  asOf: LocalDate;
  summary: EmployerSummary;
  debtors: DebtorRow[];
}

/** Everything the debt report (XLSX) shows, as of `now`. */
export async function debtReport(db: DbOrTx, employerId: string, now: Date): Promise<DebtReport> {
  const debtors = await employerDebtors(db, employerId, now);
  const summary = await employerSummary(db, employerId, now, { debtors });
  return {
    employerId,
    employerName: summary.employerName,
    currency: summary.currency,
    asOf: summary.asOf,
    summary,
    debtors,
  };
}
