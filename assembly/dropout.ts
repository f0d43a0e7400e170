// Inverted dropout with a given mask of 0s and 1s (1 keeps). mask, x, y, dy, dx: n values.
// The scale 1 / (1 - rate) is formed once in float64; y may alias x, dx may alias dy.

// @ts-ignore: decorator
@inline
function at(base: usize, i: i32): usize {
  return base + (<usize>i << 2);
}

/** out = in * mask * (1 / (1 - rate)). */
function applyMask(n: i32, rate: f64, mask: usize, input: usize, output: usize): void {
  const keepScale = <f32>(1.0 / (1.0 - rate));
  let i = 0;
  if (ASC_FEATURE_SIMD) {
    const vs = f32x4.splat(keepScale);
    for (; i + 4 <= n; i += 4) {
      v128.store(at(output, i), f32x4.mul(f32x4.mul(v128.load(at(input, i)), v128.load(at(mask, i))), vs));
    }
  }
  for (; i < n; i++) store<f32>(at(output, i), load<f32>(at(input, i)) * load<f32>(at(mask, i)) * keepScale);
}

export function dropoutForward(n: i32, rate: f64, mask: usize, x: usize, y: usize): void {
  applyMask(n, rate, mask, x, y);
}

export function dropoutBackward(n: i32, rate: f64, mask: usize, dy: usize, dx: usize): void {
  applyMask(n, rate, mask, dy, dx);
}
