import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { DatasetNotFoundError } from '../../src/errors.js';
import { FASHION_MNIST_DIR, loadDataset } from '../../src/data/datasets.js';
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

  it('loads an MNIST-style directory of gzipped and plain IDX files', () => {
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
  });

  it('says how to install Fashion-MNIST when it is missing', () => {
    expect(() => loadDataset('fashion-mnist', { fashionMnistDir: '/nonexistent/fm' })).toThrow(DatasetNotFoundError);
    expect(() => loadDataset('fashion-mnist', { fashionMnistDir: '/nonexistent/fm' })).toThrow(
      'apt-get install dataset-fashion-mnist',
    );
  });

  it.runIf(existsSync(FASHION_MNIST_DIR))('loads Fashion-MNIST from the Debian package as bytes', () => {
    const data = loadDataset('fashion-mnist');
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
