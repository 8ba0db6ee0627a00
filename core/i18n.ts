import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { FluentBundle, FluentNumber, FluentResource, type FluentValue } from '@fluent/bundle';
import { CURRENCIES, type Currency, formatMoney, money } from './domain/money';
import type { Logger } from './log/logger';

/**
 * Every user-facing string lives in locales/<lang>.ftl (Fluent). Code refers to messages by id
 * (`{ key: 'activation-ask-policy' }`) and passes plain params; formatting of dates, money and
 * plurals happens here, per language:
 *
 * - plurals: Fluent selects on numbers with Intl.PluralRules of the bundle's locale
 *   (ru: one/few/many/other, kk: one/other);
 * - `DATE($date)`: a 'YYYY-MM-DD' calendar day → ru «15 декабря 2026 года», kk «2026 жылғы 15 желтоқсан»
 *   (the form of Kazakh official documents: year in the genitive «жылғы», day, month in the nominative);
 * - `MONEY($minor, currency: "KZT")`: integer minor units → «12 345,67 ₸» (no-break spaces, core/domain/money.ts).
 */
export type Language = 'ru' | 'kk';
export const languages: readonly Language[] = ['ru', 'kk'];

export type MessageParams = Record<string, string | number>;

export interface I18n {
  /** Formats message `key`; a missing key or a formatting error throws when strict, else logs and falls back. */
  t(lang: Language, key: string, params?: MessageParams): string;
  has(key: string, lang?: Language): boolean;
  keys(lang: Language): string[];
}

export interface I18nOptions {
  /** Throw on a missing key / formatting error (default: under vitest or NODE_ENV=test). */
  strict?: boolean;
  logger?: Pick<Logger, 'error'>;
  /** Directory of the .ftl files (default: <repo>/locales). */
  localesDir?: URL | string;
  /** Sources instead of files, for tests. */
  sources?: Partial<Record<Language, string>>;
}

/** kk if the hint (Telegram language_code, Accept-Language, widget choice) starts with "kk", else ru. */
export function pickLanguage(hint?: string | null): Language {
  return hint?.trim().toLowerCase().startsWith('kk') ? 'kk' : 'ru';
}

export function isLanguage(value: unknown): value is Language {
  return value === 'ru' || value === 'kk';
}

const MONTHS_RU_GENITIVE = [
  'января',
  'февраля',
  'марта',
  'апреля',
  'мая',
  'июня',
  'июля',
  'августа',
  'сентября',
  'октября',
  'ноября',
  'декабря',
];
const MONTHS_KK = [
  'қаңтар',
  'ақпан',
  'наурыз',
  'сәуір',
  'мамыр',
  'маусым',
  'шілде',
  'тамыз',
  'қыркүйек',
  'қазан',
  'қараша',
  'желтоқсан',
];

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** '2026-12-15' → ru «15 декабря 2026 года», kk «2026 жылғы 15 желтоқсан». */
export function formatDate(lang: Language, date: string): string {
  const match = ISO_DATE.exec(date.slice(0, 10));
  if (!match) throw new RangeError(`not a YYYY-MM-DD date: ${date}`);
  const year = Number(match[1]);
  const month = Number(match[2]);
  const day = Number(match[3]);
  if (month < 1 || month > 12 || day < 1 || day > 31) throw new RangeError(`not a calendar date: ${date}`);
  return lang === 'kk'
    ? `${year} жылғы ${day} ${MONTHS_KK[month - 1]}`
    : `${day} ${MONTHS_RU_GENITIVE[month - 1]} ${year} года`;
}

/** Integer minor units → «12 345,67 ₸» (core/domain/money.ts; ru and kk group the same way). */
export function formatAmount(lang: Language, minor: number, currency: string): string {
  if (!(CURRENCIES as readonly string[]).includes(currency))
    throw new RangeError(`unknown currency ${currency}`);
  return formatMoney(money(minor, currency as Currency), lang);
}

