import { pino, type DestinationStream, type Logger } from 'pino';
import type { LogLevel } from '../config/app-config';

/**
 * The process logger: JSON lines on stdout, ISO timestamps, level names instead of numbers. Fastify
 * uses it for its request logs and PinoNestLogger routes Nest's own Logger output through it, so
 * every line of the process has one shape and one level switch (LOG_LEVEL).
 */
export const createLogger = (level: LogLevel, destination?: DestinationStream): Logger =>
  pino(
    {
      level,
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      // Defence in depth: nothing here logs request headers, but a future debug line must not leak keys.
      redact: {
        paths: [
          'req.headers.authorization',
          'req.headers["x-api-key"]',
          'headers.authorization',
          'headers["x-api-key"]',
        ],
        censor: '[redacted]',
      },
    },
    destination ?? pino.destination({ dest: 1, sync: true }),
  );
