// Fused losses: each returns the batch's loss and overwrites grad with its gradient. Sums run in float64.

// Probabilities are clamped to [1e-7, 1 - 1e-7] as float32 numbers, as Keras clips them in float32: 1 - 1e-7 is
// 0.99999988 there. The native kernels clamp in float32 too; clamping at the float64 0.9999999 instead made
// 1 / (1 - p) differ from native by 19 % for a prediction of 1 with target 0.
const BCE_LOW = Math.fround(1e-7);
const BCE_HIGH = Math.fround(1 - 1e-7);

/** sum (p - t)^2 / (rows * cols); grad = 2 (p - t) / (rows * cols). */
export function mseLoss(
  rows: number,
  cols: number,
  pred: Float32Array,
  target: Float32Array,
  grad: Float32Array,
): number {
  const n = rows * cols;
  return squaredErrors(n, 2 / n, pred, target, grad) / n;
}

/**
 * Half the sum of squared errors per sample, E = 1/2 sum (p - t)^2, averaged over rows (the error function of
 * Rumelhart, Hinton and Williams' backpropagation); grad = (p - t) / rows.
 */
export function sseLoss(
  rows: number,
  cols: number,
  pred: Float32Array,
  target: Float32Array,
  grad: Float32Array,
): number {
  return (0.5 * squaredErrors(rows * cols, 1 / rows, pred, target, grad)) / rows;
}

/** sum (p - t)^2 over n values, in float64; grad = scale * (p - t). */
function squaredErrors(n: number, scale: number, pred: Float32Array, target: Float32Array, grad: Float32Array): number {
  let sum = 0;
  for (let i = 0; i < n; i++) {
    const d = pred[i] - target[i];
    sum += d * d;
    grad[i] = scale * d;
  }
  return sum;
}

/** Binary cross-entropy from probabilities clamped to [1e-7, 1 - 1e-7] (float32), mean over all values. */
export function bceLoss(
  rows: number,
  cols: number,
  prob: Float32Array,
  target: Float32Array,
  grad: Float32Array,
): number {
  const n = rows * cols;
  const inv = 1 / n;
  let sum = 0;
  for (let i = 0; i < n; i++) {
    const p = Math.min(Math.max(prob[i], BCE_LOW), BCE_HIGH);
    const t = target[i];
    sum -= t * Math.log(p) + (1 - t) * Math.log(1 - p);
    grad[i] = (inv * (p - t)) / (p * (1 - p));
  }
  return sum * inv;
}

/** Binary cross-entropy from logits: max(z, 0) - z t + log(1 + exp(-|z|)), mean over all values. */
export function bceLogitsLoss(
  rows: number,
  cols: number,
  logits: Float32Array,
  target: Float32Array,
  grad: Float32Array,
): number {
  const n = rows * cols;
  const inv = 1 / n;
  let sum = 0;
  for (let i = 0; i < n; i++) {
    const z = logits[i];
    const t = target[i];
    const e = Math.exp(-Math.abs(z));
    sum += (z > 0 ? z : 0) - z * t + Math.log1p(e);
    const s = z >= 0 ? 1 / (1 + e) : e / (1 + e);
    grad[i] = inv * (s - t);
  }
  return sum * inv;
}

/** Softmax of one row into probs; returns log(sum exp(z - max)) + max, the row's logsumexp. */
function softmaxRow(cols: number, logits: Float32Array, o: number, probs: Float32Array): number {
  let max = -Infinity;
  for (let c = 0; c < cols; c++) if (logits[o + c] > max) max = logits[o + c];
  let sum = 0;
  for (let c = 0; c < cols; c++) {
    const e = Math.exp(logits[o + c] - max);
    probs[o + c] = e;
    sum += e;
  }
  const inv = 1 / sum;
  for (let c = 0; c < cols; c++) probs[o + c] *= inv;
  return max + Math.log(sum);
}

/** Softmax fused with categorical cross-entropy against probability (one-hot) rows; mean over rows. */
export function softmaxCrossEntropy(
  rows: number,
  cols: number,
  logits: Float32Array,
  target: Float32Array,
  probs: Float32Array,
  grad: Float32Array,
): number {
  const inv = 1 / rows;
  let sum = 0;
  for (let r = 0, o = 0; r < rows; r++, o += cols) {
    const lse = softmaxRow(cols, logits, o, probs);
    // -sum t (z - lse) = lse * sum t - sum t z, exact for rows whose targets do not sum to 1 too.
    let tz = 0,
      tsum = 0;
    for (let c = 0; c < cols; c++) {
      const t = target[o + c];
      tz += t * logits[o + c];
      tsum += t;
      grad[o + c] = inv * (probs[o + c] - t);
    }
    sum += lse * tsum - tz;
  }
  return sum * inv;
}

/**
 * The same with class indices in labels (rows values, integers in [0, cols): the argument checks refuse
 * others before this runs, see validate.ts).
 */
export function sparseSoftmaxCrossEntropy(
  rows: number,
  cols: number,
  logits: Float32Array,
  labels: Float32Array,
  probs: Float32Array,
  grad: Float32Array,
): number {
  const inv = 1 / rows;
  let sum = 0;
  for (let r = 0, o = 0; r < rows; r++, o += cols) {
    const lse = softmaxRow(cols, logits, o, probs);
    const label = labels[r];
    sum += lse - logits[o + label];
    for (let c = 0; c < cols; c++) grad[o + c] = inv * probs[o + c];
    grad[o + label] -= inv;
  }
  return sum * inv;
}
