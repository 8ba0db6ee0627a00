/**
 * Franchise bills (seed 002 items 4, 7, 9): the service lines of clinic invoices become a
 * FranchiseCharge each (the programme's share of the line's cost, rounded half-up per line) and
 * are grouped into bills per member per month of service.
 *
 * - The period is the calendar month of the SERVICE ("2026-09"): the member pays «за сентябрь»,
 *   whatever month the clinic's invoice reached the insurer (1.5–2 months after the visit). Lines of
 *   a month that arrive after its bill was issued go into a supplementary bill of the same period:
 *   an issued bill never changes, since the member was already told its amount. Issuing runs
 *   hourly (`bills-issue` job) and after every import.
 * - Due date = `billDueDate(issuedOn)`: 30 working days (programme setting) by the programme
 *   country's calendar with its override files.
 * - Bill.number is "<YYYYMM>-<6-digit sequence within the period>", e.g. 202611-000042.
 * - Each batch of members is one transaction under an advisory lock: bills, charges, the charge
 *   notices (outbox) and an audit row commit together; re-running issues nothing twice because only
 *   lines without a charge are picked up.
 */
import { randomUUID } from 'node:crypto';
import type { Config } from '../config';
import type { Db, Tx } from '../db';
import type { WorkingCalendar } from '../domain/calendar';
import type { Country } from '../domain/country';
import { billDueDate } from '../domain/dunning';
import type { LocalDate } from '../domain/local-date';
import { type Currency, percentOf, sumMoney } from '../domain/money';
import type { Programme } from '../domain/programme';
import { noticeTime } from '../domain/schedule';
import { toLocalDate } from '../domain/zone';
import type { Logger } from '../log/logger';
import {
  enqueueJobs,
  enqueueNotifications,
  type NotificationInput,
  type OutboxJobInput,
} from '../notify/outbox';
import { workingCalendar } from '../working-calendars';
import {
  billTimelineJobs,
  type PersonAddresses,
  programmeRules,
  recipientNotices,
  recipientsOf,
} from './timelines';

/** The product's own address for links in messages: PUBLIC_URL, else the local server. */
export function publicBaseUrl(config: Pick<Config, 'PUBLIC_URL' | 'HOST' | 'PORT'>): string {
  const base =
    config.PUBLIC_URL ?? `http://${config.HOST === '0.0.0.0' ? '127.0.0.1' : config.HOST}:${config.PORT}`;
  return base.replace(/\/+$/, '');
}

/** The "Pay" link of a bill in SMS and e-mail: opens a payment for this one bill. */
export function billPayUrl(base: string, billId: string): string {
  return `${base}/pay/bill/${billId}`;
}

/**
 * What every notice about a bill says: its number, amount and due date, and the pay link, which
 * chat senders may render as a link button (`buttonKey` + `buttonUrl`).
 */
export function billNoticeParams(
  baseUrl: string,
  bill: { id: string; number: string; total: bigint; currency: Currency },
  dueDate: LocalDate,
  buttonKey: string,
) {
  const url = billPayUrl(baseUrl, bill.id);
  return {
    number: bill.number,
    amount: Number(bill.total),
    currency: bill.currency,
    date: dueDate,
    url,
    buttonKey,
    buttonUrl: url,
  };
}

/** "2026-11" → "202611-000042" */
export function billNumber(period: string, sequence: number): string {
  return `${period.replace('-', '')}-${String(sequence).padStart(6, '0')}`;
}

/**
 * The charges of a bill: each line's cost × share rounded half-up on its own (domain
 * `percentOf`), and the bill's total as their sum, never total cost × share (docs/domain.md).
 */
export function priceLines(
  costs: readonly number[],
  basisPoints: number,
  currency: Currency,
): { charges: number[]; total: number } {
  const charges = costs.map((cost) => percentOf({ amount: cost, currency }, basisPoints).amount);
  const total = sumMoney(
    charges.map((amount) => ({ amount, currency })),
    currency,
  ).amount;
  return { charges, total };
}

/** Serialises bill issuing across processes (numbers are sequential within a period). */
const ISSUE_LOCK = 'bills-issue';

export interface IssueBillsOptions {
  now: Date;
  /** base of the links in notices (see `publicBaseUrl`) */
  baseUrl: string;
  /** members per transaction (default 500) */
  batchSize?: number;
  calendarFor?: (country: Country) => Promise<WorkingCalendar>;
  /** production-calendar override files (config.CALENDAR_DIR) */
  calendarDir?: string;
  logger?: Pick<Logger, 'info'>;
  onProgress?: (done: number, total: number) => void;
}

export interface IssueBillsReport {
  bills: number;
  charges: number;
  notices: number;
}

