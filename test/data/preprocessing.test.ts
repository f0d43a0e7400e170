import { describe, expect, it } from 'vitest';
import type { Dataset } from '../../src/data/dataset.js';
import { gatherBatch, gatherFeatures } from '../../src/data/batches.js';
import { argMax, oneHot } from '../../src/data/one-hot.js';
import { MinMaxScaler, StandardScaler, scalerFromJSON } from '../../src/data/scalers.js';
import { shuffle, trainTestSplit } from '../../src/data/split.js';

const train = Float32Array.from([0, 10, 2, 20, 4, 30]); // 3 rows x 2 cols

describe('scalers', () => {
  it('min-max maps the training range to [0, 1] and reuses it on new data', () => {
    const scaler = new MinMaxScaler().fit(train, 2);
    expect([...scaler.transform(train)]).toEqual([0, 0, 0.5, 0.5, 1, 1]);
    // New data outside the training range is not refitted: it maps outside [0, 1].
    expect([...scaler.transform([6, 0])]).toEqual([1.5, -0.5]);
    expect([...scaler.inverseTransform(scaler.transform(train))]).toEqual([...train]);
  });

  it('standardises with the training mean and population std', () => {
    const scaler = new StandardScaler().fit(train, 2);
    const out = scaler.transform(train);
    const s = Math.sqrt(8 / 3);
    expect(out[0]).toBeCloseTo(-2 / s, 6);
    expect(out[4]).toBeCloseTo(2 / s, 6);
    expect(out[1]).toBeCloseTo(-10 / Math.sqrt(200 / 3), 6);
    const back = scaler.inverseTransform(out);
    back.forEach((v, i) => expect(v).toBeCloseTo(train[i], 4));
  });

  it('survives a JSON round trip with identical output', () => {
    for (const scaler of [new MinMaxScaler([-1, 1]).fit(train, 2), new StandardScaler().fit(train, 2)]) {
      const restored = scalerFromJSON(JSON.parse(JSON.stringify(scaler)));
      expect([...restored.transform([1, 15, 3, 25])]).toEqual([...scaler.transform([1, 15, 3, 25])]);
    }
  });

  it('maps constant columns to a fixed value and rejects bad use', () => {
    expect([...new MinMaxScaler().fitTransform([5, 5], 1)]).toEqual([0, 0]);
    expect([...new StandardScaler().fitTransform([5, 5], 1)]).toEqual([0, 0]);
    expect(() => new MinMaxScaler().transform([1])).toThrow('before fit');
    expect(() => new StandardScaler().fit([1, 2, 3], 2)).toThrow('not whole rows of 2 columns');
    expect(() => new StandardScaler().fit([1, NaN], 1)).toThrow('row 1, column 0 is NaN');
    expect(() => new MinMaxScaler().fit(train, 2).transform([1, 2, 3])).toThrow(
      'not whole rows of the 2 fitted columns',
    );
    expect(() => new MinMaxScaler([1, 0])).toThrow('low < high');
    expect(() => scalerFromJSON({ kind: 'other' } as never)).toThrow('unknown scaler JSON kind "other"');
  });
});

describe('oneHot and argMax', () => {
  it('encodes and decodes class indices', () => {
    const encoded = oneHot([2, 0, 1], 3);
    expect([...encoded]).toEqual([0, 0, 1, 1, 0, 0, 0, 1, 0]);
    expect([...argMax(encoded, 3)]).toEqual([2, 0, 1]);
    expect(() => oneHot([3], 3)).toThrow('label 0 must be an integer in [0, 3); got 3');
    expect(() => oneHot([0.5], 3)).toThrow('got 0.5');
  });
});

function table(rows: number): Dataset {
  const x = new Float32Array(rows * 2);
  const y = new Float32Array(rows);
  for (let i = 0; i < rows; i++) {
    x[2 * i] = i;
    x[2 * i + 1] = -i;
    y[i] = i % 3;
  }
  return { x, y, rows, features: 2, classes: 3 };
}

