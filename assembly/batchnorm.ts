// Batch normalisation per column (feature) over the rows (samples) of a batch.
// x, y, dy, dx: rows x cols; gamma, beta, runningMean, runningVar, saveMean, saveInvStd, dgamma, dbeta: cols.
// Column statistics are summed in float64 (two passes: mean, then squared deviations), four columns at a
// time as two f64x2 pairs walking down the rows; the elementwise passes run along rows in f32x4.
// epsilon and momentum come in float64, so 1 - momentum is exact to float64 as in the js reference.

import { promoteHigh } from './reduce';

// @ts-ignore: decorator
@inline
function at(base: usize, i: i32): usize {
  return base + (<usize>i << 2);
}

/** mean and biased variance of each column into saveMean / saveInvStd, running statistics updated. */
export function batchNormForwardTrain(rows: i32, cols: i32, epsilon: f64, momentum: f64, x: usize,
  gamma: usize, beta: usize, runningMean: usize, runningVar: usize, y: usize, saveMean: usize,
  saveInvStd: usize): void {
  const invRows = 1.0 / <f64>rows;
  const keep = momentum;
  let c = 0;
  if (ASC_FEATURE_SIMD) {
    for (; c + 4 <= cols; c += 4) {
      let lo = f64x2.splat(0), hi = f64x2.splat(0);
      for (let r = 0; r < rows; r++) {
        const v = v128.load(at(x, r * cols + c));
        lo = f64x2.add(lo, f64x2.promote_low_f32x4(v));
        hi = f64x2.add(hi, promoteHigh(v));
      }
      const vInv = f64x2.splat(invRows);
      const meanLo = f64x2.mul(lo, vInv), meanHi = f64x2.mul(hi, vInv);
      let sqLo = f64x2.splat(0), sqHi = f64x2.splat(0);
      for (let r = 0; r < rows; r++) {
        const v = v128.load(at(x, r * cols + c));
        const dLo = f64x2.sub(f64x2.promote_low_f32x4(v), meanLo);
        const dHi = f64x2.sub(promoteHigh(v), meanHi);
        sqLo = f64x2.add(sqLo, f64x2.mul(dLo, dLo));
        sqHi = f64x2.add(sqHi, f64x2.mul(dHi, dHi));
      }
      saveColumnStats(c, f64x2.extract_lane(meanLo, 0), f64x2.extract_lane(sqLo, 0) * invRows, epsilon, keep,
        runningMean, runningVar, saveMean, saveInvStd);
      saveColumnStats(c + 1, f64x2.extract_lane(meanLo, 1), f64x2.extract_lane(sqLo, 1) * invRows, epsilon, keep,
        runningMean, runningVar, saveMean, saveInvStd);
      saveColumnStats(c + 2, f64x2.extract_lane(meanHi, 0), f64x2.extract_lane(sqHi, 0) * invRows, epsilon, keep,
        runningMean, runningVar, saveMean, saveInvStd);
      saveColumnStats(c + 3, f64x2.extract_lane(meanHi, 1), f64x2.extract_lane(sqHi, 1) * invRows, epsilon, keep,
        runningMean, runningVar, saveMean, saveInvStd);
    }
  }
  for (; c < cols; c++) {
    let sum: f64 = 0;
    for (let r = 0; r < rows; r++) sum += <f64>load<f32>(at(x, r * cols + c));
    const mean = sum * invRows;
    let sq: f64 = 0;
    for (let r = 0; r < rows; r++) {
      const d = <f64>load<f32>(at(x, r * cols + c)) - mean;
      sq += d * d;
    }
    saveColumnStats(c, mean, sq * invRows, epsilon, keep, runningMean, runningVar, saveMean, saveInvStd);
  }
  normalize(rows, cols, x, saveMean, saveInvStd, gamma, beta, y);
}

