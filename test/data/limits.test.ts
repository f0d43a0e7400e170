// The loaders' bounds on classes, features and un-gzipped bytes: a few bytes of input must not be able
// to ask for gigabytes, and each error names the limit, what came, and how to raise the limit.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { parseCsv } from '../../src/data/csv.js';
import { loadDataset } from '../../src/data/datasets.js';
import { encodeIdx } from '../../src/data/idx.js';
import { DataLimitError } from '../../src/errors.js';
import { DEFAULT_LIMITS } from '../../src/data/limits.js';
import { loadCsv, loadIdx } from '../../src/data/read-file.js';
import { trainTestSplit } from '../../src/data/split.js';

/** An IDX file of big-endian int32 values (encodeIdx writes uint8 and float32 only). */
function int32Idx(values: readonly number[]): Uint8Array {
  const out = new Uint8Array(8 + 4 * values.length);
  const view = new DataView(out.buffer);
  out[2] = 0x0c;
  out[3] = 1;
  view.setUint32(4, values.length, false);
  values.forEach((v, i) => view.setInt32(8 + 4 * i, v, false));
  return out;
}

/** An MNIST-style folder: 2x2 images, and the given label file for both parts. */
function idxFolder(labels: Uint8Array): string {
  const dir = mkdtempSync(join(tmpdir(), 'backprop-limits-'));
  for (const part of ['train', 't10k']) {
    writeFileSync(join(dir, `${part}-images-idx3-ubyte`), encodeIdx([3, 2, 2], new Uint8Array(12)));
    writeFileSync(join(dir, `${part}-labels-idx1-ubyte`), labels);
  }
  return dir;
}

describe('class limit', () => {
  it('refuses an integer label that would make a billion classes, naming the label, its line and the way out', () => {
    const evil = 'a,b,label\n1,2,0\n3,4,1000000000\n5,6,0\n';
    expect(() => parseCsv(evil, { source: 'evil.csv' })).toThrow(DataLimitError);
    expect(() => parseCsv(evil, { source: 'evil.csv' })).toThrow(
      'evil.csv: the labels need 1000000001 classes (classes are 0 to the largest label, ' +
        '1000000000 on line 3); the limit is 10000. If the data really is that large, raise it with the maxClasses option (backprop train --max-classes <n>)',
    );
    expect(DEFAULT_LIMITS.maxClasses).toBe(10_000);
  });

  it('is raised by maxClasses', () => {
    expect(parseCsv('1,2,0\n1,2,20000\n', { maxClasses: 20_001 }).classes).toBe(20_001);
    expect(() => parseCsv('1,2,0\n1,2,20000\n', { maxClasses: 20_000 })).toThrow('need 20001 classes');
    expect(() => parseCsv('1,0\n', { maxClasses: 0 })).toThrow('maxClasses must be a positive integer; got 0');
    expect(() => parseCsv('1,0\n', { maxClasses: 1.5 })).toThrow('maxClasses must be a positive integer; got 1.5');
  });

  it('counts distinct names against it, and numbers that turn out to be names', () => {
    const names = 'x,label\n1,a\n2,b\n3,c\n4,d\n5,e\n';
    expect(parseCsv(names, { maxClasses: 5 }).classNames).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(() => parseCsv(names, { maxClasses: 4, source: 'n.csv' })).toThrow(
      'n.csv line 6, column 2: the label column holds more than 4 distinct labels; the limit is 4',
    );
    // Five distinct numbers, then a name: the numbers were names all along, six of them.
    expect(() => parseCsv('1,10\n2,11\n3,12\n4,13\n5,14\n6,x\n', { maxClasses: 4 })).toThrow(
      'line 6, column 2: the label column holds more than 4 distinct labels',
    );
  });

  it('does not limit regression targets, however many distinct values they hold', () => {
    const rows = Array.from({ length: 50 }, (_, i) => `${i},${i + 0.5}`).join('\n');
    const data = parseCsv(rows, { maxClasses: 3 });
    expect(data.classes).toBe(0);
    expect(data.y[49]).toBe(49.5);
    // Negative and non-integer labels are targets, not classes.
    expect(parseCsv('1,-1\n2,3\n').classes).toBe(0);
    expect(parseCsv('1,0\n2,2.5\n').classes).toBe(0);
  });

  it('applies to IDX labels: a huge int32 label, a negative one', () => {
    const huge = idxFolder(int32Idx([0, 2_000_000_000, 1]));
    expect(() => loadDataset(huge)).toThrow(DataLimitError);
    expect(() => loadDataset(huge)).toThrow(
      'the labels need 2000000001 classes (classes are 0 to the largest label, 2000000000); the limit is 10000',
    );
    expect(() => loadDataset(idxFolder(int32Idx([0, -7, 1])))).toThrow(
      'label 1 must be a class index (an integer >= 0); got -7',
    );
    expect(loadDataset(idxFolder(int32Idx([0, 20_000, 1])), { maxClasses: 20_001 }).train.classes).toBe(20_001);
  });

  it('never sizes the stratified split by the class count', () => {
    const data = {
      x: new Float32Array(10),
      y: Float32Array.from([0, 1, 0, 1, 0, 1, 0, 1, 0, 1]),
      rows: 10,
      features: 1,
      classes: 2 ** 32,
    };
    const { train, test } = trainTestSplit(data, { stratify: true, testSize: 0.2, seed: 3 });
    expect([...test.y].sort()).toEqual([0, 1]);
    expect(train.rows).toBe(8);
  });
});

