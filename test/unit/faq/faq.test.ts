import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { answerKeyOf, createFaq, FaqFile, loadFaq } from '../../../core/faq/knowledge';
import { normalize, stem, stems, tokens } from '../../../core/faq/text';
import { createI18n } from '../../../core/i18n';

const faq = loadFaq();
const i18n = createI18n({ strict: true });
const languages = ['ru', 'kk'] as const;

describe('the knowledge file', () => {
  it('is valid and has every topic of the seeds', () => {
    expect(() => FaqFile.parse(faq.file)).not.toThrow();
    const ids = faq.file.entries.map((entry) => entry.id);
    for (const id of [
      'activation',
      'cooling-off',
      'coverage-term',
      'second-policy',
      'different-emails',
      'consultation',
      'dms-registration',
      'franchise',
      'bills',
      'payment',
      'non-payment',
      'contacts',
      'clinics',
      'sos',
    ]) {
      expect(ids).toContain(id);
    }
  });

  it('has an answer and a title in both languages for every entry, and labels for its buttons', () => {
    for (const entry of faq.file.entries) {
      for (const lang of languages) {
        expect(i18n.t(lang, answerKeyOf(entry.id), { maxMb: 10 }).length, entry.id).toBeGreaterThan(40);
        expect(i18n.has(`faq-title-${entry.id}`, lang), entry.id).toBe(true);
        for (const b of entry.buttons) expect(i18n.has(b.key, lang), `${entry.id}: ${b.key}`).toBe(true);
      }
      for (const b of entry.buttons)
        if ('data' in b) expect(Buffer.byteLength(b.data)).toBeLessThanOrEqual(64);
    }
  });

  it('refuses a file with a duplicate id', () => {
    const entry = faq.file.entries[0]!;
    expect(FaqFile.safeParse({ ...faq.file, entries: [entry, entry] }).success).toBe(false);
  });
});

describe('matching', () => {
  it.each(languages)('every entry answers its own questions (%s)', (lang) => {
    for (const entry of faq.file.entries) {
      for (const question of entry.questions[lang]) {
        expect(faq.match(question)?.id, `${lang}: ${question}`).toBe(entry.id);
      }
    }
  });

  const paraphrases: Array<[string, string]> = [
    ['Здравствуйте! Подскажите, пожалуйста, как активировать полис?', 'activation'],
    ['что надо для активации', 'activation'],
    ['когда полис заработает', 'cooling-off'],
    ['нужно ли платить за консультации первые две недели', 'cooling-off'],
    ['сколько месяцев действует страховка', 'coverage-term'],
    ['можно один email на два полиса', 'different-emails'],
    ['забыл пароль от кабинета', 'login'],
    ['как позвонить врачу по видео', 'consultation'],
    ['как зарегаться в дмс', 'dms-registration'],
    ['ЧТО ЗА ФРАНШИЗА 20%???', 'franchise'],
    ['до какого числа платить счёт', 'payment'],
    ['что если не заплатить франшизу', 'non-payment'],
    ['сменила почту', 'contacts'],
    ['ближайшая поликлиника', 'clinics'],
    ['срочно нужна скорая', 'sos'],
    ['хочу загрузить анализы', 'documents'],
    ['полисті белсендіру керек', 'activation'],
    ['полис қашан күшіне енеді', 'cooling-off'],
    ['франшизаны төлемесем не болады', 'non-payment'],
    ['жақын емхана қайда', 'clinics'],
    ['нөмірімді өзгерткім келеді', 'contacts'],
    ['құжаттарды жіберу', 'documents'],
    ['шұғыл көмек', 'sos'],
    ['бір email екі өнімге бола ма', 'different-emails'],
    ['кеңес алу', 'consultation'],
  ];
  it.each(paraphrases)('«%s» → %s', (question, id) => {
    expect(faq.match(question)?.id).toBe(id);
  });

  it('ignores case, ё, punctuation and extra spaces', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(
          ...faq.file.entries.flatMap((entry) => entry.questions.ru.map((q) => [q, entry.id] as const)),
        ),
        fc.constantFrom('!', '?', '...', ' , ', '  ', '«»'),
        (pair, noise) => {
          const [question, id] = pair;
          const noisy = `${noise}${question.toUpperCase().replace(/е/g, 'ё').replace(/ /g, `${noise} `)}${noise}`;
          expect(faq.match(noisy)?.id).toBe(id);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('finds nothing in nonsense', () => {
    for (const nonsense of [
      'абракадабра',
      'купить слона',
      'погода в москве',
      'как дела',
      'ахахаха',
      '12345',
      '',
      '   ?!',
    ]) {
      expect(faq.match(nonsense), nonsense).toBeNull();
    }
    // words of consonants only (no real word of the file is one) and random latin
    const consonants = fc.stringMatching(/^[бгжзйфхцчшщ]{3,12}( [бгжзйфхцчшщ]{3,12}){0,4}$/);
    const latin = fc.stringMatching(/^[qxzwvj]{3,12}( [qxzwvj]{3,12}){0,4}$/);
    fc.assert(
      fc.property(fc.oneof(consonants, latin), (text) => faq.match(text) === null),
      { numRuns: 300 },
    );
  });

  it('respects the threshold', () => {
    const strict = createFaq({ ...faq.file, threshold: 1 });
    expect(strict.match('как активировать полис')?.id).toBe('activation');
    expect(strict.match('как активировать полис и купить слона')).toBeNull();
  });
});

describe('text processing', () => {
  it('normalises: lower case, ё → е, e-mail, punctuation, Kazakh letters kept', () => {
    expect(normalize('  Ёлка, E-Mail!! Әйгерім — ҚҰЖАТ?? ')).toBe('елка email әйгерім құжат');
  });
  it('stems are non-empty prefixes of the word, and stemming is stable', () => {
    const word = fc.stringMatching(/^[а-яәғқңөұүһі]{1,16}$/);
    fc.assert(
      fc.property(word, fc.constantFrom('ru' as const, 'kk' as const), (w, lang) => {
        const s = stem(w, lang);
        expect(s.length).toBeGreaterThan(0);
        expect(w.startsWith(s)).toBe(true);
        expect(s.length).toBeGreaterThanOrEqual(Math.min(w.length, 4));
      }),
    );
  });
  it('cuts common endings', () => {
    expect(stem('активировать', 'ru')).toBe('актив');
    expect(stem('франшизы', 'ru')).toBe(stem('франшиза', 'ru'));
    expect(stem('клиники', 'ru')).toBe(stem('клиника', 'ru'));
    expect(stem('полистерімді', 'kk')).toBe('полис');
    expect(stem('құжаттарды', 'kk')).toBe(stem('құжат', 'kk'));
    expect(stem('франшизаны', 'kk')).toBe('франшиза');
  });
  it('drops stop words of each language', () => {
    expect(tokens('Подскажите, пожалуйста, как оплатить?', 'ru')).toEqual(['оплатить']);
    expect(tokens('Франшизаны қалай төлеуге болады?', 'kk')).toEqual(['франшизаны', 'төлеуге']);
    expect(stems('не оплатил', 'ru')).toEqual(['не', 'оплатил']);
  });
});
