import type { Backend } from '../backends/contract.js';

/**
 * The backward pass of y = x W, shared by the dense layer and a residual block's projection shortcut:
 * dW = x^T dy (gemm TN) overwrites dw, and, when the layer below wants it, dx = dy W^T (gemm NT) overwrites
 * dx. x: rows x inputs, W and dw: inputs x units, dy: rows x units, dx: rows x inputs.
 */
export function linearBackward(
  b: Backend,
  rows: number,
  inputs: number,
  units: number,
  x: Float32Array,
  dy: Float32Array,
  w: Float32Array,
  dw: Float32Array,
  dx: Float32Array | null,
): void {
  b.gemm(true, false, inputs, units, rows, 1, x, dy, 0, dw);
  if (dx) b.gemm(false, true, rows, inputs, units, 1, dy, w, 0, dx);
}
