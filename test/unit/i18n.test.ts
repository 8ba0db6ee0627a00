import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  createI18n,
  formatAmount,
  formatDate,
  I18nError,
  type Language,
  languages,
  pickLanguage,
} from '../../core/i18n';
import { IMPORT_ISSUE_CODES } from '../../core/import-issues';

const i18n = createI18n({ strict: true });
const root = path.resolve(import.meta.dirname, '../..');

/** Sample params that fit every message: dates where a date is expected, numbers for counts. */
const SAMPLE: Record<string, string | number> = {
  date: '2026-12-15',
  start: '2026-12-16',
  end: '2027-12-15',
  activated: '2026-12-01',
  time: '14:35',
  zone: 'almaty',
  zoneName: 'Asia/Almaty',
  left: 3,
  count: 2,
  max: 100,
  number: 'LV-100001',
  product: 'Личный врач',
  existing: 'Детский доктор',
  email: 'user@example.kz',
  iin: '900101300123',
  name: 'Ахметова Әйгерім',
  account: 'new',
  amount: 1234567,
  // mail and «Приложение 1» (locales/parts/mail.*.ftl)
  policyNumber: 'LV-100001',
  fullName: 'Ахметова Әйгерім Серікқызы',
  insurer: 'Казахинстрах',
  login: 'user@example.kz',
  password: 'Secret-123',
  activationDate: '2026-12-01',
  coverageStart: '2026-12-16',
  coverageEnd: '2027-12-15',
  coolingOffDays: 15,
  coverageMonths: 12,
  // self-service: FAQ, SOS, clinics, documents (locales/parts/selfservice.*.ftl)
  maxMb: 10,
  programme: 'ДМС «Альфа»',
  phones: '+7 495 788 33 33',
  list: '1. Демо-клиника «Абай» — 1,2 км\n   пр. Абая, 52, Алматы',
  city: 'Алматы',
  cities: 'Алматы, Москва',
  // franchise bills and payments (locales/parts/billing.*.ftl)
  currency: 'RUB',
  url: 'https://assistant.example.kz/pay/bill/1',
  page: 1,
  pages: 3,
  lines: '1 октября 2026 года · Клиника · Приём · 1 × 2 500,00 ₽ → франшиза 500,00 ₽',
  clinic: 'Демо-клиника «Сокол»',
  service: 'Приём терапевта',
  quantity: 2,
  cost: 250000,
  // DMS registration, franchise and SMS (locales/parts/dms.*.ftl)
  phone: '+77011234567',
  code: '042917',
  minutes: 5,
  day: '14',
  month: 3,
  year: '1985',
  version: 'pd-2026-01',
  employer: 'ООО «Демо-Завод»',
  status: 'active',
  percent: '20',
  days: 30,
  // support (locales/parts/support.*.ftl): an operator's answer
  text: 'Здравствуйте! Чем помочь?',
  // HR in Slack (locales/parts/hr.*.ftl): amounts arrive formatted
  command: '/franchise',
  bills: 4,
  debtors: 3,
  penalty: '12,30 ₽',
  overdue: '5 499,99 ₽',
  period: '2026-03',
  due: '2026-05-05',
  state: 'не оплачен',
  file: 'roster.csv',
  created: 1,
  updated: 0,
  unchanged: 5,
  error: 'not_in_channel',
  // timelines (locales/parts/timeline.*.ftl)
  moved: 'yes',
  hasPhone: 'yes',
  deadline: '2026-12-20',
  kind: 'phone',
  // import issues (locales/parts/import.*.ftl)
  line: 7,
  column: 'birth_date',
  expected: 'employee_number, full_name, birth_date, phone, policy_number',
  delimiter: ';',
  value: '+77015550005',
  previous: 6,
  owner: 'T-001',
  // HR alerts in Slack: amounts arrive formatted
  debtAmount: '3 000,00 ₽',
  paidAmount: '3 000,00 ₽',
  leftAmount: '999,99 ₽',
};

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir)) {
    if (entry === 'node_modules' || entry === 'generated') continue;
    const full = path.join(dir, entry);
    if (statSync(full).isDirectory()) out.push(...sourceFiles(full));
    else if (/\.(ts|js|html)$/.test(entry)) out.push(full);
  }
  return out;
}

