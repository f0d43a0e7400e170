// A dense layer's elementwise work around its gemms, one call each way (see src/backends/contract.ts):
// the bias and the activation forward, the activation's backward and the bias gradient. Each runs the two
// kernels it replaces on the same memory, so the results are theirs exactly.

import { activationBackward, activationForward } from './activation';
import { biasAdd, biasGrad } from './bias';

/** Values per block of the forward: a block of rows this size stays in the L1 cache between its two passes. */
const BLOCK_FLOATS: i32 = 4096;

/** z[r, c] += bias[c], then y = f(z), a block of rows at a time. Returns 0, or -1 for an unknown kind. */
export function biasActivationForward(
  kind: i32, rows: i32, cols: i32, alpha: f64, bias: usize, z: usize, y: usize,
): i32 {
  if (cols == 0) return activationForward(kind, 0, alpha, z, y);
  const step = max(1, BLOCK_FLOATS / cols);
  for (let r = 0; r < rows; r += step) {
    const count = min(step, rows - r);
    const offset = <usize>(r * cols) << 2;
    biasAdd(count, cols, bias, z + offset);
    if (activationForward(kind, count * cols, alpha, z + offset, y + offset) < 0) return -1;
  }
  return 0;
}

/** dx = dy * f'(x), then dbias = column sums of dx. Returns 0, or -1 for an unknown kind. */
export function activationBiasBackward(
  kind: i32, rows: i32, cols: i32, alpha: f64, x: usize, y: usize, dy: usize, dx: usize, dbias: usize,
): i32 {
  if (activationBackward(kind, rows * cols, alpha, x, y, dy, dx) < 0) return -1;
  biasGrad(rows, cols, dx, dbias);
  return 0;
}