function unwrap(value: FluentValue | undefined): unknown {
  if (value === undefined) return undefined;
  return typeof value === 'string' ? value : value.valueOf();
}

const functions = (lang: Language) => ({
  DATE: ([date]: FluentValue[]) => formatDate(lang, String(unwrap(date))),
  MONEY: ([amount]: FluentValue[], named: Record<string, FluentValue>) => {
    const raw = unwrap(amount);
    return formatAmount(lang, Number(raw), String(unwrap(named.currency) ?? 'KZT'));
  },
  /** A plain number without grouping, e.g. for counts inside a sentence. */
  INT: ([value]: FluentValue[]) => new FluentNumber(Number(unwrap(value)), { useGrouping: false }),
});

function defaultStrict(): boolean {
  return process.env.VITEST !== undefined || process.env.NODE_ENV === 'test';
}

export class I18nError extends Error {
  override name = 'I18nError';
}

export function loadBundle(lang: Language, source: string): FluentBundle {
  const bundle = new FluentBundle(lang, { useIsolating: false, functions: functions(lang) });
  const errors = bundle.addResource(new FluentResource(source));
  if (errors.length > 0) {
    throw new I18nError(`locales/${lang}.ftl: ${errors.map((error) => error.message).join('; ')}`);
  }
  return bundle;
}

/**
 * The text of one language: locales/<lang>.ftl plus every locales/parts/*.<lang>.ftl (sorted), so
 * each channel or integration can keep its messages in a part of its own. A message id defined
 * twice is an error (loadBundle throws).
 */
export function readLocale(
  lang: Language,
  dir: URL | string = new URL('../locales/', import.meta.url),
): string {
  const base = typeof dir === 'string' ? dir.replace(/\/?$/, '/') : fileURLToPath(dir).replace(/\/?$/, '/');
  const files = [path.join(base, `${lang}.ftl`)];
  const parts = path.join(base, 'parts');
  if (existsSync(parts)) {
    for (const name of readdirSync(parts).sort()) {
      if (name.endsWith(`.${lang}.ftl`)) files.push(path.join(parts, name));
    }
  }
  return files.map((file) => readFileSync(file, 'utf8')).join('\n');
}

export function createI18n(options: I18nOptions = {}): I18n {
  const strict = options.strict ?? defaultStrict();
  const bundles = new Map<Language, FluentBundle>();
  for (const lang of languages) {
    bundles.set(lang, loadBundle(lang, options.sources?.[lang] ?? readLocale(lang, options.localesDir)));
  }
  const bundleOf = (lang: Language) => bundles.get(lang) ?? (bundles.get('ru') as FluentBundle);

  const fail = (message: string, fallback: string): string => {
    if (strict) throw new I18nError(message);
    options.logger?.error({ i18n: message }, 'i18n problem');
    return fallback;
  };

  const format = (lang: Language, key: string, params?: MessageParams): string => {
    const bundle = bundleOf(lang);
    const message = bundle.getMessage(key);
    if (!message?.value) {
      const other = bundleOf(lang === 'ru' ? 'kk' : 'ru');
      const fallback = other.getMessage(key)?.value ? format(lang === 'ru' ? 'kk' : 'ru', key, params) : key;
      return fail(`missing message "${key}" in ${lang}`, fallback);
    }
    const errors: Error[] = [];
    const text = bundle.formatPattern(message.value, params ?? null, errors);
    if (errors.length > 0) {
      return fail(`message "${key}" (${lang}): ${errors.map((error) => error.message).join('; ')}`, text);
    }
    return text;
  };

  return {
    t: format,
    has: (key, lang) =>
      lang ? Boolean(bundleOf(lang).getMessage(key)) : languages.every((l) => bundleOf(l).hasMessage(key)),
    keys: (lang) => [...bundleOf(lang)._messages.keys()],
  };
}
