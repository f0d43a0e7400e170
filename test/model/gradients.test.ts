// Gradient checks: every layer, activation and loss, batch norm in training mode, dropout with a fixed
// mask, residual blocks with and without projection, and the regularizers, against central differences.
import { describe, expect, it } from 'vitest';
import '../../src/index.js';
import {
  backwardDifference,
  centralDifference,
  forwardDifference,
  gradientCheck,
  type Layer,
  layers,
  losses,
  regularizers,
  sequential,
} from '../../src/index.js';
import { Random } from '../../src/random.js';

// Float32 forward passes with h = 1e-3 leave roughly 1e-4 of rounding in each difference quotient, and
// the analytic side is float32 too: 2% relative (with a 1e-3 floor on the scale) separates real bugs
// (wrong factors, signs, missing terms give O(1) errors) from rounding.
const TOLERANCE = 0.02;

function data(rows: number, cols: number, seed: number, low = -1, high = 1): number[][] {
  const r = new Random(seed);
  return Array.from({ length: rows }, () => Array.from({ length: cols }, () => r.uniform(low, high)));
}

function oneHot(rows: number, classes: number, seed: number): number[][] {
  const r = new Random(seed);
  return Array.from({ length: rows }, () => {
    const c = r.int(classes);
    return Array.from({ length: classes }, (_, k) => (k === c ? 1 : 0));
  });
}

function check(
  stack: Layer[],
  loss: Parameters<ReturnType<typeof sequential>['compile']>[0]['loss'],
  y: number[][] | number[],
  inputs = 3,
  rows = 6,
): void {
  const model = sequential({ seed: 3, layers: stack });
  model.compile({ optimizer: 'sgd', loss });
  const result = gradientCheck(model, data(rows, inputs, 11), y, { epsilon: 1e-3 });
  for (const w of result.weights)
    expect(w.maxRelativeError, `${w.name}: abs ${w.maxAbsoluteError}`).toBeLessThan(TOLERANCE);
  expect(result.weights.length).toBeGreaterThan(0);
}

describe('gradient checks', () => {
  it('numerical derivatives: central beats forward and backward differences', () => {
    const f = (x: number) => x ** 3;
    const exact = 3 * 1.5 ** 2;
    const errC = Math.abs(centralDifference(f, 1.5, 1e-3) - exact);
    const errF = Math.abs(forwardDifference(f, 1.5, 1e-3) - exact);
    const errB = Math.abs(backwardDifference(f, 1.5, 1e-3) - exact);
    expect(errF).toBeGreaterThan(1e-3);
    expect(errB).toBeGreaterThan(1e-3);
    expect(errC).toBeLessThan(1e-5);
  });

  for (const activation of ['linear', 'sigmoid', 'tanh', 'relu', 'leakyRelu', 'elu', 'gelu', 'softmax'] as const) {
    it(`dense with ${activation}`, () => {
      check(
        [layers.dense({ inputShape: [3], units: 4, activation }), layers.dense({ units: 2 })],
        'meanSquaredError',
        data(6, 2, 5),
      );
    });
    it(`activation layer ${activation}`, () => {
      check(
        [layers.dense({ inputShape: [3], units: 4 }), layers.activation({ activation }), layers.dense({ units: 2 })],
        'meanSquaredError',
        data(6, 2, 5),
      );
    });
  }

  it('meanSquaredError and sumSquaredError', () => {
    check([layers.dense({ inputShape: [3], units: 3, activation: 'tanh' })], 'meanSquaredError', data(6, 3, 5));
    check([layers.dense({ inputShape: [3], units: 3, activation: 'tanh' })], 'sumSquaredError', data(6, 3, 5));
  });

  it('binaryCrossentropy: fused with sigmoid, from logits, and on probabilities from softmax', () => {
    const y = data(6, 2, 5, 0, 1).map((r) => r.map((v) => (v > 0.5 ? 1 : 0)));
    check([layers.dense({ inputShape: [3], units: 2, activation: 'sigmoid' })], 'binaryCrossentropy', y);
    check([layers.dense({ inputShape: [3], units: 2 })], losses.binaryCrossentropy({ fromLogits: true }), y);
    check([layers.dense({ inputShape: [3], units: 2, activation: 'softmax' })], 'binaryCrossentropy', y);
  });

  it('categorical and sparse categorical cross-entropy, fused and from logits', () => {
    check(
      [layers.dense({ inputShape: [3], units: 4, activation: 'softmax' })],
      'categoricalCrossentropy',
      oneHot(6, 4, 9),
    );
    check(
      [layers.dense({ inputShape: [3], units: 4 })],
      losses.categoricalCrossentropy({ fromLogits: true }),
      oneHot(6, 4, 9),
    );
    check(
      [layers.dense({ inputShape: [3], units: 4, activation: 'softmax' })],
      'sparseCategoricalCrossentropy',
      [0, 3, 1, 2, 2, 0],
    );
    check(
      [layers.dense({ inputShape: [3], units: 4 })],
      losses.sparseCategoricalCrossentropy({ fromLogits: true }),
      [0, 3, 1, 2, 2, 0],
    );
  });

  it('batch normalization (training mode, batch statistics)', () => {
    check(
      [
        layers.dense({ inputShape: [3], units: 4 }),
        layers.batchNormalization({ gammaInitializer: 'randomUniform' }),
        layers.dense({ units: 2, activation: 'tanh' }),
      ],
      'meanSquaredError',
      data(8, 2, 5),
      3,
      8,
    );
  });

  it('dropout with a fixed mask', () => {
    check(
      [
        layers.dense({ inputShape: [3], units: 8, activation: 'tanh' }),
        layers.dropout({ rate: 0.4 }),
        layers.dense({ units: 2 }),
      ],
      'meanSquaredError',
      data(6, 2, 5),
    );
  });

  it('residual blocks: identity shortcut and learned projection', () => {
    check(
      [
        layers.residual({
          inputShape: [3],
          layers: [layers.dense({ units: 4, activation: 'tanh' }), layers.dense({ units: 3 })],
          activation: 'tanh',
        }),
        layers.dense({ units: 2 }),
      ],
      'meanSquaredError',
      data(6, 2, 5),
    );
    check(
      [
        layers.dense({ inputShape: [3], units: 3 }),
        layers.residual({ layers: [layers.dense({ units: 5, activation: 'sigmoid' })], activation: 'relu' }),
        layers.dense({ units: 2 }),
      ],
      'meanSquaredError',
      data(6, 2, 5),
    );
  });

  it('l1, l2 and l1l2 regularizers add to loss and gradient', () => {
    check(
      [
        layers.dense({
          inputShape: [3],
          units: 4,
          activation: 'tanh',
          kernelRegularizer: regularizers.l1({ l1: 0.05 }),
          biasRegularizer: regularizers.l2({ l2: 0.1 }),
        }),
        layers.dense({ units: 2, kernelRegularizer: regularizers.l1l2({ l1: 0.02, l2: 0.03 }) }),
      ],
      'meanSquaredError',
      data(6, 2, 5),
    );
  });
});