// @ts-ignore: decorator
@inline
function saveColumnStats(c: i32, mean: f64, variance: f64, epsilon: f64, keep: f64, runningMean: usize,
  runningVar: usize, saveMean: usize, saveInvStd: usize): void {
  store<f32>(at(saveMean, c), <f32>mean);
  store<f32>(at(saveInvStd, c), <f32>(1.0 / Math.sqrt(variance + epsilon)));
  store<f32>(at(runningMean, c), <f32>(keep * <f64>load<f32>(at(runningMean, c)) + (1.0 - keep) * mean));
  store<f32>(at(runningVar, c), <f32>(keep * <f64>load<f32>(at(runningVar, c)) + (1.0 - keep) * variance));
}

/** y = (x - mean[c]) * (gamma[c] * invStd[c]) + beta[c]; y may alias x. */
function normalize(rows: i32, cols: i32, x: usize, mean: usize, invStd: usize, gamma: usize, beta: usize,
  y: usize): void {
  for (let r = 0; r < rows; r++) {
    let c = 0;
    if (ASC_FEATURE_SIMD) {
      for (; c + 4 <= cols; c += 4) {
        const scale = f32x4.mul(v128.load(at(gamma, c)), v128.load(at(invStd, c)));
        const centred = f32x4.sub(v128.load(at(x, r * cols + c)), v128.load(at(mean, c)));
        v128.store(at(y, r * cols + c), f32x4.add(f32x4.mul(centred, scale), v128.load(at(beta, c))));
      }
    }
    for (; c < cols; c++) {
      const scale = load<f32>(at(gamma, c)) * load<f32>(at(invStd, c));
      const centred = load<f32>(at(x, r * cols + c)) - load<f32>(at(mean, c));
      store<f32>(at(y, r * cols + c), centred * scale + load<f32>(at(beta, c)));
    }
  }
}

/**
 * Inference: y = gamma (x - runningMean) / sqrt(runningVar + epsilon) + beta. Each column's scale is
 * formed once (inverse square root in float64), then its rows are walked (no scratch buffer needed).
 */
export function batchNormForwardInference(rows: i32, cols: i32, epsilon: f64, x: usize, gamma: usize,
  beta: usize, runningMean: usize, runningVar: usize, y: usize): void {
  let c = 0;
  if (ASC_FEATURE_SIMD) {
    for (; c + 4 <= cols; c += 4) {
      let scale = f32x4.splat(0);
      scale = f32x4.replace_lane(scale, 0, inferenceScale(c, epsilon, gamma, runningVar));
      scale = f32x4.replace_lane(scale, 1, inferenceScale(c + 1, epsilon, gamma, runningVar));
      scale = f32x4.replace_lane(scale, 2, inferenceScale(c + 2, epsilon, gamma, runningVar));
      scale = f32x4.replace_lane(scale, 3, inferenceScale(c + 3, epsilon, gamma, runningVar));
      const mean = v128.load(at(runningMean, c));
      const shift = v128.load(at(beta, c));
      for (let r = 0; r < rows; r++) {
        const centred = f32x4.sub(v128.load(at(x, r * cols + c)), mean);
        v128.store(at(y, r * cols + c), f32x4.add(f32x4.mul(centred, scale), shift));
      }
    }
  }
  for (; c < cols; c++) {
    const scale = inferenceScale(c, epsilon, gamma, runningVar);
    const mean = load<f32>(at(runningMean, c));
    const shift = load<f32>(at(beta, c));
    for (let r = 0; r < rows; r++) {
      store<f32>(at(y, r * cols + c), (load<f32>(at(x, r * cols + c)) - mean) * scale + shift);
    }
  }
}

// @ts-ignore: decorator
@inline
function inferenceScale(c: i32, epsilon: f64, gamma: usize, runningVar: usize): f32 {
  const invStd = <f32>(1.0 / Math.sqrt(<f64>load<f32>(at(runningVar, c)) + epsilon));
  return load<f32>(at(gamma, c)) * invStd;
}

