// Reductions accumulate in float64 on every backend (the contract's rule): a loss whose float32 sum of
// squares would overflow stays finite, and a long sum of squares keeps float64 accuracy. Every backend
// that loads runs, the native one at every instruction-set level this CPU supports.
import { afterAll, describe, expect, it } from 'vitest';
import type { Backend } from '../src/backends/contract.js';
import { createJsBackend } from '../src/backends/js/index.js';
import { backendsUnderTest, Random } from './harness.js';
import { loadNative } from './native/load.js';

interface Target {
  name: string;
  backend: Backend;
  /** Switches the native addon to this target's level (a no-op for the others). */
  select(): void;
}

const backends = await backendsUnderTest();
// The reference is always js, also in runs that put only native under test (BACKPROP_BACKEND=native).
const js = createJsBackend();
const { native } = await loadNative();
const levels = native ? native.addon.isaSupported().split(',') : [];
const initialLevel = native?.addon.isa();

const targets: Target[] = [
  ...backends.filter((b) => b.name !== 'native').map((backend) => ({ name: backend.name, backend, select: () => {} })),
  ...levels.map((level) => ({
    name: `native ${level}`,
    backend: native!,
    select: () => {
      expect(native!.addon.selectIsa(level)).toBe(level);
    },
  })),
];

/** Neumaier's compensated sum of x[i]^2 in float64: the oracle, independent of any backend's order. */
function compensatedSumOfSquares(x: Float32Array): number {
  let sum = 0,
    compensation = 0;
  for (let i = 0; i < x.length; i++) {
    const term = x[i] * x[i];
    const t = sum + term;
    compensation += Math.abs(sum) >= Math.abs(term) ? sum - t + term : term - t + sum;
    sum = t;
  }
  return sum + compensation;
}

let long: { values: Float32Array; expected: number } | undefined;

/**
 * 1e7 values of magnitudes from 1e-3 to 1e3 with random signs, every 4096th one large (1e4) so that the
 * small squares after it would round away in a float32 running sum; and their oracle sum of squares.
 * Built once for all backends.
 */
function longVector(): { values: Float32Array; expected: number } {
  if (!long) {
    const n = 10_000_000;
    const random = new Random(5);
    const values = new Float32Array(n);
    for (let i = 0; i < n; i++) {
      values[i] = i % 4096 === 0 ? 1e4 : (random.uniform(0, 1) < 0.5 ? -1 : 1) * Math.exp(random.uniform(-6.9, 6.9));
    }
    long = { values, expected: compensatedSumOfSquares(values) };
  }
  return long;
}

function relativeError(actual: number, expected: number): number {
  return actual === expected ? 0 : Math.abs(actual - expected) / Math.abs(expected);
}

type LossName =
  'mseLoss' | 'sseLoss' | 'bceLoss' | 'bceLogitsLoss' | 'softmaxCrossEntropy' | 'sparseSoftmaxCrossEntropy';

/** Seeded inputs of one loss for rows x cols: prediction (or logits) and target (or labels). */
function lossInputs(loss: LossName, rows: number, cols: number, random: Random): [Float32Array, Float32Array] {
  const n = rows * cols;
  const uniform = (lo: number, hi: number): Float32Array => random.fillUniform(new Float32Array(n), lo, hi);
  const binary = (): Float32Array => uniform(0, 1).map((v) => (v < 0.5 ? 0 : 1));
  switch (loss) {
    case 'mseLoss':
    case 'sseLoss':
      return [uniform(-2, 2), uniform(-2, 2)];
    case 'bceLoss':
      return [uniform(0.001, 0.999), binary()];
    case 'bceLogitsLoss':
      return [uniform(-8, 8), binary()];
    case 'softmaxCrossEntropy': {
      const t = new Float32Array(n);
      for (let r = 0; r < rows; r++) t[r * cols + random.int(cols)] = 1;
      return [uniform(-6, 6), t];
    }
    case 'sparseSoftmaxCrossEntropy':
      return [uniform(-6, 6), Float32Array.from({ length: rows }, () => random.int(cols))];
  }
}

