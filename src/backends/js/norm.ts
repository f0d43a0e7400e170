import { columnAccumulator } from './bias.js';

/** Keras MaxNorm(axis=0) on a rows x cols kernel: column *= min(norm, maxValue) / (norm + 1e-7). */
export function maxNormProject(rows: number, cols: number, maxValue: number, w: Float32Array): void {
  const sums = columnAccumulator(cols);
  sums.fill(0, 0, cols);
  for (let r = 0, o = 0; r < rows; r++, o += cols) {
    for (let c = 0; c < cols; c++) sums[c] += w[o + c] * w[o + c];
  }
  for (let c = 0; c < cols; c++) {
    const norm = Math.sqrt(sums[c]);
    sums[c] = Math.min(norm, maxValue) / (norm + 1e-7);
  }
  for (let r = 0, o = 0; r < rows; r++, o += cols) {
    for (let c = 0; c < cols; c++) w[o + c] *= sums[c];
  }
}

/** sum x^2 over n values, in float64. */
export function sumOfSquares(n: number, x: Float32Array): number {
  let sum = 0;
  for (let i = 0; i < n; i++) sum += x[i] * x[i];
  return sum;
}

/** x *= s. */
export function scale(n: number, s: number, x: Float32Array): void {
  for (let i = 0; i < n; i++) x[i] *= s;
}

/**
 * x = min(max(x, lo), hi); NaN fails both comparisons and stays. Only clipped values are written: a
 * conditional expression mixing v with lo or hi made V8 box every value into a new heap number.
 */
export function clipByValue(n: number, lo: number, hi: number, x: Float32Array): void {
  for (let i = 0; i < n; i++) {
    const v = x[i];
    if (v < lo) x[i] = lo;
    else if (v > hi) x[i] = hi;
  }
}

/** y += alpha x. */
export function axpy(n: number, alpha: number, x: Float32Array, y: Float32Array): void {
  for (let i = 0; i < n; i++) y[i] += alpha * x[i];
}

/** y = x (y may be x itself). A loop, not y.set(x.subarray(...)): a subarray is an allocation. */
export function copy(n: number, x: Float32Array, y: Float32Array): void {
  if (x !== y) for (let i = 0; i < n; i++) y[i] = x[i];
}
