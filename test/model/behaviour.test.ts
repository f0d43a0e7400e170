// Determinism, the memory plan, callbacks and bad input.
import { describe, expect, it, vi } from 'vitest';
import {
  callbacks,
  getBackend,
  layers,
  loadAvailableBackends,
  NonFiniteLossError,
  optimizers,
  sequential,
  tensor2d,
  type Backend,
  type Sequential,
} from '../../src/index.js';
import { loadIris, XOR_X, XOR_Y } from './helpers.js';

const data = loadIris(11);

function irisModel(backend?: Backend, seed = 5, withBatchNorm = true): Sequential {
  const model = sequential({
    seed,
    backend,
    layers: [
      layers.dense({ inputShape: [4], units: 16, activation: 'relu' }),
      ...(withBatchNorm ? [layers.batchNormalization()] : []),
      layers.dropout({ rate: 0.1 }),
      layers.dense({ units: 3, activation: 'softmax' }),
    ],
  });
  model.compile({
    optimizer: optimizers.adam({ learningRate: 0.01 }),
    loss: 'categoricalCrossentropy',
    metrics: ['accuracy'],
  });
  return model;
}

describe('determinism', () => {
  it('the same seed gives bit-identical training on one backend', async () => {
    const a = irisModel();
    const b = irisModel();
    const ha = await a.fit(data.xTrain, data.yTrain, {
      epochs: 4,
      batchSize: 10,
      verbose: 0,
      seed: 2,
      validationSplit: 0.2,
    });
    const hb = await b.fit(data.xTrain, data.yTrain, {
      epochs: 4,
      batchSize: 10,
      verbose: 0,
      seed: 2,
      validationSplit: 0.2,
    });
    expect(ha.history).toEqual(hb.history);
    expect(Array.from(a.snapshotWeights())).toEqual(Array.from(b.snapshotWeights()));
    const c = irisModel();
    await c.fit(data.xTrain, data.yTrain, { epochs: 4, batchSize: 10, verbose: 0, seed: 3, validationSplit: 0.2 });
    expect(Array.from(c.snapshotWeights())).not.toEqual(Array.from(a.snapshotWeights()));
  });

  it('the same seed gives matching loss curves on every available backend', async () => {
    const backends = await loadAvailableBackends();
    // Without batch norm, training is well conditioned: GEMM sums in another order and SIMD exp differ by
    // float32 ulps per step, and the curves stay within 1e-5 relative. Batch norm over 8 rows of relu
    // outputs divides by small batch deviations, and Adam's first steps divide by sqrt(v) ~ |g|: both
    // amplify those ulps (measured: ~1e-3 relative after a few epochs on native and wasm alike), so that
    // model gets 1e-2.
    for (const [withBatchNorm, tolerance] of [
      [false, 1e-5],
      [true, 1e-2],
    ] as const) {
      const curves = new Map<string, number[]>();
      for (const backend of backends) {
        const model = irisModel(backend, 5, withBatchNorm);
        expect(model.backend.name).toBe(backend.name);
        const history = await model.fit(data.xTrain, data.yTrain, { epochs: 5, batchSize: 8, verbose: 0, seed: 4 });
        curves.set(backend.name, history.history.loss);
      }
      const reference = curves.get('js')!;
      for (const [name, curve] of curves) {
        for (const [i, v] of curve.entries()) {
          expect(
            Math.abs(v - reference[i]) / reference[i],
            `${name} epoch ${i} batchNorm ${withBatchNorm}`,
          ).toBeLessThan(tolerance);
        }
      }
      console.log(`loss curves compared on: ${[...curves.keys()].join(', ')} (batch norm: ${withBatchNorm})`);
    }
  });
});

describe('memory plan', () => {
  it('a steady-state training step allocates no backend buffer', async () => {
    const backend = getBackend();
    const model = irisModel(backend);
    const spy = vi.spyOn(backend, 'allocate');
    await model.fit(data.xTrain, data.yTrain, { epochs: 1, batchSize: 16, verbose: 0 });
    const afterFirst = spy.mock.calls.length;
    await model.fit(data.xTrain, data.yTrain, { epochs: 3, batchSize: 16, verbose: 0, validationSplit: 0.1 });
    model.trainOnBatch(data.xTrain.slice(0, 16), data.yTrain.slice(0, 16));
    await model.evaluate(data.xTest, data.yTest, { batchSize: 16 });
    expect(spy.mock.calls.length).toBe(afterFirst);
    spy.mockRestore();
  });

  it('parameters, gradients and optimizer state are flat: one optimizer kernel call per step', async () => {
    const backend = getBackend();
    const model = irisModel(backend);
    const spy = vi.spyOn(backend, 'adamStep');
    model.trainOnBatch(data.xTrain.slice(0, 8), data.yTrain.slice(0, 8));
    expect(spy).toHaveBeenCalledTimes(1);
    expect(spy.mock.calls[0][0]).toBe(model.countParams().trainable);
    spy.mockRestore();
  });
});