/** Message ids referenced in code: `key: '…'`, t(lang, '…'), say('…'), button('…'), text('…'), linkButton('…'). */
function keysUsedInCode(): Map<string, string> {
  const patterns = [
    /\bkey:\s*'([a-z][a-z0-9-]*)'/g,
    /\bt\(\s*[^,()']+,\s*'([a-z][a-z0-9-]*)'/g,
    /\bt\(\s*'([a-z][a-z0-9-]*)'/g,
    /\b(?:say|button|text|linkButton|tr)\(\s*'([a-z][a-z0-9-]*)'/g,
    /\btemplate:\s*'([a-z][a-z0-9-]*)'/g,
  ];
  const used = new Map<string, string>();
  for (const dir of ['bot', 'core', 'workers']) {
    const base = path.join(root, dir);
    try {
      statSync(base);
    } catch {
      continue;
    }
    for (const file of sourceFiles(base)) {
      const source = readFileSync(file, 'utf8');
      for (const pattern of patterns) {
        for (const match of source.matchAll(pattern)) used.set(match[1]!, path.relative(root, file));
      }
    }
  }
  return used;
}

describe('locales', () => {
  it('ru and kk have the same keys', () => {
    const ru = new Set(i18n.keys('ru'));
    const kk = new Set(i18n.keys('kk'));
    expect([...ru].filter((key) => !kk.has(key))).toEqual([]);
    expect([...kk].filter((key) => !ru.has(key))).toEqual([]);
    expect(ru.size).toBeGreaterThan(50);
  });

  it('every key used in code exists in both languages', () => {
    const used = keysUsedInCode();
    expect(used.size).toBeGreaterThan(40);
    const missing = [...used].filter(([key]) => !i18n.has(key)).map(([key, file]) => `${key} (${file})`);
    expect(missing).toEqual([]);
  });

  it('every import issue code has its text in both languages', () => {
    const missing = IMPORT_ISSUE_CODES.map((code) => `import-issue-${code}`).filter(
      (key) => !i18n.has(key, 'ru') || !i18n.has(key, 'kk'),
    );
    expect(missing).toEqual([]);
  });

  it.each(languages)('every %s message formats without errors with sample params', (lang) => {
    for (const key of i18n.keys(lang)) {
      const text = i18n.t(lang, key, SAMPLE);
      expect(text.length, key).toBeGreaterThan(0);
      expect(text, key).not.toMatch(/\{\s*\$|\{\s*[A-Z]+\(/);
    }
  });

  it('kk texts are Kazakh, not Russian copies (spot checks)', () => {
    for (const key of [
      'greeting',
      'activation-ask-iin',
      'activation-done-cooling-off',
      'status-how-to-consult',
    ]) {
      expect(i18n.t('kk', key, SAMPLE)).not.toEqual(i18n.t('ru', key, SAMPLE));
    }
    expect(i18n.t('kk', 'activation-ask-iin')).toContain('ЖСН');
  });
});

describe('plurals', () => {
  const ru = (left: number) => i18n.t('ru', 'activation-code-wrong', { left });
  it('ru uses one/few/many', () => {
    expect(ru(1)).toContain('Осталась 1 попытка');
    expect(ru(21)).toContain('Осталась 21 попытка');
    expect(ru(2)).toContain('Осталось 2 попытки');
    expect(ru(4)).toContain('Осталось 4 попытки');
    expect(ru(5)).toContain('Осталось 5 попыток');
    expect(ru(11)).toContain('Осталось 11 попыток');
    expect(i18n.t('ru', 'status-header', { count: 1 })).toBe('У вас 1 полис:');
    expect(i18n.t('ru', 'status-header', { count: 3 })).toBe('У вас 3 полиса:');
    expect(i18n.t('ru', 'status-header', { count: 12 })).toBe('У вас 12 полисов:');
  });
  it('kk uses one/other', () => {
    expect(i18n.t('kk', 'status-header', { count: 1 })).toBe('Сіздің полисіңіз:');
    expect(i18n.t('kk', 'status-header', { count: 2 })).toBe('Сіздің полистеріңіз (2):');
    expect(new Intl.PluralRules('kk').resolvedOptions().pluralCategories.sort()).toEqual(['one', 'other']);
  });
});

describe('dates and money', () => {
  it('formats calendar days per language', () => {
    expect(formatDate('ru', '2026-12-15')).toBe('15 декабря 2026 года');
    expect(formatDate('kk', '2026-12-15')).toBe('2026 жылғы 15 желтоқсан');
    expect(formatDate('ru', '2027-03-01')).toBe('1 марта 2027 года');
    expect(formatDate('kk', '2027-03-01')).toBe('2027 жылғы 1 наурыз');
    expect(() => formatDate('ru', '15.12.2026')).toThrow(RangeError);
  });
  it('DATE() inside messages', () => {
    expect(i18n.t('ru', 'activation-policy-already', { number: 'LV-1', date: '2026-12-15' })).toContain(
      'активирован 15 декабря 2026 года',
    );
    expect(i18n.t('kk', 'activation-policy-already', { number: 'LV-1', date: '2026-12-15' })).toContain(
      'белсендіру күні: 2026 жылғы 15 желтоқсан',
    );
  });
  it('formats money with grouping and comma', () => {
    const nb = (s: string) => s.replace(/\u00a0/g, ' ');
    expect(nb(formatAmount('ru', 1234567, 'KZT'))).toBe('12 345,67 ₸');
    expect(nb(formatAmount('kk', 1234567, 'KZT'))).toBe('12 345,67 ₸');
    expect(nb(formatAmount('ru', 5, 'RUB'))).toBe('0,05 ₽');
  });
  it('MONEY() is available to messages', () => {
    const i = createI18n({
      strict: true,
      sources: {
        ru: 'sum = Итого { MONEY($amount, currency: "KZT") }',
        kk: 'sum = Барлығы { MONEY($amount) }',
      },
    });
    expect(i.t('ru', 'sum', { amount: 1234567 }).replace(/\u00a0/g, ' ')).toBe('Итого 12 345,67 ₸');
    expect(i.t('kk', 'sum', { amount: 100 }).replace(/\u00a0/g, ' ')).toBe('Барлығы 1,00 ₸');
  });
});

describe('missing keys and languages', () => {
  it('throws when strict', () => {
    expect(() => i18n.t('ru', 'no-such-key')).toThrow(I18nError);
    expect(() => i18n.t('ru', 'activation-ask-code')).toThrow(I18nError);
  });
  it('logs and falls back when not strict', () => {
    const logged: unknown[] = [];
    const lenient = createI18n({
      strict: false,
      logger: { error: (obj: unknown) => logged.push(obj) } as never,
      sources: { ru: 'only-ru = Только по-русски', kk: 'other = Басқа' },
    });
    expect(lenient.t('kk', 'only-ru')).toBe('Только по-русски');
    expect(lenient.t('ru', 'nothing')).toBe('nothing');
    expect(logged).toHaveLength(2);
  });
  it('picks kk only for kk hints', () => {
    const cases: [string | undefined, Language][] = [
      ['kk', 'kk'],
      ['kk-KZ', 'kk'],
      ['KK', 'kk'],
      ['ru', 'ru'],
      ['en', 'ru'],
      [undefined, 'ru'],
      ['', 'ru'],
    ];
    for (const [hint, lang] of cases) expect(pickLanguage(hint)).toBe(lang);
  });
});
