import { randomUUID } from 'node:crypto';
import type { AppContext } from '../context';
import type { DbOrTx, Tx } from '../db';
import {
  type CoveragePeriod,
  coveragePeriod,
  coverageStartNotice,
  expiryReminders,
} from '../domain/coverage';
import { validateIin } from '../domain/iin';
import type { LocalDate } from '../domain/local-date';
import { DEFAULT_PROGRAMME } from '../domain/programme';
import { isLocalTime, toLocalDate } from '../domain/zone';
import type { Channel, Language } from '../generated/prisma/client';
import { enqueueJob } from '../notify/outbox';
import { jobId } from '../queues';
import { programmeRules, scheduleCoverageExpiry } from './timelines';

/**
 * Activation of «Личный врач» / «Детский доктор» (seed 000). Channel-neutral and text-free: the
 * dialog flow asks, these functions check and act. Each function runs in the caller's transaction
 * when given one (the dialog engine's), else in its own.
 */

/** Wrong activation codes allowed per policy and per conversation within the window. */
export const MAX_WRONG_CODES = 5;
export const WRONG_CODE_WINDOW_MS = 15 * 60_000;

export interface PolicyView {
  id: string;
  number: string;
  status: 'issued' | 'activated' | 'cancelled';
  productCode: string;
  productName: { ru: string; kk: string };
  timeZone: string;
}

export type PolicyLookup =
  | { kind: 'not_found' }
  | { kind: 'cancelled'; policy: PolicyView }
  | { kind: 'activated'; policy: PolicyView; activatedAt: Date; activatedOn: LocalDate }
  | { kind: 'available'; policy: PolicyView };

/** 'lv 100001', 'LV–100001', 'lv100001' → 'LV-100001'; anything else is returned trimmed and upper-cased. */
export function normalizePolicyNumber(text: string): string {
  const compact = text.trim().toUpperCase().replace(/\s+/g, '');
  const match = /^([A-Z]{1,4})[-‐‑–—]?(\d{3,12})$/.exec(compact);
  return match ? `${match[1]}-${match[2]}` : compact;
}

/** E-mails are logins: trimmed and lower-cased. */
export function normalizeEmail(text: string): string {
  return text.trim().toLowerCase();
}