interface PendingLine {
  id: string;
  memberId: string;
  /** month of the service, "YYYY-MM": the bill's period */
  period: string;
  cost: bigint;
}

/** One line for the back office (CLI, import page). */
export function formatBillsIssued(report: IssueBillsReport): string {
  return `Bills issued: ${report.bills} (${report.charges} charge(s), ${report.notices} notice(s) queued).`;
}

/** Issues the bills of every member with unbilled service lines. Idempotent. */
export async function issueBills(db: Db, options: IssueBillsOptions): Promise<IssueBillsReport> {
  const report: IssueBillsReport = { bills: 0, charges: 0, notices: 0 };
  const rows = await db.$queryRaw<{ memberId: string }[]>`
    SELECT DISTINCT sl."memberId" FROM "ServiceLine" sl
    WHERE NOT EXISTS (SELECT 1 FROM "FranchiseCharge" fc WHERE fc."serviceLineId" = sl.id)
    ORDER BY sl."memberId"`;
  const memberIds = rows.map((row) => row.memberId);
  const batchSize = options.batchSize ?? 500;
  const calendarFor =
    options.calendarFor ?? ((country: Country) => workingCalendar(country, options.calendarDir));
  for (let i = 0; i < memberIds.length; i += batchSize) {
    const batch = memberIds.slice(i, i + batchSize);
    const result = await db.$transaction((tx) => issueBatch(tx, batch, options, calendarFor), {
      timeout: 10 * 60_000,
      maxWait: 60_000,
    });
    report.bills += result.bills;
    report.charges += result.charges;
    report.notices += result.notices;
    options.onProgress?.(Math.min(i + batchSize, memberIds.length), memberIds.length);
  }
  if (report.bills > 0) options.logger?.info({ ...report }, 'franchise bills issued');
  return report;
}

