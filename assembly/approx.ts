// Polynomial approximations of exp, expm1, tanh and the normal CDF, each written twice: a v128 version
// (four lanes) and a scalar version that performs exactly the same float32 operations in the same order,
// so a value gives the same bits whether it lands in a vector lane or in a scalar tail, and the SIMD and
// scalar builds agree bit for bit on every elementwise kernel.
//
// Accuracy (measured by test/wasm/approx.test.ts against Math.* in float64):
//   exp   relative error <= 2 ulp (2.4e-7) for x in [-86.98, 88.72]; 0 below -86.98 (results under
//         2.3e-38, twice the smallest normal float32, are flushed to 0), +Infinity above 88.72.
//   expm1 relative error <= 1.5e-7 on [-20, 0] (series for |x| < 0.5, exp(x) - 1 beyond); ELU uses it.
//   tanh  relative error <= 2e-7 on [-12, 12]; sigmoid relative error <= 2e-7 on [-30, 30].
//   gelu  x Phi(x): relative error <= 3e-6 on [-5, 5]; in the far tail (x < -5, values < 3e-6) it grows
//         with x^2 (exp(-x^2 / 2) of a rounded x^2) to 3e-5 at x = -12, absolute error <= 4e-7.

// exp: x = n ln2 + r with |r| <= ln2 / 2 (ln2 split in two parts so n * ln2 is exact enough), then
// exp(r) by a degree-7 polynomial (Cephes expf coefficients) and 2^n built in the exponent bits.
const LOG2E: f32 = 1.44269504088896341;
const LN2_HI: f32 = 0.693359375;
const LN2_LO: f32 = -2.12194440e-4;
const EXP_HI: f32 = 88.7228317;
// 2^(n - 1) must stay a normal float32, so n >= -125: below -86.98, exp(x) < 2.3e-38 is flushed to 0.
const EXP_LO: f32 = -86.98;
const P0: f32 = 1.9875691500e-4;
const P1: f32 = 1.3981999507e-3;
const P2: f32 = 8.3334519073e-3;
const P3: f32 = 4.1665795894e-2;
const P4: f32 = 1.6666665459e-1;
const P5: f32 = 5.0000001201e-1;

// @ts-ignore: decorator
@inline
export function expScalar(x: f32): f32 {
  const xc = min<f32>(max<f32>(x, EXP_LO), EXP_HI);
  const n = nearest<f32>(xc * LOG2E);
  let r = xc - n * LN2_HI;
  r = r - n * LN2_LO;
  let p = P0 * r + P1;
  p = p * r + P2;
  p = p * r + P3;
  p = p * r + P4;
  p = p * r + P5;
  p = p * (r * r) + r + 1.0;
  // 2^(n - 1) then * 2, so that n = 128 (x just under the overflow threshold) still fits the exponent.
  const pow = reinterpret<f32>((<i32>n + 126) << 23);
  let y = p * pow * 2.0;
  if (x > EXP_HI) y = Infinity;
  if (x < EXP_LO) y = 0;
  return y;
}

// @ts-ignore: decorator
@inline
export function expVector(x: v128): v128 {
  const xc = f32x4.min(f32x4.max(x, f32x4.splat(EXP_LO)), f32x4.splat(EXP_HI));
  const n = f32x4.nearest(f32x4.mul(xc, f32x4.splat(LOG2E)));
  let r = f32x4.sub(xc, f32x4.mul(n, f32x4.splat(LN2_HI)));
  r = f32x4.sub(r, f32x4.mul(n, f32x4.splat(LN2_LO)));
  let p = f32x4.add(f32x4.mul(f32x4.splat(P0), r), f32x4.splat(P1));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(P2));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(P3));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(P4));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(P5));
  p = f32x4.add(f32x4.add(f32x4.mul(p, f32x4.mul(r, r)), r), f32x4.splat(1.0));
  const pow = i32x4.shl(i32x4.add(i32x4.trunc_sat_f32x4_s(n), i32x4.splat(126)), 23);
  let y = f32x4.mul(f32x4.mul(p, pow), f32x4.splat(2.0));
  y = v128.bitselect(f32x4.splat(Infinity), y, f32x4.gt(x, f32x4.splat(EXP_HI)));
  y = v128.bitselect(f32x4.splat(0), y, f32x4.lt(x, f32x4.splat(EXP_LO)));
  return y;
}