describe('feature limit', () => {
  it('refuses a CSV line wider than maxFeatures, before reading further', () => {
    expect(() => parseCsv('1,2,3,4\n', { maxFeatures: 3, source: 'w.csv', labelColumn: null })).toThrow(
      'w.csv: line 1 has 4 feature columns; the limit is 3. If the data really is that large, raise it with the maxFeatures option (backprop train --max-features <n>)',
    );
    expect(() => parseCsv('1,2,3,4,0\n', { maxFeatures: 3, source: 'w.csv' })).toThrow(
      'w.csv: line 1 has more than 4 columns; the limit is 3',
    );
    expect(parseCsv('1,2,3,4,0\n', { maxFeatures: 4 }).features).toBe(4);
    // A first line of a million fields stops at the limit, without keeping them all.
    expect(() => parseCsv(`${'1,'.repeat(1_000_000)}0\n`, { maxFeatures: 10 })).toThrow(
      'line 1 has more than 11 columns; the limit is 10',
    );
  });

  it('applies to IDX images', () => {
    const dir = idxFolder(encodeIdx([3], Uint8Array.from([0, 1, 0])));
    expect(loadDataset(dir).train.features).toBe(4);
    expect(() => loadDataset(dir, { maxFeatures: 3 })).toThrow('images of 2 x 2 are 4 features each; the limit is 3');
  });
});

describe('byte limit and declared sizes', () => {
  it('refuses an IDX header that declares more than maxBytes, gzipped or not, before reading the values', () => {
    const dir = mkdtempSync(join(tmpdir(), 'backprop-limits-'));
    // 4,294,967,295 images of 65,535 x 65,535 bytes, in a 16-byte file.
    const hostile = Uint8Array.from([0, 0, 8, 3, 255, 255, 255, 255, 0, 0, 255, 255, 0, 0, 255, 255]);
    writeFileSync(join(dir, 'h'), hostile);
    writeFileSync(join(dir, 'h.gz'), gzipSync(hostile));
    for (const name of ['h', 'h.gz']) {
      expect(() => loadIdx(join(dir, name))).toThrow(DataLimitError);
      expect(() => loadIdx(join(dir, name))).toThrow(
        /its header declares shape \[4294967295, 65535, 65535\] of uint8: \d{20} bytes; the limit is 2147483648/,
      );
    }
    const small = encodeIdx([100], new Uint8Array(100));
    writeFileSync(join(dir, 's.gz'), gzipSync(small));
    expect(loadIdx(join(dir, 's.gz')).shape).toEqual([100]);
    expect(() => loadIdx(join(dir, 's.gz'), { maxBytes: 100 })).toThrow(
      'shape [100] of uint8: 108 bytes; the limit is 100',
    );
  });

  it('stops un-gzipping an IDX file as soon as more than its header declares comes out', () => {
    const dir = mkdtempSync(join(tmpdir(), 'backprop-limits-'));
    const bytes = new Uint8Array(8 + 1000);
    bytes.set(encodeIdx([10], new Uint8Array(10)).subarray(0, 8));
    writeFileSync(join(dir, 'long.gz'), gzipSync(bytes));
    expect(() => loadIdx(join(dir, 'long.gz'))).toThrow(
      'its header declares shape [10] of uint8: 18 bytes with the header, but it un-gzips to more; the file is damaged or not an IDX file',
    );
    writeFileSync(join(dir, 'long'), bytes);
    expect(() => loadIdx(join(dir, 'long'))).toThrow(
      'its header declares shape [10] of uint8: 18 bytes with the header; the file has 1008',
    );
  });

  it('bounds what a gzipped CSV file may un-gzip to', () => {
    const dir = mkdtempSync(join(tmpdir(), 'backprop-limits-'));
    writeFileSync(join(dir, 'a.csv.gz'), gzipSync('1,2,0\n'.repeat(100)));
    expect(loadCsv(join(dir, 'a.csv.gz')).rows).toBe(100);
    expect(() => loadCsv(join(dir, 'a.csv.gz'), { maxBytes: 500 })).toThrow(
      'it un-gzips to more than 500 bytes; the limit is 500',
    );
  });
});
