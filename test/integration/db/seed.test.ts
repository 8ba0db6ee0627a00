import { verify } from 'argon2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPiiProtector } from '../../../core/crypto';
import { demoActivationCode, formatDemoSummary, seedDemo } from '../../../prisma/seed';
import { createTestDatabase, type TestDatabase } from '../../support/database';

const pii = createPiiProtector('seed-test-master-key-0123456789abcdef');
const now = new Date('2026-03-10T09:00:00Z');

let test: TestDatabase;
beforeAll(async () => {
  test = await createTestDatabase();
});
afterAll(() => test?.drop());

async function counts() {
  const p = test.db.prisma;
  return {
    insurers: await p.insurer.count(),
    programmes: await p.programme.count(),
    products: await p.product.count(),
    policies: await p.policy.count(),
    employers: await p.employer.count(),
    roster: await p.rosterEntry.count(),
    clinics: await p.clinic.count(),
    operators: await p.operator.count(),
  };
}

describe('seedDemo', () => {
  it('seeds once, and a second run adds nothing', async () => {
    const first = await seedDemo(test.db.prisma, pii, now);
    const afterFirst = await counts();
    expect(afterFirst).toEqual({
      insurers: 2,
      programmes: 3,
      products: 2,
      policies: 8,
      employers: 1,
      roster: 6,
      clinics: 4,
      operators: 1,
    });
    const second = await seedDemo(test.db.prisma, pii, now);
    expect(await counts()).toEqual(afterFirst);
    expect(second).toEqual(first);
  });

  it('stores only the hash of each activation code, and the summary prints the codes', async () => {
    const summary = await seedDemo(test.db.prisma, pii, now);
    const lv = summary.telemed.policies.find((p) => p.number === 'LV-100001');
    expect(lv?.activationCode).toBe(demoActivationCode('LV-100001'));
    expect(lv?.activationCode).toMatch(/^\d{6}$/);
    const stored = await test.db.prisma.policy.findUniqueOrThrow({
      where: { number: 'LV-100001' },
      include: { product: true },
    });
    expect(stored.product.code).toBe('personal_doctor');
    expect(stored.activationCodeHash).not.toContain(lv!.activationCode);
    expect(pii.verifySecret(lv!.activationCode, stored.activationCodeHash)).toBe(true);
    const codes = summary.telemed.policies.map((p) => p.activationCode);
    expect(new Set(codes).size).toBe(codes.length);
    expect(summary.telemed.policies.filter((p) => p.number.startsWith('DD-'))).toHaveLength(3);

    const text = formatDemoSummary(summary);
    expect(text).toContain(`LV-100001  код ${lv!.activationCode}`);
    expect(text).toContain('900515300127');
    expect(text).toContain('ООО «Демо-Завод»');
  });

  it('has a DMS programme with its franchise and emergency programme, and one employee under 18', async () => {
    const summary = await seedDemo(test.db.prisma, pii, now);
    const dms = await test.db.prisma.programme.findUniqueOrThrow({ where: { code: 'dms-alfa' } });
    expect(dms).toMatchObject({
      kind: 'dms',
      timeZone: 'Europe/Moscow',
      currency: 'RUB',
      franchiseBasisPoints: 2000,
      paymentWorkingDays: 30,
      emergencyProgrammeCode: 'dms-alfa-emergency',
    });
    const emergency = await test.db.prisma.programme.findUniqueOrThrow({
      where: { code: 'dms-alfa-emergency' },
    });
    expect(emergency.kind).toBe('emergency_only');
    const minors = summary.dms.employees.filter((e) => !e.adult);
    expect(minors.map((e) => e.employeeNumber)).toEqual(['T-006']);
    const clinics = await test.db.prisma.clinic.findMany();
    expect(clinics.every((c) => c.programmes.includes('dms-alfa') && c.latitude !== null)).toBe(true);
    expect(new Set(clinics.map((c) => c.city))).toEqual(new Set(['Москва', 'Алматы']));
  });

  it('creates the demo operator with an argon2 hash of "operator"', async () => {
    const operator = await test.db.prisma.operator.findUniqueOrThrow({ where: { login: 'operator' } });
    expect(operator.passwordHash.startsWith('$argon2')).toBe(true);
    expect(await verify(operator.passwordHash, 'operator')).toBe(true);
  });
});
