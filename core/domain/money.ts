/**
 * Money as an integer count of minor units (tiyn for KZT, kopecks for RUB).
 *
 * `amount` is a JS number restricted to safe integers (|amount| ≤ 2^53 − 1, i.e. 90 trillion
 * tenge), not a bigint: it serialises to JSON and fits Postgres `bigint` through Prisma without
 * conversions, and no bill comes near the limit. Products that could overflow (amount × rate)
 * are computed in bigint internally and checked back into the safe range.
 */
export const CURRENCIES = ['KZT', 'RUB'] as const;
export type Currency = (typeof CURRENCIES)[number];

export interface Money {
  /** Integer minor units (tiyn, kopecks); a safe integer. */
  readonly amount: number;
  readonly currency: Currency;
}

/** Both currencies have 100 minor units. */
export const MINOR_UNITS = 100;

/**
 * A share in basis points: 1 bp = 0.01 %, 2000 = 20 %, 10 000 = 100 %. Integer, so percentages like
 * 12.5 % (1250) stay exact without floating point.
 */
export type BasisPoints = number;
export const BASIS_POINTS_PER_WHOLE = 10_000;

const CURRENCY_SIGNS: Record<Currency, string> = { KZT: '₸', RUB: '₽' };

export function money(amount: number, currency: Currency): Money {
  if (!Number.isSafeInteger(amount))
    throw new RangeError(`money amount must be a safe integer of minor units, got ${amount}`);
  return { amount, currency };
}

export function zero(currency: Currency): Money {
  return { amount: 0, currency };
}

export function addMoney(a: Money, b: Money): Money {
  assertSameCurrency(a, b);
  return money(a.amount + b.amount, a.currency);
}

export function sumMoney(items: readonly Money[], currency: Currency): Money {
  return items.reduce(addMoney, zero(currency));
}

/** Cost of `quantity` units at `unitCost` each; quantity is a whole number ≥ 0. */
export function multiplyMoney(unitCost: Money, quantity: number): Money {
  if (!Number.isSafeInteger(quantity) || quantity < 0)
    throw new RangeError(`quantity must be a whole number ≥ 0, got ${quantity}`);
  return money(toSafeNumber(BigInt(unitCost.amount) * BigInt(quantity)), unitCost.currency);
}

/**
 * `share` basis points of `base`, rounded half-up to the minor unit (half away from zero for negative
 * amounts, so a refund mirrors its charge): 20 % of 0.03 ₸ → 0.006 → 0.01 ₸; 20 % of 0.02 ₸ → 0.004 → 0.00 ₸.
 */
export function percentOf(base: Money, share: BasisPoints): Money {
  if (!Number.isSafeInteger(share) || share < 0)
    throw new RangeError(`basis points must be a whole number ≥ 0, got ${share}`);
  return money(toSafeNumber(divideRoundHalfUp(BigInt(base.amount) * BigInt(share), 10_000n)), base.currency);
}

/** numerator / denominator rounded half away from zero; denominator > 0. */
export function divideRoundHalfUp(numerator: bigint, denominator: bigint): bigint {
  const magnitude = numerator < 0n ? -numerator : numerator;
  const rounded = (2n * magnitude + denominator) / (2n * denominator);
  return numerator < 0n ? -rounded : rounded;
}

export type MoneyLocale = 'ru' | 'kk';

export interface FormatMoneyOptions {
  /**
   * The character between digit groups and before the currency sign.
   * 'nbsp' (default, U+00A0) keeps '12 345,67 ₸' on one line in HTML, PDF and Telegram;
   * 'space' (U+0020) for SMS, where U+00A0 would force UCS-2 or be dropped by gateways.
   * ICU versions differ (U+00A0 vs narrow U+202F), so the output is normalised to exactly this.
   */
  space?: 'nbsp' | 'space';
}

const formatters = new Map<MoneyLocale, Intl.NumberFormat>();

/** '12 345,67 ₸', '-0,05 ₽' (ru and kk group and punctuate the same way). */
export function formatMoney(
  value: Money,
  locale: MoneyLocale = 'ru',
  options: FormatMoneyOptions = {},
): string {
  let formatter = formatters.get(locale);
  if (!formatter) {
    formatter = new Intl.NumberFormat(locale, {
      minimumFractionDigits: 2,
      maximumFractionDigits: 2,
      useGrouping: true,
    });
    formatters.set(locale, formatter);
  }
  const space = options.space === 'space' ? ' ' : '\u00a0';
  // A decimal string (Intl.NumberFormat v3) keeps every digit exact, unlike amount / 100.
  const number = formatter
    .format(toDecimalString(value.amount) as `${number}`)
    .replace(/[\s\u00a0\u202f]/g, space);
  return `${number}${space}${CURRENCY_SIGNS[value.currency]}`;
}

/** Minor units as a plain decimal string: 123456 → '1234.56', -5 → '-0.05'. */
export function toDecimalString(amount: number): string {
  const sign = amount < 0 ? '-' : '';
  const digits = String(Math.abs(amount)).padStart(3, '0');
  return `${sign}${digits.slice(0, -2)}.${digits.slice(-2)}`;
}

export type MoneyParseFailure = 'empty' | 'format' | 'ambiguous' | 'precision' | 'range';

export type MoneyParseResult = { ok: true; money: Money } | { ok: false; reason: MoneyParseFailure };

/**
 * Parses a decimal amount from a CSV cell or a form: '1234.5', '1 234,50', '-12', '0,07'.
 * Spaces (including U+00A0/U+202F) and apostrophes may group digits; the single '.' or ',' is the
 * decimal mark. Both marks at once ('1,234.50', '1.234,50') are refused as ambiguous rather than guessed,
 * and '1,234' reads as 1.234, refused for precision (over 2 decimals), never silently as 1234.
 */
export function parseMoney(text: string, currency: Currency): MoneyParseResult {
  const compact = text.trim().replace(/[\s\u00a0\u202f']/g, '');
  if (compact === '') return { ok: false, reason: 'empty' };
  if (compact.includes('.') && compact.includes(',')) return { ok: false, reason: 'ambiguous' };
  const match = /^([+-]?)(\d+)(?:[.,](\d+))?$/.exec(compact);
  if (!match) return { ok: false, reason: 'format' };
  const [, sign, whole = '', fraction = ''] = match;
  if (fraction.length > 2) return { ok: false, reason: 'precision' };
  const minor = BigInt(whole) * 100n + BigInt(fraction.padEnd(2, '0'));
  const signed = sign === '-' ? -minor : minor;
  if (signed > BigInt(Number.MAX_SAFE_INTEGER) || signed < BigInt(Number.MIN_SAFE_INTEGER)) {
    return { ok: false, reason: 'range' };
  }
  return { ok: true, money: { amount: Number(signed), currency } };
}

function toSafeNumber(value: bigint): number {
  if (value > BigInt(Number.MAX_SAFE_INTEGER) || value < BigInt(Number.MIN_SAFE_INTEGER)) {
    throw new RangeError(`money amount ${value} is outside the safe integer range`);
  }
  return Number(value);
}

function assertSameCurrency(a: Money, b: Money): void {
  if (a.currency !== b.currency) throw new Error(`cannot combine ${a.currency} and ${b.currency}`);
}
