// A model saved by the code of model format version 2 (before image layers and shapes of any rank; the
// files are kept in test/model/fixtures/format-v2 with the predictions that code made) still loads, predicts
// what it predicted, resumes training from its optimizer state, and is saved again as the current version.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadModel, tensor2d } from '../../src/index.js';
import { FORMAT_VERSION } from '../../src/model/format.js';

const folder = new URL('./fixtures/format-v2/', import.meta.url).pathname;
const expected = JSON.parse(readFileSync(`${folder}expected.json`, 'utf8')) as {
  probe: number[];
  probeShape: [number, number];
  predict: number[];
};

describe('a model file of format version 2', () => {
  it('loads, predicts as the code that wrote it did, trains on and saves as the current version', async () => {
    expect(JSON.parse(readFileSync(`${folder}model.json`, 'utf8')).formatVersion).toBe(2);
    const model = await loadModel(folder);
    expect(model.layers.map((l) => l.className)).toEqual([
      'Dense',
      'BatchNormalization',
      'Residual',
      'Dropout',
      'Dense',
    ]);
    expect(model.inputShape).toEqual([null, 5]);
    const out = model.predict(tensor2d(Float32Array.from(expected.probe), expected.probeShape));
    expect(out.shape).toEqual([2, 3]);
    // Bit for bit on js; the other backends round their sums differently.
    for (const [i, value] of expected.predict.entries()) expect(out.data[i]).toBeCloseTo(value, 5);
    expect(model.optimizer?.className).toBe('Adam');
    const x = tensor2d(Float32Array.from(expected.probe), expected.probeShape);
    const [loss, accuracy] = model.trainOnBatch(x, [0, 2]) as number[];
    expect(Number.isFinite(loss)).toBe(true);
    expect(accuracy).toBeGreaterThanOrEqual(0);
    const saved = await model.save();
    expect(saved.modelJson.formatVersion).toBe(FORMAT_VERSION);
    expect(FORMAT_VERSION).toBe(3);
  });
});
