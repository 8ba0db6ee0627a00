/**
 * What HR channels in Slack are told without asking (issue 8), through the outbox: Notification rows
 * of channel `slack` whose address is the channel id, delivered by core/notify/slack-sender.ts.
 *
 * - `sendMonthlyEmployerReport`: the monthly debt report (seed 002 item 4), a message plus the XLSX
 *   generated when it is sent; dedupeKey `hr-report.<employerId>.<YYYY-MM>.<channelId>`.
 * - `alertEmergencyTransfer`: an employee was moved to the emergency-only programme for not paying
 *   (seed 002 item 8); dedupeKey `hr-alert.<memberId>.<moved-at epoch s>.<channelId>` (once per
 *   transfer, so a member reinstated and moved again is announced again).
 * - `alertOverdueDebtPaid`: an employee paid overdue franchise bills, so HR can stop collecting them
 *   (seed 002 item 4: pre-trial collection is the employer's); dedupeKey
 *   `hr-paid.<paymentId>.<memberId>.<channelId>`.
 * - `monthlyReportsDue`: the hourly check of the `hr-report` queue: on or after the first working day
 *   of the month (programme calendar, at its digest time) the previous month's report is due.
 *
 * Both senders take an optional transaction so a caller (the overdue transition of the timelines)
 * writes the notices in the same transaction as its change.
 */
import type { AppContext } from '../context';
import type { DbOrTx, Tx } from '../db';
import { dateParts, type LocalDate } from '../domain/local-date';
import { noticeTime } from '../domain/schedule';
import { toLocalDate, zonedInstant } from '../domain/zone';
import { enqueueNotification } from '../notify/outbox';
import { workingCalendar } from '../working-calendars';
import { hrLinksOfEmployer } from './hr';
import { programmeRules } from './timelines';

export const HR_REPORT_TEMPLATE = 'hr-report-monthly';
export const HR_ALERT_TEMPLATE = 'hr-alert-emergency';
export const HR_PAID_TEMPLATE = 'hr-alert-debt-paid';

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

export function previousMonth(year: number, month: number): string {
  const y = month === 1 ? year - 1 : year;
  const m = month === 1 ? 12 : month - 1;
  return `${y}-${String(m).padStart(2, '0')}`;
}

type Ctx = Pick<AppContext, 'db' | 'clock'>;

/** What a member still owes in franchise bills, in minor units. */
async function unpaidTotal(tx: Tx, memberId: string): Promise<number> {
  const unpaid = await tx.bill.aggregate({
    where: { memberId, status: { not: 'paid' }, paidAt: null },
    _sum: { total: true },
  });
  return Number(unpaid._sum.total ?? 0n);
}

async function inTx<T>(ctx: Ctx, tx: Tx | undefined, work: (tx: Tx) => Promise<T>): Promise<T> {
  return tx ? work(tx) : ctx.db.prisma.$transaction(work);
}

/**
 * Queues the monthly debt report of `month` (YYYY-MM) to every Slack channel linked to the employer.
 * The XLSX is built when the notice is sent (the debts as of that moment). Returns how many
 * channels it was queued for (0 when the employer has no linked channel); calling it again is a no-op.
 */
export async function sendMonthlyEmployerReport(
  ctx: Ctx,
  employerId: string,
  month: string,
  options: { tx?: Tx } = {},
): Promise<number> {
  if (!MONTH.test(month)) throw new RangeError(`month must be YYYY-MM (${month})`);
  return inTx(ctx, options.tx, async (tx) => {
    const links = await hrLinksOfEmployer(tx, employerId);
    for (const link of links) {
      await enqueueNotification(tx, {
        dedupeKey: `hr-report.${employerId}.${month}.${link.channelId}`,
        channel: 'slack',
        address: link.channelId,
        template: HR_REPORT_TEMPLATE,
        params: { employerId, month },
        notBefore: ctx.clock.now(),
      });
    }
    return links.length;
  });
}

/**
 * Queues the alert "moved to the emergency-only programme" for a member to the employer's Slack
 * channels. Call it after setting Member.status = emergency_only and movedToEmergencyAt (in the same
 * transaction: pass `tx`). Returns the number of channels; 0 when the member is not (or no longer)
 * on emergency-only care or the employer has no linked channel.
 */