// expm1: exp(x) - 1 loses the low bits for small |x|, so |x| < 0.5 uses the Taylor series to x^8
// (the first omitted term is below 0.5^9 / 9! = 5.4e-9 relative to x).
const EXPM1_SERIES_LIMIT: f32 = 0.5;
const E8: f32 = <f32>(1.0 / 40320.0);
const E7: f32 = <f32>(1.0 / 5040.0);
const E6: f32 = <f32>(1.0 / 720.0);
const E5: f32 = <f32>(1.0 / 120.0);
const E4: f32 = <f32>(1.0 / 24.0);
const E3: f32 = <f32>(1.0 / 6.0);
const E2: f32 = 0.5;

// @ts-ignore: decorator
@inline
export function expm1Scalar(x: f32): f32 {
  let s: f32 = x * E8 + E7;
  s = s * x + E6;
  s = s * x + E5;
  s = s * x + E4;
  s = s * x + E3;
  s = s * x + E2;
  s = s * (x * x) + x;
  const e: f32 = expScalar(x) - 1.0;
  return abs<f32>(x) < EXPM1_SERIES_LIMIT ? s : e;
}

// @ts-ignore: decorator
@inline
export function expm1Vector(x: v128): v128 {
  let s = f32x4.add(f32x4.mul(x, f32x4.splat(E8)), f32x4.splat(E7));
  s = f32x4.add(f32x4.mul(s, x), f32x4.splat(E6));
  s = f32x4.add(f32x4.mul(s, x), f32x4.splat(E5));
  s = f32x4.add(f32x4.mul(s, x), f32x4.splat(E4));
  s = f32x4.add(f32x4.mul(s, x), f32x4.splat(E3));
  s = f32x4.add(f32x4.mul(s, x), f32x4.splat(E2));
  s = f32x4.add(f32x4.mul(s, f32x4.mul(x, x)), x);
  const e = f32x4.sub(expVector(x), f32x4.splat(1.0));
  return v128.bitselect(s, e, f32x4.lt(f32x4.abs(x), f32x4.splat(EXPM1_SERIES_LIMIT)));
}

// tanh: an odd polynomial for |x| < 0.625 (Cephes tanhf coefficients), where 1 - 2 / (exp(2x) + 1)
// would cancel; that formula beyond, with the sign put back (exp overflow gives exactly 1).
const TANH_SMALL: f32 = 0.625;
const T0: f32 = -5.70498872745e-3;
const T1: f32 = 2.06390887954e-2;
const T2: f32 = -5.37397155531e-2;
const T3: f32 = 1.33314422036e-1;
const T4: f32 = -3.33332819422e-1;

// @ts-ignore: decorator
@inline
export function tanhScalar(x: f32): f32 {
  const z = x * x;
  let p = T0 * z + T1;
  p = p * z + T2;
  p = p * z + T3;
  p = p * z + T4;
  const small = p * z * x + x;
  const ax = abs<f32>(x);
  const big: f32 = 1.0 - 2.0 / (expScalar(ax + ax) + 1.0);
  return ax < TANH_SMALL ? small : copysign<f32>(big, x);
}

// @ts-ignore: decorator
@inline
export function tanhVector(x: v128): v128 {
  const z = f32x4.mul(x, x);
  let p = f32x4.add(f32x4.mul(f32x4.splat(T0), z), f32x4.splat(T1));
  p = f32x4.add(f32x4.mul(p, z), f32x4.splat(T2));
  p = f32x4.add(f32x4.mul(p, z), f32x4.splat(T3));
  p = f32x4.add(f32x4.mul(p, z), f32x4.splat(T4));
  const small = f32x4.add(f32x4.mul(f32x4.mul(p, z), x), x);
  const ax = f32x4.abs(x);
  const one = f32x4.splat(1.0);
  const big = f32x4.sub(one, f32x4.div(f32x4.splat(2.0), f32x4.add(expVector(f32x4.add(ax, ax)), one)));
  const signBit = f32x4.splat(-0.0);
  const signed = v128.or(big, v128.and(x, signBit));
  return v128.bitselect(small, signed, f32x4.lt(ax, f32x4.splat(TANH_SMALL)));
}

// @ts-ignore: decorator
@inline
export function sigmoidScalar(x: f32): f32 {
  return 1.0 / (1.0 + expScalar(-x));
}

