// Peak memory of training on a Dataset of bytes, measured in a child process (the built package, as a user
// runs it): fit, evaluate and predict gather each batch straight into the model, so a run must hold no copy
// of the data set, neither as float32 (4 times its bytes) nor as bytes.
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CHILD_PEAK_MB } from './child-peak.js';

const INDEX = resolve(import.meta.dirname, '../../dist/src/index.js');
const ROWS = 60_000;
const FEATURES = 784;

describe('peak memory of training on a Dataset', () => {
  it('fit, evaluate and predict on 60,000 x 784 bytes grow the peak by less than the bytes themselves', () => {
    // A synthetic Fashion-MNIST-sized set: class c lights up pixels [c * 78, c * 78 + 78) of its row.
    const script = `import * as bp from ${JSON.stringify(INDEX)};
${CHILD_PEAK_MB}
const rows = ${ROWS}, features = ${FEATURES};
const x = new Uint8Array(rows * features);
const y = new Float32Array(rows);
for (let r = 0; r < rows; r++) {
  const c = r % 10;
  y[r] = c;
  for (let f = 0; f < features; f++) x[r * features + f] = (r * 7 + f * 13) % 64 + (f >= c * 78 && f < c * 78 + 78 ? 160 : 0);
}
const data = { x, y, rows, features, classes: 10 };
const model = bp.sequential({ seed: 1, layers: [
  bp.layers.dense({ inputShape: [features], units: 32, activation: 'relu' }),
  bp.layers.dense({ units: 10, activation: 'softmax' }),
] });
model.compile({ optimizer: bp.optimizers.adam({ learningRate: 1e-3 }), loss: 'sparseCategoricalCrossentropy', metrics: ['accuracy'] });
model.predict(bp.tensor2d(new Float32Array(features), [1, features]));
const baseMb = peakMb();
const history = await model.fit(data, { epochs: 1, batchSize: 128, scale: 1 / 255, validationSplit: 0.1, verbose: 0 });
const evaluated = await model.evaluate(data, { scale: 1 / 255, batchSize: 256 });
const predicted = model.predict(data, { scale: 1 / 255, batchSize: 256 });
console.log(JSON.stringify({ valAccuracy: history.history.val_accuracy[0], accuracy: evaluated.accuracy,
  shape: predicted.shape, baseMb, peakMb: peakMb() }));`;
    const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
      encoding: 'utf8',
      timeout: 300_000,
    });
    expect({ status: run.status, stderr: run.stderr }).toEqual({ status: 0, stderr: '' });
    const result = JSON.parse(run.stdout.trim().split('\n').pop()!);
    // It learned (the classes are separable at a glance), and predict gave every row.
    expect(result.valAccuracy).toBeGreaterThan(0.9);
    expect(result.accuracy).toBeGreaterThan(0.9);
    expect(result.shape).toEqual([ROWS, 10]);
    const bytesMb = (ROWS * FEATURES) / 2 ** 20;
    const growthMb = result.peakMb - result.baseMb;
    process.stdout.write(
      `fit + evaluate + predict on ${bytesMb.toFixed(0)} MB of bytes (${(4 * bytesMb).toFixed(0)} MB as float32): ` +
        `peak RSS grew ${growthMb.toFixed(1)} MB, to ${result.peakMb.toFixed(0)} MB\n`,
    );
    expect(growthMb).toBeLessThan(bytesMb);
  }, 300_000);
});