export async function alertEmergencyTransfer(
  ctx: Ctx,
  memberId: string,
  options: { tx?: Tx } = {},
): Promise<number> {
  return inTx(ctx, options.tx, async (tx) => {
    // one relation per query: inside a transaction Prisma would run sibling includes concurrently
    const member = await tx.member.findUnique({
      where: { id: memberId },
      include: { rosterEntry: { select: { employerId: true, employeeNumber: true, fullName: true } } },
    });
    if (member?.status !== 'emergency_only' || !member.movedToEmergencyAt) return 0;
    const movedAt = member.movedToEmergencyAt;
    const programme = await tx.programme.findUniqueOrThrow({ where: { id: member.programmeId } });
    const links = await hrLinksOfEmployer(tx, member.rosterEntry.employerId);
    const debt = await unpaidTotal(tx, memberId);
    // the transfer happens at 00:00; HR hears of it in the programme's notice hours
    const sendAt = noticeTime(ctx.clock.now(), programmeRules(programme));
    for (const link of links) {
      await enqueueNotification(tx, {
        dedupeKey: `hr-alert.${memberId}.${Math.floor(movedAt.getTime() / 1000)}.${link.channelId}`,
        channel: 'slack',
        address: link.channelId,
        template: HR_ALERT_TEMPLATE,
        params: {
          memberId,
          employerId: member.rosterEntry.employerId,
          name: member.rosterEntry.fullName,
          number: member.rosterEntry.employeeNumber,
          date: toLocalDate(movedAt, programme.timeZone),
          debt,
          currency: programme.currency,
        },
        notBefore: sendAt,
      });
    }
    return links.length;
  });
}

/**
 * Queues "overdue bills paid" for a member to the employer's Slack channels, in the payment's
 * transaction (after the bills were marked paid): which bills, how much, and what the member still
 * owes. Returns the number of channels.
 */
export async function alertOverdueDebtPaid(
  tx: Tx,
  input: { memberId: string; paymentId: string; bills: { number: string; total: bigint }[]; now: Date },
): Promise<number> {
  const member = await tx.member.findUniqueOrThrow({
    where: { id: input.memberId },
    include: { rosterEntry: { select: { employerId: true, employeeNumber: true, fullName: true } } },
  });
  const programme = await tx.programme.findUniqueOrThrow({
    where: { id: member.programmeId },
    select: { currency: true },
  });
  const left = await unpaidTotal(tx, input.memberId);
  const links = await hrLinksOfEmployer(tx, member.rosterEntry.employerId);
  for (const link of links) {
    await enqueueNotification(tx, {
      dedupeKey: `hr-paid.${input.paymentId}.${input.memberId}.${link.channelId}`,
      channel: 'slack',
      address: link.channelId,
      template: HR_PAID_TEMPLATE,
      params: {
        memberId: input.memberId,
        employerId: member.rosterEntry.employerId,
        name: member.rosterEntry.fullName,
        number: member.rosterEntry.employeeNumber,
        bills: input.bills.map((bill) => bill.number).join(', '),
        paid: Number(input.bills.reduce((sum, bill) => sum + bill.total, 0n)),
        left,
        currency: programme.currency,
      },
      notBefore: input.now,
    });
  }
  return links.length;
}

const DIGEST_TIME = /^([01]\d|2[0-3]):[0-5]\d$/;

export interface DueReport {
  employerId: string;
  month: string;
  /** the first working day of the current month, on which the report became due */
  dueOn: LocalDate;
}

/**
 * The monthly reports due at `now` for every employer with a linked channel: from the first working
 * day of the month (programme country calendar, programme digest time, default 10:00) the previous
 * month's report is due. Late runs (workers down that day) still find it due for the rest of the month.
 */
export async function monthlyReportsDue(
  ctx: Pick<AppContext, 'db' | 'config'>,
  now: Date,
  db: DbOrTx = ctx.db.prisma,
): Promise<DueReport[]> {
  const employers = await db.employer.findMany({
    where: { slackLinks: { some: {} } },
    select: { id: true, programme: { select: { country: true, timeZone: true, settings: true } } },
  });
  const due: DueReport[] = [];
  for (const employer of employers) {
    const { country, timeZone, settings } = employer.programme;
    const calendar = await workingCalendar(country, ctx.config.CALENDAR_DIR);
    const { year, month } = dateParts(toLocalDate(now, timeZone));
    const first = calendar.firstWorkingDayOfMonth(year, month);
    const digestTime = (settings as { digestTime?: unknown } | null)?.digestTime;
    const time = typeof digestTime === 'string' && DIGEST_TIME.test(digestTime) ? digestTime : '10:00';
    const sendAt = zonedInstant(first, time as Parameters<typeof zonedInstant>[1], timeZone);
    if (now.getTime() >= sendAt.getTime())
      due.push({ employerId: employer.id, month: previousMonth(year, month), dueOn: first });
  }
  return due;
}
