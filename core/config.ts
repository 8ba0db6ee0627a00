import { z } from 'zod';

/**
 * Every environment variable the product reads, parsed once at start.
 * `.env.example` documents each one; keep the two in step.
 */
const optionalUrl = z.url().optional();
const emptyAsUndefined = (value: unknown) => (value === '' ? undefined : value);

const EnvSchema = z
  .object({
    NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
    HOST: z.string().min(1).default('127.0.0.1'),
    PORT: z.coerce.number().int().min(0).max(65535).default(3000),
    PUBLIC_URL: optionalUrl,

    DATABASE_URL: z.preprocess(emptyAsUndefined, z.url().optional()),
    DATA_DIR: z.string().min(1).default('./data'),

    REDIS_URL: z.url().default('redis://127.0.0.1:6379'),
    REDIS_PREFIX: z
      .string()
      .regex(/^[a-zA-Z0-9_:-]+$/, 'letters, digits, "_", ":" or "-" only')
      .default('ia'),

    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    LOG_FORMAT: z.enum(['pretty', 'json']).optional(),

    PII_KEY: z.preprocess(
      emptyAsUndefined,
      z.string().min(32, 'at least 32 characters (e.g. `openssl rand -hex 32`)').optional(),
    ),
    ADMIN_TOKEN: z.preprocess(
      emptyAsUndefined,
      z.string().min(16, 'at least 16 characters (e.g. `openssl rand -hex 16`)').optional(),
    ),
    SEED_DEMO: z
      .enum(['auto', 'yes', 'no'])
      .default('auto')
      .describe('auto: seed demo data on the embedded default only'),
    RECONCILE_EVERY_MINUTES: z.coerce.number().int().positive().default(10),
    JOB_LOCK_SECONDS: z.coerce
      .number()
      .int()
      .min(1)
      .max(600)
      .default(30)
      .describe('lock of an active BullMQ job: a killed worker’s jobs are retried after about this long'),
    OPERATOR_SESSION_HOURS: z.coerce
      .number()
      .positive()
      .max(24 * 7)
      .default(12)
      .describe('how long an operator console login lasts (signed cookie, docs/support.md)'),
    OPERATOR_TIME_ZONE: z
      .string()
      .refine((zone) => {
        try {
          new Intl.DateTimeFormat('en', { timeZone: zone });
          return true;
        } catch {
          return false;
        }
      }, 'an IANA time zone such as Asia/Almaty')
      .default('Asia/Almaty')
      .describe('times shown in the operator console'),

    TELEGRAM_BOT_TOKEN: z.preprocess(
      emptyAsUndefined,
      z
        .string()
        .regex(/^\d+:[A-Za-z0-9_-]{20,}$/, 'looks like `123456789:AA...` (from @BotFather)')
        .optional(),
    ),
    TELEGRAM_MODE: z.preprocess(
      emptyAsUndefined,
      z
        .enum(['off', 'polling', 'webhook'])
        .optional()
        .describe('default: polling when TELEGRAM_BOT_TOKEN is set, else off'),
    ),
    TELEGRAM_WEBHOOK_SECRET: z.preprocess(
      emptyAsUndefined,
      z
        .string()
        .regex(/^[A-Za-z0-9_-]{16,256}$/, '16-256 of A-Z a-z 0-9 _ - (e.g. `openssl rand -hex 32`)')
        .optional(),
    ),
    TELEGRAM_API_ROOT: z.url().default('https://api.telegram.org'),

    TELEMED_API_URL: z.preprocess(emptyAsUndefined, z.url().optional()),
    TELEMED_API_KEY: z.preprocess(emptyAsUndefined, z.string().optional()),
    TELEMED_TIMEOUT_MS: z.coerce.number().int().positive().default(10_000),

    DOCUMENTS_DIR: z.preprocess(
      emptyAsUndefined,
      z.string().min(1).optional().describe('where chat documents are kept; default DATA_DIR/documents'),
    ),
    DOCUMENTS_MAX_MB: z.coerce.number().positive().max(20).default(10).describe('largest document accepted'),
    SOS_DEFAULT_PHONES: z
      .string()
      .regex(/^\+?[0-9 ()-]{2,20}(,\s*\+?[0-9 ()-]{2,20})*$/, 'comma-separated phone numbers, e.g. 103,112')
      .default('103,112')
      .describe('emergency numbers shown by SOS when the programme has none'),
    SOS_DEDUPE_MINUTES: z.coerce.number().int().positive().default(10),

    SMTP_URL: z.preprocess(
      emptyAsUndefined,
      z
        .string()
        .regex(/^smtps?:\/\/\S+$/, 'smtp://user:pass@host:587 or smtps://user:pass@host:465')
        .optional(),
    ),
    MAIL_FROM: z.string().min(3).default('Страховой ассистент <no-reply@localhost>'),

    PAYMENT_PROVIDER: z
      .enum(['demo', 'cloudpayments'])
      .default('demo')
      .describe('demo: the built-in payment page GET /pay/:id; cloudpayments: CloudPayments orders'),
    PAYMENT_DEMO_SECRET: z.preprocess(
      emptyAsUndefined,
      z.string().min(16, 'at least 16 characters (e.g. `openssl rand -hex 16`)').optional(),
    ),
    CLOUDPAYMENTS_PUBLIC_ID: z.preprocess(emptyAsUndefined, z.string().optional()),
    CLOUDPAYMENTS_API_SECRET: z.preprocess(emptyAsUndefined, z.string().optional()),
    CLOUDPAYMENTS_API_URL: z.url().default('https://api.cloudpayments.ru'),
    PAYMENT_WEBHOOK_TOLERANCE_SECONDS: z.coerce
      .number()
      .int()
      .positive()
      .default(300)
      .describe('signed webhooks older than this are refused as stale or replayed'),
    PAYMENT_LINK_TTL_HOURS: z.coerce.number().int().positive().default(72),

    SMS_URL: z.preprocess(emptyAsUndefined, z.url().optional()),
    SMS_TOKEN: z.preprocess(emptyAsUndefined, z.string().optional()),
    SMS_TIMEOUT_MS: z.coerce.number().int().positive().default(10_000),

    SLACK_BOT_TOKEN: z.preprocess(
      emptyAsUndefined,
      z
        .string()
        .regex(/^xoxb-[A-Za-z0-9-]+$/, 'a bot token `xoxb-…` (Slack app → OAuth & Permissions)')
        .optional()
        .describe('Slack for HR (docs/slack.md); Slack is off when unset'),
    ),
    SLACK_SIGNING_SECRET: z.preprocess(
      emptyAsUndefined,
      z.string().min(16, 'the Signing Secret of the Slack app (Basic Information)').optional(),
    ),
    SLACK_SOCKET_MODE: z.preprocess(
      emptyAsUndefined,
      z
        .enum(['0', '1', 'false', 'true'])
        .default('0')
        .transform((value) => value === '1' || value === 'true'),
    ),
    SLACK_APP_TOKEN: z.preprocess(
      emptyAsUndefined,
      z
        .string()
        .regex(/^xapp-[A-Za-z0-9-]+$/, 'an app-level token `xapp-…` with connections:write')
        .optional(),
    ),
    SLACK_API_URL: z.url().default('https://slack.com/api/'),
    SLACK_COMMAND: z
      .string()
      .regex(/^\/[a-z0-9_-]{1,31}$/, 'a slash command such as /franchise')
      .default('/franchise'),

    CALENDAR_DIR: z
      .string()
      .min(1)
      .default('config/calendars')
      .describe('per-year production-calendar override files <COUNTRY>-<YEAR>.json'),
  })
  .superRefine((env, ctx) => {
    const telegramMode = env.TELEGRAM_MODE ?? (env.TELEGRAM_BOT_TOKEN ? 'polling' : 'off');
    if (telegramMode !== 'off' && !env.TELEGRAM_BOT_TOKEN)
      ctx.addIssue({
        code: 'custom',
        path: ['TELEGRAM_BOT_TOKEN'],
        message: `required when TELEGRAM_MODE=${telegramMode} (create a bot with @BotFather)`,
      });
    if (telegramMode === 'webhook') {
      if (!env.TELEGRAM_WEBHOOK_SECRET)
        ctx.addIssue({
          code: 'custom',
          path: ['TELEGRAM_WEBHOOK_SECRET'],
          message:
            'required when TELEGRAM_MODE=webhook (Telegram sends it back in X-Telegram-Bot-Api-Secret-Token)',
        });
      if (!env.PUBLIC_URL)
        ctx.addIssue({
          code: 'custom',
          path: ['PUBLIC_URL'],
          message: 'required when TELEGRAM_MODE=webhook (the webhook is PUBLIC_URL/telegram/webhook, https)',
        });
    }
    if (env.PAYMENT_PROVIDER === 'cloudpayments') {
      for (const name of ['CLOUDPAYMENTS_PUBLIC_ID', 'CLOUDPAYMENTS_API_SECRET'] as const)
        if (!env[name])
          ctx.addIssue({
            code: 'custom',
            path: [name],
            message:
              'required when PAYMENT_PROVIDER=cloudpayments (CloudPayments back office → site settings)',
          });
    }
    if (env.SLACK_BOT_TOKEN && env.SLACK_SOCKET_MODE && !env.SLACK_APP_TOKEN)
      ctx.addIssue({
        code: 'custom',
        path: ['SLACK_APP_TOKEN'],
        message: 'required when SLACK_SOCKET_MODE=1 (Slack app → Basic Information → App-Level Tokens)',
      });
    if (env.NODE_ENV !== 'production') return;
    if (!env.PII_KEY)
      ctx.addIssue({ code: 'custom', path: ['PII_KEY'], message: 'required in production (encrypts IINs)' });
    if (!env.DATABASE_URL)
      ctx.addIssue({
        code: 'custom',
        path: ['DATABASE_URL'],
        message: 'required in production (PostgreSQL)',
      });
  });

