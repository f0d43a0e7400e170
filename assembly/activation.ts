// Activations (elementwise over n values), the perceptron's step, and the row-wise softmax.
// x, y, dy, dx: n values (softmax: rows x cols). The kind codes come from the kernel manifest
// (src/backends/manifest.ts) through assembly/generated/manifest.ts.
// Every kind has a v128 loop and a scalar tail doing the same float32 operations (assembly/approx.ts).

import {
  exp64Scalar, exp64Vector, expm1Scalar, expm1Vector, expScalar, expVector, normalCdfScalar, normalCdfVector, normalPdfScalar,
  normalPdfVector, sigmoidScalar, sigmoidVector, tanhScalar, tanhVector,
} from './approx';
import { loadPairF64, storePairF32 } from './reduce';
import {
  ACTIVATION_ELU as ELU, ACTIVATION_GELU as GELU, ACTIVATION_IDENTITY as IDENTITY, ACTIVATION_LEAKY_RELU as LEAKY_RELU,
  ACTIVATION_RELU as RELU, ACTIVATION_SIGMOID as SIGMOID, ACTIVATION_TANH as TANH,
} from './generated/manifest';

// @ts-ignore: decorator
@inline
function at(base: usize, i: i32): usize {
  return base + (<usize>i << 2);
}

/** y = f(x); y may alias x. Returns 0, or -1 for an unknown kind (the wrapper checks it first). */
export function activationForward(kind: i32, n: i32, alphaIn: f64, x: usize, y: usize): i32 {
  const alpha = <f32>alphaIn;
  let i = 0;
  switch (kind) {
    case IDENTITY: {
      if (x != y) memory.copy(y, x, <usize>n << 2);
      return 0;
    }
    case SIGMOID: {
      if (ASC_FEATURE_SIMD) for (; i + 4 <= n; i += 4) v128.store(at(y, i), sigmoidVector(v128.load(at(x, i))));
      for (; i < n; i++) store<f32>(at(y, i), sigmoidScalar(load<f32>(at(x, i))));
      return 0;
    }
    case TANH: {
      if (ASC_FEATURE_SIMD) for (; i + 4 <= n; i += 4) v128.store(at(y, i), tanhVector(v128.load(at(x, i))));
      for (; i < n; i++) store<f32>(at(y, i), tanhScalar(load<f32>(at(x, i))));
      return 0;
    }
    case RELU: {
      // 0 where x <= 0, else x: a NaN fails the comparison and passes through with its bits.
      if (ASC_FEATURE_SIMD) {
        for (; i + 4 <= n; i += 4) {
          const v = v128.load(at(x, i));
          v128.store(at(y, i), v128.andnot(v, f32x4.le(v, f32x4.splat(0))));
        }
      }
      for (; i < n; i++) {
        const v = load<f32>(at(x, i));
        store<f32>(at(y, i), v <= 0 ? 0 : v);
      }
      return 0;
    }
    case LEAKY_RELU: {
      // alpha * x in float64 with alpha as given (js's rounding).
      if (ASC_FEATURE_SIMD) {
        for (; i + 2 <= n; i += 2) {
          const v = loadPairF64(at(x, i));
          storePairF32(at(y, i), v128.bitselect(v, f64x2.mul(f64x2.splat(alphaIn), v), f64x2.gt(v, f64x2.splat(0))));
        }
      }
      for (; i < n; i++) {
        const v = load<f32>(at(x, i));
        store<f32>(at(y, i), v > 0 ? v : <f32>(alphaIn * <f64>v));
      }
      return 0;
    }
    case ELU: {
      if (ASC_FEATURE_SIMD) {
        for (; i + 4 <= n; i += 4) {
          const v = v128.load(at(x, i));
          v128.store(at(y, i), v128.bitselect(v, f32x4.mul(f32x4.splat(alpha), expm1Vector(v)), f32x4.gt(v, f32x4.splat(0))));
        }
      }
      for (; i < n; i++) {
        const v = load<f32>(at(x, i));
        store<f32>(at(y, i), v > 0 ? v : alpha * expm1Scalar(v));
      }
      return 0;
    }
    case GELU: {
      if (ASC_FEATURE_SIMD) {
        for (; i + 4 <= n; i += 4) {
          const v = v128.load(at(x, i));
          v128.store(at(y, i), f32x4.mul(v, normalCdfVector(v)));
        }
      }
      for (; i < n; i++) {
        const v = load<f32>(at(x, i));
        store<f32>(at(y, i), v * normalCdfScalar(v));
      }
      return 0;
    }
  }
  return -1;
}

