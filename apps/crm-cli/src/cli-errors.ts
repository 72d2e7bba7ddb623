import { isValidTenantId } from '@crm/event-store/port/stream-id';
import { InvalidArgumentError } from 'commander';

/** Exit codes: 0 done, 1 the operation failed (store, fault, nothing to do), 2 the command line was wrong. */
export const EXIT_OK = 0;
export const EXIT_FAILURE = 1;
export const EXIT_USAGE = 2;

/** A command line that parsed but makes no sense (unknown projection, `--to` before `--from`…): exit 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** An expected failure the operator can act on from its message alone: exit 1 without a stack. */
export class CliFailure extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CliFailure';
  }
}

const INTEGER = /^\d{1,16}$/;

/** Option parser for a global log position: a non-negative integer. */
export const parsePosition = (text: string): number => {
  const value = Number(text);
  if (!INTEGER.test(text) || !Number.isSafeInteger(value))
    throw new InvalidArgumentError('Expected a non-negative integer position.');
  return value;
};

/** Option parser for counts and sizes: a positive integer. */
export const parsePositiveInteger = (text: string): number => {
  const value = Number(text);
  if (!INTEGER.test(text) || !Number.isSafeInteger(value) || value < 1)
    throw new InvalidArgumentError('Expected a positive integer.');
  return value;
};

/** Option parser for milliseconds: a non-negative integer. */
export const parseMilliseconds = (text: string): number => {
  if (!INTEGER.test(text)) throw new InvalidArgumentError('Expected a non-negative integer (milliseconds).');
  return Number(text);
};

export const parseTenant = (text: string): string => {
  if (!isValidTenantId(text))
    throw new InvalidArgumentError('Expected a tenant id: lower-case letters, digits, "-" or "_", at most 63.');
  return text;
};

/** Repeatable option (`--type A --type B`), also accepting commas (`--type A,B`). */
export const collectList = (text: string, previous: string[] = []): string[] => [
  ...previous,
  ...text
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== ''),
];
