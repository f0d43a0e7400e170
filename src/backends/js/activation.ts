import { Activation, type ActivationCode } from '../contract.js';
import { copy } from './norm.js';

const SQRT1_2 = Math.SQRT1_2;
const INV_SQRT_2PI = 1 / Math.sqrt(2 * Math.PI);

/** Logistic sigmoid, stable at both ends (never exp of a large positive number). */
export function sigmoid(x: number): number {
  if (x >= 0) return 1 / (1 + Math.exp(-x));
  const e = Math.exp(x);
  return e / (1 + e);
}

/**
 * erf(x), Abramowitz and Stegun 7.1.26 on |x| with the odd symmetry: absolute error below 1.5e-7, under
 * float32's resolution of the GELU's output scale.
 */
export function erf(x: number): number {
  const s = x < 0 ? -1 : 1;
  const ax = Math.abs(x);
  const t = 1 / (1 + 0.3275911 * ax);
  const poly = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))));
  return s * (1 - poly * Math.exp(-ax * ax));
}

/** y = f(x) over n values; alpha parameterises leakyRelu and elu. y may alias x. */
export function activationForward(
  kind: ActivationCode,
  n: number,
  alpha: number,
  x: Float32Array,
  y: Float32Array,
): void {
  switch (kind) {
    case Activation.identity:
      copy(n, x, y);
      return;
    case Activation.sigmoid:
      for (let i = 0; i < n; i++) y[i] = sigmoid(x[i]);
      return;
    case Activation.tanh:
      for (let i = 0; i < n; i++) y[i] = Math.tanh(x[i]);
      return;
    case Activation.relu:
      // NaN fails v <= 0 and passes through.
      for (let i = 0; i < n; i++) {
        const v = x[i];
        y[i] = v <= 0 ? 0 : v;
      }
      return;
    case Activation.leakyRelu:
      for (let i = 0; i < n; i++) {
        const v = x[i];
        y[i] = v > 0 ? v : alpha * v;
      }
      return;
    case Activation.elu:
      for (let i = 0; i < n; i++) {
        const v = x[i];
        y[i] = v > 0 ? v : alpha * Math.expm1(v);
      }
      return;
    case Activation.gelu:
      for (let i = 0; i < n; i++) {
        const v = x[i];
        y[i] = 0.5 * v * (1 + erf(v * SQRT1_2));
      }
      return;
    default:
      throw new RangeError(`backprop: activationForward: unknown activation code ${kind as number}`);
  }
}

/** dx = dy * f'(x) over n values (sigmoid and tanh from y = f(x)). dx may alias dy. */
export function activationBackward(
  kind: ActivationCode,
  n: number,
  alpha: number,
  x: Float32Array,
  y: Float32Array,
  dy: Float32Array,
  dx: Float32Array,
): void {
  switch (kind) {
    case Activation.identity:
      copy(n, dy, dx);
      return;
    case Activation.sigmoid:
      for (let i = 0; i < n; i++) {
        const s = y[i];
        dx[i] = dy[i] * s * (1 - s);
      }
      return;
    case Activation.tanh:
      for (let i = 0; i < n; i++) {
        const t = y[i];
        dx[i] = dy[i] * (1 - t * t);
      }
      return;
    case Activation.relu:
      // dy for x > 0; NaN where x or dy is NaN; else 0. Statements, not one conditional expression: V8 boxed
      // the value of a conditional mixing g, 0 and NaN into a new heap number per element.
      for (let i = 0; i < n; i++) {
        const v = x[i],
          g = dy[i];
        if (v > 0) dx[i] = g;
        else if (v <= 0 && g === g) dx[i] = 0;
        else dx[i] = NaN;
      }
      return;
    case Activation.leakyRelu:
      // Statements, as relu's above: a conditional expression with a NaN arm boxed every element.
      for (let i = 0; i < n; i++) {
        const v = x[i];
        if (v > 0) dx[i] = dy[i];
        else if (v <= 0) dx[i] = alpha * dy[i];
        else dx[i] = NaN;
      }
      return;
    case Activation.elu:
      // f'(x) = alpha * exp(x) = f(x) + alpha for x <= 0.
      for (let i = 0; i < n; i++) dx[i] = x[i] > 0 ? dy[i] : dy[i] * (y[i] + alpha);
      return;
    case Activation.gelu:
      for (let i = 0; i < n; i++) {
        const v = x[i];
        const cdf = 0.5 * (1 + erf(v * SQRT1_2));
        dx[i] = dy[i] * (cdf + v * INV_SQRT_2PI * Math.exp(-0.5 * v * v));
      }
      return;
    default:
      throw new RangeError(`backprop: activationBackward: unknown activation code ${kind as number}`);
  }
}

/** The perceptron's step function: 1 where x > 0, NaN where x is NaN (as PyTorch's heaviside), else 0. y may alias x. */
export function stepForward(n: number, x: Float32Array, y: Float32Array): void {
  for (let i = 0; i < n; i++) {
    const v = x[i];
    y[i] = v > 0 ? 1 : v <= 0 ? 0 : NaN;
  }
}

/** Row-wise softmax with the row maximum subtracted. y may alias x. */
export function softmaxForward(rows: number, cols: number, x: Float32Array, y: Float32Array): void {
  for (let r = 0, o = 0; r < rows; r++, o += cols) {
    let max = -Infinity;
    for (let c = 0; c < cols; c++) if (x[o + c] > max) max = x[o + c];
    let sum = 0;
    for (let c = 0; c < cols; c++) {
      const e = Math.exp(x[o + c] - max);
      y[o + c] = e;
      sum += e;
    }
    const inv = 1 / sum;
    for (let c = 0; c < cols; c++) y[o + c] *= inv;
  }
}

/** dx = y * (dy - sum(dy * y)) per row. dx may alias dy. */
export function softmaxBackward(rows: number, cols: number, y: Float32Array, dy: Float32Array, dx: Float32Array): void {
  for (let r = 0, o = 0; r < rows; r++, o += cols) {
    let dot = 0;
    for (let c = 0; c < cols; c++) dot += dy[o + c] * y[o + c];
    for (let c = 0; c < cols; c++) dx[o + c] = y[o + c] * (dy[o + c] - dot);
  }
}
