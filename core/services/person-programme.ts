import type { Db, Tx } from '../db';

/** The programme that applies to a person now, for SOS numbers and the clinics map. */
export interface PersonProgramme {
  code: string;
  name: string;
  kind: 'telemed' | 'dms' | 'emergency_only';
  timeZone: string;
  emergencyPhones: string[];
  /** true when it comes from a DMS membership (clinics of that programme serve the person) */
  dms: boolean;
}

const SELECT = {
  code: true,
  name: true,
  kind: true,
  timeZone: true,
  emergencyPhones: true,
  emergencyProgrammeCode: true,
} as const;

/**
 * A DMS member's programme first (the latest registration); a member moved to emergency-only care
 * for non-payment (seed 002 item 8) gets the emergency programme their programme names. Otherwise
 * the programme of the person's latest «Личный врач» / «Детский доктор» activation. Null: neither.
 */
export async function programmeOfPerson(
  db: Db | Tx,
  personId: string | null,
): Promise<PersonProgramme | null> {
  if (!personId) return null;
  const member = await db.member.findFirst({
    where: { personId },
    orderBy: { registeredAt: 'desc' },
    select: { status: true, programme: { select: SELECT } },
  });
  if (member) {
    let programme = member.programme;
    if (member.status === 'emergency_only' && programme.emergencyProgrammeCode) {
      programme =
        (await db.programme.findUnique({
          where: { code: programme.emergencyProgrammeCode },
          select: SELECT,
        })) ?? programme;
    }
    return { ...pick(programme), dms: true };
  }
  const activation = await db.activation.findFirst({
    where: { personId },
    orderBy: { activatedAt: 'desc' },
    select: { policy: { select: { product: { select: { programme: { select: SELECT } } } } } },
  });
  return activation ? { ...pick(activation.policy.product.programme), dms: false } : null;
}

function pick(programme: {
  code: string;
  name: string;
  kind: PersonProgramme['kind'];
  timeZone: string;
  emergencyPhones: string[];
}): Omit<PersonProgramme, 'dms'> {
  return {
    code: programme.code,
    name: programme.name,
    kind: programme.kind,
    timeZone: programme.timeZone,
    emergencyPhones: programme.emergencyPhones,
  };
}
