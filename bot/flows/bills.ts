import type { Button, Input, Reply } from '../../core/dialog';
import { createI18n, type I18n } from '../../core/i18n';
import { billsToCsv, billsToXlsx, exportFileName } from '../../core/integrations/documents/bills-export';
import { translate } from '../../core/integrations/i18n-port';
import { publicBaseUrl } from '../../core/services/billing';
import { type BillSummary, billDetail, billDetails, listBills, unpaidBills } from '../../core/services/bills';
import { createPaymentLink, paymentLinkUrl } from '../../core/services/payments';
import {
  button,
  type Flow,
  type FlowContext,
  type FlowState,
  linkButton,
  type StepResult,
  say,
} from '../engine/flow';

/**
 * «Мои счета» (seed 002 item 9, slides 5–7): the person's franchise bills, newest first, five per
 * page (‹ ›), each with its state (unpaid, «Оплачен», overdue) and due date; a bill's lines (service
 * date, clinic, service, quantity, cost, franchise); every bill or one bill as an XLSX or CSV file;
 * choosing several unpaid bills (toggle buttons) for ONE payment link. Paid bills can be opened
 * but never chosen: a stale button press on a bill paid meanwhile is answered and ignored.
 *
 * The flow stays open on its list until the user leaves (menu, /cancel), so the buttons of
 * earlier messages keep working; every action re-reads the database.
 */
export interface BillsData {
  page: number;
  /** bills chosen for payment */
  selected: string[];
  billId?: string;
}

type Step = 'list' | 'detail' | 'select';
type State = FlowState<BillsData>;
type Result = StepResult<BillsData>;

export const BILLS_PAGE_SIZE = 5;
/** lines shown in a bill's message; the rest are in the files */
export const BILL_LINES_SHOWN = 15;

let i18nInstance: I18n | undefined;
/** File headers and the lines of a bill's message are rendered here (one message, not dozens). */
function i18n(): I18n {
  i18nInstance ??= createI18n();
  return i18nInstance;
}

function personOf(ctx: FlowContext): string | null {
  return ctx.conversation.personId;
}

const itemParams = (bill: BillSummary) => ({
  number: bill.number,
  amount: bill.total,
  currency: bill.currency,
  date: bill.dueDate,
  status: bill.state,
});

function again(state: State, say: Reply[], data: Partial<BillsData> = {}): Result {
  return { kind: 'goto', step: state.step, data: { ...state.data, ...data }, say };
}

async function exportReply(
  ctx: FlowContext,
  personId: string,
  target: string,
  format: 'xlsx' | 'csv',
): Promise<Reply | null> {
  const bills = await billDetails(ctx.tx, personId, target === 'all' ? null : [target], ctx.now);
  if (bills.length === 0) return null;
  const content =
    format === 'xlsx'
      ? await billsToXlsx(bills, i18n(), ctx.language)
      : billsToCsv(bills, i18n(), ctx.language);
  return {
    type: 'document',
    fileName: exportFileName(bills, format),
    mimeType:
      format === 'xlsx' ? 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' : 'text/csv',
    contentBase64: content.toString('base64'),
    caption: { key: 'bills-export-caption' },
  };
}

async function payReplies(
  ctx: FlowContext,
  personId: string,
  billIds: string[],
): Promise<{ ok: true; say: Reply[] } | { ok: false; say: Reply[]; paid: string[] }> {
  const result = await createPaymentLink(ctx.tx, {
    personId,
    billIds,
    provider: ctx.app.config.PAYMENT_PROVIDER,
    now: ctx.now,
    ttlHours: ctx.app.config.PAYMENT_LINK_TTL_HOURS,
  });
  switch (result.kind) {
    case 'ok': {
      const url = paymentLinkUrl(publicBaseUrl(ctx.app.config), result.linkId);
      return {
        ok: true,
        say: [
          say(
            'bills-pay-link',
            { amount: result.amount, currency: result.currency, count: result.billIds.length },
            [[linkButton('bills-pay-open', url)]],
          ),
        ],
      };
    }
    case 'already_paid': {
      const paid = await ctx.tx.bill.findMany({
        where: { number: { in: result.numbers } },
        select: { id: true, number: true },
      });
      return {
        ok: false,
        paid: paid.map((bill) => bill.id),
        say: paid.map((bill) => say('bills-already-paid', { number: bill.number })),
      };
    }
    case 'mixed_currency':
      return { ok: false, paid: [], say: [say('bills-mixed-currency')] };
    case 'empty':
      return { ok: false, paid: [], say: [say('bills-pay-nothing')] };
    case 'not_yours':
      return { ok: false, paid: [], say: [say('bills-not-found')] };
  }
}

