import { createHash, createHmac } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Config } from '../../../../core/config';

/**
 * Operator sessions are stateless: the cookie holds `operatorId.expiresAtMs.fingerprint`, signed by
 * @fastify/cookie (HMAC-SHA256 with a key derived from the PII master key). Nothing is stored:
 * - expiry is checked on every request (OPERATOR_SESSION_HOURS);
 * - the fingerprint is a hash of the operator's password hash, so a new password (or a deleted
 *   operator) ends every session at once;
 * - logging out clears the cookie; a new PII_KEY ends every session of everyone.
 * The cookie is httpOnly, SameSite=Strict, path /operator, and `secure` when PUBLIC_URL is https or
 * NODE_ENV=production.
 */
export const SESSION_COOKIE = 'ia_operator';
export const CSRF_COOKIE = 'ia_operator_csrf';
export const CONSOLE_PATH = '/operator';

export function cookieSecret(piiKey: string): string {
  return createHmac('sha256', 'operator-console-cookies').update(piiKey).digest('hex');
}

export function secureCookies(config: Pick<Config, 'PUBLIC_URL' | 'NODE_ENV'>): boolean {
  return config.NODE_ENV === 'production' || (config.PUBLIC_URL?.startsWith('https:') ?? false);
}

export function passwordFingerprint(passwordHash: string): string {
  return createHash('sha256').update(passwordHash).digest('base64url').slice(0, 16);
}

export interface SessionClaims {
  operatorId: string;
  expiresAt: number;
  fingerprint: string;
}

export function cookieOptions(config: Pick<Config, 'PUBLIC_URL' | 'NODE_ENV'>) {
  return {
    path: CONSOLE_PATH,
    httpOnly: true,
    sameSite: 'strict' as const,
    secure: secureCookies(config),
    signed: true,
  };
}

export function startSession(
  reply: FastifyReply,
  config: Pick<Config, 'PUBLIC_URL' | 'NODE_ENV' | 'OPERATOR_SESSION_HOURS'>,
  operator: { id: string; passwordHash: string },
  now: Date,
): void {
  const ttlMs = config.OPERATOR_SESSION_HOURS * 3_600_000;
  const value = `${operator.id}.${now.getTime() + ttlMs}.${passwordFingerprint(operator.passwordHash)}`;
  reply.setCookie(SESSION_COOKIE, value, { ...cookieOptions(config), maxAge: Math.floor(ttlMs / 1000) });
}

export function endSession(reply: FastifyReply, config: Pick<Config, 'PUBLIC_URL' | 'NODE_ENV'>): void {
  reply.clearCookie(SESSION_COOKIE, cookieOptions(config));
}

/** The claims of a valid, unexpired signed cookie, else null (the operator row is checked by the caller). */
export function readSession(request: FastifyRequest, now: Date): SessionClaims | null {
  const raw = request.cookies[SESSION_COOKIE];
  if (!raw) return null;
  const unsigned = request.unsignCookie(raw);
  if (!unsigned.valid || !unsigned.value) return null;
  const [operatorId, expires, fingerprint] = unsigned.value.split('.');
  const expiresAt = Number(expires);
  if (!operatorId || !fingerprint || !Number.isFinite(expiresAt) || expiresAt <= now.getTime()) return null;
  if (!/^[0-9a-f-]{36}$/.test(operatorId)) return null;
  return { operatorId, expiresAt, fingerprint };
}
