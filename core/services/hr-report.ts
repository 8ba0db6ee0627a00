/**
 * The employer's franchise debt report as an XLSX file (seed 002 item 4: "в течение 2 месяцев
 * страховая компания направляет отчёт о задолженности по франшизе работодателю"): sheet 1 is one
 * row per unpaid bill, the longest overdue first, with a total row; sheet 2 the summary. Texts in
 * the link's language; amounts in major units with 2 decimals, dates as real dates.
 */
import ExcelJS from 'exceljs';
import { toDecimalString } from '../domain/money';
import type { I18n, Language } from '../i18n';
import { formatAmount } from '../i18n';
import type { DebtReport } from './hr';

const major = (minor: number) => Number(toDecimalString(minor));
const asDate = (day: string) => new Date(`${day}T00:00:00.000Z`);

export const DEBT_REPORT_COLUMNS = [
  { id: 'number', title: 'hr-col-number', width: 12 },
  { id: 'name', title: 'hr-col-name', width: 36 },
  { id: 'status', title: 'hr-col-status', width: 26 },
  { id: 'bill', title: 'hr-col-bill', width: 16 },
  { id: 'period', title: 'hr-col-period', width: 10 },
  { id: 'issued', title: 'hr-col-issued', width: 12 },
  { id: 'due', title: 'hr-col-due', width: 12 },
  { id: 'days', title: 'hr-col-days', width: 10 },
  { id: 'amount', title: 'hr-col-amount', width: 16 },
  { id: 'penalty', title: 'hr-col-penalty', width: 14 },
  { id: 'state', title: 'hr-col-state', width: 22 },
  { id: 'currency', title: 'hr-col-currency', width: 8 },
] as const;

/** `debts-<employer>-<YYYY-MM-DD>.xlsx` (ASCII: Slack and mail clients keep it as is). */
export function debtReportFileName(employerCode: string, asOf: string): string {
  return `debts-${employerCode.replace(/[^A-Za-z0-9_-]+/g, '_')}-${asOf}.xlsx`;
}

export async function buildDebtReportXlsx(report: DebtReport, i18n: I18n, lang: Language): Promise<Buffer> {
  const t = (key: string, params?: Record<string, string | number>) => i18n.t(lang, key, params);
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'insurance-assistant';
  workbook.created = asDate(report.asOf);

  const sheet = workbook.addWorksheet(t('hr-report-sheet'), { views: [{ state: 'frozen', ySplit: 2 }] });
  sheet.addRow([t('hr-report-heading', { employer: report.employerName, date: report.asOf })]).font = {
    bold: true,
  };
  const header = sheet.addRow(DEBT_REPORT_COLUMNS.map((column) => t(column.title)));
  header.font = { bold: true };
  DEBT_REPORT_COLUMNS.forEach((column, index) => {
    sheet.getColumn(index + 1).width = column.width;
  });

  let total = 0;
  let penalty = 0;
  for (const debtor of report.debtors) {
    for (const bill of debtor.bills) {
      total += bill.total;
      penalty += bill.penalty;
      sheet.addRow([
        debtor.employeeNumber,
        debtor.fullName,
        t(`hr-status-${debtor.status}`),
        bill.number,
        bill.period,
        asDate(bill.issuedOn),
        asDate(bill.dueDate),
        bill.daysOverdue,
        major(bill.total),
        major(bill.penalty),
        bill.state === 'overdue' ? t('hr-state-overdue', { days: bill.daysOverdue }) : t('hr-state-unpaid'),
        report.currency,
      ]);
    }
  }
  const totalRow = sheet.addRow([
    t('hr-report-total'),
    '',
    '',
    '',
    '',
    null,
    null,
    null,
    major(total),
    major(penalty),
    '',
    report.currency,
  ]);
  totalRow.font = { bold: true };
  sheet.getColumn(6).numFmt = 'dd.mm.yyyy';
  sheet.getColumn(7).numFmt = 'dd.mm.yyyy';
  sheet.getColumn(9).numFmt = '#,##0.00';
  sheet.getColumn(10).numFmt = '#,##0.00';
  sheet.autoFilter = { from: { row: 2, column: 1 }, to: { row: 2, column: DEBT_REPORT_COLUMNS.length } };

  const summary = workbook.addWorksheet(t('hr-report-sheet-summary'));
  const s = report.summary;
  const money = (minor: number) => formatAmount(lang, minor, report.currency);
  const rows: [string, string | number][] = [
    [t('hr-summary-title', { employer: report.employerName }), ''],
    [t('hr-summary-asof', { date: report.asOf }), ''],
    [t('hr-field-roster'), s.roster],
    [t('hr-field-registered'), s.registered],
    [t('hr-field-franchise-active'), s.franchiseActive],
    [t('hr-field-franchise-pending'), s.franchisePending],
    [t('hr-field-emergency'), s.emergencyOnly],
    [t('hr-field-debt'), money(s.debtTotal)],
    [t('hr-field-overdue'), money(s.overdueTotal)],
    [t('hr-field-penalty'), money(s.penaltyTotal)],
  ];
  for (const row of rows) summary.addRow(row);
  summary.getColumn(1).width = 40;
  summary.getColumn(2).width = 24;
  summary.getRow(1).font = { bold: true };

  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** '2026-03' → ru «март 2026», kk «2026 жылғы наурыз». */
export function formatReportMonth(i18n: I18n, lang: Language, month: string): string {
  const [year, number] = month.split('-').map(Number) as [number, number];
  return i18n.t(lang, 'hr-month-label', { year: String(year), name: i18n.t(lang, `hr-month-${number}`) });
}
