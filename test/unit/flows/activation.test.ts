import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConversationRef, DialogEngine, HandleResult, Input, Reply } from '../../../bot/engine';
import { makeIin } from '../../../core/domain/iin';
import type { LocalDate } from '../../../core/domain/local-date';
import { DEMO_IINS, demoActivationCode } from '../../../prisma/seed';
import { createDialogTestContext, type DialogTestContext, START } from '../../integration/activation/context';

let ctx: DialogTestContext;
let engine: DialogEngine;
let n = 0;

/** One user in one conversation: sends inputs, keeps the last answer (keys + rendered text). */
class User {
  readonly ref: ConversationRef = { channel: 'telegram', externalId: `flow-${n++}` };
  last!: HandleResult;
  constructor(readonly lang: 'ru' | 'kk' = 'ru') {}
  async send(input: Input | string): Promise<this> {
    const value: Input = typeof input === 'string' ? { type: 'text', text: input } : input;
    this.last = await engine.handle(this.ref, value);
    return this;
  }
  press(data: string) {
    return this.send({ type: 'button', data });
  }
  get keys(): string[] {
    return this.last.replies.map((reply: Reply) => (reply.type === 'text' ? reply.text.key : reply.type));
  }
  get text(): string {
    return this.last.replies
      .map((reply) =>
        reply.type === 'text' ? ctx.i18n.t(this.last.language, reply.text.key, reply.text.params) : '',
      )
      .join('\n');
  }
  param(key: string, name: string): unknown {
    const reply = this.last.replies.find((r) => r.type === 'text' && r.text.key === key);
    return reply?.type === 'text' ? reply.text.params?.[name] : undefined;
  }
  async begin(): Promise<this> {
    await this.send({ type: 'command', command: 'start' });
    await this.press(`lang:${this.lang}`);
    return this.press('flow:activation');
  }
  /** policy + code + IIN + name + e-mail → the summary */
  async fill(policy: string, iin: string, email: string, name = 'Ахметова Әйгерім Серікқызы'): Promise<this> {
    await this.send(policy);
    await this.send(demoActivationCode(policy));
    await this.send(iin);
    await this.send(name);
    return this.send(email);
  }
  async conversation() {
    return ctx.app.db.prisma.conversation.findUniqueOrThrow({
      where: { channel_externalId: { channel: this.ref.channel, externalId: this.ref.externalId } },
    });
  }
}

const IIN = DEMO_IINS[0].iin;
const CHILD_IIN = DEMO_IINS[3].iin;

beforeAll(async () => {
  ctx = await createDialogTestContext();
  engine = ctx.engine();
});
afterAll(async () => {
  await ctx?.close();
});

