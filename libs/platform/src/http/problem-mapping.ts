import {
  isEventStoreError,
  type EventStoreError,
  type EventTooLarge,
  type IdempotencyConflict,
  type InvalidAppend,
  type TooManyEvents,
  type WrongExpectedVersion,
} from '@crm/event-store/port/event-store.errors';
import { ProblemException, problemTypeUri, type ProblemCode, type ProblemDetails } from './problem-details';
import { PROBLEM_TYPES } from './problems';

/**
 * Error → Problem Details, in one place and without the framework: the exception filter is a thin
 * shell around `toProblemResponse`. Every error the API can meet maps to exactly one type and status;
 * anything unknown becomes a 500 whose body says nothing about the internals.
 */
export interface ProblemResponse {
  problem: ProblemDetails;
  headers: Record<string, string>;
  /**
   * Whether the filter must log the error with its stack: server faults (5xx) yes, client errors no
   * (the request log line already records their status).
   */
  logAsError: boolean;
}

export interface ProblemRequest {
  /** Request path without the query string (it may hold tokens). */
  path: string;
  correlationId: string;
}

/** Seconds a client should wait before retrying a 503. */
export const RETRY_AFTER_SECONDS = 5;

/** A Nest HttpException, recognised by shape so this file does not import the framework. */
interface HttpExceptionLike {
  getStatus(): number;
  getResponse(): string | object;
  message: string;
}

const isHttpExceptionLike = (error: unknown): error is HttpExceptionLike =>
  error instanceof Error &&
  typeof (error as Partial<HttpExceptionLike>).getStatus === 'function' &&
  typeof (error as Partial<HttpExceptionLike>).getResponse === 'function';

/** A Fastify error that reached us unmapped (Nest maps most of them to HttpException first). */
const isFastifyClientError = (error: unknown): error is Error & { statusCode: number; code: string } => {
  if (!(error instanceof Error)) return false;
  const { code, statusCode } = error as Error & { code?: unknown; statusCode?: unknown };
  return (
    typeof code === 'string' &&
    code.startsWith('FST_') &&
    typeof statusCode === 'number' &&
    statusCode >= 400 &&
    statusCode < 500
  );
};

/** Statuses with a type of their own when they come as a plain HttpException (or a Fastify error). */
const CODE_BY_STATUS: Readonly<Record<number, ProblemCode>> = {
  400: 'malformed-request',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not-found',
  413: 'payload-too-large',
  415: 'unsupported-media-type',
  422: 'validation-failed',
  429: 'rate-limited',
};

const STATUS_TEXT: Readonly<Record<number, string>> = {
  405: 'Method not allowed',
  406: 'Not acceptable',
  408: 'Request timeout',
  409: 'Conflict',
  410: 'Gone',
  411: 'Length required',
  412: 'Precondition failed',
  414: 'URI too long',
  416: 'Range not satisfiable',
  417: 'Expectation failed',
  428: 'Precondition required',
  431: 'Request header fields too large',
  501: 'Not implemented',
  502: 'Bad gateway',
  503: 'Service unavailable',
  504: 'Gateway timeout',
};

const typed = (
  code: ProblemCode,
  request: ProblemRequest,
  detail: string | undefined,
  rest: Partial<ProblemDetails> = {},
  status = PROBLEM_TYPES[code].status,
): ProblemDetails => ({
  type: problemTypeUri(code),
  title: PROBLEM_TYPES[code].title,
  status,
  ...(detail !== undefined && { detail }),
  instance: request.path,
  ...rest,
  correlationId: request.correlationId,
});

const fromProblemException = (error: ProblemException, request: ProblemRequest): ProblemResponse => ({
  problem: {
    // Extensions first: they may not override the standard members.
    ...error.extensions,
    type: problemTypeUri(error.code),
    title: error.title,
    status: error.status,
    ...(error.detail !== undefined && { detail: error.detail }),
    instance: request.path,
    ...(error.errors !== undefined && error.errors.length > 0 && { errors: [...error.errors] }),
    correlationId: request.correlationId,
  },
  headers: { ...error.headers },
  logAsError: error.status >= 500,
});

const fromEventStoreError = (error: EventStoreError, request: ProblemRequest): ProblemResponse => {
  const client = (problem: ProblemDetails): ProblemResponse => ({ problem, headers: {}, logAsError: false });
  // Each code belongs to one class of the port (event-store.errors.ts).
  switch (error.code) {
    case 'wrong-expected-version': {
      const { expected, actual } = error as WrongExpectedVersion;
      return client(
        typed('wrong-expected-version', request, error.message, { expectedVersion: expected, actualVersion: actual }),
      );
    }
    case 'idempotency-conflict': {
      const { eventIds } = error as IdempotencyConflict;
      return client(typed('idempotency-conflict', request, error.message, { eventIds: [...eventIds] }));
    }
    case 'event-too-large': {
      const { eventId, limit } = error as EventTooLarge;
      return client(typed('payload-too-large', request, error.message, { eventId, limit }));
    }
    case 'too-many-events': {
      const { limit } = error as TooManyEvents;
      return client(typed('payload-too-large', request, error.message, { limit }));
    }
    case 'invalid-append': {
      const { reason, pointer } = error as InvalidAppend;
      return client(
        typed('validation-failed', request, reason, { errors: [{ pointer: pointer ?? '', detail: reason }] }),
      );
    }
    case 'store-unavailable':
      // The driver's message may name hosts or connection strings: log it, do not send it.
      return {
        problem: typed('store-unavailable', request, 'The event store is unavailable; retry later.'),
        headers: { 'retry-after': String(RETRY_AFTER_SECONDS) },
        logAsError: true,
      };
    default: {
      const unknown: never = error.code;
      return internal(request, unknown);
    }
  }
};