describe('trainTestSplit and shuffle', () => {
  it('splits every row into exactly one part, the same way for the same seed', () => {
    const data = table(100);
    const a = trainTestSplit(data, { testSize: 0.2, seed: 7 });
    const b = trainTestSplit(data, { testSize: 0.2, seed: 7 });
    const c = trainTestSplit(data, { testSize: 0.2, seed: 8 });
    expect(a.test.rows).toBe(20);
    expect(a.train.rows).toBe(80);
    expect([...a.test.x]).toEqual([...b.test.x]);
    expect([...a.test.x]).not.toEqual([...c.test.x]);
    const ids = [...a.train.x.filter((_, i) => i % 2 === 0), ...a.test.x.filter((_, i) => i % 2 === 0)].sort(
      (p, q) => p - q,
    );
    expect(ids).toEqual(Array.from({ length: 100 }, (_, i) => i));
    // Rows stay whole: the label and second feature follow the first feature.
    for (let i = 0; i < a.test.rows; i++) {
      expect(a.test.x[2 * i + 1]).toBe(-a.test.x[2 * i]);
      expect(a.test.y[i]).toBe(a.test.x[2 * i] % 3);
    }
  });

  it('stratifies by class on request', () => {
    const { test } = trainTestSplit(table(90), { testSize: 1 / 3, seed: 1, stratify: true });
    const counts = [0, 0, 0];
    test.y.forEach((label) => counts[label]++);
    expect(counts).toEqual([10, 10, 10]);
  });

  it('in place: the same parts as copies, as views of the reordered rows (bytes and floats)', () => {
    for (const stratify of [false, true]) {
      const floats = table(50);
      const bytes: Dataset = { ...floats, x: Uint8Array.from(floats.x, (v) => v & 0xff) };
      for (const data of [floats, bytes]) {
        const copies = trainTestSplit(data, { testSize: 0.3, seed: 4, stratify });
        const views = trainTestSplit(data, { testSize: 0.3, seed: 4, stratify, inPlace: true });
        for (const part of ['train', 'test'] as const) {
          expect([...views[part].x]).toEqual([...copies[part].x]);
          expect([...views[part].y]).toEqual([...copies[part].y]);
          expect(views[part].x.buffer).toBe(data.x.buffer);
        }
        // The data set itself now holds the training rows, then the test rows.
        expect([...data.x]).toEqual([...copies.train.x, ...copies.test.x]);
        expect([...data.y]).toEqual([...copies.train.y, ...copies.test.y]);
      }
    }
  });

  it('shuffles reproducibly and rejects bad sizes', () => {
    const data = table(10);
    expect([...shuffle(data, 3).y]).toEqual([...shuffle(data, 3).y]);
    expect([...shuffle(data, 3).x].sort((p, q) => p - q)).toEqual([...data.x].sort((p, q) => p - q));
    expect(() => trainTestSplit(data, { testSize: 1 })).toThrow('testSize must be in (0, 1); got 1');
    expect(() => trainTestSplit(table(2), { testSize: 0.1 })).toThrow('leaves an empty part');
  });
});

