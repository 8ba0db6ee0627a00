import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../core/config';

describe('configuration', () => {
  it('runs on the embedded default with no variables at all', () => {
    const config = loadConfig({});
    expect(config.embedded).toBe(true);
    expect(config.PORT).toBe(3000);
    expect(config.HOST).toBe('127.0.0.1');
    expect(config.REDIS_URL).toBe('redis://127.0.0.1:6379');
    expect(config.logFormat).toBe('pretty');
  });

  it('uses PostgreSQL when DATABASE_URL is set', () => {
    const config = loadConfig({ DATABASE_URL: 'postgresql://postgres@127.0.0.1:5432/app' });
    expect(config.embedded).toBe(false);
  });

  it('lists every invalid variable in one error, each with how to fix it', () => {
    let caught: unknown;
    try {
      loadConfig({ PORT: 'eighty', REDIS_URL: 'not a url', LOG_LEVEL: 'loud', PII_KEY: 'short' });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ConfigError);
    const problems = (caught as ConfigError).problems;
    expect(problems.map((problem) => problem.split(':')[0])).toEqual(
      expect.arrayContaining(['PORT', 'REDIS_URL', 'LOG_LEVEL', 'PII_KEY']),
    );
    expect((caught as ConfigError).message).toContain('openssl rand -hex 32');
  });

  it('requires a PII key and PostgreSQL in production', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrowError(/PII_KEY[\s\S]*DATABASE_URL/);
    const config = loadConfig({
      NODE_ENV: 'production',
      PII_KEY: 'a'.repeat(64),
      DATABASE_URL: 'postgresql://postgres@db:5432/app',
    });
    expect(config.logFormat).toBe('json');
  });
});
