// The gradient of the L1 and L2 penalties, added to a weight's gradient: grad += l1 sign(w) + l2 w
// (sign(0) = 0; a NaN weight gives NaN through l2 * NaN). w, grad: n values. As the optimizer steps, the
// arithmetic is float64, two lanes at a time, in the js reference's order, rounded once when stored, so
// the result has the same float32 bits as js.

import { loadPairF64, storePairF32 } from './reduce';

// @ts-ignore: decorator
@inline
function at(base: usize, i: i32): usize {
  return base + (<usize>i << 2);
}

export function regularizerGradient(n: i32, l1: f64, l2: f64, w: usize, grad: usize): void {
  let i = 0;
  if (ASC_FEATURE_SIMD) {
    const zero = f64x2.splat(0), vl1 = f64x2.splat(l1), vminusL1 = f64x2.splat(-l1), vl2 = f64x2.splat(l2);
    for (; i + 2 <= n; i += 2) {
      const x = loadPairF64(at(w, i));
      // l1 * sign(x): l1 where x > 0, -l1 where x < 0, 0 elsewhere (0 and NaN).
      const l1Sign = v128.bitselect(vl1, v128.bitselect(vminusL1, zero, f64x2.lt(x, zero)), f64x2.gt(x, zero));
      const g = loadPairF64(at(grad, i));
      storePairF32(at(grad, i), f64x2.add(g, f64x2.add(l1Sign, f64x2.mul(vl2, x))));
    }
  }
  for (; i < n; i++) {
    const x = <f64>load<f32>(at(w, i));
    const l1Sign = x > 0 ? l1 : x < 0 ? -l1 : 0;
    store<f32>(at(grad, i), <f32>(<f64>load<f32>(at(grad, i)) + (l1Sign + l2 * x)));
  }
}
