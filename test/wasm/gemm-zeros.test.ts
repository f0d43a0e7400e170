// The SIMD and scalar builds of the wasm GEMM (assembly/gemm.ts) must give the same bits, within rounding of
// the product. Both compute C in tiles of MR = 2 rows by NR = 16 columns over slices of KC = 256 values of k,
// with partial tiles at the edges; the SIMD build also skips the steps of k where a strip of A is all zeros,
// which the scalar build never does. Checked for sizes one below, at and one above each blocking size (and 1),
// on inputs full of zeros (as images and ReLU outputs are, including -0), and a zero of A times an infinite or
// NaN value of B must still make NaN.
import { beforeAll, describe, expect, test } from 'vitest';
import type { Backend } from '../../src/backends/contract.js';
import { loadNodeWasmBackend } from '../../src/backends/wasm/index.js';
import { Random } from '../../src/random.js';
import { gemmReference, randomArray, worstError } from './reference.js';

let simd: Backend;
let scalar: Backend;
beforeAll(async () => {
  simd = await loadNodeWasmBackend({ simd: true });
  scalar = await loadNodeWasmBackend({ simd: false });
  expect([simd.details.simd, scalar.details.simd]).toEqual([true, false]);
});

/**
 * op(A) as m x k values, laid out for transA: a third of the k indices are zero in every row (so every
 * strip of rows has steps to skip), and the other values are zero (+0 or -0) half the time.
 */
function sparseA(random: Random, transA: boolean, m: number, k: number): Float32Array {
  const a = new Float32Array(m * k);
  const zeroColumn = Array.from({ length: k }, () => random.uniform() < 1 / 3);
  for (let i = 0; i < m; i++) {
    for (let p = 0; p < k; p++) {
      const u = random.uniform();
      const value = zeroColumn[p] || u < 0.5 ? (u < 0.25 ? -0 : 0) : 2 * random.uniform() - 1;
      a[transA ? p * m + i : i * k + p] = value;
    }
  }
  return a;
}

/** Values in [-1, 1]; with `sparse`, every second k index is zero in all rows and half of the rest are 0 or -0. */
function alternateZerosA(random: Random, transA: boolean, m: number, k: number, sparse: boolean): Float32Array {
  const a = randomArray(random, m * k);
  if (!sparse) return a;
  for (let i = 0; i < m; i++) {
    for (let p = 0; p < k; p++) {
      const u = random.uniform();
      if (p % 2 === 1 || u < 0.5) a[transA ? p * m + i : i * k + p] = u < 0.25 ? -0 : 0;
    }
  }
  return a;
}

/** Index of the first element where x and y differ in bits (Object.is), or -1. */
function firstDifference(x: Float32Array, y: Float32Array): number {
  for (let i = 0; i < x.length; i++) if (!Object.is(x[i], y[i])) return i;
  return -1;
}

const shapes: Array<[number, number, number]> = [
  [5, 8, 16], [9, 17, 64], [100, 40, 300], [130, 70, 520], [36, 72, 784],
];

// Rows: 1, MR - 1 .. MR + 1 and two tiles plus one (up to 4 rows without transB take the unpacked path);
// columns: 1, NR - 1 .. NR + 1, two tiles plus one; depth: 1, KC - 1 .. KC + 1 and two slices plus one.
const tileShapes: Array<[number, number, number]> = [
  [1, 1, 1], [3, 15, 255], [5, 16, 256], [2, 17, 257], [6, 33, 513], [7, 1, 17], [9, 31, 3], [37, 49, 300],
];

const transposes = [[false, false], [true, false], [false, true], [true, true]] as const;

/**
 * C = alpha op(A) op(B) + beta C by both builds for three (alpha, beta) pairs: the same bits, and within
 * float32 rounding of the float64 product (sums of k products of values in [-1, 1] err by k u at worst).
 */
function expectBuildsAgree(
  random: Random, transA: boolean, transB: boolean, m: number, n: number, k: number, a: Float32Array,
): void {
  const b = randomArray(random, k * n);
  for (const [alpha, beta] of [[1, 0], [0.5, 1], [-2, 0.25]]) {
    const c = randomArray(random, m * n);
    const out = [simd, scalar].map((backend) => {
      const result = c.slice();
      backend.gemm(transA, transB, m, n, k, alpha, a, b, beta, result);
      return result;
    });
    expect(firstDifference(out[0], out[1])).toBe(-1);
    const expected = gemmReference(transA, transB, m, n, k, alpha, a, b, beta, c);
    const bound = Math.abs(alpha) * k * 2 ** -23 + Math.abs(beta) * 2 ** -23;
    expect(worstError(out[0], expected, bound, 0)).toBeLessThanOrEqual(1);
  }
}

describe.each(transposes)('transA %s, transB %s', (transA, transB) => {
  test.each(shapes)('m=%i n=%i k=%i: SIMD and scalar builds give the same bits', (m, n, k) => {
    const random = new Random(m * 7919 + n * 31 + k);
    expectBuildsAgree(random, transA, transB, m, n, k, sparseA(random, transA, m, k));
  });

  test.each(tileShapes)('m=%i n=%i k=%i around the tiles: SIMD and scalar builds give the same bits', (m, n, k) => {
    const random = new Random(m * 7919 + n * 31 + k);
    for (const sparse of [false, true]) {
      expectBuildsAgree(random, transA, transB, m, n, k, alternateZerosA(random, transA, m, k, sparse));
    }
  });

  test('a zero of A times an infinity or a NaN of B is NaN, not skipped', () => {
    const [m, n, k] = [12, 16, 40];
    const random = new Random(5);
    const a = sparseA(random, transA, m, k);
    // k index 3 is zero in every row of op(A); op(B) row 3 holds an infinity and a NaN.
    for (let i = 0; i < m; i++) a[transA ? 3 * m + i : i * k + 3] = 0;
    const b = randomArray(random, k * n);
    const at = (p: number, j: number): number => (transB ? j * k + p : p * n + j);
    b[at(3, 2)] = Infinity;
    b[at(3, 9)] = Number.NaN;
    const out = [simd, scalar].map((backend) => {
      const c = new Float32Array(m * n);
      backend.gemm(transA, transB, m, n, k, 1, a, b, 0, c);
      return c;
    });
    expect(firstDifference(out[0], out[1])).toBe(-1);
    for (let i = 0; i < m; i++) {
      expect(out[0][i * n + 2]).toBeNaN();
      expect(out[0][i * n + 9]).toBeNaN();
      expect(out[0][i * n + 5]).not.toBeNaN();
    }
  });
});
