import { describe, expect, it } from 'vitest';
import '../../src/index.js';
import { initializers, layers, optimizers, perceptron, sequential } from '../../src/index.js';
import { loadIris, XOR_X, XOR_Y } from './helpers.js';

describe('end-to-end training', () => {
  it('XOR: a 2-5-4-1 sigmoid net reaches 100% accuracy', async () => {
    const init = initializers.randomUniform({ minval: -1, maxval: 1 });
    const model = sequential({
      seed: 1,
      layers: [
        layers.dense({ inputShape: [2], units: 5, activation: 'sigmoid', kernelInitializer: init }),
        layers.dense({ units: 4, activation: 'sigmoid', kernelInitializer: init }),
        layers.dense({ units: 1, activation: 'sigmoid', kernelInitializer: init }),
      ],
    });
    model.compile({
      optimizer: optimizers.sgd({ learningRate: 1 }),
      loss: 'binaryCrossentropy',
      metrics: ['accuracy'],
    });
    const history = await model.fit(XOR_X, XOR_Y, { epochs: 3000, batchSize: 4, verbose: 0, shuffle: false });
    const acc = history.history.accuracy;
    expect(acc[acc.length - 1]).toBe(1);
    const p = model.predict(XOR_X).data;
    expect(Array.from(p, (v) => (v > 0.5 ? 1 : 0))).toEqual([0, 1, 1, 0]);
    expect(history.history.loss[history.history.loss.length - 1]).toBeLessThan(history.history.loss[0]);
  });

  it('iris: 4-30-16-3 relu/softmax, Adam, 100 epochs, batch size 1, seeded 80/20 split: test accuracy >= 0.93', async () => {
    const data = loadIris(417);
    const model = sequential({
      seed: 417,
      layers: [
        layers.dense({ inputShape: [4], units: 30, activation: 'relu' }),
        layers.dense({ units: 16, activation: 'relu' }),
        layers.dense({ units: 3, activation: 'softmax' }),
      ],
    });
    model.compile({
      optimizer: optimizers.adam({ learningRate: 1e-3 }),
      loss: 'categoricalCrossentropy',
      metrics: ['accuracy'],
    });
    const started = Date.now();
    await model.fit(data.xTrain, data.yTrain, { epochs: 100, batchSize: 1, verbose: 0, seed: 7 });
    const { loss, accuracy } = await model.evaluate(data.xTest, data.yTest);
    console.log(
      `iris: test loss ${loss.toFixed(4)}, accuracy ${accuracy.toFixed(4)}, fit ${Date.now() - started} ms on ${model.backend.name}`,
    );
    expect(accuracy).toBeGreaterThanOrEqual(0.93);
  });

  it('perceptron learns OR and AND and fails on XOR', () => {
    const x = [
      [0, 0],
      [0, 1],
      [1, 0],
      [1, 1],
    ];
    for (const [name, y, separable] of [
      ['OR', [0, 1, 1, 1], true],
      ['AND', [0, 0, 0, 1], true],
      ['XOR', [0, 1, 1, 0], false],
    ] as const) {
      const p = perceptron({ inputs: 2, maxEpochs: 50 });
      const result = p.fit(x, [...y]);
      expect(result.converged, name).toBe(separable);
      if (separable) expect(p.predict(x), name).toEqual([...y]);
      else expect(p.predict(x), name).not.toEqual([...y]);
    }
  });

  it('perceptron names a BigInt or Symbol option in its error', () => {
    expect(() => perceptron({ inputs: 3n as never })).toThrow(
      'backprop: perceptron inputs must be a positive integer; got 3n',
    );
    expect(() => perceptron({ inputs: 2, learningRate: Symbol('lr') as never })).toThrow(
      'perceptron learningRate must be a finite number > 0; got Symbol(lr)',
    );
  });
});