describe('activation flow', () => {
  it('activates a policy: coverage dates, person with encrypted IIN, account, outbox jobs, audit', async () => {
    ctx.clock.set(START);
    const user = await new User('ru').begin();
    expect(user.keys).toEqual(['activation-intro', 'activation-ask-policy']);
    await user.send('lv 100001');
    expect(user.keys).toEqual(['activation-ask-code']);
    expect(user.text).toContain('LV-100001');
    await user.send(demoActivationCode('LV-100001'));
    expect(user.keys).toEqual(['activation-code-ok', 'activation-ask-iin']);
    await user.send(`${IIN.slice(0, 6)} ${IIN.slice(6)}`);
    expect(user.keys).toEqual(['activation-ask-name']);
    await user.send('  Ахметова   Әйгерім  Серікқызы ');
    expect(user.keys).toEqual(['activation-ask-email']);
    await user.send('Aigerim.A@Example.KZ');
    expect(user.keys).toEqual(['activation-summary']);
    expect(user.last.replies[0]).toMatchObject({
      text: {
        params: {
          number: 'LV-100001',
          product: 'Личный врач',
          iin: IIN,
          name: 'Ахметова Әйгерім Серікқызы',
          email: 'aigerim.a@example.kz',
          account: 'new',
        },
      },
    });

    await user.press('act:confirm');
    expect(user.keys).toEqual([
      'activation-done',
      'activation-done-cooling-off',
      'activation-done-new-account',
      'menu-title',
    ]);
    // activated 1 Dec 2026 (Almaty) → covered 16 Dec 2026 … 15 Dec 2027
    expect(user.text).toContain(
      'начнёт действовать 16 декабря 2026 года и продлится по 15 декабря 2027 года',
    );
    expect(user.text).toContain('оплачивать их нужно самостоятельно');
    expect(user.text).toContain('придут на aigerim.a@example.kz');

    const { prisma } = ctx.app.db;
    const policy = await prisma.policy.findUniqueOrThrow({
      where: { number: 'LV-100001' },
      include: { activation: true },
    });
    expect(policy.status).toBe('activated');
    const activation = policy.activation!;
    expect(activation.coverageStart.toISOString().slice(0, 10)).toBe('2026-12-16');
    expect(activation.coverageEnd.toISOString().slice(0, 10)).toBe('2027-12-15');
    expect(activation.activatedAt).toEqual(START);
    expect(activation.channel).toBe('telegram');

    const person = await prisma.person.findUniqueOrThrow({ where: { id: activation.personId } });
    expect(person.iinCipher).not.toContain(IIN);
    expect(ctx.app.pii.decrypt(person.iinCipher!)).toBe(IIN);
    expect(person.iinHash).toBe(ctx.app.pii.hash(IIN));
    expect(person.birthDate?.toISOString().slice(0, 10)).toBe('1990-05-15');
    expect(JSON.stringify(person)).not.toContain(IIN);

    const account = await prisma.telemedAccount.findUniqueOrThrow({
      where: { email: 'aigerim.a@example.kz' },
    });
    expect(account).toMatchObject({ productCode: 'personal_doctor', status: 'pending' });
    expect(activation.telemedAccountId).toBe(account.id);

    const all = await prisma.outboxJob.findMany({ orderBy: [{ queue: 'asc' }, { jobId: 'asc' }] });
    // the expiry reminders (30 and 7 days before the end) are the timelines' (issue 7)
    expect(all.filter((job) => job.queue === 'coverage-expiry').map((job) => job.jobId)).toEqual([
      `coverage-expiry.${activation.id}.expiry-30d`,
      `coverage-expiry.${activation.id}.expiry-7d`,
    ]);
    const jobs = all.filter((job) => job.queue !== 'coverage-expiry');
    expect(jobs.map((job) => [job.queue, job.name, job.jobId])).toEqual([
      ['coverage-start', 'coverage-start', `coverage-start.${activation.id}`],
      ['telemed', 'open-account', `telemed-open.${activation.id}`],
    ]);
    // the coverage-start notice: first covered day, 10:00 in Almaty (UTC+5)
    expect(jobs[0]!.runAt).toEqual(new Date('2026-12-16T05:00:00Z'));
    expect(jobs[1]!.runAt).toBeNull();
    expect(
      jobs.every((job) => (job.payload as { activationId: string }).activationId === activation.id),
    ).toBe(true);

    const audit = await prisma.auditLog.findFirstOrThrow({
      where: { action: 'policy.activated', subject: policy.id },
    });
    expect(JSON.stringify(audit.details)).not.toContain(IIN);

    expect((await user.conversation()).personId).toBe(person.id);
    // the state holding the IIN and code is gone once the flow ended
    expect(JSON.stringify((await user.conversation()).state)).not.toContain(IIN);

    // /status now lists the policy in its cooling-off period
    await user.send({ type: 'command', command: 'status' });
    expect(user.keys).toEqual([
      'status-header',
      'status-policy-cooling-off',
      'status-how-to-consult',
      'menu-title',
    ]);
    expect(user.text).toContain('страховая защита начнётся 16 декабря 2026 года');
    ctx.clock.set(new Date('2026-12-16T00:00:00Z')); // 05:00 on 16 Dec in Almaty
    await user.send('/status');
    expect(user.keys).toContain('status-policy-active');
    expect(user.text).toContain('действует по 15 декабря 2027 года');
    ctx.clock.set(new Date('2027-12-15T19:00:00Z')); // 00:00 on 16 Dec 2027 in Almaty
    await user.send('/status');
    expect(user.keys).toEqual(['status-header', 'status-policy-expired', 'menu-title']);
    ctx.clock.set(START);
  });

  it('says why each field is wrong and lets the user retry', async () => {
    ctx.clock.set(START);
    const user = await new User('ru').begin();
    await user.send('LV-999999');
    expect(user.keys).toEqual(['activation-policy-unknown']);
    expect(user.text).toContain('LV-999999 не найден');
    await user.send('LV-100002');
    await user.send('000000');
    expect(user.keys).toEqual(['activation-code-wrong']);
    expect(user.text).toContain('Осталось 4 попытки');
    await user.send(demoActivationCode('LV-100002'));

    const iinCases: [string, string][] = [
      ['12345', 'activation-iin-format'],
      ['90051530012a', 'activation-iin-format'],
      ['900515700127', 'activation-iin-century'],
      ['901315300127', 'activation-iin-birth-date'],
      ['900515300128', 'activation-iin-checksum'],
      [makeIin('2030-01-01' as LocalDate, 'male', 1)!, 'activation-iin-future'],
    ];
    for (const [iin, key] of iinCases) {
      await user.send(iin);
      expect(user.keys, iin).toEqual([key]);
    }
    await user.send(IIN);

    const nameCases: [string, string][] = [
      ['Иванов', 'activation-name-words'],
      ['Иванов Иван2', 'activation-name-chars'],
      ['Иванов_Иван Петрович', 'activation-name-chars'],
      ['-Иванов Иван', 'activation-name-chars'],
      [`${'Я'.repeat(60)} ${'Я'.repeat(60)}`, 'activation-name-length'],
    ];
    for (const [name, key] of nameCases) {
      await user.send(name);
      expect(user.keys, name).toEqual([key]);
    }
    await user.send('Сейітқали-Оңғар Ұлан Іңкәрұлы');
    expect(user.keys).toEqual(['activation-ask-email']);

    for (const email of ['no-at-sign', 'a@b', 'a@@b.kz', 'a b@c.kz', '.a@b.kz', 'a@b.k']) {
      await user.send(email);
      expect(user.keys, email).toEqual(['activation-email-format']);
    }
    // a button where text is expected
    await user.press('something');
    expect(user.keys).toEqual(['activation-expect-text']);
    await user.send('ulan@example.kz');
    expect(user.keys).toEqual(['activation-summary']);
    expect(user.param('activation-summary', 'name')).toBe('Сейітқали-Оңғар Ұлан Іңкәрұлы');
    // text in the summary: use the buttons
    await user.send('ок');
    expect(user.keys).toEqual(['activation-summary-use-buttons']);
  });

  it('locks the code after 5 wrong attempts per policy and says until when (Almaty time)', async () => {
    ctx.clock.set(START);
    const user = await new User('ru').begin();
    await user.send('LV-100003');
    for (let left = 4; left >= 1; left--) {
      await user.send('111111');
      expect(user.param('activation-code-wrong', 'left')).toBe(left);
      ctx.clock.advance(60_000);
    }
    await user.send('111111'); // 5th wrong at 10:04 → locked until 10:15 (the first one leaves the window)
    expect(user.keys).toEqual(['activation-locked', 'menu-title']);
    expect(user.text).toContain('Попробуйте снова 1 декабря 2026 года после 10:15 по времени Алматы');
    const attempts = await ctx.app.db.prisma.activationAttempt.count({
      where: { policy: { number: 'LV-100003' }, success: false },
    });
    expect(attempts).toBe(5);

    // another conversation, the same policy: locked too, even with the right code
    const other = await new User('kk').begin();
    await other.send('LV-100003');
    expect(other.keys).toEqual(['activation-locked', 'menu-title']);
    expect(other.text).toContain('2026 жылғы 1 желтоқсан, 10:15 (Алматы уақыты)');

    ctx.clock.set(new Date(START.getTime() + 15 * 60_000 + 1000));
    await other.press('flow:activation');
    await other.send('LV-100003');
    await other.send(demoActivationCode('LV-100003'));
    expect(other.keys).toEqual(['activation-code-ok', 'activation-ask-iin']);
    ctx.clock.set(START);
  });

  it('locks after 5 wrong codes in one conversation across policies', async () => {
    ctx.clock.set(new Date(START.getTime() + 3_600_000));
    const user = await new User('ru').begin();
    await user.send('LV-100004');
    for (let i = 0; i < 3; i++) await user.send('222222');
    await user.press('back'); // back to the policy number
    expect(user.keys).toEqual(['activation-ask-policy']);
    await user.send('DD-200001');
    await user.send('222222');
    expect(user.param('activation-code-wrong', 'left')).toBe(1);
    await user.send('222222');
    expect(user.keys).toEqual(['activation-locked', 'menu-title']);
    ctx.clock.set(START);
  });

  it('refuses an already activated policy with its activation date', async () => {
    const first = await new User('ru').begin();
    await first.fill('LV-100005', DEMO_IINS[2].iin, 'first@example.kz');
    await first.press('act:confirm');
    const user = await new User('kk').begin();
    await user.send('LV-100005');
    expect(user.keys).toEqual(['activation-policy-already', 'menu-title']);
    expect(user.text).toContain('белсендіру күні: 2026 жылғы 1 желтоқсан');
  });

  it('links a second «Личный врач» to the e-mail that already has an account (no second password)', async () => {
    const user = await new User('ru').begin();
    await user.fill('LV-100002', DEMO_IINS[1].iin, 'aigerim.a@example.kz');
    expect(user.keys).toEqual(['activation-email-existing', 'activation-summary']);
    expect(user.param('activation-summary', 'account')).toBe('link');
    await user.press('act:confirm');
    expect(user.keys).toContain('activation-done-linked');
    expect(user.text).toContain('второго пароля не будет');
    const { prisma } = ctx.app.db;
    expect(await prisma.telemedAccount.count({ where: { email: 'aigerim.a@example.kz' } })).toBe(1);
    const activations = await prisma.activation.findMany({ where: { email: 'aigerim.a@example.kz' } });
    expect(activations).toHaveLength(2);
    expect(new Set(activations.map((a) => a.telemedAccountId)).size).toBe(1);
  });

  it('refuses «Детский доктор» on an e-mail of «Личный врач» (seed 000 item 3), then accepts another', async () => {
    const user = await new User('ru').begin();
    await user.fill('DD-200002', CHILD_IIN, 'aigerim.a@example.kz', 'Ахметов Нұрлан');
    expect(user.keys).toEqual(['activation-email-other-product']);
    expect(user.text).toContain('уже оформлен кабинет по продукту «Личный врач»');
    expect(user.text).toContain('для «Детский доктор» укажите, пожалуйста, другой e-mail');
    await user.send('kids@example.kz');
    expect(user.keys).toEqual(['activation-summary']);
    await user.press('act:confirm');
    expect(user.keys[0]).toBe('activation-done');
    const account = await ctx.app.db.prisma.telemedAccount.findUniqueOrThrow({
      where: { email: 'kids@example.kz' },
    });
    expect(account.productCode).toBe('children_doctor');
  });

  it('edits a field from the summary and returns to it; back from an edit returns too', async () => {
    const user = await new User('ru').begin();
    await user.fill('DD-200003', CHILD_IIN, 'other-kid@example.kz', 'Ахметов Нұрлан');
    await user.press('act:edit:email');
    expect(user.keys).toEqual(['activation-ask-email']);
    await user.press('back');
    expect(user.keys).toEqual(['activation-summary']);
    await user.press('act:edit:name');
    await user.send('Ахметов Нұрлан Серікұлы');
    expect(user.keys).toEqual(['activation-summary']);
    expect(user.param('activation-summary', 'name')).toBe('Ахметов Нұрлан Серікұлы');
    // the e-mail now belongs to a «Личный врач» account: caught at the summary's confirm
    await user.press('act:edit:email');
    await user.send('aigerim.a@example.kz');
    expect(user.keys).toEqual(['activation-email-other-product']);
    await user.send('nurlan@example.kz');
    expect(user.param('activation-summary', 'email')).toBe('nurlan@example.kz');
    // cancel in the middle, then nothing was activated
    await user.send('/cancel');
    await user.press('cancel:yes');
    expect(user.keys).toEqual(['cancelled', 'menu-title']);
    const policy = await ctx.app.db.prisma.policy.findUniqueOrThrow({ where: { number: 'DD-200003' } });
    expect(policy.status).toBe('issued');
  });
});
