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

/** x *= s. */
export function scale(n: i32, s: f32, x: usize): void {
  let i = 0;
  if (ASC_FEATURE_SIMD) {
    const vs = f32x4.splat(s);
    for (; i + 4 <= n; i += 4) v128.store(at(x, i), f32x4.mul(v128.load(at(x, i)), vs));
  }
  for (; i < n; i++) store<f32>(at(x, i), load<f32>(at(x, i)) * s);
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

/** y += alpha * x. */
export function axpy(n: i32, alpha: f32, x: usize, y: usize): void {
  let i = 0;
  if (ASC_FEATURE_SIMD) {
    const va = f32x4.splat(alpha);
    for (; i + 4 <= n; i += 4) v128.store(at(y, i), f32x4.add(v128.load(at(y, i)), f32x4.mul(va, v128.load(at(x, i)))));
  }
  for (; i < n; i++) store<f32>(at(y, i), load<f32>(at(y, i)) + alpha * load<f32>(at(x, i)));
}
