// CSV text arriving in pieces (a file read a megabyte at a time) must parse exactly as the whole text:
// a piece may end inside a quoted field, between two quotes of a doubled quote, or between CR and LF.
import { describe, expect, it } from 'vitest';
import { CsvReader, parseCsv, splitCsv } from '../../src/data/csv.js';
import { CsvTokenizer } from '../../src/data/csv-tokenizer.js';

const TEXT = 'name,"a, b",label\r\n"x ""y""",1.5,cat\r\n\r\n"line\nbreak",2,dog\r\n  ,  \r\nz,-3e1,"cat"\n';
const NUMERIC = 'f1,f2,c\r\n0.5,1,0\r\n\r\n2,"3",1\r-1,.25,1\n7,8,0';

function inPieces(text: string, cuts: readonly number[], options = {}) {
  const reader = new CsvReader(options);
  let from = 0;
  for (const cut of [...cuts, text.length]) {
    reader.push(text.slice(from, cut));
    from = cut;
  }
  return reader.end();
}

describe('CSV in pieces', () => {
  it('parses the same whatever one cut splits it', () => {
    const whole = parseCsv(NUMERIC);
    expect([...whole.x]).toEqual([0.5, 1, 2, 3, -1, 0.25, 7, 8]);
    expect([...whole.y]).toEqual([0, 1, 1, 0]);
    for (let cut = 0; cut <= NUMERIC.length; cut++) {
      const pieces = inPieces(NUMERIC, [cut]);
      expect({ cut, x: [...pieces.x], y: [...pieces.y], names: pieces.featureNames }).toEqual({
        cut,
        x: [...whole.x],
        y: [...whole.y],
        names: ['f1', 'f2'],
      });
    }
  });

  it('splits the same one character at a time, quotes and line ends included', () => {
    const records: [number, string[]][] = [];
    let fields: string[] = [];
    const tokenizer = new CsvTokenizer({
      field: (text, column) => {
        expect(column).toBe(fields.length);
        fields.push(text);
      },
      record: (line, count) => {
        expect(count).toBe(fields.length);
        records.push([line, fields]);
        fields = [];
      },
    });
    for (const ch of TEXT) tokenizer.push(ch);
    tokenizer.end();
    const expected: [number, string[]][] = [
      [1, ['name', 'a, b', 'label']],
      [2, ['x "y"', '1.5', 'cat']],
      [4, ['line\nbreak', '2', 'dog']],
      [6, ['  ', '  ']],
      [7, ['z', '-3e1', 'cat']],
    ];
    expect(records).toEqual(expected);
    expect(splitCsv(TEXT).map((r) => [r.line, r.fields])).toEqual(expected);
  });

  it('keeps line numbers across pieces in its errors', () => {
    const text = 'a,b\n1,0\n"2\n",1\n3,x\n4,oops\n';
    for (let cut = 0; cut <= text.length; cut++) {
      expect(() => inPieces(text, [cut], { labelColumn: null })).toThrow(
        'line 5, column 2: expected a number in feature column (b); got "x"',
      );
    }
  });

  it('says so plainly when the counted lines need more memory than the process can allocate', () => {
    const reader = new CsvReader({ source: 'wide.csv' }, 1e9);
    expect(() => reader.push(`${'1,'.repeat(200)}0\n`)).toThrow(
      'wide.csv: 1000000000 rows of 200 features need 800000000000 bytes as float32; this process cannot allocate that much',
    );
  });
});
