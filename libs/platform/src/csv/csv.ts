/**
 * RFC 4180 CSV: quoted fields with doubled quotes, commas and line breaks inside quotes, CRLF or LF,
 * an optional UTF-8 BOM. Rows become objects keyed by the header; a row with another number of
 * fields than the header is an error naming its line, never silently shifted.
 */
export class CsvError extends Error {
  constructor(
    readonly file: string,
    readonly line: number,
    message: string,
  ) {
    super(`${file}:${line}: ${message}`);
    this.name = 'CsvError';
  }
}

const parseRecords = (text: string, file: string): { fields: string[]; line: number }[] => {
  const records: { fields: string[]; line: number }[] = [];
  let fields: string[] = [];
  let field = '';
  let quoted = false;
  let line = 1;
  let recordLine = 1;
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  for (let i = 0; i < body.length; i += 1) {
    const ch = body[i]!;
    if (quoted) {
      if (ch === '"' && body[i + 1] === '"') {
        field += '"';
        i += 1;
      } else if (ch === '"') quoted = false;
      else {
        if (ch === '\n') line += 1;
        field += ch;
      }
    } else if (ch === '"' && field === '') quoted = true;
    else if (ch === ',') {
      fields.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && body[i + 1] === '\n') i += 1;
      fields.push(field);
      records.push({ fields, line: recordLine });
      fields = [];
      field = '';
      line += 1;
      recordLine = line;
    } else field += ch;
  }
  if (quoted) throw new CsvError(file, recordLine, 'unterminated quoted field');
  if (field !== '' || fields.length > 0) {
    fields.push(field);
    records.push({ fields, line: recordLine });
  }
  // Blank lines (a trailing newline, an empty line between blocks) are not records.
  return records.filter((r) => !(r.fields.length === 1 && r.fields[0] === ''));
};

export const parseCsv = <Column extends string>(
  text: string,
  file: string,
  required: readonly Column[],
): Record<Column, string>[] => {
  const [header, ...rows] = parseRecords(text, file);
  if (!header) throw new CsvError(file, 1, 'empty file: a header row is required');
  const names = header.fields.map((f) => f.trim());
  const missing = required.filter((c) => !names.includes(c));
  if (missing.length > 0) throw new CsvError(file, 1, `missing column(s) ${missing.join(', ')}`);
  return rows.map(({ fields, line }) => {
    if (fields.length !== names.length)
      throw new CsvError(file, line, `${fields.length} fields where the header has ${names.length}`);
    return Object.fromEntries(names.map((name, i) => [name, fields[i]!.trim()])) as Record<Column, string>;
  });
};
