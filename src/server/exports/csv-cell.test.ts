import { parse } from 'csv-parse/sync';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { csvCell, csvLine, type CsvValue } from './csv-cell.ts';

const FORMULA_START = ['=', '+', '-', '@', '\t', '\r'];
const readBack = (text: string): string[][] => parse(text, { relax_column_count: true, skip_empty_lines: false });

describe('csvCell', () => {
  it('neutralises cells a spreadsheet would run as a formula', () => {
    expect(csvCell('=HYPERLINK("http://x")')).toBe(`"'=HYPERLINK(""http://x"")"`);
    expect(csvCell('+2348012345678')).toBe("'+2348012345678");
    expect(csvCell('-1+1')).toBe("'-1+1");
    expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvCell('\t=1')).toBe("'\t=1");
    expect(csvCell('\r=1')).toBe(`"'\r=1"`);
    // Only the first character matters: a formula sign inside a name is just text.
    expect(csvCell('Ada = Lovelace')).toBe('Ada = Lovelace');
  });

  it('quotes per RFC 4180 and keeps other text as it is', () => {
    expect(csvCell('Okafor, Chidi')).toBe('"Okafor, Chidi"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('two\nlines')).toBe('"two\nlines"');
    expect(csvCell('Adébáyọ̀ አበበ محمد')).toBe('Adébáyọ̀ አበበ محمد');
    expect(csvCell(null)).toBe('');
    expect(csvCell(undefined)).toBe('');
    expect(csvCell(true)).toBe('yes');
    expect(csvCell(false)).toBe('no');
    expect(csvCell(42)).toBe('42');
    expect(csvLine(['a', 'b,c', null])).toBe('a,"b,c",\r\n');
  });

  it('never lets a cell start with a formula character, and reads back through a real CSV parser', () => {
    // Strings built mostly from the characters that matter, so the edge cases come up often.
    const tricky = fc.string({ unit: fc.constantFrom('=', '+', '-', '@', '\t', '\r', '\n', '"', ',', "'", ' ', 'a', 'é', 'አ', 'م') });
    const cell = fc.oneof(tricky, fc.string({ unit: 'grapheme' }), fc.string());
    fc.assert(fc.property(fc.array(fc.array(cell, { minLength: 1, maxLength: 6 }), { minLength: 1, maxLength: 5 }), (rows) => {
      // A lone empty cell is an empty line, which CSV cannot tell from no line: not a row we write.
      fc.pre(rows.every((r) => r.length > 1 || r[0] !== ''));
      const parsed = readBack(rows.map((r) => csvLine(r)).join(''));
      expect(parsed).toEqual(rows.map((r) => r.map((v) => (v !== '' && FORMULA_START.includes(v[0]!) ? `'${v}` : v))));
      for (const r of parsed) for (const v of r) expect(FORMULA_START).not.toContain(v[0]);
    }), { numRuns: 500 });
  });

  it('writes every kind of value the exports send', () => {
    const values: CsvValue[] = ['x', 3, null, undefined, true, false];
    expect(readBack(csvLine(values))).toEqual([['x', '3', '', '', 'yes', 'no']]);
  });
});
