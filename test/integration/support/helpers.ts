import { hash as argon2Hash } from 'argon2';
import Fastify, { type FastifyInstance, type LightMyRequestResponse } from 'fastify';
import { webchatRoutes } from '../../../bot/channels/webchat';
import { operatorConsole } from '../../../bot/channels/webchat/operator';
import type { DialogEngine } from '../../../bot/engine';
import { supportHooks } from '../../../bot/flows/support';
import type { DialogTestContext } from '../activation/context';

/** The engine as bot/compose.ts builds it: product flows + the hand-off hooks. */
export function supportEngine(ctx: DialogTestContext): DialogEngine {
  const support = supportHooks(ctx.i18n);
  return ctx.engine({
    beforeTurn: support.beforeTurn,
    onMisunderstood: support.onMisunderstood,
    menuRows: [support.menuRow],
  });
}

/** Web chat + operator console on one Fastify app, as bot/server.ts registers them. */
export async function supportApp(ctx: DialogTestContext, engine: DialogEngine): Promise<FastifyInstance> {
  const app = Fastify({ logger: false });
  await app.register(webchatRoutes(ctx.app, engine, ctx.i18n));
  await app.register(operatorConsole(ctx.app, ctx.i18n));
  await app.ready();
  return app;
}

export async function addOperator(
  ctx: DialogTestContext,
  login: string,
  displayName: string,
  password: string,
) {
  return ctx.app.db.prisma.operator.create({
    data: { login, displayName, passwordHash: await argon2Hash(password) },
  });
}

/** A browser for the console over inject: keeps cookies, reads CSRF tokens from the pages. */
export class ConsoleClient {
  cookies = new Map<string, string>();
  csrf = '';
  constructor(private readonly app: FastifyInstance) {}

  private remember(response: LightMyRequestResponse) {
    for (const cookie of response.cookies as { name: string; value: string; maxAge?: number }[]) {
      if (cookie.value === '' || cookie.maxAge === 0) this.cookies.delete(cookie.name);
      else this.cookies.set(cookie.name, cookie.value);
    }
    const token = /name="_csrf" value="([^"]+)"/.exec(response.body);
    if (token) this.csrf = token[1]!;
  }
  private cookieHeader() {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  }
  async get(url: string) {
    const response = await this.app.inject({ method: 'GET', url, headers: { cookie: this.cookieHeader() } });
    this.remember(response);
    return response;
  }
  async post(url: string, form: Record<string, string>, options: { csrf?: boolean } = {}) {
    const body = new URLSearchParams(form);
    if (options.csrf !== false) body.set('_csrf', this.csrf);
    const response = await this.app.inject({
      method: 'POST',
      url,
      headers: { cookie: this.cookieHeader(), 'content-type': 'application/x-www-form-urlencoded' },
      payload: body.toString(),
    });
    this.remember(response);
    return response;
  }
  async login(login: string, password: string) {
    await this.get('/operator/login');
    return this.post('/operator/login', { login, password });
  }
}
