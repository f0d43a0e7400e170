// Losses: each returns its mean value (float64) and overwrites grad (same shape as the prediction) with
// the gradient of that value. pred, prob, logits, target, probs, grad: rows x cols; labels: rows.
// Values are summed in float64; the per-element logarithms run in float64 too (one per value, cheap next
// to the GEMMs that produce the predictions). Exponentials: the vectorised float32 exp for the sigmoid of
// BCE on logits, the vectorised float64 exp (softmaxRow) for the softmax cross-entropies. Gradients are
// formed in float64 and rounded once, as the js reference forms them.

import { expScalar, expVector } from './approx';
import { promoteHigh, sumF64x2 } from './reduce';
import { softmaxRow } from './activation';

// @ts-ignore: decorator
@inline
function at(base: usize, i: i32): usize {
  return base + (<usize>i << 2);
}

/** sum (p - t)^2 and grad = gradScale * (p - t), all in float64 (the difference of two float32 is exact). */
function squaredError(count: i32, gradScale: f64, pred: usize, target: usize, grad: usize): f64 {
  let i = 0;
  let sum: f64 = 0;
  if (ASC_FEATURE_SIMD) {
    const vs = f64x2.splat(gradScale);
    let lo = f64x2.splat(0), hi = f64x2.splat(0);
    for (; i + 4 <= count; i += 4) {
      const p = v128.load(at(pred, i));
      const t = v128.load(at(target, i));
      const dlo = f64x2.sub(f64x2.promote_low_f32x4(p), f64x2.promote_low_f32x4(t));
      const dhi = f64x2.sub(promoteHigh(p), promoteHigh(t));
      const g = f32x4.shuffle(f32x4.demote_f64x2_zero(f64x2.mul(vs, dlo)), f32x4.demote_f64x2_zero(f64x2.mul(vs, dhi)), 0, 1, 4, 5);
      v128.store(at(grad, i), g);
      lo = f64x2.add(lo, f64x2.mul(dlo, dlo));
      hi = f64x2.add(hi, f64x2.mul(dhi, dhi));
    }
    sum = sumF64x2(f64x2.add(lo, hi));
  }
  for (; i < count; i++) {
    const d = <f64>load<f32>(at(pred, i)) - <f64>load<f32>(at(target, i));
    store<f32>(at(grad, i), <f32>(gradScale * d));
    sum += d * d;
  }
  return sum;
}

/** Mean squared error over rows * cols values; grad = 2 (p - t) / (rows * cols). */
export function mseLoss(rows: i32, cols: i32, pred: usize, target: usize, grad: usize): f64 {
  const count = rows * cols;
  return squaredError(count, 2.0 / <f64>count, pred, target, grad) / <f64>count;
}

/** 1/2 sum (p - t)^2 per sample, averaged over rows; grad = (p - t) / rows. */
export function sseLoss(rows: i32, cols: i32, pred: usize, target: usize, grad: usize): f64 {
  return 0.5 * squaredError(rows * cols, 1.0 / <f64>rows, pred, target, grad) / <f64>rows;
}

// The clamp's bounds are float32 numbers, as in the js reference and the native kernels (Keras clips in
// float32: 1 - 1e-7 is 0.99999988 there).
const BCE_LOW: f64 = <f64><f32>1e-7;
const BCE_HIGH: f64 = <f64>(<f32>1.0 - <f32>1e-7);

/** Binary cross-entropy from probabilities clamped to [1e-7, 1 - 1e-7] (float32), mean over all values. */
export function bceLoss(rows: i32, cols: i32, prob: usize, target: usize, grad: usize): f64 {
  const count = rows * cols;
  const invCount = 1.0 / <f64>count;
  let sum: f64 = 0;
  for (let i = 0; i < count; i++) {
    const p = min<f64>(max<f64>(<f64>load<f32>(at(prob, i)), BCE_LOW), BCE_HIGH);
    const t = <f64>load<f32>(at(target, i));
    sum -= t * Math.log(p) + (1.0 - t) * Math.log(1.0 - p);
    store<f32>(at(grad, i), <f32>((p - t) / (p * (1.0 - p)) * invCount));
  }
  return sum * invCount;
}

/**
 * Binary cross-entropy on logits z: max(z, 0) - z t + log(1 + exp(-|z|)), stable for any z.
 * grad = (sigmoid(z) - t) / count, with sigmoid from the same e = exp(-|z|): 1 / (1 + e) for z >= 0,
 * e / (1 + e) below, so neither side overflows.
 */
