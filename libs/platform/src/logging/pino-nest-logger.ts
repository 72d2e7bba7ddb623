import type { LoggerService } from '@nestjs/common';

type PinoLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace';

/** The part of a pino logger used here (Fastify's `FastifyBaseLogger` satisfies it). */
export type LineLogger = Record<PinoLevel, (fields: object, message?: string) => void>;

/**
 * Nest's LoggerService on top of pino. Nest calls `log(message, context)` and
 * `error(message, stack, context)`; a message may also be an object (merged into the line) or an Error.
 */
export class PinoNestLogger implements LoggerService {
  constructor(private readonly logger: LineLogger) {}

  log(message: unknown, ...rest: unknown[]): void {
    this.write('info', message, rest);
  }

  error(message: unknown, ...rest: unknown[]): void {
    this.write('error', message, rest);
  }

  warn(message: unknown, ...rest: unknown[]): void {
    this.write('warn', message, rest);
  }

  debug(message: unknown, ...rest: unknown[]): void {
    this.write('debug', message, rest);
  }

  verbose(message: unknown, ...rest: unknown[]): void {
    this.write('trace', message, rest);
  }

  fatal(message: unknown, ...rest: unknown[]): void {
    this.write('fatal', message, rest);
  }

  private write(level: PinoLevel, message: unknown, rest: unknown[]): void {
    const args = [...rest];
    // Nest appends the context (the Logger's name) as the last string argument.
    const context = args.length > 0 && typeof args[args.length - 1] === 'string' ? (args.pop() as string) : undefined;
    // For error(), what is left is the stack (a string) when there is one.
    const stack = level === 'error' || level === 'fatal' ? args.find((arg) => typeof arg === 'string') : undefined;
    const fields: Record<string, unknown> = {};
    if (context !== undefined) fields.context = context;
    if (stack !== undefined) fields.stack = stack;

    if (message instanceof Error) {
      this.logger[level]({ ...fields, err: message }, message.message);
    } else if (typeof message === 'object' && message !== null) {
      const { msg, message: text, ...other } = message as Record<string, unknown>;
      const line = typeof msg === 'string' ? msg : typeof text === 'string' ? text : undefined;
      this.logger[level]({ ...fields, ...other }, line);
    } else {
      this.logger[level](fields, String(message));
    }
  }
}