async function issueBatch(
  tx: Tx,
  memberIds: string[],
  options: IssueBillsOptions,
  calendarFor: (country: Country) => Promise<WorkingCalendar>,
): Promise<IssueBillsReport> {
  const report: IssueBillsReport = { bills: 0, charges: 0, notices: 0 };
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${ISSUE_LOCK}))`;
  const { now } = options;
  const members = await tx.member.findMany({
    where: { id: { in: memberIds } },
    select: {
      id: true,
      programme: {
        select: {
          country: true,
          timeZone: true,
          currency: true,
          franchiseBasisPoints: true,
          paymentWorkingDays: true,
          settings: true,
        },
      },
      rosterEntry: { select: { phone: true } },
      person: {
        select: {
          id: true,
          phone: true,
          email: true,
          notifyChannels: true,
          conversations: { select: { id: true, channel: true, externalId: true } },
        },
      },
    },
  });
  const toBill = members;

  // Re-read the pending lines inside the lock: another process may have billed them meanwhile.
  const lines = await tx.$queryRaw<PendingLine[]>`
    SELECT sl.id, sl."memberId", to_char(sl."serviceDate", 'YYYY-MM') AS period, sl.cost FROM "ServiceLine" sl
    WHERE sl."memberId" = ANY(${toBill.map((m) => m.id)}::uuid[])
      AND NOT EXISTS (SELECT 1 FROM "FranchiseCharge" fc WHERE fc."serviceLineId" = sl.id)
    ORDER BY sl."memberId", sl."serviceDate", sl.id`;
  // one group per member and month of service, in that order
  const groupsOf = new Map<string, Map<string, PendingLine[]>>();
  for (const line of lines) {
    const months = groupsOf.get(line.memberId) ?? new Map<string, PendingLine[]>();
    groupsOf.set(line.memberId, months);
    const group = months.get(line.period);
    if (group) group.push(line);
    else months.set(line.period, [line]);
  }

  const nextSequence = new Map<string, number>();
  const sequenceFor = async (period: string): Promise<number> => {
    let next = nextSequence.get(period);
    if (next === undefined) {
      const last = await tx.bill.findFirst({
        where: { period },
        orderBy: { number: 'desc' },
        select: { number: true },
      });
      next = last ? Number(last.number.split('-').pop()) + 1 : 1;
    }
    nextSequence.set(period, next + 1);
    return next;
  };

  const bills: Array<{
    id: string;
    number: string;
    memberId: string;
    period: string;
    currency: Currency;
    total: bigint;
    issuedAt: Date;
    dueDate: Date;
    status: 'unpaid' | 'paid';
    paidAt: Date | null;
  }> = [];
  const charges: {
    id: string;
    serviceLineId: string;
    billId: string;
    basisPoints: number;
    amount: bigint;
  }[] = [];
  const notices: Array<{
    bill: (typeof bills)[number];
    dueDate: LocalDate;
    member: (typeof toBill)[number];
    rules: Programme;
    count: number;
  }> = [];

  for (const member of toBill) {
    const { programme } = member;
    const rules = programmeRules(programme);
    const issuedOn = toLocalDate(now, programme.timeZone);
    const calendar = await calendarFor(programme.country);
    const dueDate = billDueDate(issuedOn, { paymentWorkingDays: programme.paymentWorkingDays }, calendar);
    for (const [period, monthLines] of groupsOf.get(member.id) ?? []) {
      const billId = randomUUID();
      const priced = priceLines(
        monthLines.map((line) => Number(line.cost)),
        programme.franchiseBasisPoints,
        programme.currency,
      );
      const total = priced.total;
      monthLines.forEach((line, index) => {
        charges.push({
          id: randomUUID(),
          serviceLineId: line.id,
          billId,
          basisPoints: programme.franchiseBasisPoints,
          amount: BigInt(priced.charges[index]!),
        });
      });
      if (!Number.isSafeInteger(total))
        throw new RangeError(`bill total of member ${member.id} is out of range`);
      const bill = {
        id: billId,
        number: billNumber(period, await sequenceFor(period)),
        memberId: member.id,
        period,
        currency: programme.currency,
        total: BigInt(total),
        issuedAt: now,
        dueDate: new Date(`${dueDate}T00:00:00Z`),
        // nothing to pay (0 % programme or tiny lines): settled at once, no notice
        status: total === 0 ? ('paid' as const) : ('unpaid' as const),
        paidAt: total === 0 ? now : null,
      };
      bills.push(bill);
      if (total > 0) notices.push({ bill, dueDate, member, rules, count: monthLines.length });
    }
  }
  if (bills.length === 0) return report;

  await tx.bill.createMany({ data: bills });
  for (let i = 0; i < charges.length; i += 5_000) {
    const chunk = charges.slice(i, i + 5_000);
    await tx.$executeRaw`
      INSERT INTO "FranchiseCharge" (id, "serviceLineId", "billId", "basisPoints", amount)
      SELECT * FROM unnest(${chunk.map((c) => c.id)}::uuid[], ${chunk.map((c) => c.serviceLineId)}::uuid[],
                           ${chunk.map((c) => c.billId)}::uuid[], ${chunk.map((c) => c.basisPoints)}::int[],
                           ${chunk.map((c) => String(c.amount))}::bigint[])`;
  }
  // the charge notices and each unpaid bill's reminder ladder and overdue transition
  // (core/services/timelines.ts), one statement each for the whole batch
  const noticeRows = notices.flatMap((notice) => chargeNoticeRows(notice, options));
  await enqueueNotifications(tx, noticeRows);
  report.notices += noticeRows.length;
  const timelineJobs: OutboxJobInput[] = [];
  for (const { bill, member, rules } of notices) {
    timelineJobs.push(
      ...billTimelineJobs({
        billId: bill.id,
        issuedAt: now,
        dueDate: bill.dueDate,
        rules,
        calendar: await calendarFor(member.programme.country),
        now,
      }),
    );
  }
  await enqueueJobs(tx, timelineJobs);
  await tx.auditLog.create({
    data: {
      at: now,
      actor: 'system',
      action: 'bills.issued',
      details: {
        bills: bills.length,
        charges: charges.length,
        numbers: bills.slice(0, 50).map((b) => b.number),
      },
    },
  });
  report.bills = bills.length;
  report.charges = charges.length;
  return report;
}

/**
 * The charge notice of a bill (seed 002 item 4: "sends an SMS about the charge"): on every chat
 * conversation the person has with us, and by SMS / e-mail as the person's notifyChannels say.
 * Params are plain values; the sender formats them in the person's language (MONEY, DATE).
 * Chat senders may render `buttonKey` + `buttonUrl` as a link button.
 */
function chargeNoticeRows(
  notice: {
    bill: { id: string; number: string; total: bigint; currency: Currency };
    dueDate: LocalDate;
    member: { rosterEntry: { phone: string }; person: PersonAddresses };
    rules: Programme;
    count: number;
  },
  options: IssueBillsOptions,
): NotificationInput[] {
  const { bill, member } = notice;
  return recipientNotices({
    dedupePrefix: `bill-issued.${bill.id}`,
    personId: member.person.id,
    recipients: recipientsOf(member.person, { fallbackPhone: member.rosterEntry.phone }),
    template: 'billing-notice',
    params: {
      ...billNoticeParams(options.baseUrl, bill, notice.dueDate, 'billing-pay-button'),
      count: notice.count,
    },
    // issued at night (an invoice import): the notice waits for the programme's notice hours
    now: noticeTime(options.now, notice.rules),
    billId: bill.id,
  });
}
