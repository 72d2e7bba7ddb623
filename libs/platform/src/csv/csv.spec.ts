import { CsvError, parseCsv } from './csv';

describe('parseCsv', () => {
  it('reads rows by header, trimming fields, with CRLF, a BOM and a trailing newline', () =>
    expect(parseCsv('\ufeffa,b\r\n1, x \r\n2,\r\n', 'f.csv', ['a', 'b'])).toEqual([
      { a: '1', b: 'x' },
      { a: '2', b: '' },
    ]));

  it('reads quoted fields with commas, doubled quotes and line breaks', () =>
    expect(parseCsv('name,note\n"Gekko, & Co","said ""hi""\nthen left"\n', 'f.csv', ['name'])).toEqual([
      { name: 'Gekko, & Co', note: 'said "hi"\nthen left' },
    ]));

  it('refuses a row with another number of fields, naming the line', () =>
    expect(() => parseCsv('a,b\n1,2\n3\n', 'f.csv', ['a'])).toThrow(
      new CsvError('f.csv', 3, '1 fields where the header has 2'),
    ));

  it('refuses a missing column and an unterminated quote', () => {
    expect(() => parseCsv('a\n1\n', 'f.csv', ['a', 'b'])).toThrow(/missing column\(s\) b/);
    expect(() => parseCsv('a\n"1\n', 'f.csv', ['a'])).toThrow(/unterminated/);
  });
});
