import type { Backend } from '../backends/contract.js';
import { activationBackward, activationForward, isLinear, type ResolvedActivation } from './activation-kind.js';

/**
 * What follows the gemm of a dense or convolution layer, z = x W (+ b), y = f(z), and what precedes its
 * weight gradients. With a bias and an elementwise activation, the bias and f run in one kernel call each
 * way (biasActivationForward, activationBiasBackward), which computes what the separate calls would.
 * z, y, dz: rows x cols (y is z when f is linear), bias: cols.
 */

/** z += bias (when there is one), then y = f(z). */
export function biasActivationForward(
  b: Backend,
  activation: ResolvedActivation,
  rows: number,
  cols: number,
  bias: Float32Array | null,
  z: Float32Array,
  y: Float32Array,
): void {
  const { code, alpha } = activation;
  if (bias && code !== undefined && !isLinear(activation)) {
    // Bias and elementwise activation in one call (one pass over z while it is in cache).
    b.biasActivationForward(code, rows, cols, alpha, bias, z, y);
    return;
  }
  if (bias) b.biasAdd(rows, cols, bias, z);
  if (!isLinear(activation)) activationForward(b, activation, rows, cols, z, y);
}

/**
 * dz = dy * f'(z) in place (unless dz already is the gradient of the pre-activation, the loss having been
 * fused with f), then dbias = the column sums of dz (when there is a bias).
 */
export function activationBiasBackward(
  b: Backend,
  activation: ResolvedActivation,
  rows: number,
  cols: number,
  gradIsPreActivation: boolean,
  z: Float32Array,
  y: Float32Array,
  dz: Float32Array,
  dbias: Float32Array | null,
): void {
  const { code, alpha } = activation;
  const elementwise = !gradIsPreActivation && !isLinear(activation);
  if (dbias && code !== undefined && elementwise) {
    // dz = dy * f'(z) and the bias gradient in one call (the column sums read dz while it is in cache).
    b.activationBiasBackward(code, rows, cols, alpha, z, y, dz, dz, dbias);
    return;
  }
  if (elementwise) activationBackward(b, activation, rows, cols, z, y, dz, dz);
  if (dbias) b.biasGrad(rows, cols, dz, dbias);
}
