// The js gemm computes small products element by element and larger ones in packed blocks; both must give
// the same bits: each element's products summed in float64 in the order of k, then alpha * sum + beta * c
// rounded once to float32 (for k up to the block depth of 128).
import { describe, expect, it } from 'vitest';
import { gemm } from '../src/backends/js/gemm.js';
import { Random, randomArray } from './harness.js';

/** The arithmetic both paths promise, written out. */
function reference(
  transA: boolean,
  transB: boolean,
  m: number,
  n: number,
  k: number,
  alpha: number,
  a: Float32Array,
  b: Float32Array,
  beta: number,
  c: Float32Array,
): Float32Array {
  const out = new Float32Array(m * n);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let sum = 0;
      for (let p = 0; p < k; p++)
        sum += (transA ? a[p * m + i] : a[i * k + p]) * (transB ? b[j * k + p] : b[p * n + j]);
      out[i * n + j] = beta === 0 ? alpha * sum : alpha * sum + beta * c[i * n + j];
    }
  }
  return out;
}

// The iris layers' shapes (element by element), and shapes past 4,096 multiply-adds (packed blocks).
const SHAPES: [number, number, number][] = [
  [1, 30, 4],
  [4, 30, 1],
  [1, 4, 30],
  [3, 16, 30],
  [7, 5, 3],
  [20, 20, 20],
  [33, 17, 65],
  [9, 40, 128],
];

describe('js gemm: the element-by-element and the packed paths', () => {
  const random = new Random(17);
  for (const [m, n, k] of SHAPES) {
    for (const transA of [false, true]) {
      for (const transB of [false, true]) {
        for (const [alpha, beta] of [
          [1, 0],
          [0.5, 1],
          [-1.25, 0.75],
        ]) {
          it(`m ${m} n ${n} k ${k} transA ${transA} transB ${transB} alpha ${alpha} beta ${beta}`, () => {
            const a = randomArray(random, m * k);
            const b = randomArray(random, k * n);
            const c = randomArray(random, m * n);
            const expected = reference(transA, transB, m, n, k, alpha, a, b, beta, c);
            gemm(transA, transB, m, n, k, alpha, a, b, beta, c);
            expect(c).toEqual(expected);
          });
        }
      }
    }
  }
});

describe('js gemm: signed zeros', () => {
  it('sums start at +0 on both paths: products that are all -0 give +0, as the float64 reference does', () => {
    // (-1) * 0 = -0 and 0 + -0 = +0: a sum started from its first product instead of from +0 would keep -0.
    for (const [m, n, k] of [
      [1, 16, 1],
      [30, 16, 1],
      [2, 3, 4],
      [20, 20, 20],
    ]) {
      const a = new Float32Array(m * k).fill(-1);
      const b = new Float32Array(k * n);
      const c = new Float32Array(m * n).fill(7);
      const expected = reference(false, false, m, n, k, 1, a, b, 0, c);
      expect(expected.every((v) => Object.is(v, 0))).toBe(true);
      gemm(false, false, m, n, k, 1, a, b, 0, c);
      expect(c).toEqual(expected);
    }
  });
});
