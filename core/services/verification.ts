import { randomInt } from 'node:crypto';
import type { PiiProtector } from '../crypto';
import type { Tx } from '../db';
import type { Language } from '../generated/prisma/client';
import { enqueueNotification } from '../notify/outbox';

/**
 * One-time codes proving a typed phone number (seed 002 item 2: "a password is sent by SMS to
 * confirm") or e-mail address (a new address in the contacts flow). Only a keyed hash of each code
 * is stored (VerificationCode.codeHash, bound to purpose and target); the message goes through the
 * outbox (Notification, channel sms or email) with the code encrypted (`codeCipher`, decrypted by
 * the sender just before sending).
 *
 * Rules (per purpose + target):
 * - 6 digits, valid for the channel's `ttlMs` (SMS 5 minutes; e-mail 10: mail is slower than SMS);
 * - at most MAX_CODE_ATTEMPTS (5) wrong entries per code, then the code is dead;
 * - a new code at most every RESEND_INTERVAL_MS (60 s) and at most MAX_SENDS_PER_WINDOW (3) in any
 *   SEND_WINDOW_MS (15 minutes). Each send is a new row with a new code and ends the previous one.
 *
 * Every function runs in the caller's transaction (the dialog engine's), which commits the attempt
 * counters with the turn.
 */
export const CODE_LENGTH = 6;
export const MAX_CODE_ATTEMPTS = 5;
export const RESEND_INTERVAL_MS = 60_000;
export const MAX_SENDS_PER_WINDOW = 3;
export const SEND_WINDOW_MS = 15 * 60_000;

/** What differs between the channels a code travels by. */
export interface CodeChannel {
  channel: 'sms' | 'email';
  ttlMs: number;
  /** the hashed material binding a code to its purpose and target */
  material(purpose: string, target: string, code: string): string;
}

export const SMS_CODE: CodeChannel = {
  channel: 'sms',
  ttlMs: 5 * 60_000,
  material: (purpose, target, code) => `${purpose}:${target}:${code}`,
};

export const EMAIL_CODE: CodeChannel = {
  channel: 'email',
  ttlMs: 10 * 60_000,
  material: (purpose, target, code) => `email-code:${purpose}:${target}:${code}`,
};

export const CODE_TTL_MS = SMS_CODE.ttlMs;
export const SMS_CODE_TEMPLATE = 'dms-sms-code';

type Pii = Pick<PiiProtector, 'hashSecret' | 'verifySecret' | 'encrypt'>;

export type IssueResult =
  | { ok: true; id: string; expiresAt: Date; sendsLeft: number }
  /** `retryAt`: when a new code may be asked for */
  | { ok: false; reason: 'too_soon' | 'too_many_sends'; retryAt: Date };

export type VerifyResult =
  | { ok: true; id: string }
  | { ok: false; reason: 'wrong_code'; attemptsLeft: number }
  | { ok: false; reason: 'no_code' | 'expired' | 'too_many_attempts' | 'format' };

/**
 * Creates a code for (purpose, target: an E.164 phone or an e-mail address), ends the earlier ones,
 * and writes the message with `template` (params: `code`, `minutes` and `params`) into the outbox.
 * Refuses when sent less than a minute ago or 3 times in 15 minutes.
 */
