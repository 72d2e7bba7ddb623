import { formatCount } from '@crm/platform/progress/progress-reporter';

export { formatCount };

/** A cell is right-aligned when it is a number, so columns of figures line up on their last digit. */
export type Cell = string | number | null;

const text = (cell: Cell): string => (cell === null ? '-' : typeof cell === 'number' ? formatCount(cell) : cell);

/** Plain aligned columns, two spaces apart; no box drawing, so output pastes into tickets and greps well. */
export const formatTable = (headers: readonly string[], rows: readonly (readonly Cell[])[]): string => {
  const cells = rows.map((row) => row.map(text));
  const widths = headers.map((h, i) => Math.max(h.length, ...cells.map((row) => (row[i] ?? '').length)));
  const numeric = headers.map((_, i) => rows.length > 0 && rows.every((row) => typeof row[i] !== 'string'));
  const line = (values: readonly string[]): string =>
    values
      .map((v, i) => (numeric[i] ? v.padStart(widths[i]!) : v.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  return [line(headers), ...cells.map(line)].join('\n') + '\n';
};

/** `key  value` pairs with the keys padded to one width. */
export const formatPairs = (pairs: readonly (readonly [string, Cell])[]): string => {
  const width = Math.max(...pairs.map(([k]) => k.length));
  return pairs.map(([k, v]) => `${k.padEnd(width)}  ${text(v)}`).join('\n') + '\n';
};

export const toJson = (value: unknown): string => `${JSON.stringify(value, null, 2)}\n`;

/** The first line of an error text (a stored stack trace), for one-line displays. */
export const firstLine = (textValue: string): string => textValue.split('\n', 1)[0] ?? '';
