// Accuracy of the vectorised exp, log, tanh, sigmoid and normal CDF (native/simd/vmath.inl states these
// bounds) against float64 Math at every instruction-set level, over dense sweeps including the vector
// bodies and the scalar tails (the sweep lengths are not multiples of any vector width).
import { afterAll, describe, expect, it } from 'vitest';
import { loadNative } from './load.js';

const { native, reason } = await loadNative();
const levels = native ? native.addon.isaSupported().split(',') : [];
const initial = native?.addon.isa();

const linear = (lo: number, hi: number, n: number): Float32Array =>
  Float32Array.from({ length: n }, (_, i) => lo + ((hi - lo) * i) / (n - 1));
const geometric = (lo: number, hi: number, n: number): Float32Array =>
  Float32Array.from({ length: n }, (_, i) => Math.exp(Math.log(lo) + ((Math.log(hi) - Math.log(lo)) * i) / (n - 1)));

// erf in float64: Taylor series below 3, continued fraction for erfc above (both far below 1e-12 error).
function erf(x: number): number {
  const t = Math.abs(x);
  let r: number;
  if (t < 3) {
    let term = t,
      s = t;
    for (let k = 1; Math.abs(term) > 1e-17 * Math.abs(s); k++) {
      term *= (-t * t) / k;
      s += term / (2 * k + 1);
    }
    r = (2 / Math.sqrt(Math.PI)) * s;
  } else {
    let f = 0;
    for (let k = 60; k >= 1; k--) f = k / 2 / (t + f);
    r = 1 - Math.exp(-t * t) / Math.sqrt(Math.PI) / (t + f);
  }
  return x < 0 ? -r : r;
}

function worst(
  x: Float32Array,
  y: Float32Array,
  exact: (v: number) => number,
  scale: (e: number) => number,
): { err: number; at: number } {
  let err = 0,
    at = 0;
  for (let i = 0; i < x.length; i++) {
    const e = exact(x[i]);
    const d = Math.abs(y[i] - e) / scale(e);
    if (d > err) {
      err = d;
      at = x[i];
    }
  }
  return { err, at };
}

describe.skipIf(!native)(`native vector math accuracy${native ? '' : ` (skipped: ${reason})`}`, () => {
  afterAll(() => {
    if (initial) native!.addon.selectIsa(initial);
  });
  const n = 100_003;

  it.each(levels)('%s: exp, log, tanh, sigmoid and Phi within the stated bounds', (level) => {
    const a = native!.addon;
    a.selectIsa(level);
    const y = new Float32Array(n);
    const run = (kind: number, x: Float32Array): Float32Array => {
      a.vectorMath(kind, n, x, y);
      return y;
    };
    const checks: [string, Float32Array, number, (v: number) => number, (e: number) => number, number][] = [
      ['exp relative', linear(-87, 88, n), 0, Math.exp, (e) => e, 2e-7],
      ['log', geometric(1e-30, 1e30, n), 1, Math.log, (e) => Math.max(1, Math.abs(e)), 1.5e-7],
      ['tanh absolute', linear(-20, 20, n), 2, Math.tanh, () => 1, 1.5e-7],
      ['tanh relative', linear(-20, 20, n), 2, Math.tanh, (e) => Math.abs(e) || 1, 2e-7],
      ['sigmoid absolute', linear(-30, 30, n), 3, (v) => 1 / (1 + Math.exp(-v)), () => 1, 1.5e-7],
      ['Phi absolute', linear(-10, 10, n), 4, (v) => 0.5 * (1 + erf(v / Math.SQRT2)), () => 1, 4e-7],
    ];
    for (const [what, x, kind, exact, scale, bound] of checks) {
      const { err, at } = worst(x, run(kind, x), exact, scale);
      expect(err, `${level} ${what}: worst ${err} at x = ${at}`).toBeLessThanOrEqual(bound);
    }
  });

  it.each(levels)('%s: special values (clamped exp, log domain, NaN propagation)', (level) => {
    const a = native!.addon;
    a.selectIsa(level);
    const x = Float32Array.of(-1000, 1000, 0, -1, Infinity, NaN, 1, -0);
    const y = new Float32Array(x.length);
    a.vectorMath(0, x.length, x, y);
    expect(y[0]).toBeCloseTo(Math.exp(-87), 43);
    expect(y[1]).toBeCloseTo(Math.fround(Math.exp(88)), -32);
    expect(Number.isNaN(y[5])).toBe(true);
    a.vectorMath(1, x.length, x, y);
    expect(y[2]).toBe(-Infinity);
    expect(Number.isNaN(y[3])).toBe(true);
    expect(y[4]).toBe(Infinity);
    expect(Number.isNaN(y[5])).toBe(true);
    expect(y[6]).toBe(0);
    a.vectorMath(2, x.length, x, y);
    expect([y[0], y[1], y[4], y[6]]).toEqual([-1, 1, 1, Math.fround(Math.tanh(1))]);
    expect(Number.isNaN(y[5])).toBe(true);
  });
});
