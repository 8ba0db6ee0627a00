import { Worker } from 'bullmq';
import type { AppContext } from '../core/context';
import type { LocalDate } from '../core/domain/local-date';
import { money } from '../core/domain/money';
import { penaltyAccrued } from '../core/domain/penalty';
import { toLocalDate } from '../core/domain/zone';
import { dbDay, programmeRules } from '../core/services/timelines';

/** Hourly at :30 (UTC): every zone with whole-hour offsets gets its day's run at 00:30 local. */
export const PENALTY_SCHEDULER = 'penalty-accrual';
export const PENALTY_PATTERN = '30 * * * *';

const BATCH = 1000;

export interface PenaltyReport {
  updated: number;
}

/**
 * Penalty accrual (seed 002 item 8; domain `penaltyAccrued`): for every overdue bill, the penalty
 * from the day after the due date to today in its programme's zone; for a bill paid late, to the
 * payment day. Idempotent: it SETS Bill.penaltyAccrued and penaltyDate (never adds), and only
 * touches bills whose penaltyDate is behind, so running it many times a day changes nothing.
 */
export async function accruePenalties(ctx: Pick<AppContext, 'db' | 'clock'>): Promise<PenaltyReport> {
  const { prisma } = ctx.db;
  const now = ctx.clock.now();
  const report: PenaltyReport = { updated: 0 };
  const programmes = await prisma.programme.findMany({ where: { kind: 'dms' } });
  for (const programme of programmes) {
    const rules = programmeRules(programme);
    const today = toLocalDate(now, rules.zone);
    for (;;) {
      const rows = await prisma.$queryRaw<
        { id: string; total: bigint; dueDate: Date; paidAt: Date | null; status: string }[]
      >`
        SELECT b.id, b.total, b."dueDate", b."paidAt", b.status::text AS status
        FROM "Bill" b JOIN "Member" m ON m.id = b."memberId"
        WHERE m."programmeId" = ${programme.id}::uuid AND b."overdueAt" IS NOT NULL
          AND ((b.status = 'overdue' AND (b."penaltyDate" IS NULL OR b."penaltyDate" < ${today}::date))
            OR (b.status = 'paid' AND b."paidAt" IS NOT NULL AND (b."penaltyDate" IS NULL
                OR b."penaltyDate" < (b."paidAt" AT TIME ZONE ${rules.zone})::date)))
        ORDER BY b.id LIMIT ${BATCH}`;
      if (rows.length === 0) break;
      const ids: string[] = [];
      const amounts: string[] = [];
      const dates: LocalDate[] = [];
      for (const row of rows) {
        // a late payment stops the penalty on the payment day (counted)
        const asOf = row.status === 'paid' && row.paidAt ? toLocalDate(row.paidAt, rules.zone) : today;
        const dueDate = dbDay(row.dueDate);
        const penalty = penaltyAccrued(
          money(Number(row.total), rules.currency),
          dueDate,
          asOf,
          rules.penalty,
        );
        ids.push(row.id);
        amounts.push(String(penalty.amount));
        dates.push([asOf, dueDate].sort()[1]!); // the later of two YYYY-MM-DD days
      }
      await prisma.$executeRaw`
        UPDATE "Bill" b SET "penaltyAccrued" = u.amount, "penaltyDate" = u.day
        FROM unnest(${ids}::uuid[], ${amounts}::bigint[], ${dates}::date[]) AS u(id, amount, day)
        WHERE b.id = u.id`;
      report.updated += rows.length;
      if (rows.length < BATCH) break;
    }
  }
  return report;
}

/** The `penalty` queue with its job scheduler (one for every worker process). */
export async function startPenaltyWorker(ctx: AppContext): Promise<Worker> {
  await ensurePenaltyScheduler(ctx);
  return new Worker('penalty', async () => accruePenalties(ctx), {
    connection: ctx.redis,
    prefix: ctx.config.REDIS_PREFIX,
  });
}

export async function ensurePenaltyScheduler(ctx: Pick<AppContext, 'queues'>): Promise<boolean> {
  const queue = ctx.queues.get('penalty');
  if (await queue.getJobScheduler(PENALTY_SCHEDULER)) return false;
  await queue.upsertJobScheduler(
    PENALTY_SCHEDULER,
    { pattern: PENALTY_PATTERN, tz: 'UTC' },
    { name: PENALTY_SCHEDULER, data: {} },
  );
  return true;
}