// @ts-ignore: decorator
@inline
export function sigmoidVector(x: v128): v128 {
  const one = f32x4.splat(1.0);
  return f32x4.div(one, f32x4.add(one, expVector(f32x4.neg(x))));
}

// The standard normal CDF Phi(x) = erfc(-x / sqrt 2) / 2, with erfc(z) for z >= 0 from the Chebyshev
// fit of Numerical Recipes (erfcc, fractional error < 1.2e-7) and erfc(-z) = 2 - erfc(z). Computing the
// small tail directly keeps the relative accuracy of GELU for very negative inputs.
const INV_SQRT2: f32 = 0.70710678118654752;
const C0: f32 = -1.26551223;
const C1: f32 = 1.00002368;
const C2: f32 = 0.37409196;
const C3: f32 = 0.09678418;
const C4: f32 = -0.18628806;
const C5: f32 = 0.27886807;
const C6: f32 = -1.13520398;
const C7: f32 = 1.48851587;
const C8: f32 = -0.82215223;
const C9: f32 = 0.17087277;

// @ts-ignore: decorator
@inline
export function normalCdfScalar(x: f32): f32 {
  const z = abs<f32>(x) * INV_SQRT2;
  const t: f32 = 1.0 / (1.0 + 0.5 * z);
  let q = C9 * t + C8;
  q = q * t + C7;
  q = q * t + C6;
  q = q * t + C5;
  q = q * t + C4;
  q = q * t + C3;
  q = q * t + C2;
  q = q * t + C1;
  q = q * t + C0;
  const halfErfc: f32 = 0.5 * t * expScalar(q - z * z);
  return x < 0 ? halfErfc : <f32>1.0 - halfErfc;
}

// @ts-ignore: decorator
@inline
export function normalCdfVector(x: v128): v128 {
  const z = f32x4.mul(f32x4.abs(x), f32x4.splat(INV_SQRT2));
  const half = f32x4.splat(0.5);
  const one = f32x4.splat(1.0);
  const t = f32x4.div(one, f32x4.add(one, f32x4.mul(half, z)));
  let q = f32x4.add(f32x4.mul(f32x4.splat(C9), t), f32x4.splat(C8));
  q = f32x4.add(f32x4.mul(q, t), f32x4.splat(C7));
  q = f32x4.add(f32x4.mul(q, t), f32x4.splat(C6));
  q = f32x4.add(f32x4.mul(q, t), f32x4.splat(C5));
  q = f32x4.add(f32x4.mul(q, t), f32x4.splat(C4));
  q = f32x4.add(f32x4.mul(q, t), f32x4.splat(C3));
  q = f32x4.add(f32x4.mul(q, t), f32x4.splat(C2));
  q = f32x4.add(f32x4.mul(q, t), f32x4.splat(C1));
  q = f32x4.add(f32x4.mul(q, t), f32x4.splat(C0));
  const halfErfc = f32x4.mul(f32x4.mul(half, t), expVector(f32x4.sub(q, f32x4.mul(z, z))));
  return v128.bitselect(halfErfc, f32x4.sub(one, halfErfc), f32x4.lt(x, f32x4.splat(0)));
}

// exp(-x^2 / 2) / sqrt(2 pi), the normal density (GELU's derivative needs it).
const INV_SQRT_2PI: f32 = 0.39894228040143268;

// @ts-ignore: decorator
@inline
export function normalPdfScalar(x: f32): f32 {
  return INV_SQRT_2PI * expScalar(-0.5 * (x * x));
}

// @ts-ignore: decorator
@inline
export function normalPdfVector(x: v128): v128 {
  return f32x4.mul(f32x4.splat(INV_SQRT_2PI), expVector(f32x4.mul(f32x4.splat(-0.5), f32x4.mul(x, x))));
}

// Exported for the accuracy tests (test/wasm/approx.test.ts): n values from x to y.
export function approxExp(n: i32, x: usize, y: usize): void {
  let i = 0;
  if (ASC_FEATURE_SIMD) {
    for (; i + 4 <= n; i += 4) v128.store(y + (<usize>i << 2), expVector(v128.load(x + (<usize>i << 2))));
  }
  for (; i < n; i++) store<f32>(y + (<usize>i << 2), expScalar(load<f32>(x + (<usize>i << 2))));
}

