// fit and predict on a Dataset of bytes under a plain scale, on every backend: a backend that declares
// readsHostArrays (native, js) gathers each batch with its gatherByteRows kernel (shuffled rows in fit, rows in
// order in predict and validation), the others (wasm) with the js kernel. Each must train and predict with
// exactly the bits of the same rows given as float32 tensors (scaled in float64 and rounded once, as toFloat32
// does), at 1/255 and at a scale of another sign, on rows of 784 bytes (the images of Fashion-MNIST) and of an
// odd width.
import { describe, expect, it } from 'vitest';
import {
  type Backend,
  type Dataset,
  layers,
  loadAvailableBackends,
  optimizers,
  Random,
  sequential,
  tensor2d,
  toFloat32,
} from '../../src/index.js';

const CLASSES = 4;

function bytes(rows: number, features: number, seed: number): Dataset {
  const random = new Random(seed);
  const x = Uint8Array.from({ length: rows * features }, () => Math.floor(random.next() * 256));
  const y = Float32Array.from({ length: rows }, (_, r) => r % CLASSES);
  return { x, y, rows, features, classes: CLASSES };
}

const backends = await loadAvailableBackends();

describe.each(backends.map((b) => [b.name, b] as const))('fit(Dataset of bytes) on %s', (_name, backend) => {
  it.each([
    [784, 1 / 255],
    [13, -0.37],
  ])('rows of %i bytes, scale %d: the bits of fit(x, y) on the scaled rows', async (features, scale) => {
    const train = bytes(150, features, 1);
    const build = () => {
      const m = sequential({
        seed: 3,
        backend,
        layers: [
          layers.dense({ inputShape: [features], units: 16, activation: 'relu' }),
          layers.dense({ units: CLASSES, activation: 'softmax' }),
        ],
      });
      m.compile({ optimizer: optimizers.adam({ learningRate: 0.01 }), loss: 'sparseCategoricalCrossentropy' });
      return m;
    };
    const x = tensor2d(toFloat32(train, { scale }), [train.rows, features]);
    const options = { epochs: 2, batchSize: 32, verbose: 0 as const, seed: 9, validationSplit: 0.2 };
    const fromTensors = build();
    const tensorHistory = await fromTensors.fit(x, tensor2d(train.y, [train.rows, 1]), options);
    const fromDataset = build();
    const history = await fromDataset.fit(train, { ...options, scale });
    expect(history.history).toEqual(tensorHistory.history);
    expect(Array.from(fromDataset.snapshotWeights())).toEqual(Array.from(fromTensors.snapshotWeights()));
    const predicted = fromDataset.predict(train, { scale, batchSize: 64 });
    expect(Array.from(predicted.data)).toEqual(Array.from(fromTensors.predict(x).data));
  });

  it("gathers with the backend's kernel exactly where the backend declares readsHostArrays", async () => {
    const train = bytes(100, 12, 2);
    // The backend as it is and the same kernels declaring the opposite: the decision is the declaration.
    const flipped = Object.create(backend, { readsHostArrays: { value: !backend.readsHostArrays } }) as Backend;
    const results: number[][] = [];
    for (const declared of [backend, flipped]) {
      const counted = Object.create(declared) as Backend;
      let calls = 0;
      counted.gatherByteRows = (...args) => {
        calls++;
        declared.gatherByteRows(...args);
      };
      const model = sequential({
        seed: 3,
        backend: counted,
        layers: [layers.dense({ inputShape: [12], units: CLASSES, activation: 'softmax' })],
      });
      model.compile({ optimizer: optimizers.sgd({ learningRate: 0.1 }), loss: 'sparseCategoricalCrossentropy' });
      await model.fit(train, { epochs: 1, batchSize: 25, verbose: 0, seed: 1, scale: 1 / 255 });
      const predicted = model.predict(train, { scale: 1 / 255 });
      // Four batches of fit, one of predict.
      expect(calls, `readsHostArrays ${declared.readsHostArrays}`).toBe(declared.readsHostArrays ? 5 : 0);
      results.push([...model.snapshotWeights(), ...predicted.data]);
      model.dispose();
    }
    expect(results[1]).toEqual(results[0]);
  });
});
