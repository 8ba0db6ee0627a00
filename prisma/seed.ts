/**
 * Demo data for a newcomer: `seedDemo` is idempotent (unique keys + upserts), so it runs at every
 * start of the embedded default (SEED_DEMO=auto) and twice changes nothing.
 *
 * EVERYTHING HERE IS DEMO DATA: fictional policies, people, phones and clinics; the operator
 * password `operator` must never reach production. Run by hand: `npx tsx prisma/seed.ts`.
 */
import { pathToFileURL } from 'node:url';
import { hash as argon2Hash } from 'argon2';
import type { PiiProtector } from '../core/crypto';
import type { Db } from '../core/db';

/** Activation code of a demo policy: 6 digits derived from its number (LV-100001 → 585812). */
export function demoActivationCode(policyNumber: string): string {
  const digits = Number(policyNumber.replace(/\D/g, ''));
  return String(((digits * 48_271) % 899_993) + 100_000);
}

/** Valid Kazakh IINs (check digits verified) for activation demos. */
export const DEMO_IINS = [
  { iin: '900515300127', note: 'мужчина, 15.05.1990' },
  { iin: '900515400123', note: 'женщина, 15.05.1990' },
  { iin: '851201300458', note: 'мужчина, 01.12.1985' },
  { iin: '120308500120', note: 'мальчик, 08.03.2012 (для «Детского доктора»)' },
] as const;

export const DEMO_OPERATOR = {
  login: 'operator',
  password: 'operator',
  displayName: 'Оператор (демо)',
} as const;

export interface DemoPolicy {
  number: string;
  productCode: string;
  productName: string;
  activationCode: string;
  status: string;
}

export interface DemoEmployee {
  employeeNumber: string;
  fullName: string;
  /** YYYY-MM-DD */
  birthDate: string;
  phone: string;
  policyNumber: string;
  adult: boolean;
}

export interface DemoSummary {
  telemed: { insurer: string; programmeCode: string; policies: DemoPolicy[]; iins: typeof DEMO_IINS };
  dms: {
    insurer: string;
    programmeCode: string;
    emergencyProgrammeCode: string;
    emergencyPhones: string[];
    employer: { code: string; name: string };
    employees: DemoEmployee[];
  };
  clinics: Array<{ code: string; name: string; city: string }>;
  operator: { login: string; password: string };
}

const KZ_PRODUCTS = [
  {
    code: 'personal_doctor',
    nameRu: 'Личный врач',
    nameKk: 'Личный врач',
    prefix: 'LV-',
    first: 100_001,
    count: 5,
  },
  {
    code: 'children_doctor',
    nameRu: 'Детский доктор',
    nameKk: 'Детский доктор',
    prefix: 'DD-',
    first: 200_001,
    count: 3,
  },
] as const;

/** Demo switchboard numbers (the insurer's real medical desk numbers come from its contract). */
const DEMO_EMERGENCY_PHONES = ['+74957883333'];

const CLINICS = [
  {
    code: 'demo-msk-belorusskaya',
    name: 'Демо-клиника «Белорусская»',
    city: 'Москва',
    address: 'ул. Грузинский Вал, 7',
    latitude: 55.7772,
    longitude: 37.5818,
    phone: '+74950000001',
  },
  {
    code: 'demo-msk-kitay-gorod',
    name: 'Демо-клиника «Китай-город»',
    city: 'Москва',
    address: 'Лубянский пр., 15',
    latitude: 55.7566,
    longitude: 37.6346,
    phone: '+74950000002',
  },
  {
    code: 'demo-msk-sokol',
    name: 'Демо-клиника «Сокол»',
    city: 'Москва',
    address: 'Ленинградский пр., 74',
    latitude: 55.8052,
    longitude: 37.5153,
    phone: '+74950000003',
  },
  {
    code: 'demo-almaty-abay',
    name: 'Демо-клиника «Абай»',
    city: 'Алматы',
    address: 'пр. Абая, 52',
    latitude: 43.2406,
    longitude: 76.9286,
    phone: '+77270000004',
  },
] as const;