function lossValue(
  b: Backend,
  loss: LossName,
  rows: number,
  cols: number,
  inputs: [Float32Array, Float32Array],
): number {
  const buffers = [inputs[0].length, inputs[1].length, rows * cols, rows * cols].map((n) => b.allocate(n));
  const [p, t, g, q] = buffers.map((buffer) => buffer.data);
  p.set(inputs[0]);
  t.set(inputs[1]);
  const value =
    loss === 'softmaxCrossEntropy' || loss === 'sparseSoftmaxCrossEntropy'
      ? b[loss](rows, cols, p, t, q, g)
      : b[loss](rows, cols, p, t, g);
  for (const buffer of buffers) buffer.free();
  return value;
}

describe('float64 reductions on every backend', () => {
  afterAll(() => {
    if (native && initialLevel) native.addon.selectIsa(initialLevel);
  });

  it.each(targets.map((t) => [t.name, t] as const))(
    '%s: mse and sse stay finite when errors reach 1e20 and equal js',
    (_, target) => {
      target.select();
      const rows = 37,
        cols = 13; // odd sizes: vector bodies and tails both see huge errors
      const random = new Random(21);
      const pred = Float32Array.from({ length: rows * cols }, () => random.uniform(-3e20, 3e20));
      const truth = Float32Array.from({ length: rows * cols }, () => random.uniform(-1, 1));
      for (const loss of ['mseLoss', 'sseLoss'] as const) {
        const expected = js[loss](rows, cols, pred, truth, new Float32Array(rows * cols));
        const b = target.backend;
        const [p, t, grad] = [pred, truth, pred].map((values) => {
          const buf = b.allocate(values.length);
          buf.data.set(values);
          return buf;
        });
        const value = b[loss](rows, cols, p.data, t.data, grad.data);
        expect(Number.isFinite(expected), `js ${loss}`).toBe(true);
        expect(Number.isFinite(value), `${target.name} ${loss} = ${value}`).toBe(true);
        expect(relativeError(value, expected), `${target.name} ${loss}: ${value} vs js ${expected}`).toBeLessThan(1e-6);
        expect(grad.data.every(Number.isFinite), `${target.name} ${loss} gradient`).toBe(true);
        for (const buf of [p, t, grad]) buf.free();
      }
    },
  );

  // Float32 rounding of the final value is 2^-24 ~ 6e-8 relative: every loss agrees with js to 1e-7 (the
  // per-value logs and exps of native and wasm are float32 approximations; their sums are float64).
  // The float32 lanes this replaced disagreed by 1.3e-7 (avx2) to 4.7e-7 (scalar).
  it.each(targets.map((t) => [t.name, t] as const))('%s: every loss value agrees with js to 1e-7', (_, target) => {
    target.select();
    const losses: LossName[] = [
      'mseLoss',
      'sseLoss',
      'bceLoss',
      'bceLogitsLoss',
      'softmaxCrossEntropy',
      'sparseSoftmaxCrossEntropy',
    ];
    const shapes: [number, number][] = [
      [1, 1],
      [7, 3],
      [33, 10],
      [128, 10],
      [257, 17],
      [64, 1000],
      [1031, 64],
    ];
    const worst: string[] = [];
    for (const loss of losses) {
      shapes.forEach(([rows, cols], k) => {
        const inputs = lossInputs(loss, rows, cols, new Random(100 + k));
        const expected = lossValue(js, loss, rows, cols, inputs);
        const value = lossValue(target.backend, loss, rows, cols, inputs);
        if (!(relativeError(value, expected) <= 1e-7))
          worst.push(`${loss} ${rows}x${cols}: ${value} vs js ${expected}`);
      });
    }
    expect(worst, worst.join('\n')).toEqual([]);
  });

  // Float64 accumulation of n terms errs by at most (n - 1) 2^-53 ~ 1.1e-9 relative (positive terms);
  // float32 lanes erred by 6e-8 (avx2) to 7e-7 (scalar) on this vector.
  it.each(targets.map((t) => [t.name, t] as const))(
    '%s: sumOfSquares of 1e7 values of mixed magnitude matches a float64 oracle to 2e-9',
    (_, target) => {
      target.select();
      const { values, expected } = longVector();
      const n = values.length;
      const x = target.backend.allocate(n);
      x.data.set(values);
      const value = target.backend.sumOfSquares(n, x.data);
      x.free();
      expect(relativeError(value, expected), `${target.name}: ${value} vs oracle ${expected}`).toBeLessThan(2e-9);
    },
  );
});
