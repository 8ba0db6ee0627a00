/**
 * «Мои счета» (seed 002 items 9 and slides 5–7): the bills of a person, newest first, with their
 * state; a bill's lines (service date, clinic, service, quantity, cost, franchise). Read-only;
 * paying is core/services/payments.ts. Amounts are integer minor units.
 */
import type { DbOrTx } from '../db';
import { type BillState, billState } from '../domain/dunning';
import type { LocalDate } from '../domain/local-date';

export interface BillSummary {
  id: string;
  number: string;
  period: string;
  currency: 'KZT' | 'RUB';
  total: number;
  issuedAt: Date;
  dueDate: LocalDate;
  paidAt: Date | null;
  state: BillState;
  zone: string;
}

export interface BillLine {
  serviceDate: LocalDate;
  clinic: string;
  service: string;
  quantity: number;
  unitCost: number;
  cost: number;
  basisPoints: number;
  franchise: number;
  invoiceNumber: string;
}

export interface BillDetail extends BillSummary {
  lines: BillLine[];
}

export interface BillsPage {
  bills: BillSummary[];
  page: number;
  pages: number;
  total: number;
}

const day = (date: Date) => date.toISOString().slice(0, 10) as LocalDate;

const summarySelect = {
  id: true,
  number: true,
  period: true,
  currency: true,
  total: true,
  issuedAt: true,
  dueDate: true,
  paidAt: true,
  status: true,
  member: { select: { programme: { select: { timeZone: true } } } },
} as const;

type SummaryRow = {
  id: string;
  number: string;
  period: string;
  currency: 'KZT' | 'RUB';
  total: bigint;
  issuedAt: Date;
  dueDate: Date;
  paidAt: Date | null;
  status: 'unpaid' | 'paid' | 'overdue';
  member: { programme: { timeZone: string } };
};

function toSummary(row: SummaryRow, now: Date): BillSummary {
  const zone = row.member.programme.timeZone;
  const dueDate = day(row.dueDate);
  // the row's status is the truth about payment; the day decides unpaid vs overdue
  const state: BillState = row.status === 'paid' ? 'paid' : billState({ dueDate, paidAt: null }, now, zone);
  return {
    id: row.id,
    number: row.number,
    period: row.period,
    currency: row.currency,
    total: Number(row.total),
    issuedAt: row.issuedAt,
    dueDate,
    paidAt: row.paidAt,
    state,
    zone,
  };
}

const ofPerson = (personId: string) => ({ member: { personId } });

/** A page of the person's bills, newest first (page is 0-based and clamped). */
export async function listBills(
  db: DbOrTx,
  personId: string,
  options: { page: number; pageSize: number; now: Date },
): Promise<BillsPage> {
  const total = await db.bill.count({ where: ofPerson(personId) });
  const pages = Math.max(1, Math.ceil(total / options.pageSize));
  const page = Math.min(Math.max(0, options.page), pages - 1);
  const rows = await db.bill.findMany({
    where: ofPerson(personId),
    orderBy: [{ issuedAt: 'desc' }, { number: 'desc' }],
    skip: page * options.pageSize,
    take: options.pageSize,
    select: summarySelect,
  });
  return { bills: rows.map((row) => toSummary(row, options.now)), page, pages, total };
}

/** Every unpaid bill of the person (for choosing what to pay), oldest due first. */
export async function unpaidBills(db: DbOrTx, personId: string, now: Date): Promise<BillSummary[]> {
  const rows = await db.bill.findMany({
    where: { ...ofPerson(personId), status: { not: 'paid' } },
    orderBy: [{ dueDate: 'asc' }, { number: 'asc' }],
    select: summarySelect,
  });
  return rows.map((row) => toSummary(row, now));
}

/** One bill with its lines, or null when it is not this person's. */
export async function billDetail(
  db: DbOrTx,
  personId: string,
  billId: string,
  now: Date,
): Promise<BillDetail | null> {
  const rows = await billDetails(db, personId, [billId], now);
  return rows[0] ?? null;
}

/** Bills with their lines (all of the person's when `billIds` is null), newest first. */
export async function billDetails(
  db: DbOrTx,
  personId: string,
  billIds: readonly string[] | null,
  now: Date,
): Promise<BillDetail[]> {
  const rows = await db.bill.findMany({
    where: { ...ofPerson(personId), ...(billIds ? { id: { in: [...billIds] } } : {}) },
    orderBy: [{ issuedAt: 'desc' }, { number: 'desc' }],
    select: {
      ...summarySelect,
      charges: {
        select: {
          basisPoints: true,
          amount: true,
          serviceLine: {
            select: {
              serviceDate: true,
              serviceName: true,
              quantity: true,
              unitCost: true,
              cost: true,
              lineNo: true,
              invoice: { select: { number: true, clinic: { select: { name: true } } } },
            },
          },
        },
      },
    },
  });
  return rows.map((row) => ({
    ...toSummary(row, now),
    lines: row.charges
      .map((charge) => ({
        serviceDate: day(charge.serviceLine.serviceDate),
        clinic: charge.serviceLine.invoice.clinic.name,
        service: charge.serviceLine.serviceName,
        quantity: charge.serviceLine.quantity,
        unitCost: Number(charge.serviceLine.unitCost),
        cost: Number(charge.serviceLine.cost),
        basisPoints: charge.basisPoints,
        franchise: Number(charge.amount),
        invoiceNumber: charge.serviceLine.invoice.number,
        lineNo: charge.serviceLine.lineNo,
      }))
      .sort((a, b) =>
        a.serviceDate < b.serviceDate ? -1 : a.serviceDate > b.serviceDate ? 1 : a.lineNo - b.lineNo,
      )
      .map(({ lineNo: _lineNo, ...line }) => line),
  }));
}