/**
 * Backward: xhat = (x - mean) invStd; dbeta = sum dy, dgamma = sum dy xhat (float64);
 * dx = gamma invStd / rows (rows dy - dbeta - xhat dgamma). dx may alias dy (dy is fully read first).
 */
export function batchNormBackward(rows: i32, cols: i32, x: usize, gamma: usize, saveMean: usize,
  saveInvStd: usize, dy: usize, dx: usize, dgamma: usize, dbeta: usize): void {
  let c = 0;
  if (ASC_FEATURE_SIMD) {
    for (; c + 4 <= cols; c += 4) {
      const mean = v128.load(at(saveMean, c));
      const invStd = v128.load(at(saveInvStd, c));
      let bLo = f64x2.splat(0), bHi = f64x2.splat(0), gLo = f64x2.splat(0), gHi = f64x2.splat(0);
      for (let r = 0; r < rows; r++) {
        const g = v128.load(at(dy, r * cols + c));
        const xhat = f32x4.mul(f32x4.sub(v128.load(at(x, r * cols + c)), mean), invStd);
        const gl = f64x2.promote_low_f32x4(g), gh = promoteHigh(g);
        bLo = f64x2.add(bLo, gl);
        bHi = f64x2.add(bHi, gh);
        gLo = f64x2.add(gLo, f64x2.mul(gl, f64x2.promote_low_f32x4(xhat)));
        gHi = f64x2.add(gHi, f64x2.mul(gh, promoteHigh(xhat)));
      }
      v128.store(at(dbeta, c), f32x4.shuffle(f32x4.demote_f64x2_zero(bLo), f32x4.demote_f64x2_zero(bHi), 0, 1, 4, 5));
      v128.store(at(dgamma, c), f32x4.shuffle(f32x4.demote_f64x2_zero(gLo), f32x4.demote_f64x2_zero(gHi), 0, 1, 4, 5));
    }
  }
  for (; c < cols; c++) {
    const mean = load<f32>(at(saveMean, c));
    const invStd = load<f32>(at(saveInvStd, c));
    let sumB: f64 = 0, sumG: f64 = 0;
    for (let r = 0; r < rows; r++) {
      const g = <f64>load<f32>(at(dy, r * cols + c));
      const xhat = (load<f32>(at(x, r * cols + c)) - mean) * invStd;
      sumB += g;
      sumG += g * <f64>xhat;
    }
    store<f32>(at(dbeta, c), <f32>sumB);
    store<f32>(at(dgamma, c), <f32>sumG);
  }
  const n = <f32>rows;
  const invN: f32 = <f32>(1.0 / <f64>rows);
  for (let r = 0; r < rows; r++) {
    c = 0;
    if (ASC_FEATURE_SIMD) {
      for (; c + 4 <= cols; c += 4) {
        const invStd = v128.load(at(saveInvStd, c));
        const k = f32x4.mul(f32x4.mul(v128.load(at(gamma, c)), invStd), f32x4.splat(invN));
        const xhat = f32x4.mul(f32x4.sub(v128.load(at(x, r * cols + c)), v128.load(at(saveMean, c))), invStd);
        let t = f32x4.sub(f32x4.mul(f32x4.splat(n), v128.load(at(dy, r * cols + c))), v128.load(at(dbeta, c)));
        t = f32x4.sub(t, f32x4.mul(xhat, v128.load(at(dgamma, c))));
        v128.store(at(dx, r * cols + c), f32x4.mul(k, t));
      }
    }
    for (; c < cols; c++) {
      const invStd = load<f32>(at(saveInvStd, c));
      const k = load<f32>(at(gamma, c)) * invStd * invN;
      const xhat = (load<f32>(at(x, r * cols + c)) - load<f32>(at(saveMean, c))) * invStd;
      const t = n * load<f32>(at(dy, r * cols + c)) - load<f32>(at(dbeta, c)) - xhat * load<f32>(at(dgamma, c));
      store<f32>(at(dx, r * cols + c), k * t);
    }
  }
}
