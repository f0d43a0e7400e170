// fit's batchTransform hook: data augmentation from src/data applied per training batch, never to
// validation data, and seeded like everything else.
import { describe, expect, it } from 'vitest';
import { imageAugmenter, layers, optimizers, Random, sequential, tensor2d } from '../../src/index.js';

function images(rows: number, seed: number) {
  const r = new Random(seed);
  const x = r.fillUniform(new Float32Array(rows * 16));
  const y = Float32Array.from({ length: rows * 2 }, (_, i) => (i % 2 === Math.floor(i / 2) % 2 ? 1 : 0));
  return { x: tensor2d(x, [rows, 16]), y: tensor2d(y, [rows, 2]) };
}

function model() {
  const m = sequential({
    seed: 3,
    layers: [
      layers.dense({ inputShape: [16], units: 8, activation: 'relu' }),
      layers.dense({ units: 2, activation: 'softmax' }),
    ],
  });
  m.compile({ optimizer: optimizers.sgd({ learningRate: 0.1 }), loss: 'categoricalCrossentropy' });
  return m;
}

describe('fit batchTransform', () => {
  it('sees every training batch (rows x features, in place) and no validation batch', async () => {
    const { x, y } = images(50, 1);
    const calls: number[] = [];
    await model().fit(x, y, {
      epochs: 2,
      batchSize: 16,
      verbose: 0,
      seed: 5,
      validationSplit: 0.2,
      batchTransform: (batch, rows) => {
        calls.push(rows);
        expect(batch.length).toBe(rows * 16);
      },
    });
    // 40 training rows per epoch in batches of 16: 16, 16, 8; the 10 validation rows never pass through.
    expect(calls).toEqual([16, 16, 8, 16, 16, 8]);
  });

  it('changes training as the augmentation changes the inputs, and a seeded augmenter repeats exactly', async () => {
    const { x, y } = images(64, 2);
    const plain = model();
    await plain.fit(x, y, { epochs: 2, batchSize: 16, verbose: 0, seed: 5 });
    const runs = [];
    for (let i = 0; i < 2; i++) {
      const m = model();
      await m.fit(x, y, {
        epochs: 2,
        batchSize: 16,
        verbose: 0,
        seed: 5,
        batchTransform: imageAugmenter({ imageShape: [4, 4], horizontalFlip: true, noise: 0.05, seed: 9 }),
      });
      runs.push(Array.from(m.snapshotWeights()));
    }
    expect(runs[0]).toEqual(runs[1]);
    expect(runs[0]).not.toEqual(Array.from(plain.snapshotWeights()));
  });

  it('rejects a batchTransform that is not a function', async () => {
    const { x, y } = images(8, 3);
    await expect(model().fit(x, y, { verbose: 0, batchTransform: 42 as never })).rejects.toThrow(
      /batchTransform must be a function/,
    );
  });
});
