/**
 * HR data for the Slack tests: the demo employer (demo-factory, RUB, Europe/Moscow) with members,
 * franchise activations and bills in every state, and a second employer whose people HR of the
 * first must never see. "Today" is 2026-06-15 in Moscow.
 */
import { createHmac } from 'node:crypto';
import type { Db } from '../../../core/db';
import { seedDemo } from '../../../prisma/seed';
import type { TestContext } from '../../support/context';
import type { Params } from '../../support/slack-api-server';

export const NOW = new Date('2026-06-15T09:00:00Z'); // 12:00 in Moscow
export const SIGNING_SECRET = 'test-signing-secret-0123456789abcdef';
export const TEAM = 'T0TEST';
export const CHANNEL_A = 'C0HRA';
export const CHANNEL_B = 'C0HRB';
export const HR_B = 'U0HRB';

const NBSP = '\u00a0';
/** An amount as the app writes it in Russian: `1 234,50` → `1 234,50 ₽` with no-break spaces. */
export const rub = (text: string) => `${text.replace(/ /g, NBSP)}${NBSP}₽`;

const day = (text: string) => new Date(`${text}T00:00:00Z`);

export interface HrFixture {
  employerA: { id: string; code: string };
  employerB: { id: string; code: string };
  members: Record<string, string>;
  linkA: string;
  linkB: string;
  /** the expected summary of employer A on NOW */
  expected: {
    roster: number;
    registered: number;
    franchiseActive: number;
    franchisePending: number;
    emergencyOnly: number;
    unpaidBills: number;
    debtTotal: number;
    overdueBills: number;
    overdueTotal: number;
    debtorsOrder: string[];
  };
}

async function addMember(
  db: Db,
  entryId: string,
  programmeId: string,
  options: {
    franchiseFrom?: string;
    emergencyOn?: string;
    bills?: {
      number: string;
      period: string;
      total: number;
      due: string;
      status?: 'unpaid' | 'paid' | 'overdue';
    }[];
  },
): Promise<string> {
  const entry = await db.rosterEntry.findUniqueOrThrow({ where: { id: entryId } });
  const person = await db.person.create({ data: { fullName: entry.fullName, phone: entry.phone } });
  const member = await db.member.create({
    data: {
      personId: person.id,
      rosterEntryId: entry.id,
      programmeId,
      registeredAt: day('2026-01-05'),
      channel: 'telegram',
      phoneVerifiedAt: day('2026-01-05'),
      ...(options.emergencyOn
        ? {
            status: 'emergency_only' as const,
            movedToEmergencyAt: new Date(`${options.emergencyOn}T07:00:00Z`),
          }
        : {}),
    },
  });
  if (options.franchiseFrom) {
    const consent = await db.consent.create({
      data: {
        personId: person.id,
        kind: 'franchise_rules',
        textVersion: 'test',
        language: 'ru',
        channel: 'telegram',
        acceptedAt: day('2026-01-05'),
      },
    });
    await db.franchiseActivation.create({
      data: {
        memberId: member.id,
        consentId: consent.id,
        basisPoints: 2000,
        requestedAt: day('2026-01-05'),
        effectiveAt: new Date(`${options.franchiseFrom}T00:00:00+03:00`),
      },
    });
  }
  for (const bill of options.bills ?? []) {
    await db.bill.create({
      data: {
        number: bill.number,
        memberId: member.id,
        period: bill.period,
        currency: 'RUB',
        total: BigInt(bill.total),
        issuedAt: day('2026-03-20'),
        dueDate: day(bill.due),
        status: bill.status ?? 'unpaid',
        ...(bill.status === 'paid' ? { paidAt: day('2026-05-01') } : {}),
      },
    });
  }
  return member.id;
}