const EMAIL =
  /^[a-z0-9.!#$%&'*+/=?^_`{|}~-]+@[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)+$/;

export function isValidEmail(email: string): boolean {
  if (email.length > 254 || !EMAIL.test(email)) return false;
  const [local, domain] = email.split('@') as [string, string];
  if (local.length > 64 || local.startsWith('.') || local.endsWith('.') || local.includes('..')) return false;
  const tld = domain.split('.').at(-1)!;
  return /^[a-z]{2,}$/.test(tld) || /^xn--[a-z0-9-]+$/.test(tld);
}

export async function findPolicy(db: DbOrTx, number: string): Promise<PolicyLookup> {
  const policy = await db.policy.findUnique({
    where: { number: normalizePolicyNumber(number) },
    include: { product: { include: { programme: true } }, activation: true },
  });
  if (!policy) return { kind: 'not_found' };
  const view: PolicyView = {
    id: policy.id,
    number: policy.number,
    status: policy.status,
    productCode: policy.product.code,
    productName: { ru: policy.product.nameRu, kk: policy.product.nameKk },
    timeZone: policy.product.programme.timeZone,
  };
  if (policy.activation) {
    const activatedAt = policy.activation.activatedAt;
    return {
      kind: 'activated',
      policy: view,
      activatedAt,
      activatedOn: toLocalDate(activatedAt, view.timeZone),
    };
  }
  if (policy.status === 'cancelled') return { kind: 'cancelled', policy: view };
  return { kind: 'available', policy: view };
}

export type LockState = { locked: false; attemptsLeft: number } | { locked: true; retryAt: Date };

/**
 * The lock-out rule: at most MAX_WRONG_CODES wrong codes per policy and per conversation in any
 * WRONG_CODE_WINDOW_MS. While locked, `retryAt` is when the oldest counted failure leaves the window.
 */
export async function codeLockState(
  db: DbOrTx,
  input: { policyId: string; conversationKey: string; now: Date },
): Promise<LockState> {
  const since = new Date(input.now.getTime() - WRONG_CODE_WINDOW_MS);
  const recent = (where: { policyId: string } | { conversationKey: string }) =>
    db.activationAttempt.findMany({
      where: { ...where, success: false, createdAt: { gt: since, lte: input.now } },
      orderBy: { createdAt: 'desc' },
      take: MAX_WRONG_CODES,
      select: { createdAt: true },
    });
  const [byPolicy, byConversation] = await Promise.all([
    recent({ policyId: input.policyId }),
    recent({ conversationKey: input.conversationKey }),
  ]);
  const unlockAt = (failures: { createdAt: Date }[]) =>
    failures.length >= MAX_WRONG_CODES
      ? failures[MAX_WRONG_CODES - 1]!.createdAt.getTime() + WRONG_CODE_WINDOW_MS
      : 0;
  const retryAt = Math.max(unlockAt(byPolicy), unlockAt(byConversation));
  if (retryAt > input.now.getTime()) return { locked: true, retryAt: new Date(retryAt) };
  return { locked: false, attemptsLeft: MAX_WRONG_CODES - Math.max(byPolicy.length, byConversation.length) };
}

export type CodeCheck =
  | { ok: true }
  | { ok: false; reason: 'wrong_code'; attemptsLeft: number }
  | { ok: false; reason: 'locked'; retryAt: Date };

/** Checks an activation code and records the attempt (ActivationAttempt) in the same transaction. */
export async function verifyActivationCode(
  ctx: Pick<AppContext, 'pii' | 'clock'>,
  tx: Tx,
  input: { policyId: string; code: string; conversationKey: string },
): Promise<CodeCheck> {
  const now = ctx.clock.now();
  const before = await codeLockState(tx, {
    policyId: input.policyId,
    conversationKey: input.conversationKey,
    now,
  });
  if (before.locked) return { ok: false, reason: 'locked', retryAt: before.retryAt };
  const policy = await tx.policy.findUniqueOrThrow({
    where: { id: input.policyId },
    select: { activationCodeHash: true },
  });
  const success = ctx.pii.verifySecret(normalizeCode(input.code), policy.activationCodeHash);
  await tx.activationAttempt.create({
    data: { policyId: input.policyId, conversationKey: input.conversationKey, success, createdAt: now },
  });
  if (success) return { ok: true };
  const after = await codeLockState(tx, {
    policyId: input.policyId,
    conversationKey: input.conversationKey,
    now,
  });
  if (after.locked) return { ok: false, reason: 'locked', retryAt: after.retryAt };
  return { ok: false, reason: 'wrong_code', attemptsLeft: after.attemptsLeft };
}

/** Codes are compared as typed, without surrounding or inner spaces. */
export function normalizeCode(code: string): string {
  return code.replace(/\s+/g, '');
}

export type EmailCheck =
  | { kind: 'new' }
  /** the e-mail already has a telemedicine account of this product: the policy is added to it */
  | { kind: 'link'; accountId: string }
  /** seed 000 item 3: «Детский доктор» and «Личный врач» need different e-mails */
  | { kind: 'other_product'; existingProductCode: string; existingProductName: { ru: string; kk: string } };

export async function checkEmail(
  db: DbOrTx,
  input: { email: string; productCode: string },
): Promise<EmailCheck> {
  const account = await db.telemedAccount.findUnique({ where: { email: normalizeEmail(input.email) } });
  if (!account) return { kind: 'new' };
  if (account.productCode === input.productCode) return { kind: 'link', accountId: account.id };
  const product = await db.product.findUnique({ where: { code: account.productCode } });
  return {
    kind: 'other_product',
    existingProductCode: account.productCode,
    existingProductName: {
      ru: product?.nameRu ?? account.productCode,
      kk: product?.nameKk ?? account.productCode,
    },
  };
}

export interface ActivatePolicyInput {
  policyNumber: string;
  activationCode: string;
  iin: string;
  fullName: string;
  email: string;
  channel: Channel;
  /** `${channel}:${externalId}`: who acted, for the audit log */
  conversationKey: string;
  language: Language;
}

export type ActivatePolicyResult =
  | {
      ok: true;
      activationId: string;
      policyId: string;
      policyNumber: string;
      personId: string;
      productCode: string;
      telemedAccountId: string;
      /** the e-mail already had an account: no new password (seed 000 item 2) */
      linkedExistingAccount: boolean;
      coverage: CoveragePeriod;
      timeZone: string;
      /** when the coverage-start notice is scheduled */
      coverageNoticeAt: Date;
    }
  | {
      ok: false;
      reason: 'policy_not_found' | 'policy_cancelled' | 'wrong_code' | 'invalid_iin' | 'invalid_email';
    }
  | { ok: false; reason: 'already_activated'; activatedAt: Date; activatedOn: LocalDate }
  | { ok: false; reason: 'email_other_product'; existingProductCode: string };

const asDate = (day: LocalDate) => new Date(`${day}T00:00:00.000Z`);

/**
 * Activates a policy in ONE transaction: re-checks the code and that the policy is still free,
 * upserts the Person (IIN encrypted + keyed hash), creates or reuses the TelemedAccount of the
 * e-mail, creates the Activation with its coverage dates (programme zone), marks the policy
 * activated and writes the outbox jobs (open/link the telemedicine account now; announce the
 * coverage start on its first day at the programme's reminder time, 10:00 local by default) and
 * an audit row. Refusals change nothing.
 */
export async function activatePolicy(
  ctx: Pick<AppContext, 'db' | 'pii' | 'clock'>,
  input: ActivatePolicyInput,
  tx?: Tx,
): Promise<ActivatePolicyResult> {
  if (!tx) return ctx.db.prisma.$transaction((own) => activatePolicy(ctx, input, own), { timeout: 15_000 });
  const now = ctx.clock.now();
  const number = normalizePolicyNumber(input.policyNumber);
  const email = normalizeEmail(input.email);

  const iin = validateIin(input.iin);
  if (!iin.ok) return { ok: false, reason: 'invalid_iin' };
  if (!isValidEmail(email)) return { ok: false, reason: 'invalid_email' };

  // Serialise activations of one policy: the second waits here and then sees it activated.
  const locked = await tx.$queryRaw<
    { id: string }[]
  >`SELECT id FROM "Policy" WHERE number = ${number} FOR UPDATE`;
  if (locked.length === 0) return { ok: false, reason: 'policy_not_found' };
  const policy = await tx.policy.findUniqueOrThrow({
    where: { number },
    include: { product: { include: { programme: true } }, activation: true },
  });
  const zone = policy.product.programme.timeZone;
  if (policy.activation) {
    const activatedAt = policy.activation.activatedAt;
    return {
      ok: false,
      reason: 'already_activated',
      activatedAt,
      activatedOn: toLocalDate(activatedAt, zone),
    };
  }
  if (policy.status === 'cancelled') return { ok: false, reason: 'policy_cancelled' };
  if (!ctx.pii.verifySecret(normalizeCode(input.activationCode), policy.activationCodeHash)) {
    return { ok: false, reason: 'wrong_code' };
  }

  // The telemedicine account of the e-mail: create, or reuse one of the same product.
  const productCode = policy.product.code;
  const inserted = await tx.$queryRaw<{ id: string }[]>`
    INSERT INTO "TelemedAccount" (id, email, "productCode", login, status)
    VALUES (${randomUUID()}::uuid, ${email}, ${productCode}, ${email}, 'pending'::"TelemedAccountStatus")
    ON CONFLICT (email) DO NOTHING RETURNING id`;
  let accountId = inserted[0]?.id;
  const linkedExistingAccount = !accountId;
  if (!accountId) {
    const [account] = await tx.$queryRaw<{ id: string; productCode: string }[]>`
      SELECT id, "productCode" FROM "TelemedAccount" WHERE email = ${email} FOR UPDATE`;
    if (!account) throw new Error('telemedicine account vanished');
    if (account.productCode !== productCode) {
      return { ok: false, reason: 'email_other_product', existingProductCode: account.productCode };
    }
    accountId = account.id;
  }

  // The insured person, found by the keyed hash of the IIN; the IIN itself only encrypted.
  const iinHash = ctx.pii.hash(iin.iin);
  await tx.$executeRaw`
    INSERT INTO "Person" (id, "iinCipher", "iinHash", "fullName", "birthDate", email, language)
    VALUES (${randomUUID()}::uuid, ${ctx.pii.encrypt(iin.iin)}, ${iinHash}, ${input.fullName},
            ${iin.birthDate}::date, ${email}, ${input.language}::"Language")
    ON CONFLICT ("iinHash") DO NOTHING`;
  const person = await tx.person.findUniqueOrThrow({ where: { iinHash }, select: { id: true } });

  const coverage = coveragePeriod(now, {
    coolingOffDays: policy.product.coolingOffDays,
    coverageMonths: policy.product.coverageMonths,
    zone,
  });
  const settings = (policy.product.programme.settings ?? {}) as Record<string, unknown>;
  const reminderTime =
    typeof settings.reminderTime === 'string' && isLocalTime(settings.reminderTime)
      ? settings.reminderTime
      : DEFAULT_PROGRAMME.reminderTime;
  const notice = coverageStartNotice(coverage, { zone, reminderTime });

  const activation = await tx.activation.create({
    data: {
      policyId: policy.id,
      personId: person.id,
      telemedAccountId: accountId,
      email,
      channel: input.channel,
      activatedAt: now,
      coverageStart: asDate(coverage.startsOn),
      coverageEnd: asDate(coverage.lastDay),
    },
  });
  await tx.policy.update({ where: { id: policy.id }, data: { status: 'activated' } });
  await enqueueJob(tx, {
    queue: 'telemed',
    name: 'open-account',
    jobId: jobId('telemed-open', activation.id),
    payload: { activationId: activation.id },
  });
  await enqueueJob(tx, {
    queue: 'coverage-start',
    name: 'coverage-start',
    jobId: jobId('coverage-start', activation.id),
    payload: { activationId: activation.id },
    runAt: notice.sendAt,
  });
  // «N days of coverage left» reminders (issue 7, core/services/timelines.ts)
  await scheduleCoverageExpiry(tx, {
    activationId: activation.id,
    steps: expiryReminders(coverage, programmeRules(policy.product.programme, policy.product)),
    now,
  });
  await tx.auditLog.create({
    data: {
      at: now,
      actor: input.conversationKey,
      action: 'policy.activated',
      subject: policy.id,
      details: {
        activationId: activation.id,
        policyNumber: policy.number,
        channel: input.channel,
        linkedExistingAccount,
        coverageStart: coverage.startsOn,
        coverageEnd: coverage.lastDay,
      },
    },
  });

  return {
    ok: true,
    activationId: activation.id,
    policyId: policy.id,
    policyNumber: policy.number,
    personId: person.id,
    productCode,
    telemedAccountId: accountId,
    linkedExistingAccount,
    coverage,
    timeZone: zone,
    coverageNoticeAt: notice.sendAt,
  };
}