export type Env = z.infer<typeof EnvSchema>;

export interface Config extends Env {
  /** true when no DATABASE_URL is set: PGlite in DATA_DIR, demo data, mail kept on disk. */
  embedded: boolean;
  logFormat: 'pretty' | 'json';
  piiKey: string;
  /** TELEGRAM_MODE, or polling when a token is set, else off */
  telegramMode: 'off' | 'polling' | 'webhook';
}

/** Used only outside production so that `npm start` needs no setup. */
const DEVELOPMENT_PII_KEY = 'development-only-pii-key-change-me-0000000000';

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(
      [
        'Invalid configuration. Fix these environment variables (see .env.example):',
        ...problems.map((problem) => `  - ${problem}`),
      ].join('\n'),
    );
    this.name = 'ConfigError';
  }
}

export function loadConfig(source: NodeJS.ProcessEnv = process.env): Config {
  const parsed = EnvSchema.safeParse(source);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`));
  }
  const env = parsed.data;
  return {
    ...env,
    embedded: env.DATABASE_URL === undefined,
    logFormat: env.LOG_FORMAT ?? (env.NODE_ENV === 'production' ? 'json' : 'pretty'),
    piiKey: env.PII_KEY ?? DEVELOPMENT_PII_KEY,
    telegramMode: env.TELEGRAM_MODE ?? (env.TELEGRAM_BOT_TOKEN ? 'polling' : 'off'),
  };
}

/** Names of every variable the product reads; .env.example documents each (a test checks it). */
export const CONFIG_VARIABLES = Object.keys(EnvSchema.shape);
