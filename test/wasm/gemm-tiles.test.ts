// The wasm GEMM (assembly/gemm.ts) computes C in tiles of MR = 2 rows by NR = 16 columns over slices of
// KC = 256 values of k, with partial tiles at the edges, and skips the steps of k where a strip of A is all
// zero. The SIMD build and the scalar build (same tiles and order, no skipping) must give the same bits, and
// both the product, for sizes one below, at and one above each blocking size (and 1), in all four transpose
// cases, dense and with A full of zeros.
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

/** Index of the first element where x and y differ in bits (Object.is), or -1. */
function firstDifference(x: Float32Array, y: Float32Array): number {
  for (let i = 0; i < x.length; i++) if (!Object.is(x[i], y[i])) return i;
  return -1;
}

/** Values in [-1, 1]; with `sparse`, every second k index is zero in all rows and half of the rest are 0 or -0. */
function operandA(random: Random, transA: boolean, m: number, k: number, sparse: boolean): Float32Array {
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

// Rows: 1, MR - 1 .. MR + 1 and two tiles plus one (up to 4 rows without transB take the unpacked path);
// columns: 1, NR - 1 .. NR + 1, two tiles plus one; depth: 1, KC - 1 .. KC + 1 and two slices plus one.
const shapes: Array<[number, number, number]> = [
  [1, 1, 1],
  [3, 15, 255],
  [5, 16, 256],
  [2, 17, 257],
  [6, 33, 513],
  [7, 1, 17],
  [9, 31, 3],
  [37, 49, 300],
];

const transposes = [
  [false, false],
  [true, false],
  [false, true],
  [true, true],
] as const;

describe.each(transposes)('transA %s, transB %s', (transA, transB) => {
  test.each(shapes)('m=%i n=%i k=%i: SIMD and scalar builds give the same bits, within rounding of the product', (m, n, k) => {
    const random = new Random(m * 7919 + n * 31 + k);
    for (const sparse of [false, true]) {
      const a = operandA(random, transA, m, k, sparse);
      const b = randomArray(random, k * n);
      for (const [alpha, beta] of [
        [1, 0],
        [0.5, 1],
        [-2, 0.25],
      ]) {
        const c = randomArray(random, m * n);
        const out = [simd, scalar].map((backend) => {
          const result = c.slice();
          backend.gemm(transA, transB, m, n, k, alpha, a, b, beta, result);
          return result;
        });
        expect(firstDifference(out[0], out[1])).toBe(-1);
        const expected = gemmReference(transA, transB, m, n, k, alpha, a, b, beta, c);
        // Sums of k products of values in [-1, 1]: float32 rounding errs by k u at worst.
        const bound = Math.abs(alpha) * k * 2 ** -23 + Math.abs(beta) * 2 ** -23;
        expect(worstError(out[0], expected, bound, 0)).toBeLessThanOrEqual(1);
      }
    }
  });
});