export async function issueCode(
  ctx: { pii: Pii },
  tx: Tx,
  via: CodeChannel,
  input: {
    purpose: string;
    target: string;
    now: Date;
    personId?: string | null;
    template: string;
    params?: Record<string, unknown>;
  },
): Promise<IssueResult> {
  // serialise issuing for one target: two turns at once never both pass the limits
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`verification:${input.purpose}:${input.target}`}))`;
  const since = new Date(input.now.getTime() - SEND_WINDOW_MS);
  const recent = await tx.verificationCode.findMany({
    where: { purpose: input.purpose, target: input.target, createdAt: { gt: since, lte: input.now } },
    orderBy: { createdAt: 'desc' },
    select: { createdAt: true },
  });
  if (recent.length >= MAX_SENDS_PER_WINDOW) {
    const oldestCounted = recent[MAX_SENDS_PER_WINDOW - 1]!;
    return {
      ok: false,
      reason: 'too_many_sends',
      retryAt: new Date(oldestCounted.createdAt.getTime() + SEND_WINDOW_MS),
    };
  }
  const last = recent[0];
  if (last && input.now.getTime() - last.createdAt.getTime() < RESEND_INTERVAL_MS) {
    return {
      ok: false,
      reason: 'too_soon',
      retryAt: new Date(last.createdAt.getTime() + RESEND_INTERVAL_MS),
    };
  }

  const code = String(randomInt(0, 10 ** CODE_LENGTH)).padStart(CODE_LENGTH, '0');
  const expiresAt = new Date(input.now.getTime() + via.ttlMs);
  await tx.verificationCode.updateMany({
    where: { purpose: input.purpose, target: input.target, consumedAt: null, expiresAt: { gt: input.now } },
    data: { expiresAt: input.now },
  });
  const row = await tx.verificationCode.create({
    data: {
      purpose: input.purpose,
      target: input.target,
      codeHash: ctx.pii.hashSecret(via.material(input.purpose, input.target, code)),
      expiresAt,
      createdAt: input.now,
    },
  });
  await enqueueNotification(tx, {
    dedupeKey: `verification.${row.id}.${via.channel}`,
    personId: input.personId ?? null,
    channel: via.channel,
    address: input.target,
    template: input.template,
    params: { codeCipher: ctx.pii.encrypt(code), ...input.params, minutes: via.ttlMs / 60_000 },
    notBefore: input.now,
  });
  // the new row counts: the advisory lock keeps anyone else from adding one meanwhile
  return {
    ok: true,
    id: row.id,
    expiresAt,
    sendsLeft: Math.max(0, MAX_SENDS_PER_WINDOW - recent.length - 1),
  };
}

/** An SMS code (template `dms-sms-code`, sent by the notifications worker in `language`). */
export function issueSmsCode(
  ctx: { pii: Pii },
  tx: Tx,
  input: { purpose: string; target: string; now: Date; language: Language; personId?: string | null },
): Promise<IssueResult> {
  const { language, ...rest } = input;
  return issueCode(ctx, tx, SMS_CODE, { ...rest, template: SMS_CODE_TEMPLATE, params: { lang: language } });
}

/** Checks a typed code against the latest code of (purpose, target) and counts the attempt. */
export async function verifyCode(
  ctx: { pii: Pii },
  tx: Tx,
  via: CodeChannel,
  input: { purpose: string; target: string; code: string; now: Date },
): Promise<VerifyResult> {
  const typed = input.code.replace(/[\s-]+/g, '');
  if (!/^\d{6}$/.test(typed)) return { ok: false, reason: 'format' };
  const [latest] = await tx.$queryRaw<
    { id: string; codeHash: string; expiresAt: Date; attempts: number; consumedAt: Date | null }[]
  >`
    SELECT id, "codeHash", "expiresAt", attempts, "consumedAt" FROM "VerificationCode"
    WHERE purpose = ${input.purpose} AND target = ${input.target}
    ORDER BY "createdAt" DESC LIMIT 1 FOR UPDATE`;
  if (!latest || latest.consumedAt) return { ok: false, reason: 'no_code' };
  if (latest.attempts >= MAX_CODE_ATTEMPTS) return { ok: false, reason: 'too_many_attempts' };
  if (latest.expiresAt.getTime() <= input.now.getTime()) return { ok: false, reason: 'expired' };
  if (ctx.pii.verifySecret(via.material(input.purpose, input.target, typed), latest.codeHash)) {
    await tx.verificationCode.update({
      where: { id: latest.id },
      data: { consumedAt: input.now, attempts: { increment: 1 } },
    });
    return { ok: true, id: latest.id };
  }
  const attempts = latest.attempts + 1;
  await tx.verificationCode.update({ where: { id: latest.id }, data: { attempts } });
  if (attempts >= MAX_CODE_ATTEMPTS) return { ok: false, reason: 'too_many_attempts' };
  return { ok: false, reason: 'wrong_code', attemptsLeft: MAX_CODE_ATTEMPTS - attempts };
}

/** A code consumed for (purpose, target) at or after `since`: the proof the registration relies on. */
export async function consumedCode(
  tx: Tx,
  input: { id: string; purpose: string; target: string; since: Date },
): Promise<boolean> {
  const row = await tx.verificationCode.findUnique({ where: { id: input.id } });
  return Boolean(
    row &&
      row.purpose === input.purpose &&
      row.target === input.target &&
      row.consumedAt &&
      row.consumedAt.getTime() >= input.since.getTime(),
  );
}