describe('gatherBatch', () => {
  it('gathers rows in the given order, scaling bytes to floats', () => {
    const data: Dataset = {
      x: Uint8Array.from([0, 255, 51, 102, 204, 153]),
      y: Float32Array.from([0, 1, 2]),
      rows: 3,
      features: 2,
      classes: 3,
    };
    const x = new Float32Array(4);
    const y = new Float32Array(2);
    gatherBatch(data, [2, 0, 1], 0, 2, x, y, { scale: 1 / 255 });
    expect([...x].map((v) => Math.round(v * 255))).toEqual([204, 153, 0, 255]);
    expect([...y]).toEqual([2, 0]);
    expect(() => gatherBatch(data, [2, 0, 1], 2, 2, x, y)).toThrow('outside the order');
  });

  // Bytes are read 4 at a time when rows are whole words (features a multiple of 4, aligned start), one
  // at a time otherwise; floats have their own loop. Every way must give x[row][f] * scale exactly.
  it.each([
    ['bytes read as words', 8, 0, 'bytes'],
    ['bytes not aligned to words', 8, 1, 'bytes'],
    ['rows of bytes not a multiple of 4', 7, 0, 'bytes'],
    ['floats', 8, 0, 'floats'],
  ] as const)('gathers %s: the value times scale, rows in order or from start', (_what, features, offset, kind) => {
    const rows = 5;
    const bytes = new Uint8Array(offset + rows * features);
    for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 37 + 11) % 256;
    const values = bytes.subarray(offset);
    const x = kind === 'bytes' ? values : Float32Array.from(values);
    const data: Dataset = { x, y: new Float32Array(rows), rows, features, classes: 0 };
    const scale = 1 / 255;
    const expected = (row: number) =>
      Array.from(values.subarray(row * features, (row + 1) * features), (v) => Math.fround(v * scale));
    const out = new Float32Array(3 * features);
    gatherBatch(data, [4, 0, 2, 1, 3], 1, 3, out, undefined, { scale });
    expect([...out]).toEqual([...expected(0), ...expected(2), ...expected(1)]);
    // Rows 1.. in storage order (fit without shuffling).
    gatherFeatures(data, null, 1, 3, out, { scale, scaler: undefined });
    expect([...out]).toEqual([...expected(1), ...expected(2), ...expected(3)]);
  });

  it('applies a fitted scaler to each row, as its transform does on the whole x', () => {
    const data: Dataset = {
      x: Float32Array.from(train),
      y: Float32Array.from([0, 1, 0]),
      rows: 3,
      features: 2,
      classes: 2,
    };
    for (const scaler of [new StandardScaler().fit(train, 2), new MinMaxScaler([-1, 1]).fit(train, 2)]) {
      const x = new Float32Array(6);
      gatherBatch(data, [1, 2, 0], 0, 3, x, undefined, { scaler });
      const whole = scaler.transform(train);
      expect([...x]).toEqual([...whole.subarray(2, 6), ...whole.subarray(0, 2)]);
    }
    const scaler = new StandardScaler().fit(train, 2);
    expect(() => gatherBatch(data, [0], 0, 1, new Float32Array(2), undefined, { scaler, scale: 2 })).toThrow(
      'give options.scale or options.scaler, not both',
    );
    expect(() =>
      gatherBatch(data, [0], 0, 1, new Float32Array(2), undefined, { scaler: new StandardScaler().fit(train, 3) }),
    ).toThrow('the scaler was fitted on 3 features per row; the data set has 2');
    expect(() => gatherBatch(data, [0], 0, 1, new Float32Array(2), undefined, { scaler: {} as never })).toThrow(
      'options.scaler must be a fitted scaler',
    );
  });
});

describe('datasetFromArrays', () => {
  it('builds a Dataset from plain rows and labels, checking every value', async () => {
    const { datasetFromArrays } = await import('../../src/data/dataset.js');
    const data = datasetFromArrays(
      [
        [1, 2],
        [3, 4],
        [5, 6],
      ],
      [0, 2, 1],
    );
    expect(data).toMatchObject({ rows: 3, features: 2, classes: 3 });
    expect([...data.x]).toEqual([1, 2, 3, 4, 5, 6]);
    expect(datasetFromArrays([[1], [2]], [0.5, 1.5]).classes).toBe(0);
    expect(() => datasetFromArrays([[1, 2], [3]], [0, 1])).toThrow('row 1 has 1 values; row 0 has 2');
    expect(() => datasetFromArrays([[1, NaN]], [0])).toThrow('x[0][1] is NaN');
    expect(() => datasetFromArrays([[1]], [0, 1])).toThrow('x has 1 rows, y has 2');
    expect(() => datasetFromArrays([[1]], [5], { classes: 3 })).toThrow(
      'label of row 0 must be an integer in [0, 3); got 5',
    );
  });
});