export function bceLogitsLoss(rows: i32, cols: i32, logits: usize, target: usize, grad: usize): f64 {
  const count = rows * cols;
  const invCount = 1.0 / <f64>count;
  const gradScale = <f32>invCount;
  let sum: f64 = 0;
  let i = 0;
  if (ASC_FEATURE_SIMD) {
    const one = f32x4.splat(1);
    const zero = f32x4.splat(0);
    for (; i + 4 <= count; i += 4) {
      const z = v128.load(at(logits, i));
      const t = v128.load(at(target, i));
      const e = expVector(f32x4.neg(f32x4.abs(z)));
      const onePlus = f32x4.add(one, e);
      const sig = v128.bitselect(f32x4.div(one, onePlus), f32x4.div(e, onePlus), f32x4.ge(z, zero));
      v128.store(at(grad, i), f32x4.mul(f32x4.sub(sig, t), f32x4.splat(gradScale)));
      sum += bceLogitTerm(f32x4.extract_lane(z, 0), f32x4.extract_lane(t, 0), f32x4.extract_lane(e, 0));
      sum += bceLogitTerm(f32x4.extract_lane(z, 1), f32x4.extract_lane(t, 1), f32x4.extract_lane(e, 1));
      sum += bceLogitTerm(f32x4.extract_lane(z, 2), f32x4.extract_lane(t, 2), f32x4.extract_lane(e, 2));
      sum += bceLogitTerm(f32x4.extract_lane(z, 3), f32x4.extract_lane(t, 3), f32x4.extract_lane(e, 3));
    }
  }
  for (; i < count; i++) {
    const z = load<f32>(at(logits, i));
    const t = load<f32>(at(target, i));
    const e = expScalar(-abs<f32>(z));
    const onePlus: f32 = 1 + e;
    const sig: f32 = z >= 0 ? 1 / onePlus : e / onePlus;
    store<f32>(at(grad, i), (sig - t) * gradScale);
    sum += bceLogitTerm(z, t, e);
  }
  return sum * invCount;
}

// @ts-ignore: decorator
@inline
function bceLogitTerm(z: f32, t: f32, e: f32): f64 {
  const zd = <f64>z;
  return max<f64>(zd, 0) - zd * <f64>t + Math.log1p(<f64>e);
}

/**
 * Softmax cross-entropy on logits with probability rows as targets: per row -sum t log softmax(z)
 * = lse sum(t) - sum t z, lse = max + log(sum exp(z - max)) (lse - sum t z for rows that sum to 1).
 * probs = softmax(z) (softmaxRow: float64 exp); grad = (probs - t) / rows formed in float64, as the js
 * reference does, so probabilities and gradients round to the same float32.
 */
export function softmaxCrossEntropy(rows: i32, cols: i32, logits: usize, target: usize, probs: usize,
  grad: usize): f64 {
  const invRows = 1.0 / <f64>rows;
  let total: f64 = 0;
  for (let r = 0; r < rows; r++) {
    const offset = <usize>(r * cols) << 2;
    const zr = logits + offset, tr = target + offset, pr = probs + offset, gr = grad + offset;
    const lse = softmaxRow(cols, zr, pr);
    let dot: f64 = 0;
    let targetSum: f64 = 0;
    let i = 0;
    if (ASC_FEATURE_SIMD) {
      const vinv = f64x2.splat(invRows);
      for (; i + 2 <= cols; i += 2) {
        const t = f64x2.promote_low_f32x4(v128.load64_zero(at(tr, i)));
        const p = f64x2.promote_low_f32x4(v128.load64_zero(at(pr, i)));
        v128.store64_lane(at(gr, i), f32x4.demote_f64x2_zero(f64x2.mul(vinv, f64x2.sub(p, t))), 0);
      }
    }
    for (; i < cols; i++) {
      store<f32>(at(gr, i), <f32>(invRows * (<f64>load<f32>(at(pr, i)) - <f64>load<f32>(at(tr, i)))));
    }
    for (i = 0; i < cols; i++) {
      const t = <f64>load<f32>(at(tr, i));
      dot += t * <f64>load<f32>(at(zr, i));
      targetSum += t;
    }
    total += lse * targetSum - dot;
  }
  return total * invRows;
}

/**
 * The same with class indices (labels: rows floats holding integers in [0, cols)). Every label is checked
 * before anything is written: returns -(r + 1) for the first bad label of row r (the TypeScript wrapper
 * turns that into a RangeError naming the row and the value), else the mean loss (>= 0).
 */
export function sparseSoftmaxCrossEntropy(rows: i32, cols: i32, logits: usize, labels: usize, probs: usize,
  grad: usize): f64 {
  for (let r = 0; r < rows; r++) {
    const label = load<f32>(at(labels, r));
    // NaN fails every comparison, so it is caught here too.
    if (!(label >= 0 && label < <f32>cols && label == trunc<f32>(label))) return -(<f64>r + 1);
  }
  const invRows = 1.0 / <f64>rows;
  let total: f64 = 0;
  for (let r = 0; r < rows; r++) {
    const offset = <usize>(r * cols) << 2;
    const zr = logits + offset, pr = probs + offset, gr = grad + offset;
    const label = <i32>load<f32>(at(labels, r));
    const lse = softmaxRow(cols, zr, pr);
    let i = 0;
    if (ASC_FEATURE_SIMD) {
      const vinv = f64x2.splat(invRows);
      for (; i + 2 <= cols; i += 2) {
        const p = f64x2.promote_low_f32x4(v128.load64_zero(at(pr, i)));
        v128.store64_lane(at(gr, i), f32x4.demote_f64x2_zero(f64x2.mul(vinv, p)), 0);
      }
    }
    for (; i < cols; i++) store<f32>(at(gr, i), <f32>(invRows * <f64>load<f32>(at(pr, i))));
    store<f32>(at(gr, label), <f32>(<f64>load<f32>(at(gr, label)) - invRows));
    total += lse - <f64>load<f32>(at(zr, label));
  }
  return total * invRows;
}
