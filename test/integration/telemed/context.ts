import { randomBytes } from 'node:crypto';
import type { AppContext } from '../../../core/context';
import { createTestContext, type TestContext } from '../../support/context';

export type TelemedTestContext = TestContext;

/** A real AppContext (fresh PostgreSQL database, Redis prefix of its own) with the given variables. */
export function createTelemedTestContext(env: Record<string, string>): Promise<TelemedTestContext> {
  return createTestContext({ env });
}

let counter = 0;

/** An insurer, programme, «Личный врач» product, a policy, a person and their activation. */
export async function seedActivation(
  ctx: AppContext,
  options: { email: string; language?: 'ru' | 'kk'; fullName?: string; iin?: string },
) {
  const { prisma } = ctx.db;
  counter++;
  const insurer = await prisma.insurer.upsert({
    where: { code: 'kis' },
    update: {},
    create: { code: 'kis', name: 'Казахинстрах', country: 'KZ' },
  });
  const programme = await prisma.programme.upsert({
    where: { code: 'kis-telemed' },
    update: {},
    create: {
      insurerId: insurer.id,
      code: 'kis-telemed',
      name: 'Онлайн доктор',
      kind: 'telemed',
      country: 'KZ',
      timeZone: 'Asia/Almaty',
      currency: 'KZT',
    },
  });
  const product = await prisma.product.upsert({
    where: { code: 'personal-doctor' },
    update: {},
    create: {
      code: 'personal-doctor',
      programmeId: programme.id,
      nameRu: 'Личный врач',
      nameKk: 'Жеке дәрігер',
    },
  });
  const policy = await prisma.policy.create({
    data: {
      number: `LV-2026-${String(counter).padStart(6, '0')}-${randomBytes(2).toString('hex')}`,
      productId: product.id,
      activationCodeHash: 'x',
      status: 'activated',
    },
  });
  const iin = options.iin ?? '900101300123';
  const person = await prisma.person.create({
    data: {
      fullName: options.fullName ?? 'Иванов Иван Иванович',
      iinCipher: ctx.pii.encrypt(iin),
      iinHash: ctx.pii.hash(`${iin}-${policy.number}`),
      email: options.email,
      language: options.language ?? 'ru',
    },
  });
  const account = await prisma.telemedAccount.upsert({
    where: { email: options.email },
    update: {},
    create: { email: options.email, productCode: product.code },
  });
  const activation = await prisma.activation.create({
    data: {
      policyId: policy.id,
      personId: person.id,
      telemedAccountId: account.id,
      email: options.email,
      channel: 'telegram',
      activatedAt: new Date('2026-03-01T20:30:00Z'),
      coverageStart: new Date('2026-03-17T00:00:00Z'),
      coverageEnd: new Date('2027-03-16T00:00:00Z'),
    },
  });
  return { activation, policy, person, account, product };
}
