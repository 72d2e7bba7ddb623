/** String schemas: identifiers, text, emails, phones, URLs, currencies, dates. */
import { describeType, INVALID, type Schema } from './schema';

/** C0/C1 controls, DEL, Unicode format characters (zero-width, bidi overrides) and line/paragraph separators. */
const ID_FORBIDDEN = /[\p{Cc}\p{Cf}\u2028\u2029]/u;
/** Free text may hold tabs and line breaks, never NUL or other controls (PostgreSQL jsonb refuses NUL). */
const TEXT_FORBIDDEN = /(?![\t\n\r])\p{Cc}/u;
const SINGLE_LINE_FORBIDDEN = /[\p{Cc}\u2028\u2029]/u;

export interface TextOptions {
  max: number;
  /** Defaults to 1: empty strings say nothing and are usually a producer bug. */
  min?: number;
  /** `id`: no controls nor format characters, no surrounding whitespace; `line`: no controls; `multiline`: tabs and line breaks allowed. */
  chars: 'id' | 'line' | 'multiline';
  pattern?: RegExp;
  /** What `pattern` means, for the error message and the JSON Schema description. */
  patternHint?: string;
  format?: string;
  description?: string;
  example?: string;
}

export const text = (options: TextOptions): Schema<string> => {
  const min = options.min ?? 1;
  const charRule =
    options.chars === 'id' ? ID_FORBIDDEN : options.chars === 'line' ? SINGLE_LINE_FORBIDDEN : TEXT_FORBIDDEN;
  return {
    parse: (value, at, errors) => {
      if (typeof value !== 'string') {
        errors.push({ pointer: at, detail: `must be a string, got ${describeType(value)}` });
        return INVALID;
      }
      if (value.length < min || value.length > options.max) {
        errors.push({
          pointer: at,
          detail:
            value.length > options.max
              ? `must be at most ${options.max} characters, got ${value.length}`
              : `must be at least ${min} character${min === 1 ? '' : 's'}`,
        });
        return INVALID;
      }
      if (charRule.test(value)) {
        errors.push({ pointer: at, detail: 'must not contain control characters' });
        return INVALID;
      }
      if (options.chars === 'id' && value.trim() !== value) {
        errors.push({ pointer: at, detail: 'must not start or end with whitespace' });
        return INVALID;
      }
      if (options.pattern && !options.pattern.test(value)) {
        errors.push({ pointer: at, detail: `must be ${options.patternHint ?? `like ${String(options.pattern)}`}` });
        return INVALID;
      }
      return value;
    },
    jsonSchema: {
      type: 'string',
      minLength: min,
      maxLength: options.max,
      ...(options.pattern && { pattern: options.pattern.source }),
      ...(options.format && { format: options.format }),
      ...((options.description ?? options.patternHint) && { description: options.description ?? options.patternHint }),
      ...(options.example !== undefined && { example: options.example }),
    },
  };
};

export const ID_MAX = 200;
export const SHORT_TEXT_MAX = 1_000;
export const LONG_TEXT_MAX = 10_000;
export const URL_MAX = 2_048;

/** An identifier or reference: 1–200 characters, no control characters, no surrounding whitespace. */
export const id = (description?: string, example?: string): Schema<string> =>
  text({ max: ID_MAX, chars: 'id', ...(description && { description }), ...(example && { example }) });

/** A name, title or label: one line, at most `max` (default 1,000) characters. */
export const shortText = (max = SHORT_TEXT_MAX, description?: string): Schema<string> =>
  text({ max, chars: 'line', ...(description && { description }) });

/** Free text (summaries, comments): at most 10,000 characters, line breaks allowed. */
export const longText = (description?: string): Schema<string> =>
  text({ max: LONG_TEXT_MAX, chars: 'multiline', ...(description && { description }) });

// Deliberately loose (real address validation is sending a mail): one @, a dot in the domain, no spaces.
const EMAIL = /^[^\s@]{1,64}@[^\s@.]+(?:\.[^\s@.]+)+$/;
export const email = (): Schema<string> =>
  text({
    max: 254,
    chars: 'id',
    pattern: EMAIL,
    patternHint: 'an email address (local@domain.tld)',
    format: 'email',
    example: 'ana@example.com',
  });

/** E.164: `+`, country code, subscriber number; 7 to 15 digits in all. */
export const phone = (): Schema<string> =>
  text({
    max: 16,
    chars: 'id',
    pattern: /^\+[1-9][0-9]{6,14}$/,
    patternHint: 'a phone number in E.164 form: + and 7 to 15 digits',
    example: '+33612345678',
  });

export const url = (): Schema<string> =>
  text({
    max: URL_MAX,
    chars: 'id',
    pattern: /^https?:\/\/[^\s/?#]+[^\s]*$/i,
    patternHint: 'an absolute http(s) URL',
    format: 'uri',
    example: 'https://shop.example.com/p/espresso-beans',
  });

/** ISO 4217 alphabetic code, upper case. */
export const currency = (): Schema<string> =>
  text({
    max: 3,
    min: 3,
    chars: 'id',
    pattern: /^[A-Z]{3}$/,
    patternHint: 'an ISO 4217 currency code: 3 upper-case letters',
    example: 'EUR',
  });

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const isLeap = (year: number): boolean => (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
/** True when year-month-day exists (Date.parse rolls 2025-02-30 over to March 2 instead of refusing it). */
export const isCalendarDate = (year: number, month: number, day: number): boolean =>
  month >= 1 && month <= 12 && day >= 1 && day <= (month === 2 && isLeap(year) ? 29 : DAYS_IN_MONTH[month - 1]!);

/** A calendar date without time, `YYYY-MM-DD`. */
export const calendarDate = (description?: string): Schema<string> => {
  const base = text({
    max: 10,
    min: 10,
    chars: 'id',
    pattern: /^\d{4}-\d{2}-\d{2}$/,
    patternHint: 'a date YYYY-MM-DD',
    format: 'date',
    ...(description && { description }),
  });
  return {
    parse: (value, at, errors) => {
      const parsed = base.parse(value, at, errors);
      if (parsed === INVALID) return INVALID;
      const [y, m, d] = parsed.split('-').map(Number) as [number, number, number];
      if (!isCalendarDate(y, m, d)) {
        errors.push({ pointer: at, detail: `${parsed} is not a calendar date` });
        return INVALID;
      }
      return parsed;
    },
    jsonSchema: base.jsonSchema,
  };
};
