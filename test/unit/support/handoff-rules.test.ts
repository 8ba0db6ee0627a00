import { describe, expect, it } from 'vitest';
import { asksForOperator } from '../../../bot/flows/support';
import { estimateWaitMinutes } from '../../../core/services/support';

describe('asking for an operator (normalised text, ru and kk)', () => {
  it.each([
    'оператор',
    'Оператор!',
    'ОПЕРАТОРА позовите',
    'соедините с оператором, пожалуйста',
    'человек',
    'Живой человек',
    'хочу поговорить с живым человеком',
    'позовите специалиста',
    'адам керек',
    'Оператор керек',
    'тірі адаммен сөйлескім келеді',
    'операторға қосыңыз',
    'маман керек',
  ])('«%s» asks for a person', (text) => {
    expect(asksForOperator(text)).toBe(true);
  });

  it.each([
    'LV-100001',
    'Ахметова Әйгерім Серікқызы',
    'как активировать полис',
    'где ближайшая клиника',
    '',
    'я не человек-паук, мне нужна справка об обращениях за медицинской помощью в прошлом году срочно',
  ])('«%s» does not', (text) => {
    expect(asksForOperator(text)).toBe(false);
  });
});

describe('expected wait', () => {
  const min = 60_000;
  it('defaults to 3 minutes with fewer than 3 recent waits', () => {
    expect(estimateWaitMinutes({ recentWaitsMs: [], ahead: 0 })).toBe(3);
    expect(estimateWaitMinutes({ recentWaitsMs: [30 * min, 40 * min], ahead: 0 })).toBe(3);
  });
  it('uses the median of recent waits, plus half of it per ticket ahead, 1…120 minutes', () => {
    expect(estimateWaitMinutes({ recentWaitsMs: [1 * min, 4 * min, 100 * min], ahead: 0 })).toBe(4);
    expect(estimateWaitMinutes({ recentWaitsMs: [2 * min, 4 * min, 6 * min, 8 * min], ahead: 0 })).toBe(5);
    expect(estimateWaitMinutes({ recentWaitsMs: [10 * min, 10 * min, 10 * min], ahead: 2 })).toBe(20);
    expect(estimateWaitMinutes({ recentWaitsMs: [0, 0, 5_000], ahead: 0 })).toBe(1);
    expect(estimateWaitMinutes({ recentWaitsMs: [300 * min, 300 * min, 300 * min], ahead: 9 })).toBe(120);
  });
});
