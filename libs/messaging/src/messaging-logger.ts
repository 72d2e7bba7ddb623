/**
 * What the messaging library logs through: a structural subset of a pino logger's calling convention
 * turned around (message first), so the library does not depend on pino and tests can collect lines.
 */
export interface MessagingLogger {
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

export const silentLogger: MessagingLogger = { info: () => undefined, warn: () => undefined, error: () => undefined };