/** dx = dy * f'(x) (sigmoid and tanh from y). dx may alias dy. Returns 0, or -1 for an unknown kind. */
export function activationBackward(kind: i32, n: i32, alpha: f64, x: usize, y: usize, dy: usize, dx: usize): i32 {
  let i = 0;
  switch (kind) {
    case IDENTITY: {
      if (dx != dy) memory.copy(dx, dy, <usize>n << 2);
      return 0;
    }
    // The derivatives from y (and leaky/ELU's alpha) are formed in float64 in js's order, rounded once.
    case SIGMOID: {
      if (ASC_FEATURE_SIMD) {
        for (; i + 2 <= n; i += 2) {
          const s = loadPairF64(at(y, i));
          storePairF32(at(dx, i), f64x2.mul(f64x2.mul(loadPairF64(at(dy, i)), s), f64x2.sub(f64x2.splat(1), s)));
        }
      }
      for (; i < n; i++) {
        const s = <f64>load<f32>(at(y, i));
        store<f32>(at(dx, i), <f32>(<f64>load<f32>(at(dy, i)) * s * (1 - s)));
      }
      return 0;
    }
    case TANH: {
      if (ASC_FEATURE_SIMD) {
        for (; i + 2 <= n; i += 2) {
          const t = loadPairF64(at(y, i));
          storePairF32(at(dx, i), f64x2.mul(loadPairF64(at(dy, i)), f64x2.sub(f64x2.splat(1), f64x2.mul(t, t))));
        }
      }
      for (; i < n; i++) {
        const t = <f64>load<f32>(at(y, i));
        store<f32>(at(dx, i), <f32>(<f64>load<f32>(at(dy, i)) * (1 - t * t)));
      }
      return 0;
    }
    case RELU: {
      // dy where x > 0; NaN where x or dy is NaN; else 0.
      if (ASC_FEATURE_SIMD) {
        const zero = f32x4.splat(0);
        for (; i + 4 <= n; i += 4) {
          const v = v128.load(at(x, i));
          const g = v128.load(at(dy, i));
          const positive = f32x4.gt(v, zero);
          const zeroed = v128.andnot(f32x4.le(v, zero), f32x4.ne(g, g));  // x <= 0 and dy not NaN
          const nan = v128.not(v128.or(positive, zeroed));
          v128.store(at(dx, i), v128.or(v128.and(g, positive), v128.and(f32x4.splat(NaN), nan)));
        }
      }
      for (; i < n; i++) {
        const v = load<f32>(at(x, i));
        const g = load<f32>(at(dy, i));
        store<f32>(at(dx, i), v > 0 ? g : v <= 0 && g == g ? 0 : <f32>NaN);
      }
      return 0;
    }
    case LEAKY_RELU: {
      if (ASC_FEATURE_SIMD) {
        for (; i + 2 <= n; i += 2) {
          const g = loadPairF64(at(dy, i));
          const v = loadPairF64(at(x, i));
          const slope = v128.bitselect(f64x2.splat(NaN), f64x2.mul(f64x2.splat(alpha), g), f64x2.ne(v, v));
          storePairF32(at(dx, i), v128.bitselect(g, slope, f64x2.gt(v, f64x2.splat(0))));
        }
      }
      for (; i < n; i++) {
        const g = load<f32>(at(dy, i));
        const v = load<f32>(at(x, i));
        store<f32>(at(dx, i), v > 0 ? g : v <= 0 ? <f32>(alpha * <f64>g) : <f32>NaN);
      }
      return 0;
    }
    case ELU: {
      // f'(x) = alpha exp(x) = y + alpha for x <= 0 (no exp needed).
      if (ASC_FEATURE_SIMD) {
        for (; i + 2 <= n; i += 2) {
          const g = loadPairF64(at(dy, i));
          const slope = f64x2.mul(g, f64x2.add(loadPairF64(at(y, i)), f64x2.splat(alpha)));
          storePairF32(at(dx, i), v128.bitselect(g, slope, f64x2.gt(loadPairF64(at(x, i)), f64x2.splat(0))));
        }
      }
      for (; i < n; i++) {
        const g = <f64>load<f32>(at(dy, i));
        store<f32>(at(dx, i), <f32>(load<f32>(at(x, i)) > 0 ? g : g * (<f64>load<f32>(at(y, i)) + alpha)));
      }
      return 0;
    }
    case GELU: {
      // d/dx x Phi(x) = Phi(x) + x phi(x)
      if (ASC_FEATURE_SIMD) {
        for (; i + 4 <= n; i += 4) {
          const v = v128.load(at(x, i));
          const d = f32x4.add(normalCdfVector(v), f32x4.mul(v, normalPdfVector(v)));
          v128.store(at(dx, i), f32x4.mul(v128.load(at(dy, i)), d));
        }
      }
      for (; i < n; i++) {
        const v = load<f32>(at(x, i));
        const d = normalCdfScalar(v) + v * normalPdfScalar(v);
        store<f32>(at(dx, i), load<f32>(at(dy, i)) * d);
      }
      return 0;
    }
  }
  return -1;
}

