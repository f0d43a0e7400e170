// Norms and whole-buffer arithmetic: max-norm projection of a dense kernel (w: rows x cols), the sum of
// squares for the global gradient norm, scaling, clipping, axpy (x, y: n values).

import { promoteHigh, sumOfSquaresF64 } from './reduce';

// @ts-ignore: decorator
@inline
function at(base: usize, i: i32): usize {
  return base + (<usize>i << 2);
}

const NORM_EPSILON: f64 = 1e-7;

/** Keras MaxNorm(axis=0): column c *= min(norm, maxValue) / (norm + 1e-7), norm its float64 L2 norm. */
export function maxNormProject(rows: i32, cols: i32, maxValue: f64, w: usize): void {
  let c = 0;
  if (ASC_FEATURE_SIMD) {
    for (; c + 4 <= cols; c += 4) {
      let lo = f64x2.splat(0), hi = f64x2.splat(0);
      for (let r = 0; r < rows; r++) {
        const v = v128.load(at(w, r * cols + c));
        const vl = f64x2.promote_low_f32x4(v), vh = promoteHigh(v);
        lo = f64x2.add(lo, f64x2.mul(vl, vl));
        hi = f64x2.add(hi, f64x2.mul(vh, vh));
      }
      let s = f32x4.splat(0);
      s = f32x4.replace_lane(s, 0, projectionScale(f64x2.extract_lane(lo, 0), maxValue));
      s = f32x4.replace_lane(s, 1, projectionScale(f64x2.extract_lane(lo, 1), maxValue));
      s = f32x4.replace_lane(s, 2, projectionScale(f64x2.extract_lane(hi, 0), maxValue));
      s = f32x4.replace_lane(s, 3, projectionScale(f64x2.extract_lane(hi, 1), maxValue));
      for (let r = 0; r < rows; r++) {
        const p = at(w, r * cols + c);
        v128.store(p, f32x4.mul(v128.load(p), s));
      }
    }
  }
  for (; c < cols; c++) {
    let sq: f64 = 0;
    for (let r = 0; r < rows; r++) {
      const v = <f64>load<f32>(at(w, r * cols + c));
      sq += v * v;
    }
    const s = projectionScale(sq, maxValue);
    for (let r = 0; r < rows; r++) {
      const p = at(w, r * cols + c);
      store<f32>(p, load<f32>(p) * s);
    }
  }
}

// @ts-ignore: decorator
@inline
function projectionScale(squaredNorm: f64, maxValue: f64): f32 {
  const norm = Math.sqrt(squaredNorm);
  return <f32>(min<f64>(norm, maxValue) / (norm + NORM_EPSILON));
}

/** sum of x[i]^2 over n values, in float64. */
export function sumOfSquares(n: i32, x: usize): f64 {
  return sumOfSquaresF64(n, x);
}

/** x *= s, the product in float64 with s as given (as js does), rounded once. */
export function scale(n: i32, s: f64, x: usize): void {
  let i = 0;
  if (ASC_FEATURE_SIMD) {
    const vs = f64x2.splat(s);
    for (; i + 4 <= n; i += 4) {
      const v = v128.load(at(x, i));
      const lo = f64x2.mul(f64x2.promote_low_f32x4(v), vs), hi = f64x2.mul(promoteHigh(v), vs);
      v128.store(at(x, i), f32x4.shuffle(f32x4.demote_f64x2_zero(lo), f32x4.demote_f64x2_zero(hi), 0, 1, 4, 5));
    }
  }
  for (; i < n; i++) store<f32>(at(x, i), <f32>(<f64>load<f32>(at(x, i)) * s));
}

/** x = min(max(x, lo), hi). */
export function clipByValue(n: i32, lo: f32, hi: f32, x: usize): void {
  let i = 0;
  if (ASC_FEATURE_SIMD) {
    const vlo = f32x4.splat(lo), vhi = f32x4.splat(hi);
    for (; i + 4 <= n; i += 4) v128.store(at(x, i), f32x4.min(f32x4.max(v128.load(at(x, i)), vlo), vhi));
  }
  for (; i < n; i++) store<f32>(at(x, i), min<f32>(max<f32>(load<f32>(at(x, i)), lo), hi));
}

/** y += alpha * x, in float64 (alpha as given, as js does), rounded once. */
export function axpy(n: i32, alpha: f64, x: usize, y: usize): void {
  let i = 0;
  if (ASC_FEATURE_SIMD) {
    const va = f64x2.splat(alpha);
    for (; i + 4 <= n; i += 4) {
      const xv = v128.load(at(x, i));
      const yv = v128.load(at(y, i));
      const lo = f64x2.add(f64x2.promote_low_f32x4(yv), f64x2.mul(va, f64x2.promote_low_f32x4(xv)));
      const hi = f64x2.add(promoteHigh(yv), f64x2.mul(va, promoteHigh(xv)));
      v128.store(at(y, i), f32x4.shuffle(f32x4.demote_f64x2_zero(lo), f32x4.demote_f64x2_zero(hi), 0, 1, 4, 5));
    }
  }
  for (; i < n; i++) store<f32>(at(y, i), <f32>(<f64>load<f32>(at(y, i)) + alpha * <f64>load<f32>(at(x, i))));
}

/** y = x (y may be x itself: then nothing moves). */
export function copy(n: i32, x: usize, y: usize): void {
  if (x != y) memory.copy(y, x, <usize>n << 2);
}