function roster(now: Date): DemoEmployee[] {
  // The youngest employee is always 16 on `now`, for the adults-only refusal (seed 002 item 2).
  const minorBirth = `${now.getUTCFullYear() - 16}-06-15`;
  const rows: Array<Omit<DemoEmployee, 'adult'>> = [
    {
      employeeNumber: 'T-001',
      fullName: 'Смирнов Алексей Петрович',
      birthDate: '1985-03-14',
      phone: '+79161234501',
      policyNumber: 'DMS-300001',
    },
    {
      employeeNumber: 'T-002',
      fullName: 'Кузнецова Мария Игоревна',
      birthDate: '1990-07-02',
      phone: '+79161234502',
      policyNumber: 'DMS-300002',
    },
    {
      employeeNumber: 'T-003',
      fullName: 'Попов Дмитрий Сергеевич',
      birthDate: '1978-11-23',
      phone: '+79161234503',
      policyNumber: 'DMS-300003',
    },
    {
      employeeNumber: 'T-004',
      fullName: 'Васильева Екатерина Андреевна',
      birthDate: '1995-01-30',
      phone: '+79161234504',
      policyNumber: 'DMS-300004',
    },
    {
      employeeNumber: 'T-005',
      fullName: 'Новиков Игорь Викторович',
      birthDate: '1969-05-09',
      phone: '+79161234505',
      policyNumber: 'DMS-300005',
    },
    {
      employeeNumber: 'T-006',
      fullName: 'Морозов Никита Алексеевич',
      birthDate: minorBirth,
      phone: '+79161234506',
      policyNumber: 'DMS-300006',
    },
  ];
  return rows.map((row) => ({ ...row, adult: ageOn(row.birthDate, now) >= 18 }));
}

function ageOn(birthDate: string, now: Date): number {
  const [y, m, d] = birthDate.split('-').map(Number) as [number, number, number];
  let age = now.getUTCFullYear() - y;
  if (now.getUTCMonth() + 1 < m || (now.getUTCMonth() + 1 === m && now.getUTCDate() < d)) age--;
  return age;
}

const dateOnly = (text: string) => new Date(`${text}T00:00:00Z`);

export async function seedDemo(prisma: Db, pii: PiiProtector, now: Date): Promise<DemoSummary> {
  // Password hashing is slow: only for a new operator, outside the transaction.
  const operatorExists = await prisma.operator.findUnique({ where: { login: DEMO_OPERATOR.login } });
  const operatorHash = operatorExists ? null : await argon2Hash(DEMO_OPERATOR.password);
  const employees = roster(now);

  return prisma.$transaction(
    async (tx) => {
      // «Казахинстрах»: telemedicine «Онлайн доктор», products «Личный врач» and «Детский доктор».
      const kz = await tx.insurer.upsert({
        where: { code: 'kazakhinstrakh' },
        update: {},
        create: { code: 'kazakhinstrakh', name: 'Казахинстрах', country: 'KZ' },
      });
      const telemed = await tx.programme.upsert({
        where: { code: 'kz-telemed' },
        update: {},
        create: {
          code: 'kz-telemed',
          insurerId: kz.id,
          name: 'Онлайн доктор',
          kind: 'telemed',
          country: 'KZ',
          timeZone: 'Asia/Almaty',
          currency: 'KZT',
          franchiseBasisPoints: 0,
        },
      });
      const policies: DemoPolicy[] = [];
      for (const product of KZ_PRODUCTS) {
        const row = await tx.product.upsert({
          where: { code: product.code },
          update: {},
          create: {
            code: product.code,
            programmeId: telemed.id,
            nameRu: product.nameRu,
            nameKk: product.nameKk,
            coolingOffDays: 15,
            coverageMonths: 12,
          },
        });
        for (let i = 0; i < product.count; i++) {
          const number = `${product.prefix}${product.first + i}`;
          const activationCode = demoActivationCode(number);
          const policy = await tx.policy.upsert({
            where: { number },
            update: {},
            create: {
              number,
              productId: row.id,
              activationCodeHash: pii.hashSecret(activationCode),
              issuedAt: now,
            },
          });
          policies.push({
            number,
            productCode: product.code,
            productName: product.nameRu,
            activationCode,
            status: policy.status,
          });
        }
      }

      // «АльфаСтрахование»: DMS with a 20 % franchise, and the emergency-only programme for non-payers.
      const ru = await tx.insurer.upsert({
        where: { code: 'alfastrakhovanie' },
        update: {},
        create: { code: 'alfastrakhovanie', name: 'АльфаСтрахование', country: 'RU' },
      });
      await tx.programme.upsert({
        where: { code: 'dms-alfa-emergency' },
        update: {},
        create: {
          code: 'dms-alfa-emergency',
          insurerId: ru.id,
          name: 'Индивидуальная программа: только экстренная помощь',
          kind: 'emergency_only',
          country: 'RU',
          timeZone: 'Europe/Moscow',
          currency: 'RUB',
          franchiseBasisPoints: 0,
          emergencyPhones: DEMO_EMERGENCY_PHONES,
        },
      });
      const dms = await tx.programme.upsert({
        where: { code: 'dms-alfa' },
        update: {},
        create: {
          code: 'dms-alfa',
          insurerId: ru.id,
          name: 'ДМС с франшизой',
          kind: 'dms',
          country: 'RU',
          timeZone: 'Europe/Moscow',
          currency: 'RUB',
          franchiseBasisPoints: 2000,
          paymentWorkingDays: 30,
          // a demo is tried at any hour: its charge notices are not held until 09:00 (docs/billing.md)
          settings: { noticeWindow: null },
          emergencyProgrammeCode: 'dms-alfa-emergency',
          emergencyPhones: DEMO_EMERGENCY_PHONES,
        },
      });
      const employer = await tx.employer.upsert({
        where: { code: 'demo-factory' },
        update: {},
        create: { code: 'demo-factory', name: 'ООО «Демо-Завод»', taxId: '7700000000', programmeId: dms.id },
      });
      for (const employee of employees) {
        const data = {
          fullName: employee.fullName,
          birthDate: dateOnly(employee.birthDate),
          phone: employee.phone,
          policyNumber: employee.policyNumber,
        };
        await tx.rosterEntry.upsert({
          where: {
            employerId_employeeNumber: { employerId: employer.id, employeeNumber: employee.employeeNumber },
          },
          update: data, // keeps the minor under 18 as years pass
          create: { employerId: employer.id, employeeNumber: employee.employeeNumber, ...data },
        });
      }

      for (const clinic of CLINICS) {
        await tx.clinic.upsert({
          where: { code: clinic.code },
          update: {},
          create: { ...clinic, programmes: ['dms-alfa'] },
        });
      }

      if (operatorHash) {
        await tx.operator.upsert({
          where: { login: DEMO_OPERATOR.login },
          update: {},
          create: {
            login: DEMO_OPERATOR.login,
            passwordHash: operatorHash,
            displayName: DEMO_OPERATOR.displayName,
          },
        });
      }

      return {
        telemed: { insurer: kz.name, programmeCode: telemed.code, policies, iins: DEMO_IINS },
        dms: {
          insurer: ru.name,
          programmeCode: dms.code,
          emergencyProgrammeCode: 'dms-alfa-emergency',
          emergencyPhones: DEMO_EMERGENCY_PHONES,
          employer: { code: employer.code, name: employer.name },
          employees,
        },
        clinics: CLINICS.map(({ code, name, city }) => ({ code, name, city })),
        operator: { login: DEMO_OPERATOR.login, password: DEMO_OPERATOR.password },
      };
    },
    { timeout: 30_000 },
  );
}

