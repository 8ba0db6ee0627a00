/**
 * The reconciler's planner (issue 7): the database says which timeline jobs must exist; this makes
 * sure an OutboxJob row exists for each upcoming one (the relay then puts it into BullMQ, and
 * `reconcileJobs` re-creates relayed ones Redis lost). It covers rows written before the timelines
 * existed, a code path that forgot to schedule, and the recurring digest whose chain a lost job
 * would break. Only upcoming steps are planned (a past reminder is not sent late), except the overdue
 * transition, which must happen however late. Cost: a few indexed queries per 1000 rows.
 */
import type { AppContext } from '../context';
import { addDays } from '../domain/local-date';
import { DEFAULT_PROGRAMME } from '../domain/programme';
import { toLocalDate } from '../domain/zone';
import { enqueueJobs, type OutboxJobInput } from '../notify/outbox';
import { workingCalendar } from '../working-calendars';
import {
  asDbDate,
  billTimelineJobs,
  contactDutyJob,
  coverageExpiryJobs,
  coverageExpirySteps,
  nextDigestJob,
  programmeRules,
} from './timelines';

const BATCH = 1000;

export interface PlanReport {
  planned: number;
}

type Ctx = Pick<AppContext, 'db' | 'clock' | 'config'>;

export async function planTimelines(ctx: Ctx): Promise<PlanReport> {
  const report: PlanReport = { planned: 0 };
  report.planned += await planBills(ctx);
  report.planned += await planCoverageExpiry(ctx);
  report.planned += await planDigests(ctx);
  report.planned += await planContactDuties(ctx);
  return report;
}

async function planBills(ctx: Ctx): Promise<number> {
  const { prisma } = ctx.db;
  const now = ctx.clock.now();
  let planned = 0;
  let cursor: string | undefined;
  for (;;) {
    const bills = await prisma.bill.findMany({
      where: { status: 'unpaid', paidAt: null },
      orderBy: { id: 'asc' },
      take: BATCH,
      ...(cursor ? { cursor: { id: cursor }, skip: 1 } : {}),
      select: { id: true, issuedAt: true, dueDate: true, member: { select: { programme: true } } },
    });
    if (bills.length === 0) break;
    cursor = bills.at(-1)?.id;
    const jobs: OutboxJobInput[] = [];
    for (const bill of bills) {
      const rules = programmeRules(bill.member.programme);
      const calendar = await workingCalendar(rules.country, ctx.config.CALENDAR_DIR);
      jobs.push(
        ...billTimelineJobs({
          billId: bill.id,
          issuedAt: bill.issuedAt,
          dueDate: bill.dueDate,
          rules,
          calendar,
          now,
        }),
      );
    }
    planned += await enqueueJobs(ctx.db.prisma, jobs);
  }
  return planned;
}

async function planCoverageExpiry(ctx: Ctx): Promise<number> {
  const { prisma } = ctx.db;
  const now = ctx.clock.now();
  let planned = 0;
  let cursor: string | undefined;
  for (;;) {
    const activations = await prisma.activation.findMany({
      // still covered (a day of slack for zones ahead of UTC)
      where: { coverageEnd: { gte: addDaysUtc(now, -1) }, policy: { status: 'activated' } },
      orderBy: { id: 'asc' },
      take: BATCH,
      ...(cursor ? { cursor: { id: cursor }, skip: 1 } : {}),
      select: {
        id: true,
        activatedAt: true,
        coverageStart: true,
        coverageEnd: true,
        policy: { select: { product: { include: { programme: true } } } },
      },
    });
    if (activations.length === 0) break;
    cursor = activations.at(-1)?.id;
    const jobs: OutboxJobInput[] = [];
    for (const activation of activations) {
      const { product } = activation.policy;
      const { steps } = coverageExpirySteps(activation, programmeRules(product.programme, product));
      jobs.push(...coverageExpiryJobs(activation.id, steps, now));
    }
    planned += await enqueueJobs(ctx.db.prisma, jobs);
  }
  return planned;
}

async function planDigests(ctx: Ctx): Promise<number> {
  const { prisma } = ctx.db;
  const now = ctx.clock.now();
  const programmes = await prisma.programme.findMany({ where: { kind: 'dms', members: { some: {} } } });
  const jobs: OutboxJobInput[] = [];
  for (const programme of programmes) {
    const rules = programmeRules(programme);
    const calendar = await workingCalendar(rules.country, ctx.config.CALENDAR_DIR);
    jobs.push(nextDigestJob({ programme, rules, calendar, after: now }));
  }
  return enqueueJobs(ctx.db.prisma, jobs);
}

async function planContactDuties(ctx: Ctx): Promise<number> {
  const { prisma } = ctx.db;
  const now = ctx.clock.now();
  // the duty lasts contactChangeDays (5 by default): older changes are past reminding
  const changes = await prisma.contactChange.findMany({
    where: { changedAt: { gte: addDaysUtc(now, -8) }, channel: { notIn: ['telegram', 'webchat'] } },
    select: {
      id: true,
      changedAt: true,
      person: {
        select: { members: { select: { programme: true }, take: 1, orderBy: { registeredAt: 'desc' } } },
      },
    },
  });
  const jobs: OutboxJobInput[] = changes.map((change) => {
    const programme = change.person.members[0]?.programme;
    const rules = programme ? programmeRules(programme) : DEFAULT_PROGRAMME;
    return contactDutyJob({ contactChangeId: change.id, changedAt: change.changedAt, rules });
  });
  return enqueueJobs(ctx.db.prisma, jobs);
}

function addDaysUtc(now: Date, days: number): Date {
  return asDbDate(addDays(toLocalDate(now, 'UTC'), days));
}
