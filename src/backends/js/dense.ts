// A dense layer's elementwise work around its gemms, one call each way: the bias and the activation
// forward, the activation's backward and the bias gradient. Each is the two kernels it replaces, run one
// after the other on the same arrays, so the results are theirs exactly.
import type { ActivationCode } from '../contract.js';
import { activationBackward, activationForward } from './activation.js';
import { biasAdd, biasGrad } from './bias.js';

/** z[r, c] += bias[c], then y = f(z). z, y: rows x cols (y may alias z), bias: cols. */
export function biasActivationForward(
  kind: ActivationCode,
  rows: number,
  cols: number,
  alpha: number,
  bias: Float32Array,
  z: Float32Array,
  y: Float32Array,
): void {
  biasAdd(rows, cols, bias, z);
  activationForward(kind, rows * cols, alpha, z, y);
}

/** dx = dy * f'(x), then dbias = column sums of dx. x, y, dy, dx: rows x cols (dx may alias dy), dbias: cols. */
export function activationBiasBackward(
  kind: ActivationCode,
  rows: number,
  cols: number,
  alpha: number,
  x: Float32Array,
  y: Float32Array,
  dy: Float32Array,
  dx: Float32Array,
  dbias: Float32Array,
): void {
  activationBackward(kind, rows * cols, alpha, x, y, dy, dx);
  biasGrad(rows, cols, dx, dbias);
}
