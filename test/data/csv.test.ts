import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { CsvError } from '../../src/errors.js';
import { parseCsv, splitCsv } from '../../src/data/csv.js';
import { loadCsv } from '../../src/data/read-file.js';

describe('parseCsv', () => {
  it('detects a header and takes the last column as text labels in sorted class order', () => {
    const data = parseCsv('a,b,kind\n1,2,dog\n3,4.5,cat\n-1e2,.5,dog\n');
    expect(data.featureNames).toEqual(['a', 'b']);
    expect([...data.x]).toEqual([1, 2, 3, 4.5, -100, 0.5]);
    expect(data.classNames).toEqual(['cat', 'dog']);
    expect([...data.y]).toEqual([1, 0, 1]);
    expect(data.classes).toBe(2);
    expect(data.rows).toBe(3);
  });

  it('reads a file without a header, integer labels as classes, CRLF and blank lines', () => {
    const data = parseCsv('1,2,0\r\n\r\n3,4,2\r\n');
    expect(data.featureNames).toBeUndefined();
    expect([...data.y]).toEqual([0, 2]);
    expect(data.classes).toBe(3);
  });

  it('takes the label column by index, negative index or header name', () => {
    const text = 'y,p,q\n1,10,20\n0,30,40\n';
    for (const labelColumn of [0, -3, 'y'] as const) {
      const data = parseCsv(text, { labelColumn });
      expect([...data.y]).toEqual([1, 0]);
      expect([...data.x]).toEqual([10, 20, 30, 40]);
    }
    expect(parseCsv(text, { labelColumn: null }).features).toBe(3);
  });

  it('keeps real-valued labels as regression targets', () => {
    const data = parseCsv('1,0.5\n2,1.5\n', { header: false });
    expect(data.classes).toBe(0);
    expect([...data.y]).toEqual([0.5, 1.5]);
  });

  it('handles quoted fields with delimiters and doubled quotes', () => {
    const records = splitCsv('"a, b","say ""hi""",3\n');
    expect(records[0].fields).toEqual(['a, b', 'say "hi"', '3']);
  });

  it('names the line and column of a field that is not a number', () => {
    const text = 'a,b,label\n1,2,0\n3,x7,1\n';
    expect(() => parseCsv(text, { source: 'f.csv' })).toThrow(CsvError);
    expect(() => parseCsv(text, { source: 'f.csv' })).toThrow(
      'f.csv line 3, column 2: expected a number in feature column (b); got "x7"',
    );
    expect(() => parseCsv('1,2,0\n1,,0\n')).toThrow('line 2, column 2');
    expect(() => parseCsv('1,2,0\n1,NaN,0\n')).toThrow('line 2, column 2');
    expect(() => parseCsv('1,2,0\n1,0x10,0\n')).toThrow('line 2, column 2');
  });

  it('rejects ragged rows, empty input, a missing label name and bad column indices', () => {
    expect(() => parseCsv('1,2,0\n1,2\n')).toThrow('line 2, column 3: expected 3 fields as on the first line; got 2');
    expect(() => parseCsv('\n\n')).toThrow('holds no data');
    expect(() => parseCsv('a,b\n1,2\n', { labelColumn: 'c' })).toThrow(
      '"c" is not a column name; the header has "a", "b"',
    );
    expect(() => parseCsv('1,2\n', { labelColumn: 2 })).toThrow('labelColumn must be an integer in [-2, 1]; got 2');
    expect(() => parseCsv('a,b\n')).toThrow('has a header but no data rows');
    expect(() => parseCsv('"1,2\n')).toThrow('not closed');
  });
});

describe('loadCsv', () => {
  it('reads plain and gzipped files alike and names the file in errors', () => {
    const dir = mkdtempSync(join(tmpdir(), 'backprop-csv-'));
    const text = 'f1,f2,c\n0.5,1,0\n2,3,1\n';
    writeFileSync(join(dir, 'a.csv'), text);
    writeFileSync(join(dir, 'a.csv.gz'), gzipSync(text));
    const plain = loadCsv(join(dir, 'a.csv'));
    const gz = loadCsv(join(dir, 'a.csv.gz'));
    expect([...gz.x]).toEqual([...plain.x]);
    expect([...gz.y]).toEqual([0, 1]);
    writeFileSync(join(dir, 'bad.csv'), 'f1,c\n1,0\noops,1\n');
    expect(() => loadCsv(join(dir, 'bad.csv'))).toThrow(`${join(dir, 'bad.csv')} line 3, column 1`);
    expect(() => loadCsv(join(dir, 'missing.csv'))).toThrow('no such file');
  });
});
