// Accuracy of the polynomial exp / tanh / sigmoid / expm1 (ELU) / normal CDF (GELU) that the wasm kernels
// use, against float64 Math on dense grids. The bounds stated here are the ones assembly/approx.ts
// documents; the measured worst cases sit below them (exp 1.3e-7, tanh 1.3e-7, sigmoid 1.4e-7, elu 9e-8, gelu 2.3e-6 on [-5, 5]).
// The SIMD and scalar builds must give the same bits: each lane does the scalar tail's operations.
import { beforeAll, describe, expect, test } from 'vitest';
import { Activation, type ActivationCode } from '../../src/backends/contract.js';
import { loadNodeWasmBackend, type WasmBackend } from '../../src/backends/wasm/index.js';
import { normalCdf } from './reference.js';

function grid(lo: number, hi: number, n: number): Float32Array {
  return Float32Array.from({ length: n }, (_, i) => lo + (hi - lo) * i / (n - 1));
}

function worstRelative(actual: Float32Array, x: Float32Array, f: (v: number) => number): number {
  let worst = 0;
  for (let i = 0; i < x.length; i++) {
    const e = f(x[i]);
    if (e === 0) continue;
    worst = Math.max(worst, Math.abs(actual[i] - e) / Math.abs(e));
  }
  return worst;
}

const builds: Record<string, WasmBackend> = {};
beforeAll(async () => {
  builds.simd = await loadNodeWasmBackend({ simd: true }) as WasmBackend;
  builds.scalar = await loadNodeWasmBackend({ simd: false }) as WasmBackend;
});

describe.each(['simd', 'scalar'])('approximations (%s build)', (build) => {
  test('exp: relative error <= 2.4e-7 on [-86.98, 88.72], 0 below, Infinity above, NaN stays NaN', () => {
    const backend = builds[build];
    const x = grid(-86.98, 88.72, 1_000_003);
    const y = new Float32Array(x.length);
    backend.approxExp(x.length, x, y);
    expect(worstRelative(y, x, Math.exp)).toBeLessThanOrEqual(2.4e-7);
    const edges = new Float32Array([-87.5, -1e30, -Infinity, 88.8, 1e30, Infinity, NaN, 0]);
    const out = new Float32Array(edges.length);
    backend.approxExp(edges.length, edges, out);
    expect(Array.from(out)).toEqual([0, 0, 0, Infinity, Infinity, Infinity, NaN, 1]);
  });

  const cases: Array<[string, ActivationCode, number, number, (v: number) => number, number]> = [
    ['tanh', Activation.tanh, -12, 12, Math.tanh, 2e-7],
    ['sigmoid', Activation.sigmoid, -30, 30, (v) => 1 / (1 + Math.exp(-v)), 2e-7],
    ['elu (expm1)', Activation.elu, -20, 3, (v) => (v > 0 ? v : Math.expm1(v)), 1.5e-7],
    // GELU's tail x Phi(x) for x << 0 is exp(-x^2 / 2)-small; exp(-z^2) with z^2 rounded to float32 carries a
    // relative error that grows with z^2, hence the looser bound below -5 (absolute error there < 4e-7).
    ['gelu', Activation.gelu, -5, 5, (v) => v * normalCdf(v), 3e-6],
    ['gelu tail', Activation.gelu, -12, -5, (v) => v * normalCdf(v), 3e-5],
  ];
  test.each(cases)('%s: relative error within the stated bound', (_name, kind, lo, hi, f, bound) => {
    const backend = builds[build];
    const x = grid(lo, hi, 400_001);
    const y = new Float32Array(x.length);
    backend.activationForward(kind, x.length, 1, x, y);
    expect(worstRelative(y, x, f)).toBeLessThanOrEqual(bound);
  });
});

test('SIMD and scalar builds give the same bits for every elementwise activation', () => {
  const x = grid(-50, 50, 100_003);
  for (const kind of Object.values(Activation)) {
    const a = new Float32Array(x.length);
    const b = new Float32Array(x.length);
    builds.simd.activationForward(kind, x.length, 0.7, x, a);
    builds.scalar.activationForward(kind, x.length, 0.7, x, b);
    let differing = 0;
    for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) differing++;
    expect(differing).toBe(0);
  }
});