// exp in float64, for the softmax and the fused softmax cross-entropy: their probabilities then round to
// the same float32 as the js reference's Math.exp-based ones (they differ only when a double-precision
// difference of about 1 ulp straddles a float32 rounding boundary, odds near 2^-29 per value), which
// keeps backends together on training runs that amplify 1-ulp differences (Adam on near-zero gradients).
// x = n ln2 + r (ln2 split hi/lo as in fdlibm), |r| <= 0.347, exp(r) by its Taylor series to r^12
// (first omitted term 1.7e-16 relative), 2^n in the exponent bits. Relative error about 2 ulp (double).
const LOG2E_64: f64 = 1.4426950408889634;
const LN2_HI_64: f64 = 6.93147180369123816490e-01;
const LN2_LO_64: f64 = 1.90821492927058770002e-10;
const EXP64_HI: f64 = 709.782712893384;
const EXP64_LO: f64 = -708.3964185322641;

// @ts-ignore: decorator
@inline
export function exp64Scalar(x: f64): f64 {
  const xc = min<f64>(max<f64>(x, EXP64_LO), EXP64_HI);
  const n = nearest<f64>(xc * LOG2E_64);
  let r = xc - n * LN2_HI_64;
  r = r - n * LN2_LO_64;
  let p: f64 = r * (1.0 / 479001600.0) + (1.0 / 39916800.0);
  p = p * r + (1.0 / 3628800.0);
  p = p * r + (1.0 / 362880.0);
  p = p * r + (1.0 / 40320.0);
  p = p * r + (1.0 / 5040.0);
  p = p * r + (1.0 / 720.0);
  p = p * r + (1.0 / 120.0);
  p = p * r + (1.0 / 24.0);
  p = p * r + (1.0 / 6.0);
  p = p * r + 0.5;
  p = p * r + 1.0;
  p = p * r + 1.0;
  // 2^(n - 1) * 2 keeps n = 1024 (x just below the overflow threshold) inside the exponent range.
  const pow = reinterpret<f64>(<i64>(<i32>n + 1022) << 52);
  let y = p * pow * 2.0;
  if (x > EXP64_HI) y = Infinity;
  if (x < EXP64_LO) y = 0;
  return y;
}

// @ts-ignore: decorator
@inline
export function exp64Vector(x: v128): v128 {
  const xc = f64x2.min(f64x2.max(x, f64x2.splat(EXP64_LO)), f64x2.splat(EXP64_HI));
  const n = f64x2.nearest(f64x2.mul(xc, f64x2.splat(LOG2E_64)));
  let r = f64x2.sub(xc, f64x2.mul(n, f64x2.splat(LN2_HI_64)));
  r = f64x2.sub(r, f64x2.mul(n, f64x2.splat(LN2_LO_64)));
  let p = f64x2.add(f64x2.mul(r, f64x2.splat(1.0 / 479001600.0)), f64x2.splat(1.0 / 39916800.0));
  p = f64x2.add(f64x2.mul(p, r), f64x2.splat(1.0 / 3628800.0));
  p = f64x2.add(f64x2.mul(p, r), f64x2.splat(1.0 / 362880.0));
  p = f64x2.add(f64x2.mul(p, r), f64x2.splat(1.0 / 40320.0));
  p = f64x2.add(f64x2.mul(p, r), f64x2.splat(1.0 / 5040.0));
  p = f64x2.add(f64x2.mul(p, r), f64x2.splat(1.0 / 720.0));
  p = f64x2.add(f64x2.mul(p, r), f64x2.splat(1.0 / 120.0));
  p = f64x2.add(f64x2.mul(p, r), f64x2.splat(1.0 / 24.0));
  p = f64x2.add(f64x2.mul(p, r), f64x2.splat(1.0 / 6.0));
  p = f64x2.add(f64x2.mul(p, r), f64x2.splat(0.5));
  p = f64x2.add(f64x2.mul(p, r), f64x2.splat(1.0));
  p = f64x2.add(f64x2.mul(p, r), f64x2.splat(1.0));
  const ni = i64x2.extend_low_i32x4_s(i32x4.trunc_sat_f64x2_s_zero(n));
  const pow = i64x2.shl(i64x2.add(ni, i64x2.splat(1022)), 52);
  let y = f64x2.mul(f64x2.mul(p, pow), f64x2.splat(2.0));
  y = v128.bitselect(f64x2.splat(Infinity), y, f64x2.gt(x, f64x2.splat(EXP64_HI)));
  y = v128.bitselect(f64x2.splat(0), y, f64x2.lt(x, f64x2.splat(EXP64_LO)));
  return y;
}
