// fit, evaluate and predict on a Dataset: each batch's features transformed (scale or a fitted scaler) and
// its labels made into the loss's targets as it is gathered, must train and score exactly as the same rows
// given as float32 tensors; a Dataset that does not fit the model is refused with a clear InputError.
import { describe, expect, it } from 'vitest';
import {
  type Dataset,
  InputError,
  layers,
  type Loss,
  optimizers,
  Random,
  sequential,
  standardScaler,
  tensor2d,
  toFloat32,
} from '../../src/index.js';

const FEATURES = 6;
const CLASSES = 3;

/** A Dataset of `rows` byte rows (class c raises features 2c and 2c + 1) with labels 0..CLASSES-1. */
function bytes(rows: number, seed: number): Dataset {
  const random = new Random(seed);
  const x = new Uint8Array(rows * FEATURES);
  const y = new Float32Array(rows);
  for (let r = 0; r < rows; r++) {
    const c = r % CLASSES;
    y[r] = c;
    for (let f = 0; f < FEATURES; f++) x[r * FEATURES + f] = Math.floor(random.next() * 100) + (f >> 1 === c ? 120 : 0);
  }
  return { x, y, rows, features: FEATURES, classes: CLASSES };
}

function model(loss: Loss | string = 'sparseCategoricalCrossentropy', units = CLASSES, activation = 'softmax') {
  const m = sequential({
    seed: 4,
    layers: [
      layers.dense({ inputShape: [FEATURES], units: 8, activation: 'relu' }),
      layers.dropout({ rate: 0.1 }),
      layers.dense({ units, activation: activation as 'softmax' }),
    ],
  });
  m.compile({ optimizer: optimizers.adam({ learningRate: 0.01 }), loss: loss as Loss, metrics: ['accuracy'] });
  return m;
}

/** The Dataset's features as the float32 tensor fit would see, scaled by 1/255. */
function features(data: Dataset) {
  return tensor2d(toFloat32(data, { scale: 1 / 255 }), [data.rows, data.features]);
}

function oneHot(data: Dataset) {
  const y = new Float32Array(data.rows * CLASSES);
  for (let r = 0; r < data.rows; r++) y[r * CLASSES + data.y[r]] = 1;
  return tensor2d(y, [data.rows, CLASSES]);
}

const options = { epochs: 3, batchSize: 16, verbose: 0 as const, seed: 7 };

describe('fit(dataset) trains exactly as fit(x, y) on the same rows', () => {
  it('sparse labels, scale 1/255, a validation Dataset, then evaluate and predict', async () => {
    const train = bytes(100, 1);
    const test = bytes(30, 2);
    const fromTensors = model();
    const tensorHistory = await fromTensors.fit(features(train), tensor2d(train.y, [train.rows, 1]), {
      ...options,
      epochs: 15,
      validationData: [features(test), tensor2d(test.y, [test.rows, 1])],
    });
    const fromDataset = model();
    const history = await fromDataset.fit(train, { ...options, epochs: 15, scale: 1 / 255, validationData: test });
    expect(Array.from(fromDataset.snapshotWeights())).toEqual(Array.from(fromTensors.snapshotWeights()));
    expect(history.history).toEqual(tensorHistory.history);
    expect(history.history.val_accuracy.at(-1)).toBeGreaterThan(0.9);

    const evaluated = await fromDataset.evaluate(test, { scale: 1 / 255, batchSize: 7 });
    expect(evaluated).toEqual(
      await fromTensors.evaluate(features(test), tensor2d(test.y, [test.rows, 1]), { batchSize: 7 }),
    );
    const predicted = fromDataset.predict(test, { scale: 1 / 255, batchSize: 7 });
    expect(predicted.shape).toEqual([test.rows, CLASSES]);
    expect(Array.from(predicted.data)).toEqual(Array.from(fromTensors.predict(features(test)).data));
  });

  it('one-hot targets made per batch for categoricalCrossentropy, and validationSplit', async () => {
    const train = bytes(90, 3);
    const fromTensors = model('categoricalCrossentropy');
    const tensorHistory = await fromTensors.fit(features(train), oneHot(train), { ...options, validationSplit: 0.2 });
    const fromDataset = model('categoricalCrossentropy');
    const history = await fromDataset.fit(train, { ...options, scale: 1 / 255, validationSplit: 0.2 });
    expect(Array.from(fromDataset.snapshotWeights())).toEqual(Array.from(fromTensors.snapshotWeights()));
    expect(history.history).toEqual(tensorHistory.history);
  });

  it('a fitted scaler applied per row, as scaler.transform on the whole x', async () => {
    const train = bytes(60, 4);
    const scaler = standardScaler().fit(train.x, FEATURES);
    const fromTensors = model();
    await fromTensors.fit(tensor2d(scaler.transform(train.x), [train.rows, FEATURES]), tensor2d(train.y, [60, 1]), {
      ...options,
    });
    const fromDataset = model();
    await fromDataset.fit(train, { ...options, scaler });
    expect(Array.from(fromDataset.snapshotWeights())).toEqual(Array.from(fromTensors.snapshotWeights()));
  });

  it('two classes on one sigmoid output: the labels are the 0/1 targets', async () => {
    const data = bytes(60, 5);
    const binary: Dataset = { ...data, y: data.y.map((c) => (c === 0 ? 0 : 1)), classes: 2 };
    const fromTensors = model('binaryCrossentropy', 1, 'sigmoid');
    await fromTensors.fit(features(binary), tensor2d(binary.y, [60, 1]), options);
    const fromDataset = model('binaryCrossentropy', 1, 'sigmoid');
    await fromDataset.fit(binary, { ...options, scale: 1 / 255 });
    expect(Array.from(fromDataset.snapshotWeights())).toEqual(Array.from(fromTensors.snapshotWeights()));
  });
});