/** What to print at start of the embedded default: everything a newcomer can try. */
export function formatDemoSummary(summary: DemoSummary): string {
  const lines: string[] = [];
  lines.push('ДЕМО-ДАННЫЕ (вымышленные, не для production)');
  lines.push('');
  lines.push(
    `${summary.telemed.insurer} — активация полиса (номер полиса + код активации + ИИН + ФИО + e-mail):`,
  );
  for (const policy of summary.telemed.policies) {
    const state = policy.status === 'issued' ? '' : `  [${policy.status}]`;
    lines.push(`  ${policy.number.padEnd(10)} код ${policy.activationCode}  «${policy.productName}»${state}`);
  }
  lines.push('  ИИН для проверки:');
  for (const { iin, note } of summary.telemed.iins) lines.push(`    ${iin}  ${note}`);
  lines.push('');
  lines.push(
    `${summary.dms.insurer} — ДМС «${summary.dms.programmeCode}», работодатель ${summary.dms.employer.name} (${summary.dms.employer.code}):`,
  );
  lines.push('  регистрация по телефону + номер полиса или табельный номер:');
  for (const e of summary.dms.employees) {
    const minor = e.adult ? '' : '  ← младше 18: регистрация будет отклонена';
    lines.push(`  ${e.employeeNumber}  ${e.policyNumber}  ${e.phone}  ${e.birthDate}  ${e.fullName}${minor}`);
  }
  lines.push(`  экстренная помощь (демо-номер): ${summary.dms.emergencyPhones.join(', ')}`);
  lines.push('');
  lines.push('Клиники программы:');
  for (const clinic of summary.clinics) lines.push(`  ${clinic.city}: ${clinic.name}`);
  lines.push('');
  lines.push(
    `Оператор: логин «${summary.operator.login}», пароль «${summary.operator.password}» (только демо!)`,
  );
  return lines.join('\n');
}

// `npx tsx prisma/seed.ts`: seed the configured database and print the summary.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { loadConfig } = await import('../core/config');
  const { createPiiProtector } = await import('../core/crypto');
  const { openDatabase } = await import('../core/db');
  const { createLogger } = await import('../core/log/logger');
  const config = loadConfig();
  const logger = createLogger({ level: config.LOG_LEVEL, format: config.logFormat });
  let code = 0;
  try {
    const db = await openDatabase({ databaseUrl: config.DATABASE_URL, dataDir: config.DATA_DIR, logger });
    try {
      console.log(
        formatDemoSummary(await seedDemo(db.prisma, createPiiProtector(config.piiKey), new Date())),
      );
    } finally {
      await db.close();
    }
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    code = 1;
  }
  process.exit(code);
}
