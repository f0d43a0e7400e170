// Float64 helpers: reductions (sums, dot products, losses) add float32 values in float64, as the js
// reference does in JavaScript numbers, and the float64 elementwise paths load and store float32 pairs.

/** The two lanes of an f64x2 added. */
// @ts-ignore: decorator
@inline
export function sumF64x2(v: v128): f64 {
  return f64x2.extract_lane(v, 0) + f64x2.extract_lane(v, 1);
}

/** Lanes 2 and 3 of an f32x4 as an f64x2 (promote_low gives lanes 0 and 1). */
// @ts-ignore: decorator
@inline
export function promoteHigh(v: v128): v128 {
  return f64x2.promote_low_f32x4(i64x2.shuffle(v, v, 1, 0));
}

/** Two float32 values at byte address p as an f64x2 (the float64 paths load pairs). */
// @ts-ignore: decorator
@inline
export function loadPairF64(p: usize): v128 {
  return f64x2.promote_low_f32x4(v128.load64_zero(p));
}

/** An f64x2 rounded to two float32 values at byte address p. */
// @ts-ignore: decorator
@inline
export function storePairF32(p: usize, v: v128): void {
  v128.store64_lane(p, f32x4.demote_f64x2_zero(v), 0);
}

/** sum of x[i]^2 in float64 over n values (x at byte address x). */
export function sumOfSquaresF64(n: i32, x: usize): f64 {
  let i = 0;
  let sum: f64 = 0;
  if (ASC_FEATURE_SIMD) {
    let lo = f64x2.splat(0), hi = f64x2.splat(0);
    for (; i + 4 <= n; i += 4) {
      const v = v128.load(x + (<usize>i << 2));
      const vlo = f64x2.promote_low_f32x4(v), vhi = promoteHigh(v);
      lo = f64x2.add(lo, f64x2.mul(vlo, vlo));
      hi = f64x2.add(hi, f64x2.mul(vhi, vhi));
    }
    sum = sumF64x2(f64x2.add(lo, hi));
  }
  for (; i < n; i++) {
    const v = <f64>load<f32>(x + (<usize>i << 2));
    sum += v * v;
  }
  return sum;
}
