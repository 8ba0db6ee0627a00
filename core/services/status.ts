import type { DbOrTx } from '../db';
import { type CoverageStatus, coverageStatus } from '../domain/coverage';
import { addDays, type LocalDate } from '../domain/local-date';
import { toLocalDate } from '../domain/zone';

/** One activated policy of a person and where its coverage stands at `now` (programme zone). */
export interface PolicyStatusView {
  policyNumber: string;
  productCode: string;
  productName: { ru: string; kk: string };
  timeZone: string;
  activatedOn: LocalDate;
  startsOn: LocalDate;
  /** last covered day, inclusive */
  lastDay: LocalDate;
  status: CoverageStatus['status'];
}

const dayOf = (date: Date) => date.toISOString().slice(0, 10) as LocalDate;

/** Every activation of the person, oldest first, with its coverage status at `now`. */
export async function policiesOfPerson(db: DbOrTx, personId: string, now: Date): Promise<PolicyStatusView[]> {
  const activations = await db.activation.findMany({
    where: { personId },
    orderBy: { activatedAt: 'asc' },
    include: { policy: { include: { product: { include: { programme: true } } } } },
  });
  return activations.map((activation) => {
    const zone = activation.policy.product.programme.timeZone;
    const startsOn = dayOf(activation.coverageStart);
    const lastDay = dayOf(activation.coverageEnd);
    const activatedOn = toLocalDate(activation.activatedAt, zone);
    const status = coverageStatus(
      { activatedOn, startsOn, lastDay, endsBefore: addDays(lastDay, 1) },
      now,
      zone,
    );
    return {
      policyNumber: activation.policy.number,
      productCode: activation.policy.product.code,
      productName: { ru: activation.policy.product.nameRu, kk: activation.policy.product.nameKk },
      timeZone: zone,
      activatedOn,
      startsOn,
      lastDay,
      status: status.status,
    };
  });
}
