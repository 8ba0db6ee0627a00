/**
 * «Мои счета» → a table file (seed 002 slide 7: "выгрузить информацию по счету в табличном
 * формате"): one row per service line, with its bill. XLSX keeps real dates and numbers (amounts in
 * major units with 2 decimals); CSV is UTF-8 with BOM and `;` so Excel opens it in ru/kk locales.
 */

import { stringify } from 'csv-stringify/sync';
import ExcelJS from 'exceljs';
import { toDecimalString } from '../../domain/money';
import type { BillDetail } from '../../services/bills';
import { type MessageLanguage, type Translator, translate } from '../i18n-port';

const COLUMNS = [
  'billing-col-bill',
  'billing-col-period',
  'billing-col-issued',
  'billing-col-due',
  'billing-col-status',
  'billing-col-service-date',
  'billing-col-clinic',
  'billing-col-invoice',
  'billing-col-service',
  'billing-col-quantity',
  'billing-col-unit-cost',
  'billing-col-cost',
  'billing-col-share',
  'billing-col-franchise',
  'billing-col-currency',
] as const;

const STATUS_KEYS = {
  unpaid: 'billing-status-unpaid',
  paid: 'billing-status-paid',
  overdue: 'billing-status-overdue',
};

function dayOf(date: Date, zone: string): string {
  return new Intl.DateTimeFormat('en-CA', {
    timeZone: zone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(date);
}

interface Row {
  bill: string;
  period: string;
  issued: string;
  due: string;
  status: string;
  serviceDate: string;
  clinic: string;
  invoice: string;
  service: string;
  quantity: number;
  unitCost: number;
  cost: number;
  share: number;
  franchise: number;
  currency: string;
}

function rowsOf(bills: readonly BillDetail[], i18n: Translator, language: MessageLanguage): Row[] {
  const rows: Row[] = [];
  for (const bill of bills) {
    const status = translate(i18n, language, STATUS_KEYS[bill.state]);
    for (const line of bill.lines) {
      rows.push({
        bill: bill.number,
        period: bill.period,
        issued: dayOf(bill.issuedAt, bill.zone),
        due: bill.dueDate,
        status,
        serviceDate: line.serviceDate,
        clinic: line.clinic,
        invoice: line.invoiceNumber,
        service: line.service,
        quantity: line.quantity,
        unitCost: line.unitCost,
        cost: line.cost,
        share: line.basisPoints,
        franchise: line.franchise,
        currency: bill.currency,
      });
    }
  }
  return rows;
}

export function exportFileName(bills: readonly BillDetail[], extension: 'xlsx' | 'csv'): string {
  return bills.length === 1 ? `bill-${bills[0]!.number}.${extension}` : `bills.${extension}`;
}

export async function billsToXlsx(
  bills: readonly BillDetail[],
  i18n: Translator,
  language: MessageLanguage,
): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet(translate(i18n, language, 'billing-sheet-name'));
  sheet.columns = COLUMNS.map((key) => ({ header: translate(i18n, language, key), width: 16 }));
  sheet.getRow(1).font = { bold: true };
  const date = (text: string) => new Date(`${text}T00:00:00Z`);
  const money = (minor: number) => Number(toDecimalString(minor));
  for (const row of rowsOf(bills, i18n, language)) {
    const added = sheet.addRow([
      row.bill,
      row.period,
      date(row.issued),
      date(row.due),
      row.status,
      date(row.serviceDate),
      row.clinic,
      row.invoice,
      row.service,
      row.quantity,
      money(row.unitCost),
      money(row.cost),
      row.share / 10_000,
      money(row.franchise),
      row.currency,
    ]);
    for (const column of [3, 4, 6]) added.getCell(column).numFmt = 'dd.mm.yyyy';
    for (const column of [11, 12, 14]) added.getCell(column).numFmt = '#,##0.00';
    added.getCell(13).numFmt = '0.00%';
  }
  sheet.getColumn(9).width = 40;
  sheet.getColumn(7).width = 30;
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

export function billsToCsv(
  bills: readonly BillDetail[],
  i18n: Translator,
  language: MessageLanguage,
): Buffer {
  const decimal = (minor: number) => toDecimalString(minor).replace('.', ',');
  const records = rowsOf(bills, i18n, language).map((row) => [
    row.bill,
    row.period,
    row.issued,
    row.due,
    row.status,
    row.serviceDate,
    row.clinic,
    row.invoice,
    row.service,
    String(row.quantity),
    decimal(row.unitCost),
    decimal(row.cost),
    `${(row.share / 100).toFixed(2).replace('.', ',')}%`,
    decimal(row.franchise),
    row.currency,
  ]);
  const text = stringify([COLUMNS.map((key) => translate(i18n, language, key)), ...records], {
    delimiter: ';',
  });
  return Buffer.from(`\uFEFF${text}`, 'utf8');
}
