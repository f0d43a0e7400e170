// The js biasGrad sums each column in float64 from +0, row by row, and rounds once to float32: a column of -0
// gives +0 (as 0 + -0 does), and the rows are added in order.
import { describe, expect, it } from 'vitest';
import { biasGrad } from '../src/backends/js/bias.js';

describe('js biasGrad', () => {
  it('gives +0 for a column of -0, at one row and at several', () => {
    for (const rows of [1, 3]) {
      const dbias = new Float32Array(2).fill(7);
      biasGrad(rows, 2, new Float32Array(rows * 2).fill(-0), dbias);
      expect(Object.is(dbias[0], 0) && Object.is(dbias[1], 0)).toBe(true);
    }
  });

  it('adds the rows in order in float64 and rounds once', () => {
    // 1 + 2^-30 - 1 is 2^-30 in float64 (in float32 the first sum would round back to 1 and give 0).
    const dy = Float32Array.from([1, 5, 2 ** -30, 0, -1, -5]);
    const dbias = new Float32Array(2);
    biasGrad(3, 2, dy, dbias);
    expect(Array.from(dbias)).toEqual([2 ** -30, 0]);
    biasGrad(0, 2, dy, dbias);
    expect(Array.from(dbias)).toEqual([0, 0]);
  });
});
