// Adam divides by its bias corrections 1 - beta^t only while they differ from 1 (a division by exactly 1
// returns its operand): the results must keep the bits of the formula with every division, at steps on
// both sides of where each correction becomes 1.
import { describe, expect, it } from 'vitest';
import { createJsBackend } from '../src/backends/js/index.js';
import { loadNodeWasmBackend } from '../src/backends/wasm/index.js';
import type { Kernels } from '../src/backends/contract.js';

const N = 37; // odd: the wasm SIMD loop's scalar tail runs too
const BETA1 = 0.9,
  BETA2 = 0.999,
  LR = 0.001,
  EPSILON = 1e-7;

/** The formula with every division, in float64, each result rounded once to float32 (the js order). */
function reference(
  step: number,
  weightDecay: number,
  w: Float32Array,
  g: Float32Array,
  m: Float32Array,
  v: Float32Array,
) {
  const c1 = 1 - Math.pow(BETA1, step),
    c2 = 1 - Math.pow(BETA2, step);
  const params = new Float32Array(N),
    m1 = new Float32Array(N),
    v1 = new Float32Array(N);
  for (let i = 0; i < N; i++) {
    const mi = BETA1 * m[i] + (1 - BETA1) * g[i];
    const vi = BETA2 * v[i] + (1 - BETA2) * g[i] * g[i];
    m1[i] = mi;
    v1[i] = vi;
    params[i] = w[i] * (1 - LR * weightDecay) - (LR * (mi / c1)) / (Math.sqrt(vi / c2) + EPSILON);
  }
  return { params, m: m1, v: v1 };
}

function inputs(): Float32Array[] {
  const w = new Float32Array(N),
    g = new Float32Array(N),
    m = new Float32Array(N),
    v = new Float32Array(N);
  for (let i = 0; i < N; i++) {
    w[i] = Math.sin(i + 1);
    g[i] = Math.cos(3 * i) * 10 ** ((i % 7) - 5);
    m[i] = 0.01 * Math.sin(2 * i);
    v[i] = 1e-6 * (1 + Math.cos(i)) + 1e-12 * i;
  }
  return [w, g, m, v];
}

const bits = (a: Float32Array): number[] => Array.from(new Uint32Array(a.buffer, a.byteOffset, a.length));

describe('adamStep keeps the bits of every bias-correction division', async () => {
  const backends: [string, Kernels][] = [
    ['js', createJsBackend()],
    ['wasm simd', await loadNodeWasmBackend({ simd: true })],
    ['wasm scalar', await loadNodeWasmBackend({ simd: false })],
  ];
  // 355 / 356: 1 - 0.9^t last differs from 1 / first rounds to 1; 37,411 / 37,412: the same for 0.999.
  const steps = [1, 355, 356, 37_411, 37_412, 1e6];
  it.each(backends.flatMap(([name, k]) => steps.flatMap((t) => [0, 0.004].map((d) => [name, k, t, d] as const))))(
    '%s at step %d, weight decay %d',
    (_, kernels, step, weightDecay) => {
      const [w, g, m, v] = inputs();
      const expected = reference(step, weightDecay, w, g, m, v);
      kernels.adamStep(N, LR, BETA1, BETA2, EPSILON, step, weightDecay, w, g, m, v);
      expect(bits(w)).toEqual(bits(expected.params));
      expect(bits(m)).toEqual(bits(expected.m));
      expect(bits(v)).toEqual(bits(expected.v));
    },
  );

  it('the steps tested are where the corrections become 1', () => {
    expect([355, 356].map((t) => 1 - Math.pow(BETA1, t) === 1)).toEqual([false, true]);
    expect([37_411, 37_412].map((t) => 1 - Math.pow(BETA2, t) === 1)).toEqual([false, true]);
  });
});