describe('callbacks', () => {
  it("earlyStopping with restoreBestWeights restores the best epoch's weights", async () => {
    const model = irisModel();
    const snapshots: Float32Array[] = [];
    const stopper = callbacks.earlyStopping({ monitor: 'val_loss', patience: 2, restoreBestWeights: true });
    // Learning rate high enough that val_loss wanders, so the best epoch is not the last.
    model.setLearningRate(0.3);
    const history = await model.fit(data.xTrain, data.yTrain, {
      epochs: 40,
      batchSize: 4,
      verbose: 0,
      seed: 1,
      validationData: [data.xTest, data.yTest],
      callbacks: [
        {
          onEpochEnd: (_e, _l, m) => {
            snapshots.push(m.snapshotWeights());
          },
        },
        stopper,
      ],
    });
    const val = history.history.val_loss;
    const best = val.indexOf(Math.min(...val));
    expect(stopper.bestEpoch).toBe(best);
    expect(best).toBeLessThan(val.length - 1);
    expect(Array.from(model.snapshotWeights())).toEqual(Array.from(snapshots[best]));
  });

  it('NaN loss throws NonFiniteLossError, or stops quietly with terminateOnNaN', async () => {
    const make = () => {
      const m = sequential({ seed: 1, layers: [layers.dense({ inputShape: [2], units: 1 })] });
      m.compile({ optimizer: optimizers.sgd({ learningRate: 1e30 }), loss: 'meanSquaredError' });
      return m;
    };
    const x = [
      [1e10, 1e10],
      [1, 2],
    ];
    const y = [[1], [0]];
    await expect(make().fit(x, y, { epochs: 20, batchSize: 1, verbose: 0 })).rejects.toThrow(NonFiniteLossError);
    const history = await make().fit(x, y, {
      epochs: 20,
      batchSize: 1,
      verbose: 0,
      callbacks: [callbacks.terminateOnNaN()],
    });
    expect(history.epoch.length).toBeLessThan(20);
  });

  it('plain-object callbacks see every hook and can stop training; learningRateScheduler sets lr', async () => {
    const model = irisModel();
    const seen: string[] = [];
    const history = await model.fit(data.xTrain, data.yTrain, {
      epochs: 10,
      batchSize: 60,
      verbose: 0,
      callbacks: [
        callbacks.learningRateScheduler((epoch) => 0.01 / (epoch + 1)),
        {
          onTrainBegin: () => {
            seen.push('trainBegin');
          },
          onBatchEnd: (b) => {
            seen.push(`batch${b}`);
          },
          onEpochEnd: (epoch, _logs, m) => {
            seen.push(`epoch${epoch}`);
            if (epoch === 2) m.stopTraining = true;
          },
          onTrainEnd: () => {
            seen.push('trainEnd');
          },
        },
      ],
    });
    expect(history.epoch).toEqual([0, 1, 2]);
    expect(history.history.lr).toEqual([0.01, 0.005, 0.01 / 3]);
    expect(seen).toEqual([
      'trainBegin',
      'batch0',
      'batch1',
      'epoch0',
      'batch0',
      'batch1',
      'epoch1',
      'batch0',
      'batch1',
      'epoch2',
      'trainEnd',
    ]);
  });

  it('reduceLROnPlateau lowers the learning rate when the monitored value stalls', async () => {
    const model = irisModel();
    const history = await model.fit(data.xTrain, data.yTrain, {
      epochs: 6,
      batchSize: 30,
      verbose: 0,
      callbacks: [callbacks.reduceLROnPlateau({ monitor: 'loss', patience: 1, factor: 0.5, minDelta: 10 })],
    });
    expect(history.history.lr).toEqual([0.01, 0.01, 0.005, 0.0025, 0.00125, 0.000625]);
  });

  it('records per-layer gradient norms on request (vanishing gradients in a deep sigmoid net)', async () => {
    const deep = sequential({
      seed: 2,
      layers: [
        layers.dense({ inputShape: [2], units: 8, activation: 'sigmoid' }),
        ...Array.from({ length: 6 }, () => layers.dense({ units: 8, activation: 'sigmoid' })),
        layers.dense({ units: 1, activation: 'sigmoid' }),
      ],
    });
    deep.compile({ optimizer: 'sgd', loss: 'binaryCrossentropy' });
    const history = await deep.fit(XOR_X, XOR_Y, { epochs: 2, batchSize: 4, verbose: 0, recordGradientNorms: true });
    const norms = deep.layers.map((l) => history.gradientNorms[l.name][0]);
    expect(norms[0]).toBeLessThan(norms[norms.length - 1] / 10);
  });
});

