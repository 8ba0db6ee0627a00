import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebchatClient } from '../../support/webchat-client';
import { createDmsTestContext, type DmsTestContext, FRIDAY_NOON } from './context';

/**
 * DMS registration and franchise activation through the web chat HTTP API: the real engine and flows
 * on PostgreSQL, the SMS code sent by the real notification worker to a local SMS gateway (SMS_URL).
 */
let ctx: DmsTestContext;

beforeAll(async () => {
  ctx = await createDmsTestContext();
});
afterAll(() => ctx?.close());

const prisma = () => ctx.app.db.prisma;

/** Waits for the n-th SMS to `phone` and returns its 6-digit code. */
async function codeSentTo(phone: string, count: number): Promise<string> {
  await ctx.sms.waitFor((messages) => messages.filter((message) => message.to === phone).length >= count);
  const code = ctx.sms.lastCode(phone);
  if (!code) throw new Error(`no code in the SMS to ${phone}`);
  return code;
}

const conversationKey = async (user: WebchatClient) => {
  const row = await prisma().conversation.findUniqueOrThrow({ where: { id: user.id } });
  return { key: `webchat:${row.externalId}`, personId: row.personId };
};

describe('registration through the web chat (typed phone + SMS code)', () => {
  it('in Russian: menu button, any phone format, a wrong code, birth date in words, employee number, consent', async () => {
    ctx.clock.set(FRIDAY_NOON);
    const user = await WebchatClient.open(ctx.web, 'ru');
    await user.command('start');
    expect(user.labels).toContain('Регистрация в ДМС');
    await user.button('Регистрация в ДМС');
    expect(user.text).toContain('Регистрация участника программы ДМС');
    expect(user.text).toContain('Код страны +7 добавится автоматически');

    await user.say('12345');
    expect(user.text).toContain('В номере должно быть 10 цифр');
    await user.say('8 (916) 123-45-01');
    expect(user.text).toContain('Мы отправили SMS с кодом из 6 цифр на номер +79161234501');
    const code = await codeSentTo('+79161234501', 1);
    const sms = ctx.sms.messages.find((message) => message.to === '+79161234501');
    expect(sms?.text).toBe(`Код подтверждения: ${code}. Действует 5 мин. Никому его не сообщайте.`);
    expect(sms?.authorization).toBe('Bearer dms-test-token');
    // the code is stored hashed, and the outbox holds it only encrypted
    const stored = await prisma().verificationCode.findFirstOrThrow({ where: { target: '+79161234501' } });
    expect(stored.codeHash).not.toContain(code);
    const notification = () =>
      prisma().notification.findFirstOrThrow({ where: { channel: 'sms', address: '+79161234501' } });
    expect(JSON.stringify((await notification()).params)).not.toContain(code);
    // marked sent once the gateway's answer is recorded (a moment after the SMS arrived there)
    await expect.poll(async () => (await notification()).status).toBe('sent');

    const wrong = code === '000000' ? '111111' : '000000';
    await user.say(wrong);
    expect(user.text).toBe('Неверный код. Осталось 4 попытки.');
    await user.say(`${code.slice(0, 3)} ${code.slice(3)}`);
    expect(user.text).toContain('Номер +79161234501 подтверждён.');
    expect(user.text).toContain('Введите дату рождения');

    await user.say('31.02.1985');
    expect(user.text).toContain('Такой даты нет в календаре');
    await user.say('14.03.85');
    expect(user.text).toContain('год — четырьмя цифрами');
    await user.say('14.03.1985');
    expect(user.text).toContain('Дата рождения: 14 марта 1985 года. Проверьте, пожалуйста, особенно год.');
    await user.button('Нет, исправить');
    expect(user.text).toContain('Введите дату рождения');
    await user.say('1985-03-14');
    await user.button('Да, верно');
    expect(user.text).toContain('Введите номер полиса ДМС или табельный номер');

    await user.say('T-999');
    expect(user.text).toContain('Номер T-999 не совпадает с данными работодателя');
    await user.say('t-001');
    expect(user.text).toContain(
      'Пользовательское соглашение об обработке персональных данных (редакция pd-2026-01)',
    );
    expect(user.text).toContain('152-ФЗ');
    expect(await prisma().member.count()).toBe(0);
    await user.button('Принимаю');
    expect(user.text).toContain('Готово, Смирнов Алексей Петрович! Вы зарегистрированы в программе ДМС');
    expect(user.labels).toEqual(['Активировать франшизу']);

    const { key, personId } = await conversationKey(user);
    const person = await prisma().person.findUniqueOrThrow({
      where: { phone: '+79161234501' },
      include: { members: true, consents: true },
    });
    expect(personId).toBe(person.id);
    expect(person).toMatchObject({ fullName: 'Смирнов Алексей Петрович', language: 'ru' });
    expect(person.birthDate?.toISOString().slice(0, 10)).toBe('1985-03-14');
    expect(person.members).toHaveLength(1);
    expect(person.members[0]).toMatchObject({ status: 'active', channel: 'webchat' });
    expect(person.members[0]?.phoneVerifiedAt).toEqual(FRIDAY_NOON);
    expect(person.consents).toEqual([
      expect.objectContaining({
        kind: 'personal_data',
        textVersion: 'pd-2026-01',
        language: 'ru',
        channel: 'webchat',
        conversationKey: key,
        acceptedAt: FRIDAY_NOON,
      }),
    ]);
    expect(await prisma().auditLog.count({ where: { action: 'member.registered' } })).toBe(1);

    // franchise: the rules of seed 002 slide 4, explicit consent, effective the next working day
    await user.button('Активировать франшизу');
    expect(user.text).toContain(
      'Порядок оказания медицинских услуг с франшизой (редакция franchise-rules-2026-01)',
    );
    expect(user.text).toContain('Франшиза — 20 % стоимости каждой услуги');
    expect(user.text).toContain('в течение 30 рабочих дней');
    await user.say('да');
    expect(user.text).toContain('нажмите «Я подтверждаю и даю согласие»');
    await user.button('Я подтверждаю и даю согласие');
    // Friday → Monday 7 December, 00:00 Moscow time
    expect(user.text).toContain(
      'Франшиза активирована. Обращаться в клиники по программе можно с 7 декабря 2026 года (с 00:00 по московскому времени).',
    );
    const franchise = await prisma().franchiseActivation.findFirstOrThrow({ include: { consent: true } });
    expect(franchise).toMatchObject({
      basisPoints: 2000,
      requestedAt: FRIDAY_NOON,
      effectiveAt: new Date('2026-12-06T21:00:00Z'),
      announcedAt: null,
    });
    expect(franchise.consent).toMatchObject({
      kind: 'franchise_rules',
      textVersion: 'franchise-rules-2026-01',
      channel: 'webchat',
      conversationKey: key,
      acceptedAt: FRIDAY_NOON,
    });
    const job = await prisma().outboxJob.findUniqueOrThrow({
      where: { jobId: `franchise-effective.${franchise.memberId}` },
    });
    expect(job).toMatchObject({ queue: 'franchise-effective', runAt: new Date('2026-12-06T21:00:00Z') });

    // twice: nothing changes
    await user.button('Активировать франшизу');
    expect(user.text).toContain('Франшиза уже активирована, обслуживание начнётся 7 декабря 2026 года.');
    expect(await prisma().franchiseActivation.count()).toBe(1);
    expect(await prisma().consent.count({ where: { kind: 'franchise_rules' } })).toBe(1);

    await user.command('status');
    expect(user.text).toContain('ДМС, работодатель «ООО «Демо-Завод»»: участник программы.');
    expect(user.text).toContain('Франшиза 20 % активирована, обслуживание начнётся 7 декабря 2026 года.');
    ctx.clock.set(new Date('2026-12-07T08:00:00Z'));
    await user.command('status');
    expect(user.text).toContain('Франшиза 20 % действует с 7 декабря 2026 года.');
    await user.command('franchise');
    expect(user.text).toContain('Франшиза уже активна с 7 декабря 2026 года');
  });

  it('in Kazakh: policy number, SMS and replies in Kazakh, consent language kk', async () => {
    ctx.clock.set(FRIDAY_NOON);
    const user = await WebchatClient.open(ctx.web, 'kk');
    await user.command('registration');
    expect(user.text).toContain('+7 ел коды автоматты түрде қосылады');
    await user.say('+7 916 123 45 02');
    expect(user.text).toContain('+79161234502 нөміріне 6 цифрлық коды бар SMS жібердік');
    const code = await codeSentTo('+79161234502', 1);
    expect(ctx.sms.messages.find((message) => message.to === '+79161234502')?.text).toBe(
      `Растау коды: ${code}. 5 минут жарамды. Оны ешкімге айтпаңыз.`,
    );
    await user.say(code);
    expect(user.text).toContain('+79161234502 нөмірі расталды.');
    await user.say('02.07.1990');
    expect(user.text).toContain('Туған күніңіз: 1990 жылғы 2 шілде. Тексеріп шығыңыз, әсіресе жылын.');
    await user.button('Иә, дұрыс');
    await user.say('dms-300002');
    expect(user.text).toContain(
      'Дербес деректерді өңдеу туралы пайдаланушы келісімі (pd-2026-01 редакциясы)',
    );
    await user.button('Қабылдаймын');
    expect(user.text).toContain('Дайын, Кузнецова Мария Игоревна!');
    const consent = await prisma().consent.findFirstOrThrow({
      where: { person: { phone: '+79161234502' }, kind: 'personal_data' },
    });
    expect(consent).toMatchObject({ language: 'kk', channel: 'webchat', textVersion: 'pd-2026-01' });

    await user.button('Франшизаны белсендіру');
    expect(user.text).toContain('Франшиза — әр қызмет құнының 20 %');
    await user.button('Растаймын және келісім беремін');
    expect(user.text).toContain(
      'Бағдарлама бойынша емханаларға 2026 жылғы 7 желтоқсан күнінен бастап (Мәскеу уақытымен 00:00-ден) жүгінуге болады.',
    );
  });
});

