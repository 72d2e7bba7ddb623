import { randomUUID } from 'node:crypto';

/**
 * Correlation ids tie a request to its log lines, its error response and the events it appends
 * (`metadata.correlationId`). A caller's id is accepted only if it is short and plain, so it is safe
 * to echo in a header, to log and to store; anything else is replaced by a fresh UUID.
 */
export const CORRELATION_ID_HEADER = 'x-correlation-id';

const ACCEPTABLE = /^[A-Za-z0-9._:-]{1,128}$/;

export const isAcceptableCorrelationId = (value: string): boolean => ACCEPTABLE.test(value);

export const acceptOrCreateCorrelationId = (header: string | readonly string[] | undefined): string =>
  typeof header === 'string' && isAcceptableCorrelationId(header) ? header : randomUUID();