/** y = 1 where x > 0, NaN where x is NaN (as PyTorch's heaviside), else 0. y may alias x. */
export function stepForward(n: i32, x: usize, y: usize): void {
  let i = 0;
  if (ASC_FEATURE_SIMD) {
    const zero = f32x4.splat(0);
    const one = f32x4.splat(1);
    for (; i + 4 <= n; i += 4) {
      const v = v128.load(at(x, i));
      v128.store(at(y, i), v128.or(v128.and(one, f32x4.gt(v, zero)), v128.and(f32x4.splat(NaN), f32x4.ne(v, v))));
    }
  }
  for (; i < n; i++) {
    const v = load<f32>(at(x, i));
    store<f32>(at(y, i), v > 0 ? 1 : v <= 0 ? 0 : <f32>NaN);
  }
}

/**
 * Row-wise softmax, max-subtracted: y = exp(x - max) / sum, in float64 as the js reference computes it
 * (exp64 of approx.ts, two lanes at a time), so probabilities round to the same float32. y may alias x.
 */
export function softmaxForward(rows: i32, cols: i32, x: usize, y: usize): void {
  for (let r = 0; r < rows; r++) {
    const offset = <usize>(r * cols) << 2;
    softmaxRow(cols, x + offset, y + offset);
  }
}

/**
 * One row of softmax (the fused losses use it too): yr = softmax(xr); returns the row's logsumexp,
 * max + log(sum). The float32 exp(x - max) values are stored first and then scaled by 1 / sum in float64,
 * the js reference's order, and the sum runs left to right.
 */
export function softmaxRow(cols: i32, xr: usize, yr: usize): f64 {
  const maxValue = <f64>rowMax(cols, xr);
  let sum: f64 = 0;
  let i = 0;
  if (ASC_FEATURE_SIMD) {
    const vmax = f64x2.splat(maxValue);
    for (; i + 2 <= cols; i += 2) {
      const e = exp64Vector(f64x2.sub(f64x2.promote_low_f32x4(v128.load64_zero(at(xr, i))), vmax));
      v128.store64_lane(at(yr, i), f32x4.demote_f64x2_zero(e), 0);
      sum += f64x2.extract_lane(e, 0);
      sum += f64x2.extract_lane(e, 1);
    }
  }
  for (; i < cols; i++) {
    const e = exp64Scalar(<f64>load<f32>(at(xr, i)) - maxValue);
    store<f32>(at(yr, i), <f32>e);
    sum += e;
  }
  const inv = 1.0 / sum;
  i = 0;
  if (ASC_FEATURE_SIMD) {
    const vinv = f64x2.splat(inv);
    for (; i + 2 <= cols; i += 2) {
      const p = f64x2.mul(f64x2.promote_low_f32x4(v128.load64_zero(at(yr, i))), vinv);
      v128.store64_lane(at(yr, i), f32x4.demote_f64x2_zero(p), 0);
    }
  }
  for (; i < cols; i++) store<f32>(at(yr, i), <f32>(<f64>load<f32>(at(yr, i)) * inv));
  return maxValue + Math.log(sum);
}

/** The largest of cols values (NaN if any is NaN). */
export function rowMax(cols: i32, xr: usize): f32 {
  let i = 0;
  let best: f32 = -Infinity;
  if (ASC_FEATURE_SIMD) {
    if (cols >= 4) {
      let vmax = f32x4.splat(-Infinity);
      for (; i + 4 <= cols; i += 4) vmax = f32x4.max(vmax, v128.load(at(xr, i)));
      best = max<f32>(max<f32>(f32x4.extract_lane(vmax, 0), f32x4.extract_lane(vmax, 1)),
        max<f32>(f32x4.extract_lane(vmax, 2), f32x4.extract_lane(vmax, 3)));
    }
  }
  for (; i < cols; i++) best = max<f32>(best, load<f32>(at(xr, i)));
  return best;
}

/** dx = y * (dy - sum_j dy_j y_j) row by row, in float64 in js's order (rounded once). dx may alias dy. */
export function softmaxBackward(rows: i32, cols: i32, y: usize, dy: usize, dx: usize): void {
  for (let r = 0; r < rows; r++) {
    const offset = <usize>(r * cols) << 2;
    const yr = y + offset, dyr = dy + offset, dxr = dx + offset;
    let dot: f64 = 0;
    for (let i = 0; i < cols; i++) dot += <f64>load<f32>(at(dyr, i)) * <f64>load<f32>(at(yr, i));
    let i = 0;
    if (ASC_FEATURE_SIMD) {
      const vd = f64x2.splat(dot);
      for (; i + 2 <= cols; i += 2) {
        storePairF32(at(dxr, i), f64x2.mul(loadPairF64(at(yr, i)), f64x2.sub(loadPairF64(at(dyr, i)), vd)));
      }
    }
    for (; i < cols; i++) store<f32>(at(dxr, i), <f32>(<f64>load<f32>(at(yr, i)) * (<f64>load<f32>(at(dyr, i)) - dot)));
  }
}
