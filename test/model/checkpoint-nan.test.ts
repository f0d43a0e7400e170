// modelCheckpoint never replaces the last good checkpoint with weights that are not finite: when training
// diverges, the epoch's save is skipped with a warning and the folder still loads the last good epoch, on
// every backend, with or without terminateOnNaN.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  callbacks,
  layers,
  loadAvailableBackends,
  loadModel,
  NonFiniteLossError,
  optimizers,
  sequential,
  type Backend,
  type Callback,
} from '../../src/index.js';

const root = mkdtempSync(join(tmpdir(), 'backprop-checkpoint-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const backends = await loadAvailableBackends();
const x = Array.from({ length: 32 }, (_, i) => [i / 32, 1 - i / 32]);
const y = x.map(([a, b]) => [3 * a - b]);

/** Trains one good epoch, then diverges in the second (learning rate 1e30): the weights become NaN. */
async function divergingRun(backend: Backend, folder: string, extra: Callback[]) {
  const model = sequential({
    seed: 1,
    backend,
    layers: [layers.dense({ inputShape: [2], units: 4, activation: 'tanh' }), layers.dense({ units: 1 })],
  });
  model.compile({ optimizer: optimizers.sgd({ learningRate: 0.01 }), loss: 'mse' });
  const warnings: string[] = [];
  const saved: Float32Array[] = [];
  const checkpoint = callbacks.modelCheckpoint({ filepath: folder, warn: (m) => warnings.push(m) });
  const record: Callback = {
    onEpochEnd: (_e, _l, m) => {
      saved.push((m as typeof model).snapshotWeights());
    },
  };
  const diverge = callbacks.learningRateScheduler((epoch) => (epoch === 0 ? 0.01 : 1e30));
  const run = model.fit(x, y, {
    epochs: 3,
    batchSize: 8,
    verbose: 0,
    shuffle: false,
    callbacks: [diverge, checkpoint, record, ...extra],
  });
  return { model, warnings, saved, run };
}

describe.each(backends.map((b) => [b.name, b] as const))('modelCheckpoint on %s', (name, backend) => {
  it('with terminateOnNaN: the diverged epoch is skipped with a warning; the folder loads epoch 1', async () => {
    const folder = join(root, `${name}-terminate`);
    const { model, warnings, saved, run } = await divergingRun(backend, folder, [callbacks.terminateOnNaN()]);
    await run;
    expect(saved.length).toBe(2);
    expect(saved[1].some((v) => !Number.isFinite(v))).toBe(true);
    expect(warnings.length).toBe(1);
    expect(warnings[0]).toMatch(
      /modelCheckpoint skipped epoch 2: .*dense.*\/(kernel|bias) value \d+ is (NaN|-?Infinity)/,
    );
    const loaded = await loadModel(folder, { backend });
    expect(Array.from(loaded.snapshotWeights())).toEqual(Array.from(saved[0]));
    expect(model.stopTraining).toBe(true);
  });

  it('without terminateOnNaN: the run ends with NonFiniteLossError and the checkpoint still loads epoch 1', async () => {
    const folder = join(root, `${name}-throw`);
    const { saved, run } = await divergingRun(backend, folder, []);
    await expect(run).rejects.toThrow(NonFiniteLossError);
    const loaded = await loadModel(folder, { backend });
    expect(Array.from(loaded.snapshotWeights())).toEqual(Array.from(saved[0]));
  });
});
