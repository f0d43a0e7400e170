import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { encodeIdx, parseIdx } from '../../src/data/idx.js';
import { loadIdx } from '../../src/data/read-file.js';

describe('IDX', () => {
  it('round-trips uint8 images and float32 values', () => {
    const images = Uint8Array.from({ length: 2 * 3 * 4 }, (_, i) => i * 7);
    const parsed = parseIdx(encodeIdx([2, 3, 4], images));
    expect(parsed.shape).toEqual([2, 3, 4]);
    expect(parsed.data).toBeInstanceOf(Uint8Array);
    expect([...parsed.data]).toEqual([...images]);
    const floats = Float32Array.from([1.5, -2, 3e10]);
    const back = parseIdx(encodeIdx([3], floats));
    expect(back.data).toBeInstanceOf(Float32Array);
    expect([...back.data]).toEqual([...floats]);
  });

  it('reads gzipped and plain files the same', () => {
    const dir = mkdtempSync(join(tmpdir(), 'backprop-idx-'));
    const bytes = encodeIdx([5], Uint8Array.from([9, 8, 7, 6, 5]));
    writeFileSync(join(dir, 'l-idx1-ubyte'), bytes);
    writeFileSync(join(dir, 'l-idx1-ubyte.gz'), gzipSync(bytes));
    expect([...loadIdx(join(dir, 'l-idx1-ubyte.gz')).data]).toEqual([...loadIdx(join(dir, 'l-idx1-ubyte')).data]);
  });

  it('rejects bad magic, unknown types, truncation and hostile sizes before allocating', () => {
    expect(() => parseIdx(Uint8Array.from([1, 0, 8, 1]))).toThrow('must start with two zero bytes');
    expect(() => parseIdx(Uint8Array.from([0x1f, 0x8b, 8, 1]))).toThrow('gzipped');
    expect(() => parseIdx(Uint8Array.from([0, 0, 0x42, 1, 0, 0, 0, 1, 0]))).toThrow('unknown IDX type code 0x42');
    const good = encodeIdx([4], Uint8Array.from([1, 2, 3, 4]));
    expect(() => parseIdx(good.subarray(0, good.length - 1))).toThrow('truncated');
    expect(() => parseIdx(good.subarray(0, 6))).toThrow('header needs 8 bytes');
    // A header that claims 2^32 - 1 rows of 2^32 - 1 values must fail on the size check, not allocate.
    const hostile = Uint8Array.from([0, 0, 0x0d, 2, 255, 255, 255, 255, 255, 255, 255, 255]);
    expect(() => parseIdx(hostile)).toThrow('needs');
  });
});
