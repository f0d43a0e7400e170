// The public data helpers check their arguments before any work: a wrong kind of value is a TypeError,
// a value out of range a RangeError, and each message names the helper, the argument, what was expected
// and what came, never an engine error from deep inside.
import { describe, expect, it } from 'vitest';
import type { Dataset } from '../../src/data/dataset.js';
import { checkDataset, selectRows } from '../../src/data/dataset.js';
import { gatherBatch, toFloat32 } from '../../src/data/batches.js';
import { argMax, oneHot } from '../../src/data/one-hot.js';
import { minMaxScaler, scalerFromJSON, standardScaler } from '../../src/data/scalers.js';
import { shuffle, trainTestSplit } from '../../src/data/split.js';

const data: Dataset = {
  x: Float32Array.of(1, 2, 3, 4, 5, 6),
  y: Float32Array.of(0, 1, 0),
  rows: 3,
  features: 2,
  classes: 2,
};

describe('data helpers refuse bad arguments with clear errors', () => {
  it('oneHot and argMax', () => {
    expect(() => oneHot(undefined as never, 2)).toThrow(
      new TypeError('backprop: oneHot: labels must be an array or typed array of numbers; got undefined'),
    );
    expect(() => oneHot({} as never, 4)).toThrow(/oneHot: labels must be an array or typed array of numbers; got \{\}/);
    expect(() => oneHot('01' as never, 2)).toThrow(TypeError);
    expect(() => oneHot([1], Symbol('c') as never)).toThrow(
      new TypeError('backprop: oneHot: classes must be an integer >= 1; got Symbol(c)'),
    );
    expect(() => oneHot([1], 0)).toThrow(new RangeError('backprop: oneHot: classes must be an integer >= 1; got 0'));
    expect(() => oneHot([1n] as never, 2)).toThrow(/oneHot: label 0 must be an integer in \[0, 2\); got 1n/);
    expect(() => argMax(null as never, 2)).toThrow(
      new TypeError('backprop: argMax: values must be an array or typed array of numbers; got null'),
    );
    expect(() => argMax([1, 2], 1.5)).toThrow(
      new RangeError('backprop: argMax: cols must be an integer >= 1; got 1.5'),
    );
  });

  it('gatherBatch and toFloat32', () => {
    const order = [0, 1, 2];
    expect(() => gatherBatch(data, order, 0, 1, null as never)).toThrow(
      new TypeError('backprop: gatherBatch: xOut must be a Float32Array; got null'),
    );
    expect(() => gatherBatch(data, order, NaN, 1, new Float32Array(2))).toThrow(
      new RangeError('backprop: gatherBatch: start must be an integer >= 0; got NaN'),
    );
    expect(() => gatherBatch(data, order, 0, '1' as never, new Float32Array(2))).toThrow(
      /gatherBatch: count must be an integer >= 0; got "1"/,
    );
    expect(() => gatherBatch(data, [0.5], 0, 1, new Float32Array(2))).toThrow(
      /gatherBatch: order\[0\] must be a row index, an integer in \[0, 3\); got 0.5/,
    );
    expect(() => gatherBatch(data, order, 0, 1, new Float32Array(2), [0] as never)).toThrow(
      /gatherBatch: yOut must be a Float32Array/,
    );
    expect(() => gatherBatch({ ...data, x: 'x' } as never, order, 0, 1, new Float32Array(2))).toThrow(
      /gatherBatch: data: x must be a Float32Array or Uint8Array; got "x"/,
    );
    expect(() => toFloat32(data, { scale: NaN })).toThrow(/toFloat32: options.scale must be a finite number; got NaN/);
  });

  it('shuffle, trainTestSplit and selectRows check the whole data set', () => {
    expect(() => shuffle({ ...data, rows: NaN })).toThrow(
      /shuffle: data must have at least one row \(rows an integer >= 1\); got rows NaN/,
    );
    expect(() => shuffle(null as never)).toThrow(
      new TypeError('backprop: shuffle: data must be a Dataset ({ x, y, rows, features, classes }); got null'),
    );
    expect(() => shuffle(data, 3n as never)).toThrow(
      new TypeError('backprop: shuffle: seed must be a finite number; got 3n'),
    );
    expect(() => trainTestSplit({ ...data, x: 'x' } as never)).toThrow(
      /trainTestSplit: data: x must be a Float32Array or Uint8Array; got "x"/,
    );
    expect(() => trainTestSplit({ ...data, classes: undefined } as never)).toThrow(
      /trainTestSplit: data: classes must be an integer >= 0/,
    );
    expect(() => trainTestSplit(data, { testSize: '0.5' as never })).toThrow(
      /trainTestSplit: testSize must be a finite number; got "0.5"/,
    );
    expect(() => trainTestSplit(data, { stratify: 'yes' as never })).toThrow(
      /trainTestSplit: stratify must be a boolean or undefined; got "yes"/,
    );
    expect(() => trainTestSplit(data, 3 as never)).toThrow(
      /trainTestSplit: options must be an object or undefined; got 3/,
    );
    expect(() => selectRows(data, [1.5])).toThrow(
      /selectRows: indices\[0\] must be a row index, an integer in \[0, 3\); got 1.5/,
    );
    expect(() => checkDataset({ ...data, imageShape: 'x' } as never)).toThrow(
      /imageShape must be undefined or \[height, width\]/,
    );
  });

  it('scalers and their JSON', () => {
    expect(() => minMaxScaler(3 as never)).toThrow(
      new TypeError('backprop: MinMaxScaler: range must be [low, high], two finite numbers; got 3'),
    );
    expect(() => minMaxScaler([1, 0])).toThrow(
      new RangeError('backprop: MinMaxScaler: range must be two finite numbers, low < high; got [1, 0]'),
    );
    expect(() =>
      standardScaler()
        .fit([1, 2], 1)
        .transform(null as never),
    ).toThrow(/StandardScaler.transform: x must be an array or typed array of numbers; got null/);
    expect(() => standardScaler().fit('12' as never, 1)).toThrow(/StandardScaler.fit: x must be an array/);
    expect(() =>
      standardScaler()
        .fit([1, 2], 1)
        .transform([1], [0] as never),
    ).toThrow(/StandardScaler.transform: out must be a Float32Array/);
    const json = minMaxScaler().fit([1, 2], 1).toJSON();
    expect(() => scalerFromJSON({ ...json, range: 'x' } as never)).toThrow(/MinMaxScaler: range must be \[low, high\]/);
    expect(() => scalerFromJSON({ ...json, min: ['a'] } as never)).toThrow(
      /MinMaxScaler JSON: min\[0\] must be a finite number; got "a"/,
    );
    expect(() => scalerFromJSON({ ...json, max: [0] } as never)).toThrow(
      /MinMaxScaler JSON: max\[0\] must be >= min\[0\] \(1\); got 0/,
    );
    expect(() => scalerFromJSON({ kind: 'standard', mean: [0], std: [null] } as never)).toThrow(
      /StandardScaler JSON: std\[0\] must be a finite number; got null/,
    );
    expect(() => scalerFromJSON(null as never)).toThrow(
      /scalerFromJSON: json must be a scaler's toJSON\(\) object; got null/,
    );
    expect(() => scalerFromJSON({ kind: 3n } as never)).toThrow(
      /scalerFromJSON: unknown scaler JSON kind 3n; expected "minMax" or "standard"/,
    );
  });
});
