import { columnAccumulator } from './bias.js';

// Per-column (feature) statistics over the rows (samples) of a batch. Sums run in float64.

/** Training forward; updates running statistics the Keras way and saves mean and 1/std for backward. */
export function batchNormForwardTrain(
  rows: number,
  cols: number,
  epsilon: number,
  momentum: number,
  x: Float32Array,
  gamma: Float32Array,
  beta: Float32Array,
  runningMean: Float32Array,
  runningVar: Float32Array,
  y: Float32Array,
  saveMean: Float32Array,
  saveInvStd: Float32Array,
): void {
  const acc = columnAccumulator(2 * cols);
  acc.fill(0, 0, 2 * cols);
  for (let r = 0, o = 0; r < rows; r++, o += cols) {
    for (let c = 0; c < cols; c++) acc[c] += x[o + c];
  }
  for (let c = 0; c < cols; c++) acc[c] /= rows;
  // Two-pass variance: no cancellation when the mean is large against the spread.
  for (let r = 0, o = 0; r < rows; r++, o += cols) {
    for (let c = 0; c < cols; c++) {
      const d = x[o + c] - acc[c];
      acc[cols + c] += d * d;
    }
  }
  for (let c = 0; c < cols; c++) {
    const mean = acc[c];
    const variance = acc[cols + c] / rows;
    saveMean[c] = mean;
    saveInvStd[c] = 1 / Math.sqrt(variance + epsilon);
    runningMean[c] = momentum * runningMean[c] + (1 - momentum) * mean;
    runningVar[c] = momentum * runningVar[c] + (1 - momentum) * variance;
  }
  for (let r = 0, o = 0; r < rows; r++, o += cols) {
    for (let c = 0; c < cols; c++) y[o + c] = gamma[c] * (x[o + c] - acc[c]) * saveInvStd[c] + beta[c];
  }
}

/** Inference forward with the running statistics. y may alias x. */
export function batchNormForwardInference(
  rows: number,
  cols: number,
  epsilon: number,
  x: Float32Array,
  gamma: Float32Array,
  beta: Float32Array,
  runningMean: Float32Array,
  runningVar: Float32Array,
  y: Float32Array,
): void {
  for (let r = 0, o = 0; r < rows; r++, o += cols) {
    for (let c = 0; c < cols; c++) {
      y[o + c] = (gamma[c] * (x[o + c] - runningMean[c])) / Math.sqrt(runningVar[c] + epsilon) + beta[c];
    }
  }
}

/** dgamma, dbeta overwritten; dx = gamma * invStd / rows * (rows * dy - dbeta - xhat * dgamma), may alias dy. */
export function batchNormBackward(
  rows: number,
  cols: number,
  x: Float32Array,
  gamma: Float32Array,
  saveMean: Float32Array,
  saveInvStd: Float32Array,
  dy: Float32Array,
  dx: Float32Array,
  dgamma: Float32Array,
  dbeta: Float32Array,
): void {
  const acc = columnAccumulator(2 * cols);
  acc.fill(0, 0, 2 * cols);
  for (let r = 0, o = 0; r < rows; r++, o += cols) {
    for (let c = 0; c < cols; c++) {
      const g = dy[o + c];
      acc[c] += g;
      acc[cols + c] += g * (x[o + c] - saveMean[c]) * saveInvStd[c];
    }
  }
  for (let c = 0; c < cols; c++) {
    dbeta[c] = acc[c];
    dgamma[c] = acc[cols + c];
  }
  for (let r = 0, o = 0; r < rows; r++, o += cols) {
    for (let c = 0; c < cols; c++) {
      const invStd = saveInvStd[c];
      const xhat = (x[o + c] - saveMean[c]) * invStd;
      dx[o + c] = ((gamma[c] * invStd) / rows) * (rows * dy[o + c] - acc[c] - xhat * acc[cols + c]);
    }
  }
}
