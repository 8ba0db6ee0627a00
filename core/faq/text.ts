/**
 * Text processing for FAQ matching, Russian and Kazakh, with no external service.
 *
 * 1. `normalize`: Unicode NFC, lower case, «ё» → «е», «e-mail» → «email», everything that is not a letter or a digit
 *    becomes a space (Kazakh letters ә ғ қ ң ө ұ ү һ і are letters and are kept; Latin too).
 * 2. `tokens`: words of `normalize`, stop words of the language dropped (greetings, pronouns,
 *    particles, question words that carry no topic: «как», «подскажите», «қалай», «ма/ме»…).
 * 3. `stem`: light suffix stripping, documented in docs/selfservice.md:
 *    - **ru**: one pass, the longest matching ending from `RU_ENDINGS` (verb forms «-ировать»,
 *      «-ться», noun and adjective case endings «-ами», «-ого», «-ия», «-ой», single vowels, «ь»),
 *      if at least 4 letters remain;
 *    - **kk**: Kazakh is agglutinative (полис-тер-ім-ді), so up to 3 passes, each stripping the
 *      longest ending of `KK_ENDINGS` (plural «-лар/-лер/-дар/…», possessive «-ым/-ің/-сы/-ңыз»,
 *      cases «-ның/-ға/-да/-дан/-ды/-мен», verb forms «-у/-ған/-йды»), while at least 4 letters remain;
 *    - words of 4 letters or fewer, digits and Latin words are left as they are.
 *    Both the knowledge file and the user's question go through the same functions, so a
 *    wrong cut on both sides still matches.
 * 4. Matching (core/faq/match.ts) also accepts two stems that share their first 5 letters
 *    («активац-ия» / «активир-овать»), at a lower weight.
 */
export type FaqLanguage = 'ru' | 'kk';

export function normalize(text: string): string {
  return text
    .normalize('NFC')
    .toLowerCase()
    .replace(/ё/g, 'е')
    .replace(/\be[-\u2010\u2011 ]?mail\b/g, 'email')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

const STOP_WORDS: Record<FaqLanguage, ReadonlySet<string>> = {
  ru: new Set(
    (
      'а в во на по с со к ко у о об от до из за для при про без над под и или но да ли же бы ' +
      'я мне меня мой моя мое мои моего моей мы нам нас наш наша ты тебе вы вам вас ваш ваша ваше ваши ' +
      'он она оно они его ее их им ей себе это этот эта эти тот та то что чтобы как какой какая какие ' +
      'каким какую где куда когда зачем почему сколько кто чем там тут здесь уже еще ещё все всё весь ' +
      'можно нужно надо ли есть быть будет был была было буду если то также тоже так очень просто ' +
      'здравствуйте привет добрый день доброе утро вечер пожалуйста подскажите скажите расскажите ' +
      'помогите хочу хотел хотела бы спасибо можете могу ли вопрос вопросы хотелось узнать ' +
      'делать сделать дела'
    ).split(/\s+/),
  ),
  kk: new Set(
    (
      'мен сен сіз біз сіздер олар ол бұл осы сол менің сенің сіздің біздің оның маған сізге бізге ' +
      'және мен бен пен да де та те ма ме ба бе па пе ғой ше қалай не неше нешеге қайда қашан неге ' +
      'кім қандай қанша бар жоқ үшін туралы бойынша керек па ма ме ба бе қайтадан тағы бір ' +
      'сәлеметсіз сәлем саламатсыз ба рахмет айтыңызшы айтып беріңізші көмектесіңіз өтінемін ' +
      'білгім келеді келеді сұрақ болады бола ма мүмкін істеу істеймін'
    ).split(/\s+/),
  ),
};

/** Longest first. */
const RU_ENDINGS = [
  'ироваться',
  'ировать',
  'ировала',
  'ировали',
  'ировал',
  'ируется',
  'ировано',
  'ирована',
  'ирован',
  'ирую',
  'ируем',
  'ирует',
  'ениями',
  'ениях',
  'ением',
  'ению',
  'ения',
  'ение',
  'ться',
  'тесь',
  'ется',
  'ится',
  'иями',
  'ями',
  'ами',
  'ого',
  'его',
  'ому',
  'ему',
  'ыми',
  'ими',
  'ией',
  'ия',
  'ие',
  'ий',
  'ии',
  'ый',
  'ой',
  'ая',
  'яя',
  'ое',
  'ее',
  'ую',
  'юю',
  'ых',
  'их',
  'ов',
  'ев',
  'ей',
  'ам',
  'ям',
  'ах',
  'ях',
  'ом',
  'ем',
  'ть',
  'ет',
  'ит',
  'ют',
  'ут',
  'ат',
  'ят',
  'ешь',
  'ишь',
  'ал',
  'ла',
  'ли',
  'ло',
  'а',
  'я',
  'о',
  'е',
  'ы',
  'и',
  'у',
  'ю',
  'ь',
];

/** Longest first; applied up to 3 times. */
const KK_ENDINGS = [
  'лардың',
  'лердің',
  'дардың',
  'дердің',
  'тардың',
  'тердің',
  'ларға',
  'лерге',
  'ларды',
  'лерді',
  'ларда',
  'лерде',
  'ларын',
  'лерін',
  'ңыздың',
  'ңіздің',
  'ыңыз',
  'іңіз',
  'ңыз',
  'ңіз',
  'ымыз',
  'іміз',
  'лар',
  'лер',
  'дар',
  'дер',
  'тар',
  'тер',
  'ның',
  'нің',
  'дың',
  'дің',
  'тың',
  'тің',
  'дан',
  'ден',
  'тан',
  'тен',
  'нан',
  'нен',
  'нда',
  'нде',
  'ған',
  'ген',
  'қан',
  'кен',
  'йды',
  'йді',
  'ады',
  'еді',
  'мын',
  'мін',
  'сыз',
  'сіз',
  'ға',
  'ге',
  'қа',
  'ке',
  'на',
  'не',
  'ды',
  'ді',
  'ты',
  'ті',
  'да',
  'де',
  'та',
  'те',
  'ым',
  'ім',
  'ың',
  'ің',
  'сы',
  'сі',
  'ын',
  'ін',
  'у',
  'ы',
  'і',
  'н',
];

const MIN_STEM = 4;

function stripOnce(word: string, endings: readonly string[]): string {
  for (const ending of endings) {
    if (word.length - ending.length >= MIN_STEM && word.endsWith(ending))
      return word.slice(0, -ending.length);
  }
  return word;
}

/** The stem of one normalised word (see the rules above). Always a non-empty prefix of `word`. */
export function stem(word: string, language: FaqLanguage): string {
  if (word.length <= MIN_STEM || !/^\p{Script=Cyrillic}+$/u.test(word)) return word;
  if (language === 'ru') return stripOnce(word, RU_ENDINGS);
  let current = word;
  for (let pass = 0; pass < 3; pass++) {
    const next = stripOnce(current, KK_ENDINGS);
    if (next === current) break;
    current = next;
  }
  return current;
}

/** Normalised words without the language's stop words. */
export function tokens(text: string, language: FaqLanguage): string[] {
  const stop = STOP_WORDS[language];
  return normalize(text)
    .split(' ')
    .filter((word) => word !== '' && !stop.has(word));
}

/** Stems of the meaningful words of `text`, in order, duplicates kept. */
export function stems(text: string, language: FaqLanguage): string[] {
  return tokens(text, language).map((word) => stem(word, language));
}
