/** Calendar arithmetic on ISO-8601 instants, shared by deciders and projections (no clock here). */
export const MS_PER_DAY = 86_400_000;

/** Days from `from` to `to` (fractional, never negative: a back-dated event does not make time run backwards). */
export const daysBetween = (from: string, to: string): number =>
  Math.max(0, (Date.parse(to) - Date.parse(from)) / MS_PER_DAY);

/** `2017-03-01` → `2017-03-01T00:00:00.000Z`; an instant is normalised to the same form. */
export const toInstant = (dateOrInstant: string): string => new Date(dateOrInstant).toISOString();

export const isCalendarDate = (text: string): boolean =>
  /^\d{4}-\d{2}-\d{2}$/.test(text) && new Date(`${text}T00:00:00Z`).toISOString().startsWith(text);
