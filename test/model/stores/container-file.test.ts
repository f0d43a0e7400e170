// In Node a path ending in .bpmodel is one single-file container (what a browser download gives), and a
// folder's model.json may be named instead of its folder.
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  layers,
  loadModel,
  ModelFormatError,
  ModelSaveError,
  sequential,
  type Sequential,
} from '../../../src/index.js';

const dir = mkdtempSync(join(tmpdir(), 'backprop-bpmodel-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function build(seed: number): Sequential {
  const model = sequential({ seed, layers: [layers.dense({ inputShape: [3], units: 2, activation: 'sigmoid' })] });
  model.compile({ optimizer: 'sgd', loss: 'mse' });
  return model;
}

const x = [[1, -1, 0.5]];
const predictions = (model: Sequential): number[] => Array.from(model.predict(x).data);

async function loadError(path: string): Promise<Error> {
  const error = await loadModel(path).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ModelFormatError);
  return error as Error;
}

describe('a .bpmodel file in Node', () => {
  it('save writes the container (in a new folder), replacing the last save, with no temporary file left', async () => {
    const path = join(dir, 'new', 'one.bpmodel');
    const first = build(1);
    await first.save(path);
    expect(new Uint8Array(readFileSync(path))).toEqual(first.toBytes());
    expect(predictions(await loadModel(path))).toEqual(predictions(first));
    const second = build(2);
    await second.save(path);
    expect(predictions(await loadModel(path))).toEqual(predictions(second));
    expect(readdirSync(join(dir, 'new'))).toEqual(['one.bpmodel']);
  });

  it('a folder model.json names loads its folder', async () => {
    const model = build(3);
    await model.save(join(dir, 'folder'));
    expect(predictions(await loadModel(join(dir, 'folder', 'model.json')))).toEqual(predictions(model));
  });

  it('a missing, truncated or foreign file says so; a save through a file is a ModelSaveError', async () => {
    const path = join(dir, 'cut.bpmodel');
    const bytes = build(4).toBytes();
    writeFileSync(path, bytes.subarray(0, bytes.length - 2));
    expect((await loadError(path)).message).toBe(
      `backprop: cannot load the model: ${path} is ${bytes.length - 2} bytes; its header says ${bytes.length} (truncated: wrong or damaged file)`,
    );
    const text = join(dir, 'notes.txt');
    writeFileSync(text, 'hello, this is not a model at all');
    expect((await loadError(text)).message).toMatch(/notes.txt is not a saved model \(it starts with "hell"/);
    const missing = join(dir, 'missing.bpmodel');
    expect((await loadError(missing)).message).toBe(
      `backprop: cannot load the model: ${missing} cannot be read (ENOENT)`,
    );
    expect(existsSync(missing)).toBe(false);
    await expect(build(5).save(join(text, 'inside.bpmodel'))).rejects.toThrow(ModelSaveError);
  });
});
