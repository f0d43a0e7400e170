import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { DatasetNotFoundError } from '../../src/errors.js';
import { FASHION_MNIST_DIR, loadDataset, loadDatasetAsync } from '../../src/data/datasets.js';
import { encodeIdx } from '../../src/data/idx.js';

describe('data sets by name', () => {
  it('loads iris with its class names', () => {
    const { train, test } = loadDataset('iris');
    expect(train.rows).toBe(150);
    expect(train.features).toBe(4);
    expect(train.classNames).toEqual(['setosa', 'versicolor', 'virginica']);
    expect([...train.x.subarray(0, 4)].map((v) => Math.round(v * 10) / 10)).toEqual([5.1, 3.5, 1.4, 0.2]);
    expect(test).toBeUndefined();
  });

  it('loads digits as 8x8 images', () => {
    const { train } = loadDataset('digits');
    expect(train.rows).toBe(1797);
    expect(train.features).toBe(64);
    expect(train.imageShape).toEqual([8, 8]);
    expect(train.classes).toBe(10);
    expect(Math.max(...train.x)).toBe(16);
  });

  it('loads an MNIST-style directory of gzipped and plain IDX files', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'backprop-mnist-'));
    const images = Uint8Array.from({ length: 3 * 2 * 2 }, (_, i) => i);
    writeFileSync(join(dir, 'train-images-idx3-ubyte.gz'), gzipSync(encodeIdx([3, 2, 2], images)));
    writeFileSync(join(dir, 'train-labels-idx1-ubyte'), encodeIdx([3], Uint8Array.from([1, 0, 1])));
    writeFileSync(join(dir, 't10k-images-idx3-ubyte'), encodeIdx([1, 2, 2], Uint8Array.from([9, 9, 9, 9])));
    writeFileSync(join(dir, 't10k-labels-idx1-ubyte.gz'), gzipSync(encodeIdx([1], Uint8Array.from([0]))));
    const data = loadDataset(dir);
    expect(data.train.rows).toBe(3);
    expect(data.train.imageShape).toEqual([2, 2]);
    expect(data.train.x).toBeInstanceOf(Uint8Array);
    expect(data.train.classes).toBe(2);
    expect(data.test?.rows).toBe(1);
    writeFileSync(join(dir, 't10k-labels-idx1-ubyte.gz'), gzipSync(encodeIdx([2], Uint8Array.from([0, 1]))));
    expect(() => loadDataset(dir)).toThrow('expected 1 labels (one per image)');
    await expect(loadDatasetAsync(dir)).rejects.toThrow('expected 1 labels (one per image)');
  });

  it('loadDatasetAsync streams gzipped IDX files to the same Dataset, with the same errors', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'backprop-mnist-'));
    // Two gzip members one after the other, as gzip allows: both must be un-gzipped.
    const idx = encodeIdx(
      [300, 4, 5],
      Uint8Array.from({ length: 300 * 20 }, (_, i) => (i * 7) % 251),
    );
    writeFileSync(
      join(dir, 'train-images-idx3-ubyte.gz'),
      Buffer.concat([gzipSync(idx.subarray(0, 1000)), gzipSync(idx.subarray(1000))]),
    );
    writeFileSync(join(dir, 'train-labels-idx1-ubyte.gz'), gzipSync(encodeIdx([300], new Uint8Array(300).fill(2))));
    writeFileSync(join(dir, 't10k-images-idx3-ubyte'), encodeIdx([1, 4, 5], new Uint8Array(20).fill(9)));
    writeFileSync(join(dir, 't10k-labels-idx1-ubyte.gz'), gzipSync(encodeIdx([1], Uint8Array.from([1]))));
    const streamed = await loadDatasetAsync(dir);
    const whole = loadDataset(dir);
    // loadDataset's bytes are a Buffer (a Uint8Array), the streamed ones a plain Uint8Array: compare values.
    const values = (d: typeof whole) => ({
      ...d,
      train: { ...d.train, x: [...d.train.x] },
      test: { ...d.test!, x: [...d.test!.x] },
    });
    expect(values(streamed)).toEqual(values(whole));
    expect(streamed.train.x).toBeInstanceOf(Uint8Array);
    const images = join(dir, 'train-images-idx3-ubyte.gz');
    // Cut short, damaged, and longer than its header says.
    writeFileSync(images, gzipSync(idx.subarray(0, idx.length - 7)));
    await expect(loadDatasetAsync(dir)).rejects.toThrow(`${images}: shape [300, 4, 5] of uint8 needs`);
    writeFileSync(images, Buffer.concat([gzipSync(idx).subarray(0, 40), Buffer.alloc(40, 0xff)]));
    await expect(loadDatasetAsync(dir)).rejects.toThrow(`${images} looks gzipped but does not un-gzip`);
    writeFileSync(images, gzipSync(Buffer.concat([idx, Buffer.alloc(1)])));
    await expect(loadDatasetAsync(dir)).rejects.toThrow('but it un-gzips to more; the file is damaged');
  });

  it('says how to install Fashion-MNIST when it is missing', () => {
    expect(() => loadDataset('fashion-mnist', { fashionMnistDir: '/nonexistent/fm' })).toThrow(DatasetNotFoundError);
    expect(() => loadDataset('fashion-mnist', { fashionMnistDir: '/nonexistent/fm' })).toThrow(
      'apt-get install dataset-fashion-mnist',
    );
  });

  it.runIf(existsSync(FASHION_MNIST_DIR))('loads Fashion-MNIST from the Debian package as bytes', async () => {
    const data = loadDataset('fashion-mnist');
    // Compared as bytes: a deep equality walks 47 million elements one by one.
    const streamed = await loadDatasetAsync('fashion-mnist');
    for (const part of ['train', 'test'] as const) {
      const [a, b] = [streamed[part]!, data[part]!];
      expect({ ...a, x: undefined, y: undefined }).toEqual({ ...b, x: undefined, y: undefined });
      for (const key of ['x', 'y'] as const) {
        const bytesOf = (v: ArrayBufferView) => Buffer.from(v.buffer, v.byteOffset, v.byteLength);
        expect(bytesOf(a[key]).equals(bytesOf(b[key])), key).toBe(true);
      }
    }
    expect(data.train.rows).toBe(60000);
    expect(data.test?.rows).toBe(10000);
    expect(data.train.x).toBeInstanceOf(Uint8Array);
    expect(data.train.classNames?.[9]).toBe('Ankle boot');
  });

  it('loads a CSV file and rejects unknown names', () => {
    const dir = mkdtempSync(join(tmpdir(), 'backprop-ds-'));
    writeFileSync(join(dir, 'd.csv'), 'a,b,label\n1,2,yes\n3,4,no\n');
    expect(loadDataset(join(dir, 'd.csv')).train.classNames).toEqual(['no', 'yes']);
    expect(() => loadDataset('mnist-of-cats')).toThrow(
      'unknown data set "mnist-of-cats": expected iris, digits, fashion-mnist',
    );
    expect(() => loadDataset(join(dir, 'none.csv'))).toThrow('does not exist');
  });
});