describe('bad input gives errors naming the layer, expected and actual', () => {
  const model = irisModel();
  it.each([
    [
      'wrong feature count',
      () => model.predict([[1, 2, 3]]),
      /layer dense\S* expects 4 features per row; x has shape \[1, 3\]/,
    ],
    ['empty data', () => model.predict([]), /x is empty/],
    ['NaN in data', () => model.predict([[1, NaN, 3, 4]]), /x contains NaN at row 0, column 1/],
    [
      'batch size 0',
      () => model.predict([[1, 2, 3, 4]], { batchSize: 0 }),
      /batchSize must be a positive integer; got 0/,
    ],
    [
      'mismatched rows',
      () =>
        model.trainOnBatch(
          [[1, 2, 3, 4]],
          [
            [1, 0, 0],
            [0, 1, 0],
          ],
        ),
      /x has 1 rows but y has 2/,
    ],
    [
      'wrong target width',
      () => model.trainOnBatch([[1, 2, 3, 4]], [[1, 0]]),
      /outputs 3 values per row; y has shape \[1, 2\]/,
    ],
    [
      'ragged rows',
      () =>
        model.predict([
          [1, 2, 3, 4],
          [1, 2],
        ]),
      /row 1 has 2 values; row 0 has 4/,
    ],
  ])('%s', (_name, fn, message) => {
    expect(fn).toThrow(message);
  });

  it('sparse labels out of range and wrong loss/output pairings', async () => {
    const sparse = sequential({ layers: [layers.dense({ inputShape: [2], units: 3, activation: 'softmax' })] });
    sparse.compile({ optimizer: 'adam', loss: 'sparseCategoricalCrossentropy', metrics: ['acc'] });
    await expect(
      sparse.fit(
        [
          [0, 1],
          [1, 0],
        ],
        [0, 3],
        { verbose: 0 },
      ),
    ).rejects.toThrow(/label 3 at row 1 of y is out of range: layer \S+ has 3 classes/);
    const history = await sparse.fit(tensor2d([0, 1, 1, 0], [2, 2]), [0, 2], { verbose: 0, epochs: 2 });
    expect(Object.keys(history.history)).toEqual(['loss', 'acc']);
    const linear = sequential({ layers: [layers.dense({ inputShape: [2], units: 3 })] });
    expect(() => linear.compile({ optimizer: 'adam', loss: 'categoricalCrossentropy' })).toThrow(
      /needs the last layer .* to end with activation 'softmax'/,
    );
    expect(() => sequential([layers.dense({ units: 3 })])).toThrow(/needs inputShape/);
    expect(() => layers.dense({ units: 3, activation: 'swish' as never })).toThrow(/unknown activation "swish"/);
    expect(() => layers.dropout({ rate: 1 })).toThrow(/rate must be a number in \[0, 1\)/);
  });

  it('summary lists layers, output shapes and parameter counts', () => {
    const lines: string[] = [];
    model.summary(undefined, undefined, (l) => lines.push(l));
    const text = lines.join('\n');
    expect(text).toMatch(/dense\S* \(Dense\)\s+\[null,16\]\s+80/);
    expect(text).toMatch(/batch_normalization\S* \(BatchNormalization\)\s+\[null,16\]\s+64/);
    expect(text).toMatch(/Total params: 195/);
    expect(text).toMatch(/Non-trainable params: 32/);
  });
});

describe('fit', () => {
  it('validationSplit holds out the last fraction and reports val_ keys; verbose prints one line per epoch', async () => {
    const model = irisModel();
    const lines: string[] = [];
    const history = await model.fit(data.xTrain, data.yTrain, {
      epochs: 2,
      batchSize: 32,
      validationSplit: 0.25,
      printFn: (l) => lines.push(l),
    });
    expect(Object.keys(history.history).sort()).toEqual(['accuracy', 'loss', 'val_accuracy', 'val_loss']);
    expect(history.params.samples).toBe(90);
    const direct = await model.evaluate(data.xTrain.slice(90), data.yTrain.slice(90), { batchSize: 32 });
    expect(direct.loss).toBeCloseTo(history.history.val_loss[1], 6);
    expect(lines).toHaveLength(2);
    expect(lines[1]).toMatch(/^Epoch 2\/2 - \d+ms - loss: /);
  });

  it('yields to the event loop between batches', async () => {
    const model = irisModel();
    let ticks = 0;
    const timer = setInterval(() => {
      ticks++;
    }, 0);
    await model.fit(data.xTrain, data.yTrain, { epochs: 3, batchSize: 1, verbose: 0 });
    clearInterval(timer);
    expect(ticks).toBeGreaterThan(0);
  });
});