describe('a Dataset that does not fit the model', () => {
  const data = bytes(20, 6);
  const cases: [string, () => Promise<unknown>, RegExp][] = [
    [
      'other features than the first layer takes',
      () => model().fit({ ...bytes(20, 6), x: new Uint8Array(20 * 5), features: 5 }),
      /layer dense(_\d+)? expects 6 features per row; the Dataset has 5/,
    ],
    [
      'more classes than outputs',
      () => model('sparseCategoricalCrossentropy', 2).fit(data),
      /has 2 classes \(outputs\); the Dataset has 3 classes/,
    ],
    [
      'real-valued targets for a sparse loss',
      () => model().fit({ ...data, classes: 0 }),
      /sparseCategoricalCrossentropy takes class labels; the Dataset has real-valued targets/,
    ],
    [
      'three classes on one output',
      () => model('binaryCrossentropy', 1, 'sigmoid').fit(data),
      /outputs 1 value per row; the Dataset has 3 classes/,
    ],
    [
      'a label outside its classes',
      () => model().fit({ ...data, y: data.y.map((c, i) => (i === 4 ? 7 : c)) }),
      /the Dataset: label of row 4 must be an integer in \[0, 3\); got 7/,
    ],
    [
      'x of the wrong size',
      () => model().fit({ ...data, rows: 21 }),
      /the Dataset: x must hold rows \* features = 126 values; got 120/,
    ],
    [
      'a NaN in float32 features',
      () => model().fit({ ...data, x: Float32Array.from(data.x, (v, i) => (i === 13 ? NaN : v)) }),
      /the Dataset's x contains NaN at row 2, column 1/,
    ],
    [
      'a validation Dataset of other features',
      () => model().fit(data, { validationData: { ...data, x: new Uint8Array(20 * 2), features: 2 } }),
      /expects 6 features per row; the validationData Dataset has 2/,
    ],
    [
      'a second data argument after a Dataset',
      () => model().fit(data, tensor2d(data.y, [20, 1]) as never),
      /fit\(dataset, options\): a Dataset carries its own labels/,
    ],
    [
      'scale with tensors',
      () => model().fit(features(data), tensor2d(data.y, [20, 1]), { scale: 2 }),
      /scale and scaler transform a Dataset .*x is a tensor/,
    ],
    [
      'scale and scaler together',
      () => model().evaluate(data, { scale: 2, scaler: standardScaler().fit(data.x, FEATURES) }),
      /give options.scale or options.scaler, not both/,
    ],
    [
      'a scaler fitted on other features',
      () => model().evaluate(data, { scaler: standardScaler().fit(new Float32Array(8), 4) }),
      /the scaler was fitted on 4 features per row; the data set has 6/,
    ],
  ];
  for (const [what, call, message] of cases) {
    it(`refuses ${what}`, async () => {
      const error = await call().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(InputError);
      expect((error as Error).message).toMatch(message);
    });
  }

  it('refuses in predict too: a Dataset of other features', () => {
    expect(() => model().predict({ ...data, x: new Uint8Array(20 * 5), features: 5 })).toThrow(InputError);
  });
});
