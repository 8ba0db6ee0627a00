import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createBuiltinTelemedIssuer,
  createHttpTelemedClient,
  generatePassword,
  TelemedError,
} from '../../../core/integrations/telemed';

interface Seen {
  headers: IncomingMessage['headers'];
  body: Record<string, unknown>;
}

describe('telemedicine HTTP client (JSON contract over a local HTTP server)', () => {
  let server: Server;
  let baseUrl: string;
  const seen: Seen[] = [];
  /** answers to give, in order; the last one repeats */
  let script: { status: number; body?: unknown; delayMs?: number }[] = [];

  beforeAll(async () => {
    server = createServer((request, response) => {
      let raw = '';
      request.on('data', (chunk) => {
        raw += chunk;
      });
      request.on('end', () => {
        seen.push({ headers: request.headers, body: JSON.parse(raw || '{}') });
        const step = script.length > 1 ? script.shift()! : script[0]!;
        const answer = () => {
          response.writeHead(step.status, { 'content-type': 'application/json' });
          response.end(JSON.stringify(step.body ?? {}));
        };
        if (step.delayMs) setTimeout(answer, step.delayMs);
        else answer();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v1/`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  const request = {
    email: 'a@example.kz',
    fullName: 'Иванов Иван',
    productCode: 'personal-doctor',
    policyNumber: 'LV-1',
    coverageStart: '2026-03-17',
    coverageEnd: '2027-03-16',
    idempotencyKey: '0b9c6c1e-7a4f-4a43-9a55-1b7b1d0e7a11',
  };

  it('posts the documented JSON with the bearer key and idempotency key, retrying 5xx', async () => {
    seen.splice(0);
    script = [
      { status: 503, body: { error: 'maintenance' } },
      {
        status: 201,
        body: { login: 'a@example.kz', password: 'S3cret!pass', externalId: 'ext-1', existing: false },
      },
    ];
    const client = createHttpTelemedClient({ baseUrl, apiKey: 'k-123', backoffMs: 5 });
    const result = await client.openAccount(request);
    expect(result).toEqual({
      login: 'a@example.kz',
      password: 'S3cret!pass',
      externalId: 'ext-1',
      existing: false,
    });
    expect(seen).toHaveLength(2);
    expect(seen[1]!.headers.authorization).toBe('Bearer k-123');
    expect(seen[1]!.headers['idempotency-key']).toBe(request.idempotencyKey);
    expect(seen[1]!.body).toEqual({
      email: 'a@example.kz',
      fullName: 'Иванов Иван',
      productCode: 'personal-doctor',
      policyNumber: 'LV-1',
      coverageStart: '2026-03-17',
      coverageEnd: '2027-03-16',
    });
  });

  it('an existing account comes back without a password', async () => {
    script = [
      { status: 200, body: { login: 'a@example.kz', password: null, externalId: 'ext-1', existing: true } },
    ];
    const client = createHttpTelemedClient({ baseUrl });
    expect(await client.openAccount(request)).toEqual({
      login: 'a@example.kz',
      externalId: 'ext-1',
      existing: true,
    });
  });

  it('a 4xx is permanent and not retried', async () => {
    seen.splice(0);
    script = [{ status: 422, body: { error: 'invalid email' } }];
    const client = createHttpTelemedClient({ baseUrl, backoffMs: 5 });
    const error = await client.openAccount(request).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TelemedError);
    expect((error as TelemedError).permanent).toBe(true);
    expect((error as TelemedError).status).toBe(422);
    expect(seen).toHaveLength(1);
  });

  it('times out through AbortSignal and reports a transient error after its attempts', async () => {
    seen.splice(0);
    script = [{ status: 200, body: {}, delayMs: 500 }];
    const client = createHttpTelemedClient({ baseUrl, timeoutMs: 50, attempts: 2, backoffMs: 5 });
    const error = await client.openAccount(request).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TelemedError);
    expect((error as TelemedError).permanent).toBe(false);
    expect((error as Error).message).toContain('timed out after 50 ms');
    expect(seen.length).toBeGreaterThanOrEqual(1);
  });

  it('rejects an answer that breaks the contract', async () => {
    script = [{ status: 200, body: { login: 'a@example.kz', existing: false } }];
    const client = createHttpTelemedClient({ baseUrl, attempts: 1 });
    await expect(client.openAccount(request)).rejects.toThrow(/lacks login/);
  });
});

describe('built-in issuer', () => {
  it('logs in with the e-mail, gives a strong password to a new account and none to an existing one', async () => {
    const open = new Set<string>();
    const issuer = createBuiltinTelemedIssuer({ accountOpen: async (email) => open.has(email) });
    const first = await issuer.openAccount({
      email: 'New@Example.kz',
      fullName: 'X',
      productCode: 'p',
      policyNumber: '1',
      coverageStart: '2026-01-01',
      coverageEnd: '2026-12-31',
    });
    expect(first.login).toBe('new@example.kz');
    expect(first.existing).toBe(false);
    expect(first.password).toMatch(/^(?=.*[A-Z])(?=.*[a-z])(?=.*\d)(?=.*[!#%+=?@]).{14}$/);
    open.add('new@example.kz');
    const second = await issuer.openAccount({
      ...first,
      email: 'new@example.kz',
      fullName: 'X',
      productCode: 'p',
      policyNumber: '2',
      coverageStart: '2026-01-01',
      coverageEnd: '2026-12-31',
    });
    expect(second).toEqual({ login: 'new@example.kz', externalId: first.externalId, existing: true });
    expect(new Set(Array.from({ length: 50 }, () => generatePassword())).size).toBe(50);
  });
});