export async function seedHrFixture(ctx: TestContext): Promise<HrFixture> {
  const db = ctx.db.prisma;
  await seedDemo(db, ctx.pii, NOW);
  const employerA = await db.employer.findUniqueOrThrow({ where: { code: 'demo-factory' } });
  const entries = Object.fromEntries(
    (await db.rosterEntry.findMany({ where: { employerId: employerA.id } })).map((entry) => [
      entry.employeeNumber,
      entry.id,
    ]),
  ) as Record<string, string>;
  const programmeId = employerA.programmeId;
  const members: Record<string, string> = {};
  members['T-001'] = await addMember(db, entries['T-001'] as string, programmeId, {
    franchiseFrom: '2026-01-10',
    bills: [
      { number: 'FR-2026-0001', period: '2026-03', total: 150_000, due: '2026-05-05' },
      { number: 'FR-2026-0101', period: '2026-05', total: 20_050, due: '2026-07-01' },
    ],
  });
  members['T-002'] = await addMember(db, entries['T-002'] as string, programmeId, {
    franchiseFrom: '2026-01-10',
    bills: [
      { number: 'FR-2026-0002', period: '2026-04', total: 99_999, due: '2026-06-01', status: 'overdue' },
    ],
  });
  members['T-003'] = await addMember(db, entries['T-003'] as string, programmeId, {
    franchiseFrom: '2026-06-16',
    bills: [{ number: 'FR-2026-0003', period: '2026-03', total: 50_000, due: '2026-05-05', status: 'paid' }],
  });
  members['T-004'] = await addMember(db, entries['T-004'] as string, programmeId, {
    franchiseFrom: '2026-01-10',
    emergencyOn: '2026-06-10',
    bills: [
      { number: 'FR-2026-0004', period: '2026-02', total: 300_000, due: '2026-04-30', status: 'overdue' },
    ],
  });

  const employerB = await db.employer.create({
    data: { code: 'other-co', name: 'АО «Другая компания»', programmeId },
  });
  const entryB = await db.rosterEntry.create({
    data: {
      employerId: employerB.id,
      employeeNumber: 'B-100',
      fullName: 'Иванов Иван Иванович',
      birthDate: day('1980-02-02'),
      phone: '+79160000100',
    },
  });
  members['B-100'] = await addMember(db, entryB.id, programmeId, {
    franchiseFrom: '2026-01-10',
    bills: [{ number: 'FR-2026-9000', period: '2026-03', total: 777_700, due: '2026-05-05' }],
  });

  const linkA = await db.hrSlackLink.create({
    data: { employerId: employerA.id, teamId: TEAM, channelId: CHANNEL_A, userIds: [], language: 'ru' },
  });
  const linkB = await db.hrSlackLink.create({
    data: { employerId: employerB.id, teamId: TEAM, channelId: CHANNEL_B, userIds: [HR_B], language: 'kk' },
  });

  return {
    employerA: { id: employerA.id, code: employerA.code },
    employerB: { id: employerB.id, code: employerB.code },
    members,
    linkA: linkA.id,
    linkB: linkB.id,
    expected: {
      roster: 6,
      registered: 4,
      franchiseActive: 3,
      franchisePending: 1,
      emergencyOnly: 1,
      unpaidBills: 4,
      debtTotal: 150_000 + 20_050 + 99_999 + 300_000,
      overdueBills: 3,
      overdueTotal: 150_000 + 99_999 + 300_000,
      debtorsOrder: ['T-004', 'T-001', 'T-002'],
    },
  };
}

/** Slack's request signature: v0=HMAC-SHA256(secret, "v0:{timestamp}:{raw body}"). */
export function slackSignature(secret: string, timestamp: number, body: string): string {
  return `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
}

/** The fields of a `/franchise <text>` slash command as Slack sends them (form body over HTTP, JSON in Socket Mode). */
export function slashCommandFields(
  text: string,
  responseUrl: string,
  who: { channel?: string; user?: string; team?: string; appId?: string } = {},
): Record<string, string> {
  return {
    token: 'legacy-verification-token',
    team_id: who.team ?? TEAM,
    team_domain: 'test',
    channel_id: who.channel ?? CHANNEL_A,
    channel_name: 'hr',
    user_id: who.user ?? 'U0HRA',
    user_name: 'hr',
    command: '/franchise',
    text,
    api_app_id: who.appId ?? 'A0APP',
    response_url: responseUrl,
    trigger_id: '1.2.3',
  };
}

export /** All the text of a reply: its `text` and every block's text and fields. */
function textOf(reply: Params): string {
  const parts: string[] = [String(reply.text ?? '')];
  const walk = (value: unknown) => {
    if (Array.isArray(value)) value.forEach(walk);
    else if (value && typeof value === 'object') {
      const object = value as Params;
      if (typeof object.text === 'string') parts.push(object.text);
      for (const [key, inner] of Object.entries(object))
        if (key !== 'text' || typeof inner !== 'string') walk(inner);
    }
  };
  walk(reply.blocks ?? reply.view?.blocks);
  return parts.join('\n');
}

/** The refusals audited so far, oldest first. */
export const refusals = (ctx: TestContext) =>
  ctx.db.prisma.auditLog.findMany({ where: { action: 'hr.refused' }, orderBy: { at: 'asc' } });
