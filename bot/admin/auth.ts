import type { FastifyReply, FastifyRequest } from 'fastify';
import { sameSecret } from '../../core/crypto';

/** The secret a request presents: `Authorization: Bearer <token>` or Basic `admin:<token>`. */
function presentedToken(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization ?? '';
  const [scheme, value = ''] = header.split(' ', 2);
  if (scheme?.toLowerCase() === 'bearer') return value;
  if (scheme?.toLowerCase() === 'basic') {
    const decoded = Buffer.from(value, 'base64').toString('utf8');
    const separator = decoded.indexOf(':');
    if (separator > 0 && decoded.slice(0, separator) === 'admin') return decoded.slice(separator + 1);
  }
  return undefined;
}

/**
 * onRequest hook for back-office routes: ADMIN_TOKEN as a bearer token (APIs) or as the password
 * of user `admin` (browsers get the Basic prompt).
 */
export function requireAdmin(token: string) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const presented = presentedToken(request);
    if (presented !== undefined && sameSecret(presented, token)) return;
    reply
      .code(401)
      .header('www-authenticate', 'Basic realm="back office", charset="UTF-8"')
      .send({ error: 'unauthorized', message: 'Back office: log in as admin with ADMIN_TOKEN.' });
  };
}
