// Inverted dropout with a given mask of 0s and 1s (1 keeps). mask, x, y, dy, dx: n values.
// x * mask * (1 / (1 - rate)) is formed in float64 and rounded once, as the js reference does, so both
// give the same float32 bits. y may alias x, dx may alias dy.

import { promoteHigh } from './reduce';

// @ts-ignore: decorator
@inline
function at(base: usize, i: i32): usize {
  return base + (<usize>i << 2);
}

/** out = in * mask * (1 / (1 - rate)). */
function applyMask(n: i32, rate: f64, mask: usize, input: usize, output: usize): void {
  const keep = 1.0 / (1.0 - rate);
  let i = 0;
  if (ASC_FEATURE_SIMD) {
    const vs = f64x2.splat(keep);
    for (; i + 4 <= n; i += 4) {
      const x = v128.load(at(input, i));
      const m = v128.load(at(mask, i));
      const lo = f64x2.mul(f64x2.mul(f64x2.promote_low_f32x4(x), f64x2.promote_low_f32x4(m)), vs);
      const hi = f64x2.mul(f64x2.mul(promoteHigh(x), promoteHigh(m)), vs);
      v128.store(at(output, i), f32x4.shuffle(f32x4.demote_f64x2_zero(lo), f32x4.demote_f64x2_zero(hi), 0, 1, 4, 5));
    }
  }
  for (; i < n; i++) {
    store<f32>(at(output, i), <f32>(<f64>load<f32>(at(input, i)) * <f64>load<f32>(at(mask, i)) * keep));
  }
}

export function dropoutForward(n: i32, rate: f64, mask: usize, x: usize, y: usize): void {
  applyMask(n, rate, mask, x, y);
}

export function dropoutBackward(n: i32, rate: f64, mask: usize, dy: usize, dx: usize): void {
  applyMask(n, rate, mask, dy, dx);
}
