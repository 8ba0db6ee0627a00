import { type DestinationStream, type Logger, pino } from 'pino';
import { maskPii, maskText } from './mask';

export type { Logger };

export interface LoggerOptions {
  level: string;
  format: 'pretty' | 'json';
  /** Where lines go; stdout by default. Tests pass a stream to read what was logged. */
  destination?: DestinationStream;
}

export function createLogger(options: LoggerOptions): Logger {
  const transport =
    options.format === 'pretty' && !options.destination
      ? pino.transport({ target: 'pino-pretty', options: { colorize: true, translateTime: 'SYS:HH:MM:ss' } })
      : undefined;
  return pino(
    {
      level: options.level,
      formatters: { log: (object) => maskPii(object) as Record<string, unknown> },
      hooks: {
        logMethod(args, method) {
          const masked = args.map((arg) => (typeof arg === 'string' ? maskText(arg) : arg));
          method.apply(this, masked as Parameters<typeof method>);
        },
      },
    },
    options.destination ?? transport,
  );
}
