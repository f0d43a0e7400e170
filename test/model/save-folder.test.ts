// Saving to a folder: one atomic step replaces the previous save (model.json names its weights file and
// its rename is the commit), folders of format version 1 (model.json + weights.bin) still load and are
// upgraded in place, leftovers of killed saves are removed by the next save, and a model whose weights are
// not finite is refused before anything is written.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  callbacks,
  layers,
  loadModel,
  ModelSaveError,
  NonFiniteWeightError,
  optimizers,
  sequential,
  type Sequential,
} from '../../src/index.js';

const root = mkdtempSync(join(tmpdir(), 'backprop-save-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function build(seed = 4): Sequential {
  const model = sequential({
    seed,
    layers: [
      layers.dense({ inputShape: [3], units: 5, activation: 'relu' }),
      layers.batchNormalization(),
      layers.dense({ units: 2, activation: 'softmax' }),
    ],
  });
  model.compile({ optimizer: optimizers.adam(), loss: 'categoricalCrossentropy' });
  return model;
}

function modelJson(folder: string): { formatVersion: number; weightsManifest: { path: string } } {
  return JSON.parse(readFileSync(join(folder, 'model.json'), 'utf8'));
}

/** A pid no process has: one of a child that has exited. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', '']);
  return child.pid!;
}

describe('saving to a folder', () => {
  it('a new save names a new weights file; the old one is removed only after model.json is replaced', async () => {
    const folder = join(root, 'replace');
    const first = build(1);
    await first.save(folder);
    const firstWeights = modelJson(folder).weightsManifest.path;
    const second = build(2);
    await second.save(folder);
    const secondWeights = modelJson(folder).weightsManifest.path;
    expect(secondWeights).not.toBe(firstWeights);
    expect(readdirSync(folder).sort()).toEqual([secondWeights, 'model.json'].sort());
    expect(Array.from((await loadModel(folder)).snapshotWeights())).toEqual(Array.from(second.snapshotWeights()));
    // The same weights get the same name: saving twice leaves one weights file.
    await second.save(folder);
    expect(readdirSync(folder).sort()).toEqual([secondWeights, 'model.json'].sort());
  });

  it('a version 1 folder (model.json + weights.bin) loads, and the next save replaces it with version 3', async () => {
    const folder = join(root, 'version1');
    mkdirSync(folder);
    const model = build(3);
    const artifacts = await model.save();
    expect(artifacts.modelJson.weightsManifest.path).toBe('weights.bin');
    writeFileSync(join(folder, 'model.json'), JSON.stringify({ ...artifacts.modelJson, formatVersion: 1 }));
    writeFileSync(join(folder, 'weights.bin'), artifacts.weights);
    const loaded = await loadModel(folder);
    expect(Array.from(loaded.snapshotWeights())).toEqual(Array.from(model.snapshotWeights()));
    await loaded.save(folder);
    expect(modelJson(folder).formatVersion).toBe(3);
    expect(readdirSync(folder)).not.toContain('weights.bin');
    expect(Array.from((await loadModel(folder)).snapshotWeights())).toEqual(Array.from(model.snapshotWeights()));
  });

  it('version 1 must name weights.bin; version 2 a weights file in the folder, never a path', async () => {
    const artifacts = await build().save();
    const withPath = (formatVersion: number, path: unknown) => ({
      modelJson: {
        ...artifacts.modelJson,
        formatVersion,
        weightsManifest: { ...artifacts.modelJson.weightsManifest, path },
      } as never,
      weights: artifacts.weights,
    });
    await expect(loadModel(withPath(1, 'weights-0123456789abcdef.bin'))).rejects.toThrow(
      /weightsManifest.path must be "weights.bin"/,
    );
    for (const path of ['../weights.bin', '/etc/passwd', 'weights-0123.bin', 42, undefined]) {
      await expect(loadModel(withPath(2, path))).rejects.toThrow(
        /weightsManifest.path must be weights.bin or weights-<16 hex digits>.bin/,
      );
    }
    await expect(loadModel(withPath(2, 'weights-0123456789abcdef.bin'))).resolves.toBeDefined();
  });

  it('the next save removes what killed saves left: their temporary files and uncommitted weights files', async () => {
    const folder = join(root, 'leftovers');
    await build(5).save(folder);
    const dead = deadPid();
    const leftovers = [
      `model.json.tmp-${dead}-abc123`,
      `weights-00000000deadbeef.bin.tmp-${dead}-x1`,
      'weights-00000000deadbeef.bin',
      'weights.bin',
    ];
    for (const name of leftovers) writeFileSync(join(folder, name), 'partial');
    // A save in progress in another (living) process is left alone, as is anything not ours.
    const living = [`model.json.tmp-${process.ppid}-zz9`, 'notes.txt'];
    for (const name of living) writeFileSync(join(folder, name), 'keep');
    const model = build(6);
    await model.save(folder);
    expect(readdirSync(folder).sort()).toEqual(
      [modelJson(folder).weightsManifest.path, 'model.json', ...living].sort(),
    );
    expect(Array.from((await loadModel(folder)).snapshotWeights())).toEqual(Array.from(model.snapshotWeights()));
  });

  it('saves to one folder from one process are queued: every one completes and the last one wins', async () => {
    const folder = join(root, 'queued');
    const models = [build(7), build(8), build(9), build(10)];
    await Promise.all(models.map((m) => m.save(folder)));
    expect(readdirSync(folder).length).toBe(2);
    expect(Array.from((await loadModel(folder)).snapshotWeights())).toEqual(Array.from(models[3].snapshotWeights()));
  });

  it('creates missing parent folders', async () => {
    const folder = join(root, 'a', 'b', 'c');
    await build().save(folder);
    expect(readdirSync(folder)).toContain('model.json');
  });

  it('a folder that cannot be made gives a ModelSaveError naming the path and the reason', async () => {
    const blocker = join(root, 'a-file');
    writeFileSync(blocker, 'x');
    for (const [target, code] of [
      ['/dev/null/m', 'ENOTDIR'],
      [join(blocker, 'm', 'n'), 'ENOTDIR'],
    ] as const) {
      const error = await build()
        .save(target)
        .then(
          () => undefined,
          (e: unknown) => e,
        );
      expect(error).toBeInstanceOf(ModelSaveError);
      expect((error as ModelSaveError).message).toMatch(
        new RegExp(`^backprop: cannot save the model to ${target}: ENOTDIR`),
      );
      expect((error as ModelSaveError).code).toBe(code);
    }
  });

  // procfs refuses new directories with ENOENT, on which Node's recursive mkdir retries forever.
  it.runIf(process.platform === 'linux')(
    'saving under /proc settles with an error, from save() and from a checkpoint',
    { timeout: 10_000 },
    async () => {
      await expect(build().save('/proc/backprop-model')).rejects.toThrow(ModelSaveError);
      await expect(build().save('/proc/backprop-model/a/b')).rejects.toThrow(
        /^backprop: cannot save the model to \/proc\/backprop-model\/a\/b: /,
      );
      const model = build();
      const fit = model.fit([[1, 2, 3]], [[1, 0]], {
        epochs: 1,
        verbose: 0,
        callbacks: [callbacks.modelCheckpoint({ filepath: '/proc/backprop-checkpoint' })],
      });
      await expect(fit).rejects.toThrow(ModelSaveError);
    },
  );
});

describe('non-finite weights are never saved', () => {
  it.each([
    ['dense_nan/kernel', 7, NaN, /weight dense_nan\/kernel value 7 is NaN/],
    [
      'batch_normalization_nan/moving_variance',
      1,
      Infinity,
      /running statistic batch_normalization_nan\/moving_variance value 1 is Infinity/,
    ],
  ])(
    '%s: NonFiniteWeightError naming it, nothing written, the earlier save kept',
    async (name, valueIndex, bad, message) => {
      const folder = join(root, `nan-${name.replace('/', '-')}`);
      const model = sequential({
        seed: 2,
        layers: [
          layers.dense({ name: 'dense_nan', inputShape: [3], units: 4 }),
          layers.batchNormalization({ name: 'batch_normalization_nan' }),
        ],
      });
      await model.save(folder);
      const before = readdirSync(folder)
        .sort()
        .map((file) => [file, readFileSync(join(folder, file))]);
      // setWeights refuses non-finite values, so write through the snapshot as a diverged step would.
      // The snapshot holds the weights in getWeights() order.
      const weights = model.getWeights();
      const index = weights.findIndex((w) => w.name === name);
      const offset = weights.slice(0, index).reduce((sum, w) => sum + w.values.length, 0);
      const all = model.snapshotWeights();
      all[offset + valueIndex] = bad;
      model.restoreWeights(all);
      const error = await model.save(folder).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(NonFiniteWeightError);
      expect((error as Error).message).toMatch(message);
      await expect(model.save()).rejects.toThrow(NonFiniteWeightError);
      expect(
        readdirSync(folder)
          .sort()
          .map((file) => [file, readFileSync(join(folder, file))]),
      ).toEqual(before);
      await expect(loadModel(folder)).resolves.toBeDefined();
    },
  );

  it('non-finite optimizer state is refused too, naming the slot', async () => {
    const model = build();
    model.trainOnBatch([[1, 2, 3]], [[0, 1]]);
    const stored = model.storedWeights();
    stored.optimizerState()[stored.paramCount + 2] = NaN; // slot v of the first kernel, value 2
    await expect(model.save(undefined, { includeOptimizer: true })).rejects.toThrow(
      /optimizer state v of dense(_\d+)?\/kernel value 2 is NaN/,
    );
    await expect(model.save()).resolves.toBeDefined();
  });
});
