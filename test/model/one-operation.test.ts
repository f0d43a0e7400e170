// A model runs one operation at a time. A second fit, or compile, trainOnBatch or dispose while fit runs,
// throws ModelBusyError (they used to interleave updates or fail with a bare TypeError); predict and
// evaluate called from a callback run in a workspace of their own, so the same seed gives bit-identical
// weights with or without them, on every backend.
import { describe, expect, it } from 'vitest';
import { layers, ModelBusyError, optimizers, sequential, type Backend, type Callback } from '../../src/index.js';
import { Random } from '../../src/random.js';
import { backendsUnderTest } from '../harness.js';

// Every backend in the default run; the per-level runs test native alone (their js and wasm parts repeated it).
const backends = await backendsUnderTest();
const random = new Random(8);
const x = Array.from({ length: 60 }, () => [random.uniform(-1, 1), random.uniform(-1, 1), random.uniform(-1, 1)]);
const y = x.map(([a, b, c]) => (a + b * c > 0 ? [1, 0] : [0, 1]));

function build(backend: Backend) {
  const model = sequential({
    seed: 12,
    backend,
    layers: [
      layers.dense({ inputShape: [3], units: 16, activation: 'relu' }),
      layers.batchNormalization(),
      layers.dropout({ rate: 0.3 }),
      layers.dense({ units: 2, activation: 'softmax' }),
    ],
  });
  model.compile({
    optimizer: optimizers.adam({ learningRate: 0.01 }),
    loss: 'categoricalCrossentropy',
    metrics: ['accuracy'],
  });
  return model;
}

const fitArgs = { epochs: 3, batchSize: 8, verbose: 0 as const, seed: 5, validationSplit: 0.2 };

describe.each(backends.map((b) => [b.name, b] as const))('one operation at a time on %s', (_name, backend) => {
  it('predict and evaluate inside onBatchEnd leave training bit-identical (same seed, same weights)', async () => {
    const plain = build(backend);
    const plainHistory = await plain.fit(x, y, fitArgs);

    const watched = build(backend);
    let predictions = 0;
    const peek: Callback = {
      onBatchEnd: async (_batch, _logs, m) => {
        const model = m as typeof watched;
        // Larger than fit's batch: this used to re-plan the workspace and restart the dropout stream.
        const out = model.predict(x, { batchSize: 64 });
        expect(out.shape).toEqual([60, 2]);
        const scores = await model.evaluate(x.slice(0, 20), y.slice(0, 20), { batchSize: 32 });
        expect(Number.isFinite(scores.loss)).toBe(true);
        predictions++;
      },
    };
    const watchedHistory = await watched.fit(x, y, { ...fitArgs, callbacks: [peek] });
    expect(predictions).toBeGreaterThan(0);
    expect(watchedHistory.history).toEqual(plainHistory.history);
    expect(Array.from(watched.snapshotWeights())).toEqual(Array.from(plain.snapshotWeights()));
    // And predict during fit sees the weights of that moment: after fit it agrees with a fresh predict.
    expect(Array.from(watched.predict(x).data)).toEqual(Array.from(plain.predict(x).data));
  });

  it('a second fit while one runs is refused; the first ends as if alone', async () => {
    const alone = build(backend);
    await alone.fit(x, y, fitArgs);
    const model = build(backend);
    const first = model.fit(x, y, fitArgs);
    await expect(model.fit(x, y, fitArgs)).rejects.toThrow(ModelBusyError);
    await expect(model.fit(x, y, fitArgs)).rejects.toThrow(/is running fit\(\); fit\(\) cannot run until it ends/);
    await first;
    expect(Array.from(model.snapshotWeights())).toEqual(Array.from(alone.snapshotWeights()));
    // Once it has ended the model trains again.
    await expect(model.fit(x, y, { ...fitArgs, epochs: 1 })).resolves.toBeDefined();
  });

  it('compile, trainOnBatch and dispose during fit throw ModelBusyError, from a callback or another task', async () => {
    const model = build(backend);
    const seen: string[] = [];
    const attempts: Record<string, () => unknown> = {
      compile: () => model.compile({ optimizer: 'sgd', loss: 'categoricalCrossentropy' }),
      trainOnBatch: () => model.trainOnBatch(x.slice(0, 4), y.slice(0, 4)),
      dispose: () => model.dispose(),
    };
    const callback: Callback = {
      onBatchEnd: (batch) => {
        if (batch !== 1) return;
        for (const [what, attempt] of Object.entries(attempts)) {
          expect(attempt, what).toThrow(ModelBusyError);
          seen.push(what);
        }
      },
    };
    const run = model.fit(x, y, { ...fitArgs, epochs: 1, callbacks: [callback] });
    // Another task while fit awaits between batches.
    await new Promise((resolve) => setImmediate(resolve));
    for (const [what, attempt] of Object.entries(attempts))
      expect(attempt, what).toThrow(new RegExp(`${what}\\(\\) cannot run until it ends`));
    await run;
    expect(seen).toEqual(['compile', 'trainOnBatch', 'dispose']);
    // After fit every one of them works again.
    model.trainOnBatch(x.slice(0, 4), y.slice(0, 4));
    model.compile({ optimizer: 'sgd', loss: 'categoricalCrossentropy' });
    model.dispose();
  });

  it('a fit that fails (bad input) does not leave the model busy', async () => {
    const model = build(backend);
    await expect(model.fit(x, y.slice(0, 3), fitArgs)).rejects.toThrow();
    await expect(model.fit(x, y, { ...fitArgs, epochs: 1 })).resolves.toBeDefined();
  });
});