describe('refusals, each with its reason and nothing stored half-way', () => {
  it('a phone in no roster: said at once, no code sent', async () => {
    ctx.clock.set(new Date('2026-12-04T10:00:00Z'));
    const user = await WebchatClient.open(ctx.web, 'ru');
    await user.command('registration');
    await user.say('701 000 00 00');
    expect(user.text).toContain('Номер +77010000000 не найден в списках сотрудников, застрахованных по ДМС');
    expect(await prisma().verificationCode.count({ where: { target: '+77010000000' } })).toBe(0);
  });

  it('wrong codes: attempts left, then the code is dead; resend is paced (60 s) and limited (3 per 15 min); an expired code', async () => {
    const start = new Date('2026-12-04T11:00:00Z');
    ctx.clock.set(start);
    const phone = '+79161234504';
    const user = await WebchatClient.open(ctx.web, 'ru');
    await user.command('registration');
    await user.say('9161234504');
    const first = await codeSentTo(phone, 1);
    const wrong = first === '999999' ? '888888' : '999999';
    for (const left of [
      'Осталось 4 попытки',
      'Осталось 3 попытки',
      'Осталось 2 попытки',
      'Осталась 1 попытка',
    ]) {
      await user.say(wrong);
      expect(user.text).toContain(left);
    }
    await user.say(wrong);
    expect(user.text).toContain('Слишком много неверных попыток');
    await user.say(first);
    expect(user.text).toContain('Слишком много неверных попыток');

    await user.button('Отправить код ещё раз');
    expect(user.text).toContain('Новый код можно запросить через 60 сек.');
    ctx.clock.set(new Date(start.getTime() + 61_000));
    await user.button('Отправить код ещё раз');
    expect(user.text).toContain('Мы отправили SMS');
    const second = await codeSentTo(phone, 2);

    ctx.clock.set(new Date(start.getTime() + 61_000 + 5 * 60_000 + 1));
    await user.say(second);
    expect(user.text).toContain('Срок действия кода истёк');

    await user.button('Отправить код ещё раз');
    const third = await codeSentTo(phone, 3);
    ctx.clock.set(new Date(start.getTime() + 8 * 60_000));
    await user.button('Отправить код ещё раз');
    expect(user.text).toContain(
      'Вы запросили слишком много кодов. Новый код можно будет запросить через 7 мин.',
    );
    expect(ctx.sms.messages.filter((message) => message.to === phone)).toHaveLength(3);

    await user.say(third);
    expect(user.text).toContain('Номер +79161234504 подтверждён.');
    expect(await prisma().member.count({ where: { rosterEntry: { phone } } })).toBe(0);
  });

  it('birth date mismatch, too many wrong numbers, and a declined consent', async () => {
    ctx.clock.set(new Date('2026-12-04T12:00:00Z'));
    const phone = '+79161234503';
    const user = await WebchatClient.open(ctx.web, 'ru');
    await user.command('registration');
    await user.say(phone);
    await user.say(await codeSentTo(phone, 1));
    await user.say('23.11.1979'); // the roster says 1978
    await user.button('Да, верно');
    await user.say('DMS-300003');
    expect(user.text).toContain('Дата рождения не совпадает с данными работодателя');
    expect(user.text).toContain('Введите дату рождения');
    await user.say('23.11.1978');
    await user.button('Да, верно');
    await user.say('DMS-300003');
    expect(user.text).toContain('Пользовательское соглашение');
    await user.button('Не принимаю');
    expect(user.text).toContain('Без согласия на обработку персональных данных зарегистрироваться нельзя');
    expect(await prisma().person.count({ where: { phone } })).toBe(0);
    expect(await prisma().consent.count({ where: { person: { phone } } })).toBe(0);

    // a new attempt in the same chat: the number five times wrong ends the dialog
    ctx.clock.set(new Date('2026-12-04T12:02:00Z'));
    await user.command('registration');
    await user.say(phone);
    await user.say(await codeSentTo(phone, 2));
    await user.say('23.11.1978');
    await user.button('Да, верно');
    for (let i = 0; i < 4; i++) {
      await user.say(`T-90${i}`);
      expect(user.text).toContain('не совпадает с данными работодателя для вашего телефона');
    }
    await user.say('T-904');
    expect(user.text).toContain('Слишком много попыток ввести номер');
    expect(await prisma().member.count({ where: { rosterEntry: { phone } } })).toBe(0);
  });

  it('under 18 on the registration day (programme zone): refused after the birth date', async () => {
    ctx.clock.set(new Date('2026-12-04T13:00:00Z'));
    const phone = '+79161234506';
    const user = await WebchatClient.open(ctx.web, 'ru');
    await user.command('registration');
    await user.say(phone);
    await user.say(await codeSentTo(phone, 1));
    await user.say('15.06.2010'); // the demo minor: 16 years old
    await user.button('Да, верно');
    expect(user.text).toContain('Регистрация доступна только совершеннолетним — с 18 лет.');
    expect(await prisma().person.count({ where: { phone } })).toBe(0);
  });

  it('already registered: said so after the code, the chat is linked, franchise and status offered', async () => {
    ctx.clock.set(new Date('2026-12-04T14:00:00Z'));
    const user = await WebchatClient.open(ctx.web, 'ru');
    await user.command('registration');
    await user.say('79161234501');
    await user.say(await codeSentTo('+79161234501', 2));
    expect(user.text).toContain('Вы уже зарегистрированы в программе ДМС (номер +79161234501).');
    expect(user.labels).toEqual(['Активировать франшизу', 'Мой статус']);
    const { personId } = await conversationKey(user);
    const person = await prisma().person.findUniqueOrThrow({ where: { phone: '+79161234501' } });
    expect(personId).toBe(person.id);
    expect(await prisma().member.count({ where: { personId: person.id } })).toBe(1);
    await user.command('registration');
    expect(user.text).toContain('Вы уже зарегистрированы');
  });

  it('franchise without registration: asks to register first', async () => {
    const user = await WebchatClient.open(ctx.web, 'kk');
    await user.command('franchise');
    expect(user.text).toContain('Франшизаны тек ЕМС бағдарламасының тіркелген қатысушысы белсендіре алады.');
    expect(user.labels).toEqual(['ЕМС-ке тіркелу']);
  });
});

