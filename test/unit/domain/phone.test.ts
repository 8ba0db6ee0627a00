import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type E164Phone, formatPhone, parsePhone } from '../../../core/domain/phone';

describe('parsePhone', () => {
  it.each([
    '+7 701 123 45 67',
    '8 (701) 123-45-67',
    '87011234567',
    '7011234567',
    '+7(701)1234567',
    '77011234567',
    '+7.701.123.45.67',
    ' +7 701 123 45 67 ',
    '8\u00a0701\u00a0123\u201345\u201367',
  ])('%j → +77011234567', (input) => {
    expect(parsePhone(input)).toEqual({ ok: true, phone: '+77011234567' });
  });

  it('Russian numbers too', () => {
    expect(parsePhone('8 (916) 555-12-34')).toEqual({ ok: true, phone: '+79165551234' });
  });

  it.each([
    ['', 'empty'],
    ['   ', 'empty'],
    ['8701abc4567', 'format'],
    ['+7 701 123 45 67 доб. 1', 'format'],
    ['++77011234567', 'format'],
    ['7+7011234567', 'format'],
    ['+7 701 123 45 6', 'length'],
    ['+7 701 123 45 678', 'length'],
    ['70112345', 'length'],
    ['123456789012', 'length'],
    ['+1 202 555 0123', 'country'],
    ['+44 20 7946 0958', 'country'],
    ['+8 701 123 45 67', 'country'],
    ['97011234567', 'country'],
    ['+7 001 123 45 67', 'prefix'],
    ['1011234567', 'prefix'],
  ])('%j → %s', (input, reason) => {
    expect(parsePhone(input)).toEqual({ ok: false, reason });
  });

  it('formats for display', () => {
    expect(formatPhone('+77011234567' as E164Phone)).toBe('+7 701 123 45 67');
  });

  it('any formatting of a valid number parses to the same E.164', () => {
    const national = fc
      .tuple(
        fc.constantFrom(...'3456789'),
        fc.array(fc.constantFrom(...'0123456789'), { minLength: 9, maxLength: 9 }),
      )
      .map(([first, rest]) => first + rest.join(''));
    const prefix = fc.constantFrom('', '+7', '8', '7', '+7 ', '8 ', '+7(', '8(');
    const separator = fc.constantFrom('', '', '', ' ', '-', '.', '(', ')', ' - ', '\u00a0');
    const typed = fc.tuple(national, prefix, fc.array(separator, { minLength: 10, maxLength: 10 }));

    fc.assert(
      fc.property(typed, ([digits, start, separators]) => {
        const text = start + [...digits].map((digit, i) => digit + separators[i]).join('');
        expect(parsePhone(text)).toEqual({ ok: true, phone: `+7${digits}` });
      }),
    );
  });
});
