// Batch normalisation per column (feature) over the rows (samples) of a batch.
// x, y, dy, dx: rows x cols; gamma, beta, runningMean, runningVar, saveMean, saveInvStd, dgamma, dbeta: cols.
//
// All arithmetic is float64 in the js reference's order (sums down the rows, two-pass variance, the
// unrounded float64 mean and column sums reused by the elementwise pass), two columns at a time (f64x2),
// and only stored values are rounded to float32: results are the same float32 bits as js. That is why
// each group of columns is finished (statistics, then its rows) before the next: the float64 statistics
// stay in registers instead of needing a scratch buffer.

import { loadPairF64, storePairF32 } from './reduce';

// @ts-ignore: decorator
@inline
function at(base: usize, i: i32): usize {
  return base + (<usize>i << 2);
}

// @ts-ignore: decorator
@inline
function loadF64(p: usize): f64 {
  return <f64>load<f32>(p);
}

/** Statistics of each column into saveMean / saveInvStd, running statistics updated, y normalised. */
export function batchNormForwardTrain(rows: i32, cols: i32, epsilon: f64, momentum: f64, x: usize,
  gamma: usize, beta: usize, runningMean: usize, runningVar: usize, y: usize, saveMean: usize,
  saveInvStd: usize): void {
  const n = <f64>rows;
  let c = 0;
  if (ASC_FEATURE_SIMD) {
    for (; c + 2 <= cols; c += 2) {
      let sum = f64x2.splat(0);
      for (let r = 0; r < rows; r++) sum = f64x2.add(sum, loadPairF64(at(x, r * cols + c)));
      const mean = f64x2.div(sum, f64x2.splat(n));
      let sq = f64x2.splat(0);
      for (let r = 0; r < rows; r++) {
        const d = f64x2.sub(loadPairF64(at(x, r * cols + c)), mean);
        sq = f64x2.add(sq, f64x2.mul(d, d));
      }
      const variance = f64x2.div(sq, f64x2.splat(n));
      storePairF32(at(saveMean, c), mean);
      storePairF32(at(saveInvStd, c), f64x2.div(f64x2.splat(1), f64x2.sqrt(f64x2.add(variance, f64x2.splat(epsilon)))));
      const keep = f64x2.splat(momentum), rest = f64x2.splat(1 - momentum);
      storePairF32(at(runningMean, c), f64x2.add(f64x2.mul(keep, loadPairF64(at(runningMean, c))), f64x2.mul(rest, mean)));
      storePairF32(at(runningVar, c), f64x2.add(f64x2.mul(keep, loadPairF64(at(runningVar, c))), f64x2.mul(rest, variance)));
      // js normalises with the float64 mean and the float32-rounded inverse standard deviation.
      const invStd = loadPairF64(at(saveInvStd, c));
      const g = loadPairF64(at(gamma, c)), b = loadPairF64(at(beta, c));
      for (let r = 0; r < rows; r++) {
        const centred = f64x2.sub(loadPairF64(at(x, r * cols + c)), mean);
        storePairF32(at(y, r * cols + c), f64x2.add(f64x2.mul(f64x2.mul(g, centred), invStd), b));
      }
    }
  }
  for (; c < cols; c++) {
    let sum: f64 = 0;
    for (let r = 0; r < rows; r++) sum += loadF64(at(x, r * cols + c));
    const mean = sum / n;
    let sq: f64 = 0;
    for (let r = 0; r < rows; r++) {
      const d = loadF64(at(x, r * cols + c)) - mean;
      sq += d * d;
    }
    const variance = sq / n;
    store<f32>(at(saveMean, c), <f32>mean);
    store<f32>(at(saveInvStd, c), <f32>(1 / Math.sqrt(variance + epsilon)));
    store<f32>(at(runningMean, c), <f32>(momentum * loadF64(at(runningMean, c)) + (1 - momentum) * mean));
    store<f32>(at(runningVar, c), <f32>(momentum * loadF64(at(runningVar, c)) + (1 - momentum) * variance));
    const invStd = loadF64(at(saveInvStd, c));
    const g = loadF64(at(gamma, c)), b = loadF64(at(beta, c));
    for (let r = 0; r < rows; r++) {
      store<f32>(at(y, r * cols + c), <f32>(g * (loadF64(at(x, r * cols + c)) - mean) * invStd + b));
    }
  }
}