/**
 * A decider's DomainError (e.g. libs/b2b), recognised by shape so the platform imports no domain
 * code. Each domain code is one problem type, `/problems/<code>`: `conflict` rules (the aggregate's
 * current state forbids it) answer 409, `invalid` ones (the command itself breaks a rule) 422, and
 * `not-found` (the addressed aggregate does not exist) the platform's own 404 type.
 */
interface DomainErrorLike extends Error {
  code: string;
  detail: string;
  kind: 'conflict' | 'invalid' | 'not-found';
}

const DOMAIN_CODE = /^[a-z][a-z0-9-]{0,79}$/;
const DOMAIN_STATUS = { conflict: 409, invalid: 422 } as const;

const isDomainErrorLike = (error: unknown): error is DomainErrorLike => {
  if (!(error instanceof Error) || error.name !== 'DomainError') return false;
  const { code, detail, kind } = error as Partial<DomainErrorLike>;
  return (
    typeof code === 'string' &&
    DOMAIN_CODE.test(code) &&
    typeof detail === 'string' &&
    (kind === 'conflict' || kind === 'invalid' || kind === 'not-found')
  );
};

/** `opportunity-closed` → `Opportunity closed`. */
const titleOfCode = (code: string): string => `${code.charAt(0).toUpperCase()}${code.slice(1).replace(/-/g, ' ')}`;

const fromDomainError = (error: DomainErrorLike, request: ProblemRequest): ProblemResponse => {
  if (error.kind === 'not-found') {
    return { problem: typed('not-found', request, error.detail), headers: {}, logAsError: false };
  }
  return {
    problem: {
      type: `/problems/${error.code}`,
      title: titleOfCode(error.code),
      status: DOMAIN_STATUS[error.kind],
      detail: error.detail,
      instance: request.path,
      correlationId: request.correlationId,
    },
    headers: {},
    logAsError: false,
  };
};

const detailOf = (error: HttpExceptionLike): string | undefined => {
  const response = error.getResponse();
  if (typeof response === 'string') return response;
  const message = (response as { message?: unknown }).message;
  if (typeof message === 'string') return message;
  if (Array.isArray(message) && message.every((m) => typeof m === 'string')) return message.join('; ');
  return error.message || undefined;
};

const fromStatus = (status: number, detail: string | undefined, request: ProblemRequest): ProblemResponse => {
  if (status >= 500) {
    if (status === 500) return internal(request, undefined);
    // A deliberate 5xx (e.g. 503 from a handler): keep the status, still say nothing about internals.
    return {
      problem: {
        type: 'about:blank',
        title: STATUS_TEXT[status] ?? 'Server error',
        status,
        instance: request.path,
        correlationId: request.correlationId,
      },
      headers: status === 503 ? { 'retry-after': String(RETRY_AFTER_SECONDS) } : {},
      logAsError: true,
    };
  }
  const code = CODE_BY_STATUS[status];
  if (code) return { problem: typed(code, request, detail, {}, status), headers: {}, logAsError: false };
  // RFC 9457 §4.2.1: "about:blank" — no semantics beyond the status code itself.
  return {
    problem: {
      type: 'about:blank',
      title: STATUS_TEXT[status] ?? 'Client error',
      status,
      ...(detail !== undefined && { detail }),
      instance: request.path,
      correlationId: request.correlationId,
    },
    headers: {},
    logAsError: false,
  };
};

const internal = (request: ProblemRequest, _error: unknown): ProblemResponse => ({
  problem: typed(
    'internal',
    request,
    `An unexpected error occurred. Quote correlation id ${request.correlationId} when reporting it.`,
  ),
  headers: {},
  logAsError: true,
});

export const toProblemResponse = (error: unknown, request: ProblemRequest): ProblemResponse => {
  if (error instanceof ProblemException) return fromProblemException(error, request);
  if (isEventStoreError(error)) return fromEventStoreError(error, request);
  if (isDomainErrorLike(error)) return fromDomainError(error, request);
  if (isHttpExceptionLike(error)) return fromStatus(error.getStatus(), detailOf(error), request);
  if (isFastifyClientError(error)) return fromStatus(error.statusCode, error.message, request);
  return internal(request, error);
};
