import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addMoney,
  divideRoundHalfUp,
  formatMoney,
  type Money,
  money,
  multiplyMoney,
  parseMoney,
  percentOf,
  sumMoney,
  toDecimalString,
} from '../../../core/domain/money';

const kzt = (amount: number): Money => money(amount, 'KZT');
const NBSP = '\u00a0';

describe('money arithmetic', () => {
  it('refuses fractional or unsafe minor units', () => {
    expect(() => kzt(1.5)).toThrow(RangeError);
    expect(() => kzt(2 ** 53)).toThrow(RangeError);
  });

  it('adds only the same currency', () => {
    expect(addMoney(kzt(150), kzt(250))).toEqual(kzt(400));
    expect(() => addMoney(kzt(1), money(1, 'RUB'))).toThrow(/KZT and RUB/);
    expect(sumMoney([], 'RUB')).toEqual(money(0, 'RUB'));
  });

  it('multiplies exactly and refuses overflow', () => {
    expect(multiplyMoney(kzt(123_455), 3)).toEqual(kzt(370_365));
    expect(() => multiplyMoney(kzt(Number.MAX_SAFE_INTEGER), 2)).toThrow(RangeError);
    expect(() => multiplyMoney(kzt(1), 1.5)).toThrow(RangeError);
  });

  it.each([
    [3, 2000, 1], // 0.6 → 1
    [2, 2000, 0], // 0.4 → 0
    [2, 2500, 1], // 0.5 → 1 (half-up)
    [6, 2500, 2], // 1.5 → 2
    [-2, 2500, -1], // -0.5 → -1 (half away from zero)
    [1_234_567, 2000, 246_913], // 246 913.4
    [Number.MAX_SAFE_INTEGER, 10_000, Number.MAX_SAFE_INTEGER], // no float loss on the way
  ])('percentOf(%d tiyn, %d bp) = %d', (amount, bp, expected) => {
    expect(percentOf(kzt(amount), bp).amount).toBe(expected);
  });

  it('divideRoundHalfUp', () => {
    expect(divideRoundHalfUp(5n, 10n)).toBe(1n);
    expect(divideRoundHalfUp(4n, 10n)).toBe(0n);
    expect(divideRoundHalfUp(-5n, 10n)).toBe(-1n);
  });
});

describe('formatMoney', () => {
  it.each([
    [kzt(1_234_567), 'ru', `12${NBSP}345,67${NBSP}₸`],
    [kzt(1_234_567), 'kk', `12${NBSP}345,67${NBSP}₸`],
    [money(1_234_567, 'RUB'), 'ru', `12${NBSP}345,67${NBSP}₽`],
    [kzt(123_450), 'ru', `1${NBSP}234,50${NBSP}₸`],
    [kzt(0), 'kk', `0,00${NBSP}₸`],
    [kzt(-5), 'ru', `-0,05${NBSP}₸`],
    [kzt(Number.MAX_SAFE_INTEGER), 'ru', `90${NBSP}071${NBSP}992${NBSP}547${NBSP}409,91${NBSP}₸`],
  ] as const)('%j in %s → %j', (value, locale, expected) => {
    expect(formatMoney(value, locale)).toBe(expected);
  });

  it('plain spaces on request (SMS)', () => {
    expect(formatMoney(kzt(1_234_567), 'ru', { space: 'space' })).toBe('12 345,67 ₸');
  });

  it('decimal strings', () => {
    expect(toDecimalString(123_456)).toBe('1234.56');
    expect(toDecimalString(-5)).toBe('-0.05');
    expect(toDecimalString(0)).toBe('0.00');
  });
});

describe('parseMoney', () => {
  it.each([
    ['1234.5', 123_450],
    ['1 234,50', 123_450],
    [`1${NBSP}234,50`, 123_450],
    ['1\u202f234,50', 123_450],
    ["1'234.50", 123_450],
    ['12', 1200],
    ['0,07', 7],
    ['-0.07', -7],
    ['+3', 300],
    [' 99.99 ', 9999],
  ])('%j → %d', (text, amount) => {
    expect(parseMoney(text, 'KZT')).toEqual({ ok: true, money: kzt(amount) });
  });

  it.each([
    ['', 'empty'],
    ['  ', 'empty'],
    ['1,234.50', 'ambiguous'],
    ['1.234,50', 'ambiguous'],
    ['12,345', 'precision'],
    ['0.001', 'precision'],
    ['abc', 'format'],
    ['1.2.3', 'format'],
    ['12 ₸', 'format'],
    ['.5', 'format'],
    ['99999999999999999', 'range'],
  ])('%j → %s', (text, reason) => {
    expect(parseMoney(text, 'KZT')).toEqual({ ok: false, reason });
  });

  it('parses back what it formats', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -(10 ** 15), max: 10 ** 15 }),
        fc.constantFrom('ru' as const, 'kk' as const),
        (amount, locale) => {
          const shown = formatMoney(kzt(amount), locale).replace(/\s₸$/, '');
          expect(parseMoney(shown, 'KZT')).toEqual({ ok: true, money: kzt(amount) });
          expect(parseMoney(toDecimalString(amount), 'KZT')).toEqual({ ok: true, money: kzt(amount) });
        },
      ),
    );
  });
});
