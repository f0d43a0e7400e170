// Naive float64 references for the wasm backend's own tests (the shared equivalence suite compares with
// the js backend; these pin the formulas of the contract directly, loop by loop).
import { Random } from '../../src/random.js';

export function randomArray(random: Random, n: number, low = -1, high = 1): Float32Array {
  return random.fillUniform(new Float32Array(n), low, high);
}

export function gemmReference(transA: boolean, transB: boolean, m: number, n: number, k: number, alpha: number,
  a: Float32Array, b: Float32Array, beta: number, c: Float32Array): Float64Array {
  const out = new Float64Array(m * n);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let sum = 0;
      for (let p = 0; p < k; p++) {
        const av = transA ? a[p * m + i] : a[i * k + p];
        const bv = transB ? b[j * k + p] : b[p * n + j];
        sum += av * bv;
      }
      out[i * n + j] = alpha * sum + (beta === 0 ? 0 : beta * c[i * n + j]);
    }
  }
  return out;
}

/** Largest |actual - expected| / (atol + rtol |expected|); <= 1 means within tolerance. */
export function worstError(actual: ArrayLike<number>, expected: ArrayLike<number>, atol: number, rtol: number): number {
  if (actual.length !== expected.length) throw new Error(`length ${actual.length} != ${expected.length}`);
  let worst = 0;
  for (let i = 0; i < actual.length; i++) {
    const a = actual[i];
    const e = expected[i];
    if (Number.isNaN(a) || Number.isNaN(e)) {
      if (!(Number.isNaN(a) && Number.isNaN(e))) return Infinity;
      continue;
    }
    if (a === e) continue;
    worst = Math.max(worst, Math.abs(a - e) / (atol + rtol * Math.abs(e)));
  }
  return worst;
}

export function erf(x: number): number {
  // Abramowitz-Stegun 7.1.26 is not accurate enough for a reference: use the series / continued fraction.
  const t = Math.abs(x);
  if (t < 3) {
    // Taylor series: erf(x) = 2/sqrt(pi) sum (-1)^n x^(2n+1) / (n! (2n+1)), converges fast below 3.
    let sum = 0;
    let term = t;
    for (let n = 0; n < 80; n++) {
      sum += term / (2 * n + 1);
      term *= -t * t / (n + 1);
    }
    return Math.sign(x) * (2 / Math.sqrt(Math.PI)) * sum;
  }
  return Math.sign(x) * (1 - erfcLarge(t));
}

/** erfc(x) for x >= 3 by its continued fraction (Lentz), accurate to double precision there. */
export function erfcLarge(x: number): number {
  // erfc(x) = exp(-x^2) / sqrt(pi) * 1 / (x + 1/2 / (x + 1 / (x + 3/2 / (x + 2 / (x + ...)))))
  let f = x;
  for (let n = 60; n >= 1; n--) f = x + (n / 2) / f;
  return Math.exp(-x * x) / Math.sqrt(Math.PI) / f;
}

/** Phi(x), the standard normal CDF, accurate in relative terms in both tails. */
export function normalCdf(x: number): number {
  const z = x / Math.SQRT2;
  if (z < -3) return 0.5 * erfcLarge(-z);
  return 0.5 * (1 + erf(z));
}
