import type pg from 'pg';

/**
 * Splits a `postgresql://` URL into the separate fields `pg` takes.
 *
 * PrismaPg must get fields, not `connectionString`: its shadow-database helper overrides
 * `database` on a copy of the config, and with a connection string the URL wins, so the "shadow"
 * database would be the main one.
 */
export function pgConfigFromUrl(url: string): pg.PoolConfig {
  const parsed = new URL(url);
  if (parsed.protocol !== 'postgresql:' && parsed.protocol !== 'postgres:') {
    throw new Error(`DATABASE_URL must start with postgresql:// (got ${parsed.protocol}//…)`);
  }
  const database = decodeURIComponent(parsed.pathname.replace(/^\//, '')) || 'postgres';
  const config: pg.PoolConfig = {
    host: decodeURIComponent(parsed.hostname) || '127.0.0.1',
    port: parsed.port ? Number(parsed.port) : 5432,
    user: decodeURIComponent(parsed.username) || 'postgres',
    database,
  };
  if (parsed.password) config.password = decodeURIComponent(parsed.password);
  const host = parsed.searchParams.get('host');
  if (host) config.host = host; // unix socket directory: postgresql://user@/db?host=/var/run/postgresql
  const sslmode = parsed.searchParams.get('sslmode');
  if (sslmode === 'require' || sslmode === 'verify-ca' || sslmode === 'verify-full') {
    config.ssl = { rejectUnauthorized: sslmode !== 'require' };
  }
  const appName = parsed.searchParams.get('application_name');
  if (appName) config.application_name = appName;
  return config;
}

/** The URL without its password, for logs and messages. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '<invalid url>';
  }
}
