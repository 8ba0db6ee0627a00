/**
 * Block Kit for HR in Slack: the read models of core/services/hr.ts in the link's language. Amounts
 * go through core/i18n formatAmount; user data is escaped for Slack's mrkdwn.
 */
import type { types } from '@slack/bolt';
import { formatAmount, type I18n, type Language, languages } from '../../../core/i18n';
import type { DebtBill, DebtorRow, EmployeeDetail, EmployerSummary, HrLink } from '../../../core/services/hr';

type Block = types.KnownBlock;

/** Slack mrkdwn control characters (https://docs.slack.dev/messaging/formatting-message-text#escaping). */
export function esc(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Slack limits: 50 blocks per message, 10 fields per section, 3000 characters per text. */
export const MAX_DEBTOR_ROWS = 40;
const MAX_BILL_LINES = 25;

const mrkdwn = (text: string) => ({ type: 'mrkdwn' as const, text: text.slice(0, 3000) });

function header(text: string): Block {
  return { type: 'header', text: { type: 'plain_text', text: text.slice(0, 150), emoji: true } };
}

function context(text: string): Block {
  return { type: 'context', elements: [mrkdwn(text)] };
}

export interface Renderer {
  lang: Language;
  t(key: string, params?: Record<string, string | number>): string;
  money(minor: number): string;
}

export function renderer(i18n: I18n, lang: Language, currency: string): Renderer {
  return {
    lang,
    t: (key, params) => i18n.t(lang, key, params),
    money: (minor) => formatAmount(lang, minor, currency),
  };
}

export function summaryBlocks(r: Renderer, summary: EmployerSummary): Block[] {
  const field = (label: string, value: string | number) => mrkdwn(`*${label}*\n${value}`);
  return [
    header(r.t('hr-summary-title', { employer: summary.employerName })),
    context(r.t('hr-summary-asof', { date: summary.asOf })),
    {
      type: 'section',
      fields: [
        field(r.t('hr-field-roster'), summary.roster),
        field(r.t('hr-field-registered'), summary.registered),
        field(r.t('hr-field-franchise-active'), summary.franchiseActive),
        field(r.t('hr-field-franchise-pending'), summary.franchisePending),
        field(r.t('hr-field-emergency'), summary.emergencyOnly),
        field(
          r.t('hr-field-debt'),
          r.t('hr-field-debt-value', {
            amount: r.money(summary.debtTotal),
            bills: summary.unpaidBills,
            debtors: summary.debtors,
          }),
        ),
        field(
          r.t('hr-field-overdue'),
          r.t('hr-field-overdue-value', {
            amount: r.money(summary.overdueTotal),
            bills: summary.overdueBills,
            debtors: summary.overdueDebtors,
          }),
        ),
        field(r.t('hr-field-penalty'), r.money(summary.penaltyTotal)),
      ],
    },
  ];
}

/** The summary as one line of plain text (notification fallback `text`). */
export function summaryText(r: Renderer, summary: EmployerSummary): string {
  return [
    r.t('hr-summary-title', { employer: summary.employerName }),
    `${r.t('hr-field-registered')}: ${summary.registered}`,
    `${r.t('hr-field-franchise-active')}: ${summary.franchiseActive}`,
    `${r.t('hr-field-debt')}: ${r.money(summary.debtTotal)}`,
    `${r.t('hr-field-overdue')}: ${r.money(summary.overdueTotal)}`,
  ].join(' · ');
}

export function debtorsBlocks(
  r: Renderer,
  employerName: string,
  asOf: string,
  debtors: DebtorRow[],
  command: string,
): Block[] {
  const blocks: Block[] = [
    header(r.t('hr-debtors-title', { employer: employerName })),
    context(r.t('hr-summary-asof', { date: asOf })),
  ];
  if (debtors.length === 0) {
    blocks.push({ type: 'section', text: mrkdwn(r.t('hr-debtors-none')) });
    return blocks;
  }
  for (const debtor of debtors.slice(0, MAX_DEBTOR_ROWS)) {
    blocks.push({
      type: 'section',
      fields: [
        mrkdwn(
          `*${esc(debtor.fullName)}*\n${r.t('hr-debtor-number', { number: esc(debtor.employeeNumber) })}`,
        ),
        mrkdwn(r.t('hr-debtor-debt', { amount: r.money(debtor.debt) })),
        mrkdwn(r.t('hr-debtor-days', { days: debtor.daysOverdue })),
        mrkdwn(r.t(`hr-status-${debtor.status}`)),
      ],
    });
  }
  if (debtors.length > MAX_DEBTOR_ROWS)
    blocks.push(context(r.t('hr-debtors-more', { count: debtors.length - MAX_DEBTOR_ROWS, command })));
  return blocks;
}

export function billLine(r: Renderer, bill: DebtBill): string {
  const state =
    bill.state === 'paid'
      ? bill.paidOn
        ? r.t('hr-state-paid', { date: bill.paidOn })
        : r.t('hr-state-unpaid')
      : bill.state === 'overdue'
        ? r.t('hr-state-overdue', { days: bill.daysOverdue })
        : r.t('hr-state-unpaid');
  return `• ${r.t('hr-employee-bill', {
    number: esc(bill.number),
    period: bill.period,
    amount: r.money(bill.total),
    due: bill.dueDate,
    state,
  })}`;
}

export function employeeBlocks(r: Renderer, detail: EmployeeDetail): Block[] {
  const facts: string[] = [];
  if (!detail.inRoster) facts.push(r.t('hr-employee-left'));
  if (!detail.registered) facts.push(r.t('hr-employee-not-registered'));
  else {
    facts.push(`*${r.t(`hr-status-${detail.status ?? 'none'}`)}*`);
    if (detail.franchise === 'none') facts.push(r.t('hr-employee-franchise-none'));
    else
      facts.push(
        r.t(
          detail.franchise === 'active' ? 'hr-employee-franchise-active' : 'hr-employee-franchise-pending',
          {
            date: detail.franchiseEffectiveOn ?? '',
          },
        ),
      );
    if (detail.movedToEmergencyOn)
      facts.push(r.t('hr-employee-emergency', { date: detail.movedToEmergencyOn }));
    facts.push(r.t('hr-employee-debt', { amount: r.money(detail.debt), penalty: r.money(detail.penalty) }));
  }
  const blocks: Block[] = [
    header(r.t('hr-employee-title', { name: detail.fullName, number: detail.employeeNumber })),
    { type: 'section', text: mrkdwn(facts.join('\n')) },
  ];
  if (detail.registered) {
    const lines = detail.bills.slice(0, MAX_BILL_LINES).map((bill) => billLine(r, bill));
    blocks.push({
      type: 'section',
      text: mrkdwn(lines.length > 0 ? lines.join('\n') : r.t('hr-employee-no-bills')),
    });
  }
  return blocks;
}

export function languageButtons(link: HrLink): Block {
  return {
    type: 'actions',
    block_id: `hr_language.${link.id}`,
    elements: (['ru', 'kk'] as const).map((lang) => ({
      type: 'button' as const,
      action_id: `hr_language_${lang}`,
      value: link.id,
      text: { type: 'plain_text' as const, text: lang === 'ru' ? 'Русский' : 'Қазақша' },
      ...(link.language === lang ? { style: 'primary' as const } : {}),
    })),
  };
}

export interface HomeSection {
  link: HrLink;
  summary: EmployerSummary;
}

/** The Home tab: a summary and language buttons per employer the user may see, or a refusal. */
export function homeView(
  i18n: I18n,
  sections: HomeSection[],
  command: string,
  notice?: string,
): types.HomeView {
  const blocks: Block[] = [];
  if (notice) blocks.push({ type: 'section', text: mrkdwn(notice) });
  if (sections.length === 0) {
    blocks.push(header(languages.map((lang) => i18n.t(lang, 'hr-home-title')).join(' / ')));
    for (const lang of languages)
      blocks.push({ type: 'section', text: mrkdwn(i18n.t(lang, 'hr-refused-home', { command })) });
    return { type: 'home', blocks };
  }
  for (const [index, { link, summary }] of sections.entries()) {
    const r = renderer(i18n, link.language, link.currency);
    if (index > 0) blocks.push({ type: 'divider' });
    blocks.push(...summaryBlocks(r, summary));
    blocks.push(context(r.t('hr-home-language', { employer: esc(link.employerName) })));
    blocks.push(languageButtons(link));
    blocks.push(context(r.t('hr-home-hint', { command })));
  }
  return { type: 'home', blocks: blocks.slice(0, 100) };
}