/** Inference: y = gamma (x - runningMean) / sqrt(runningVar + epsilon) + beta. y may alias x. */
export function batchNormForwardInference(rows: i32, cols: i32, epsilon: f64, x: usize, gamma: usize,
  beta: usize, runningMean: usize, runningVar: usize, y: usize): void {
  let c = 0;
  if (ASC_FEATURE_SIMD) {
    for (; c + 2 <= cols; c += 2) {
      const g = loadPairF64(at(gamma, c)), b = loadPairF64(at(beta, c)), mean = loadPairF64(at(runningMean, c));
      const std = f64x2.sqrt(f64x2.add(loadPairF64(at(runningVar, c)), f64x2.splat(epsilon)));
      for (let r = 0; r < rows; r++) {
        const centred = f64x2.sub(loadPairF64(at(x, r * cols + c)), mean);
        storePairF32(at(y, r * cols + c), f64x2.add(f64x2.div(f64x2.mul(g, centred), std), b));
      }
    }
  }
  for (; c < cols; c++) {
    const g = loadF64(at(gamma, c)), b = loadF64(at(beta, c)), mean = loadF64(at(runningMean, c));
    const std = Math.sqrt(loadF64(at(runningVar, c)) + epsilon);
    for (let r = 0; r < rows; r++) {
      store<f32>(at(y, r * cols + c), <f32>((g * (loadF64(at(x, r * cols + c)) - mean)) / std + b));
    }
  }
}

/**
 * Backward: dbeta = sum dy, dgamma = sum dy (x - mean) invStd (float64, down the rows);
 * dx = gamma invStd / rows (rows dy - dbeta - xhat dgamma) with the unrounded sums. dx may alias dy: each
 * column group reads all of its dy before writing its dx.
 */
export function batchNormBackward(rows: i32, cols: i32, x: usize, gamma: usize, saveMean: usize,
  saveInvStd: usize, dy: usize, dx: usize, dgamma: usize, dbeta: usize): void {
  const n = <f64>rows;
  let c = 0;
  if (ASC_FEATURE_SIMD) {
    const vn = f64x2.splat(n);
    for (; c + 2 <= cols; c += 2) {
      const mean = loadPairF64(at(saveMean, c)), invStd = loadPairF64(at(saveInvStd, c));
      let sumB = f64x2.splat(0), sumG = f64x2.splat(0);
      for (let r = 0; r < rows; r++) {
        const g = loadPairF64(at(dy, r * cols + c));
        sumB = f64x2.add(sumB, g);
        sumG = f64x2.add(sumG, f64x2.mul(f64x2.mul(g, f64x2.sub(loadPairF64(at(x, r * cols + c)), mean)), invStd));
      }
      storePairF32(at(dbeta, c), sumB);
      storePairF32(at(dgamma, c), sumG);
      const k = f64x2.div(f64x2.mul(loadPairF64(at(gamma, c)), invStd), vn);
      for (let r = 0; r < rows; r++) {
        const xhat = f64x2.mul(f64x2.sub(loadPairF64(at(x, r * cols + c)), mean), invStd);
        const t = f64x2.sub(f64x2.sub(f64x2.mul(vn, loadPairF64(at(dy, r * cols + c))), sumB), f64x2.mul(xhat, sumG));
        storePairF32(at(dx, r * cols + c), f64x2.mul(k, t));
      }
    }
  }
  for (; c < cols; c++) {
    const mean = loadF64(at(saveMean, c)), invStd = loadF64(at(saveInvStd, c));
    let sumB: f64 = 0, sumG: f64 = 0;
    for (let r = 0; r < rows; r++) {
      const g = loadF64(at(dy, r * cols + c));
      sumB += g;
      sumG += g * (loadF64(at(x, r * cols + c)) - mean) * invStd;
    }
    store<f32>(at(dbeta, c), <f32>sumB);
    store<f32>(at(dgamma, c), <f32>sumG);
    const k = (loadF64(at(gamma, c)) * invStd) / n;
    for (let r = 0; r < rows; r++) {
      const xhat = (loadF64(at(x, r * cols + c)) - mean) * invStd;
      store<f32>(at(dx, r * cols + c), <f32>(k * (n * loadF64(at(dy, r * cols + c)) - sumB - xhat * sumG)));
    }
  }
}