export const billsFlow: Flow<BillsData> = {
  name: 'bills',
  version: 1,

  async begin(ctx) {
    const personId = personOf(ctx);
    const member = personId
      ? await ctx.tx.member.findFirst({ where: { personId }, select: { id: true } })
      : null;
    if (!personId || !member) return { kind: 'end', say: [say('bills-no-member')] };
    const count = await ctx.tx.bill.count({ where: { member: { personId } } });
    if (count === 0) return { kind: 'end', say: [say('bills-none')] };
    return { kind: 'goto', step: 'list', data: { page: 0, selected: [] } };
  },

  async prompt(ctx, state) {
    const personId = personOf(ctx);
    if (!personId) return [say('bills-no-member')];
    const data = state.data;
    switch (state.step as Step) {
      case 'list': {
        const page = await listBills(ctx.tx, personId, {
          page: data.page,
          pageSize: BILLS_PAGE_SIZE,
          now: ctx.now,
        });
        if (page.total === 0) return [say('bills-none')];
        const rows: Button[][] = page.bills.map((bill) => [
          button('bills-item', `bl:open:${bill.id}`, itemParams(bill)),
        ]);
        const nav: Button[] = [];
        if (page.page > 0) nav.push(button('bills-prev', `bl:page:${page.page - 1}`));
        if (page.page < page.pages - 1) nav.push(button('bills-next', `bl:page:${page.page + 1}`));
        if (nav.length > 0) rows.push(nav);
        const anyUnpaid = await ctx.tx.bill.count({
          where: { member: { personId }, status: { not: 'paid' } },
        });
        if (anyUnpaid > 0) rows.push([button('bills-select-button', 'bl:select')]);
        rows.push([
          button('bills-export-all-xlsx', 'bl:xlsx:all'),
          button('bills-export-all-csv', 'bl:csv:all'),
        ]);
        return [
          say('bills-list-header', { count: page.total, page: page.page + 1, pages: page.pages }, rows),
        ];
      }
      case 'detail': {
        const bill = data.billId ? await billDetail(ctx.tx, personId, data.billId, ctx.now) : null;
        if (!bill) return [say('bills-not-found', undefined, [[button('bills-back-to-list', 'bl:list')]])];
        const lines = bill.lines.slice(0, BILL_LINES_SHOWN).map((line) =>
          translate(i18n(), ctx.language, 'bills-line', {
            date: line.serviceDate,
            clinic: line.clinic,
            service: line.service,
            quantity: line.quantity,
            cost: line.unitCost,
            amount: line.franchise,
            currency: bill.currency,
          }),
        );
        const more = bill.lines.length - lines.length;
        const buttons: Button[][] = [];
        if (bill.state !== 'paid') buttons.push([button('bills-pay-this', `bl:paybill:${bill.id}`)]);
        buttons.push([
          button('bills-export-xlsx', `bl:xlsx:${bill.id}`),
          button('bills-export-csv', `bl:csv:${bill.id}`),
        ]);
        buttons.push([button('bills-back-to-list', 'bl:list')]);
        const replies: Reply[] = [
          say('bills-detail', {
            number: bill.number,
            date: bill.issuedAt.toISOString().slice(0, 10),
            amount: bill.total,
            currency: bill.currency,
            status: bill.state,
          }),
        ];
        if (bill.state !== 'paid') replies.push(say('bills-detail-due', { date: bill.dueDate }));
        // the lines are user data (clinic and service names), passed as one parameter
        replies.push(
          say(
            'bills-detail-lines-text',
            {
              count: bill.lines.length,
              lines: [
                ...lines,
                ...(more > 0 ? [translate(i18n(), ctx.language, 'bills-lines-more', { count: more })] : []),
              ].join('\n'),
            },
            buttons,
          ),
        );
        return replies;
      }
      case 'select': {
        const unpaid = await unpaidBills(ctx.tx, personId, ctx.now);
        if (unpaid.length === 0)
          return [say('bills-select-none', undefined, [[button('bills-back-to-list', 'bl:list')]])];
        const chosen = unpaid.filter((bill) => data.selected.includes(bill.id));
        const total = chosen.reduce((sum, bill) => sum + bill.total, 0);
        const rows: Button[][] = unpaid.map((bill) => [
          button(
            data.selected.includes(bill.id) ? 'bills-toggle-on' : 'bills-toggle-off',
            `bl:toggle:${bill.id}`,
            {
              number: bill.number,
              amount: bill.total,
              currency: bill.currency,
            },
          ),
        ]);
        if (chosen.length > 0)
          rows.push([
            button('bills-pay-selected', 'bl:pay', { amount: total, currency: chosen[0]!.currency }),
          ]);
        rows.push([button('bills-back-to-list', 'bl:list')]);
        return [
          say(
            'bills-select-header',
            { count: chosen.length, amount: total, currency: unpaid[0]!.currency },
            rows,
          ),
        ];
      }
      default:
        return [say('bills-use-buttons')];
    }
  },

  async handle(ctx, state, input: Input) {
    const personId = personOf(ctx);
    if (!personId) return { kind: 'end', say: [say('bills-no-member')] };
    if (input.type !== 'button') return { kind: 'retry', say: [say('bills-use-buttons')] };
    const [prefix, action, arg = ''] = input.data.split(':');
    if (prefix !== 'bl') return { kind: 'retry', say: [say('bills-use-buttons')] };
    const data = state.data;
    const owned = async (billId: string) =>
      ctx.tx.bill.findFirst({
        where: { id: billId, member: { personId } },
        select: { id: true, number: true, status: true },
      });

    switch (action) {
      case 'list':
        return { kind: 'goto', step: 'list', data };
      case 'page':
        return { kind: 'goto', step: 'list', data: { ...data, page: Math.max(0, Number(arg) || 0) } };
      case 'open': {
        const bill = /^[0-9a-f-]{36}$/.test(arg) ? await owned(arg) : null;
        if (!bill) return again(state, [say('bills-not-found')]);
        return { kind: 'goto', step: 'detail', data: { ...data, billId: bill.id } };
      }
      case 'select':
        return { kind: 'goto', step: 'select', data };
      case 'toggle': {
        const bill = /^[0-9a-f-]{36}$/.test(arg) ? await owned(arg) : null;
        if (!bill) return again(state, [say('bills-not-found')]);
        if (bill.status === 'paid') {
          // a button of an older message: the bill was paid meanwhile and cannot be chosen
          return {
            kind: 'goto',
            step: 'select',
            data: { ...data, selected: data.selected.filter((id) => id !== bill.id) },
            say: [say('bills-already-paid', { number: bill.number })],
          };
        }
        const selected = data.selected.includes(bill.id)
          ? data.selected.filter((id) => id !== bill.id)
          : [...data.selected, bill.id];
        return { kind: 'goto', step: 'select', data: { ...data, selected } };
      }
      case 'pay':
      case 'paybill': {
        const ids = action === 'pay' ? data.selected : [arg];
        if (ids.length === 0) return again(state, [say('bills-pay-nothing')]);
        if (action === 'paybill' && !(/^[0-9a-f-]{36}$/.test(arg) && (await owned(arg))))
          return again(state, [say('bills-not-found')]);
        const paid = await payReplies(ctx, personId, ids);
        if (!paid.ok) {
          return again(state, paid.say, { selected: data.selected.filter((id) => !paid.paid.includes(id)) });
        }
        return again(state, paid.say, action === 'pay' ? { selected: [] } : {});
      }
      case 'xlsx':
      case 'csv': {
        if (arg !== 'all' && !(/^[0-9a-f-]{36}$/.test(arg) && (await owned(arg))))
          return again(state, [say('bills-not-found')]);
        const file = await exportReply(ctx, personId, arg, action);
        if (!file) return again(state, [say('bills-none')]);
        return again(state, [file]);
      }
      default:
        return { kind: 'retry', say: [say('bills-use-buttons')] };
    }
  },

  back(_ctx, state) {
    if (state.step === 'list') return undefined;
    return { kind: 'goto', step: 'list', data: state.data };
  },
};
