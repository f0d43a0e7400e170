// Save, load and resume: in memory and to a directory; predictions bit-identical after loading; resuming
// with the optimizer state gives the weights of an uninterrupted run; damaged files give clear errors.
import { mkdtempSync, readFileSync, rmSync, writeFileSync, readdirSync, truncateSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  layers,
  loadModel,
  ModelFormatError,
  optimizers,
  regularizers,
  constraints,
  sequential,
  type Sequential,
} from '../../src/index.js';
import { loadIris } from './helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'backprop-io-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const data = loadIris(5);

/** The weights file a saved folder's model.json names. */
function weightsFile(target: string): string {
  return join(target, JSON.parse(readFileSync(join(target, 'model.json'), 'utf8')).weightsManifest.path);
}

function build(): Sequential {
  const model = sequential({
    seed: 99,
    layers: [
      layers.dense({
        inputShape: [4],
        units: 8,
        activation: 'relu',
        kernelRegularizer: regularizers.l2({ l2: 1e-3 }),
        kernelConstraint: constraints.maxNorm({ maxValue: 3 }),
      }),
      layers.batchNormalization(),
      layers.dropout({ rate: 0.2 }),
      layers.residual({ layers: [layers.dense({ units: 6, activation: 'tanh' })], activation: 'relu' }),
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

describe('save and load', () => {
  it('in memory: the loaded model predicts bit-identically and keeps its training config', async () => {
    const model = build();
    await model.fit(data.xTrain, data.yTrain, { epochs: 2, batchSize: 16, verbose: 0, seed: 1 });
    const artifacts = await model.save();
    const loaded = await loadModel(artifacts);
    expect(Array.from(loaded.predict(data.xTest).data)).toEqual(Array.from(model.predict(data.xTest).data));
    expect(loaded.loss).toEqual(model.loss);
    expect(loaded.optimizer?.className).toBe('Adam');
    expect(loaded.getWeights().map((w) => w.name)).toEqual(model.getWeights().map((w) => w.name));
  });

  it('to a directory: model.json + the weights file it names, written atomically (no temporary files left)', async () => {
    const model = build();
    const target = join(dir, 'plain');
    const written = await model.save(target);
    const json = JSON.parse(readFileSync(join(target, 'model.json'), 'utf8'));
    expect(json.weightsManifest.path).toMatch(/^weights-[0-9a-f]{16}\.bin$/);
    expect(written.modelJson).toEqual(json);
    expect(readdirSync(target).sort()).toEqual([json.weightsManifest.path, 'model.json'].sort());
    expect(json.format).toBe('backprop-model');
    expect(json.formatVersion).toBe(3);
    const loaded = await loadModel(target);
    expect(Array.from(loaded.predict(data.xTest).data)).toEqual(Array.from(model.predict(data.xTest).data));
  });

  it('resuming from a save with the optimizer state gives the same weights as never stopping', async () => {
    const straight = build();
    await straight.fit(data.xTrain, data.yTrain, { epochs: 6, batchSize: 8, verbose: 0, seed: 3 });

    const first = build();
    await first.fit(data.xTrain, data.yTrain, { epochs: 3, batchSize: 8, verbose: 0, seed: 3 });
    const target = join(dir, 'resume');
    await first.save(target, { includeOptimizer: true });
    const resumed = await loadModel(target);
    expect(resumed.optimizer?.iterations).toBe(first.optimizer?.iterations);
    await resumed.fit(data.xTrain, data.yTrain, { epochs: 6, initialEpoch: 3, batchSize: 8, verbose: 0, seed: 3 });
    expect(Array.from(resumed.snapshotWeights())).toEqual(Array.from(straight.snapshotWeights()));

    // Without the optimizer state the run differs (Adam restarts its moments): the test can tell.
    const plain = await loadModel(await first.save());
    await plain.fit(data.xTrain, data.yTrain, { epochs: 6, initialEpoch: 3, batchSize: 8, verbose: 0, seed: 3 });
    expect(Array.from(plain.snapshotWeights())).not.toEqual(Array.from(straight.snapshotWeights()));
  });

  describe('damaged and hostile files give ModelFormatError with the reason', () => {
    async function saved(name: string): Promise<string> {
      const target = join(dir, name);
      await build().save(target, { includeOptimizer: true });
      return target;
    }

    it('a flipped byte fails the checksum', async () => {
      const target = await saved('flipped');
      const bytes = readFileSync(weightsFile(target));
      bytes[40] ^= 0x10;
      writeFileSync(weightsFile(target), bytes);
      await expect(loadModel(target)).rejects.toThrow(/checksum/);
    });

    it('a truncated weights file is caught from its size before it is read', async () => {
      const target = await saved('truncated');
      truncateSync(weightsFile(target), 100);
      await expect(loadModel(target)).rejects.toThrow(ModelFormatError);
      await expect(loadModel(target)).rejects.toThrow(/truncated/);
    });

    it('model.json that is not JSON, of another format, or a newer version', async () => {
      const target = await saved('json');
      const path = join(target, 'model.json');
      const good = readFileSync(path, 'utf8');
      writeFileSync(path, good.slice(0, good.length / 2));
      await expect(loadModel(target)).rejects.toThrow(/not valid JSON/);
      writeFileSync(path, JSON.stringify({ ...JSON.parse(good), format: 'keras' }));
      await expect(loadModel(target)).rejects.toThrow(/not a backprop model/);
      writeFileSync(path, JSON.stringify({ ...JSON.parse(good), formatVersion: 7 }));
      await expect(loadModel(target)).rejects.toThrow(/newer backprop/);
    });

    it('a hostile topology asking for a huge layer never allocates it', async () => {
      const artifacts = await build().save();
      const json = structuredClone(artifacts.modelJson);
      (json.modelTopology.config.layers[0] as { config: { units: number } }).config.units = 2_000_000_000;
      await expect(loadModel({ modelJson: json, weights: artifacts.weights })).rejects.toThrow(ModelFormatError);
      const negative = structuredClone(artifacts.modelJson);
      (negative.modelTopology.config.layers[0] as { config: { units: number } }).config.units = -3;
      await expect(loadModel({ modelJson: negative, weights: artifacts.weights })).rejects.toThrow(
        /units must be a positive integer/,
      );
      const unknown = structuredClone(artifacts.modelJson);
      (unknown.modelTopology.config.layers[1] as { className: string }).className = 'LSTM';
      await expect(loadModel({ modelJson: unknown, weights: artifacts.weights })).rejects.toThrow(
        /unknown layer class "LSTM"/,
      );
    });

    it('weights of another model, a wrong magic, and a missing directory', async () => {
      const a = await build().save();
      const other = sequential({ layers: [layers.dense({ inputShape: [4], units: 3, activation: 'softmax' })] });
      other.compile({ optimizer: 'sgd', loss: 'categoricalCrossentropy' });
      const b = await other.save();
      await expect(loadModel({ modelJson: a.modelJson, weights: b.weights })).rejects.toThrow(/needs exactly/);
      const wrongMagic = a.weights.slice();
      wrongMagic[0] = 0x58;
      await expect(loadModel({ modelJson: a.modelJson, weights: wrongMagic })).rejects.toThrow(
        /does not start with "BPWT"/,
      );
      await expect(loadModel(join(dir, 'no-such-model'))).rejects.toThrow(/cannot be read \(ENOENT\)/);
    });
  });
});

/** A parsed model.json, written into at arbitrary paths by the cases below. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = Record<string, any>;

describe('deeply nested values in a saved model', () => {
  let deep: unknown = 1;
  for (let d = 0; d < 10_000; d++) deep = [deep];
  const places: Record<string, (json: Json) => void> = {
    'a weight shape': (json) => {
      json.weightsManifest.weights[0].shape = deep;
    },
    'a layer activation': (json) => {
      json.modelTopology.config.layers[0].config.activation = deep;
    },
    'the metrics': (json) => {
      json.trainingConfig.metrics = deep;
    },
  };
  it.each(Object.keys(places))('in %s give a short ModelFormatError, not a stack overflow', async (place) => {
    const saved = await build().save();
    const json = structuredClone(saved.modelJson) as unknown as Json;
    places[place](json);
    const error = await loadModel({ modelJson: json as never, weights: saved.weights }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ModelFormatError);
    expect((error as Error).message).not.toMatch(/call stack/);
    expect((error as Error).message.length).toBeLessThan(1000);
  });
});