describe('property: any way of typing a +7 number reaches the same E.164 in the flow', () => {
  it('spaces, dashes, brackets, 8 / +7 / no prefix', async () => {
    ctx.clock.set(new Date('2026-12-04T15:00:00Z'));
    const user = await WebchatClient.open(ctx.web, 'ru');
    const format = fc
      .tuple(
        fc.integer({ min: 2, max: 9 }),
        fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 9, maxLength: 9 }),
        fc.constantFrom('+7', '8', '7', ''),
        fc.constantFrom(' ', '-', '', ' - '),
        fc.boolean(),
      )
      .map(([first, rest, prefix, separator, brackets]) => {
        const national = `${first}${rest.join('')}`;
        const area = brackets ? `(${national.slice(0, 3)})` : national.slice(0, 3);
        const typed = [prefix, area, national.slice(3, 6), national.slice(6, 8), national.slice(8)]
          .filter((part) => part !== '')
          .join(separator);
        return { typed, e164: `+7${national}` };
      })
      // the demo roster's numbers would send a code; everything else is refused with the number
      .filter(({ e164 }) => !e164.startsWith('+7916123450'));
    await fc.assert(
      fc.asyncProperty(format, async ({ typed, e164 }) => {
        await user.command('registration');
        await user.say(typed);
        expect(user.text).toContain(`Номер ${e164} не найден`);
      }),
      { numRuns: 25 },
    );
  });
});
