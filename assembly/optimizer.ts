// Optimizer steps over one flat parameter buffer. params, grads and every state buffer (velocity, accum,
// meanSquare, m, v): n values. grads is only read (a regularizer's gradient is already in it).
//
// The arithmetic is float64, two lanes at a time (f64x2), in the js reference's order of operations, and
// only the stored results are rounded to float32: the steps then give the same float32 bits as js (Adam
// turns a 1-ulp difference in a near-zero gradient into a full learning-rate step, so training runs
// drift apart quickly when backends differ here). These kernels are bound by memory, not arithmetic, except
// Adam and the other steps with a division and a square root per value, which are bound by the divider.

import { loadPairF64, storePairF32 } from './reduce';

// @ts-ignore: decorator
@inline
function at(base: usize, i: i32): usize {
  return base + (<usize>i << 2);
}

/** w -= lr g. */
export function sgdStep(n: i32, lr: f64, params: usize, grads: usize): void {
  let i = 0;
  if (ASC_FEATURE_SIMD) {
    const vlr = f64x2.splat(lr);
    for (; i + 2 <= n; i += 2) {
      const w = loadPairF64(at(params, i));
      const g = loadPairF64(at(grads, i));
      storePairF32(at(params, i), f64x2.sub(w, f64x2.mul(vlr, g)));
    }
  }
  for (; i < n; i++) {
    const w = <f64>load<f32>(at(params, i));
    const g = <f64>load<f32>(at(grads, i));
    store<f32>(at(params, i), <f32>(w - lr * g));
  }
}

/** v = momentum v - lr g; w += v, or with Nesterov w += momentum v - lr g (v already updated). */
export function momentumStep(n: i32, lr: f64, momentum: f64, nesterov: i32, params: usize,
  grads: usize, velocity: usize): void {
  let i = 0;
  if (ASC_FEATURE_SIMD) {
    const vlr = f64x2.splat(lr), vmom = f64x2.splat(momentum);
    for (; i + 2 <= n; i += 2) {
      const w = loadPairF64(at(params, i));
      const g = loadPairF64(at(grads, i));
      const v = f64x2.sub(f64x2.mul(vmom, loadPairF64(at(velocity, i))), f64x2.mul(vlr, g));
      storePairF32(at(velocity, i), v);
      const next = nesterov
        ? f64x2.sub(f64x2.add(w, f64x2.mul(vmom, v)), f64x2.mul(vlr, g))
        : f64x2.add(w, v);
      storePairF32(at(params, i), next);
    }
  }
  for (; i < n; i++) {
    const w = <f64>load<f32>(at(params, i));
    const g = <f64>load<f32>(at(grads, i));
    const v = momentum * <f64>load<f32>(at(velocity, i)) - lr * g;
    store<f32>(at(velocity, i), <f32>v);
    store<f32>(at(params, i), <f32>(nesterov ? w + momentum * v - lr * g : w + v));
  }
}

/** h += g^2; w -= lr g / (sqrt(h) + epsilon). */
export function adagradStep(n: i32, lr: f64, epsilon: f64, params: usize, grads: usize,
  accum: usize): void {
  let i = 0;
  if (ASC_FEATURE_SIMD) {
    const vlr = f64x2.splat(lr), veps = f64x2.splat(epsilon);
    for (; i + 2 <= n; i += 2) {
      const w = loadPairF64(at(params, i));
      const g = loadPairF64(at(grads, i));
      const h = f64x2.add(loadPairF64(at(accum, i)), f64x2.mul(g, g));
      storePairF32(at(accum, i), h);
      storePairF32(at(params, i), f64x2.sub(w, f64x2.div(f64x2.mul(vlr, g), f64x2.add(f64x2.sqrt(h), veps))));
    }
  }
  for (; i < n; i++) {
    const w = <f64>load<f32>(at(params, i));
    const g = <f64>load<f32>(at(grads, i));
    const h = <f64>load<f32>(at(accum, i)) + g * g;
    store<f32>(at(accum, i), <f32>h);
    store<f32>(at(params, i), <f32>(w - (lr * g) / (Math.sqrt(h) + epsilon)));
  }
}

/** h = rho h + (1 - rho) g^2; w -= lr g / (sqrt(h) + epsilon). */
export function rmspropStep(n: i32, lr: f64, rho: f64, epsilon: f64, params: usize,
  grads: usize, meanSquare: usize): void {
  const rest = 1 - rho;
  let i = 0;
  if (ASC_FEATURE_SIMD) {
    const vlr = f64x2.splat(lr), vrho = f64x2.splat(rho), vrest = f64x2.splat(rest), veps = f64x2.splat(epsilon);
    for (; i + 2 <= n; i += 2) {
      const w = loadPairF64(at(params, i));
      const g = loadPairF64(at(grads, i));
      const h = f64x2.add(f64x2.mul(vrho, loadPairF64(at(meanSquare, i))), f64x2.mul(f64x2.mul(vrest, g), g));
      storePairF32(at(meanSquare, i), h);
      storePairF32(at(params, i), f64x2.sub(w, f64x2.div(f64x2.mul(vlr, g), f64x2.add(f64x2.sqrt(h), veps))));
    }
  }
  for (; i < n; i++) {
    const w = <f64>load<f32>(at(params, i));
    const g = <f64>load<f32>(at(grads, i));
    const h = rho * <f64>load<f32>(at(meanSquare, i)) + rest * g * g;
    store<f32>(at(meanSquare, i), <f32>h);
    store<f32>(at(params, i), <f32>(w - (lr * g) / (Math.sqrt(h) + epsilon)));
  }
}

/**
 * Adam / AdamW: m = beta1 m + (1 - beta1) g; v = beta2 v + (1 - beta2) g^2;
 * w = w (1 - lr weightDecay) - lr (m / (1 - beta1^t)) / (sqrt(v / (1 - beta2^t)) + epsilon).
 * Once a correction 1 - beta^t rounds to exactly 1 (for beta1 0.9 from t = 356 on, for beta2 0.999 from
 * t = 37,412), dividing by it returns its operand unchanged, so that division is skipped with the same bits
 * (as js does): the divisions and the square root are nearly all of this loop's time. Each case is a loop
 * of its own, so the skip costs no branch per value.
 */
export function adamStep(n: i32, lr: f64, beta1: f64, beta2: f64, epsilon: f64, step: f64,
  weightDecay: f64, params: usize, grads: usize, m: usize, v: usize): void {
  const c1 = 1 - Math.pow(beta1, step);
  const c2 = 1 - Math.pow(beta2, step);
  const decay = 1 - lr * weightDecay;
  if (c1 != 1) {
    if (c2 != 1) adamLoop(n, lr, beta1, beta2, epsilon, c1, c2, decay, params, grads, m, v, true, true);
    else adamLoop(n, lr, beta1, beta2, epsilon, c1, c2, decay, params, grads, m, v, true, false);
  } else if (c2 != 1) adamLoop(n, lr, beta1, beta2, epsilon, c1, c2, decay, params, grads, m, v, false, true);
  else adamLoop(n, lr, beta1, beta2, epsilon, c1, c2, decay, params, grads, m, v, false, false);
}

/** adamStep's loop; corrects1 / corrects2 (constants where it is inlined): whether to divide by c1 / c2. */
// @ts-ignore: decorator
@inline
function adamLoop(n: i32, lr: f64, beta1: f64, beta2: f64, epsilon: f64, c1: f64, c2: f64, decay: f64,
  params: usize, grads: usize, m: usize, v: usize, corrects1: bool, corrects2: bool): void {
  const rest1 = 1 - beta1;
  const rest2 = 1 - beta2;
  let i = 0;
  if (ASC_FEATURE_SIMD) {
    const vlr = f64x2.splat(lr), vdecay = f64x2.splat(decay), vb1 = f64x2.splat(beta1), vb2 = f64x2.splat(beta2);
    const vr1 = f64x2.splat(rest1), vr2 = f64x2.splat(rest2), vc1 = f64x2.splat(c1);
    const vc2 = f64x2.splat(c2), veps = f64x2.splat(epsilon);
    for (; i + 2 <= n; i += 2) {
      const w = loadPairF64(at(params, i));
      const g = loadPairF64(at(grads, i));
      const mi = f64x2.add(f64x2.mul(vb1, loadPairF64(at(m, i))), f64x2.mul(vr1, g));
      const vi = f64x2.add(f64x2.mul(vb2, loadPairF64(at(v, i))), f64x2.mul(f64x2.mul(vr2, g), g));
      storePairF32(at(m, i), mi);
      storePairF32(at(v, i), vi);
      const mHat = corrects1 ? f64x2.div(mi, vc1) : mi;
      const vHat = corrects2 ? f64x2.div(vi, vc2) : vi;
      const update = f64x2.div(f64x2.mul(vlr, mHat), f64x2.add(f64x2.sqrt(vHat), veps));
      storePairF32(at(params, i), f64x2.sub(f64x2.mul(w, vdecay), update));
    }
  }
  for (; i < n; i++) {
    const w = <f64>load<f32>(at(params, i));
    const g = <f64>load<f32>(at(grads, i));
    const mi = beta1 * <f64>load<f32>(at(m, i)) + rest1 * g;
    const vi = beta2 * <f64>load<f32>(at(v, i)) + rest2 * g * g;
    store<f32>(at(m, i), <f32>mi);
    store<f32>(at(v, i), <f32>vi);
    const mHat = corrects1 ? mi / c1 : mi;
    const vHat = corrects2 ? vi / c2 : vi;
    store<f32>(at(params, i), <f32>(w * decay - (lr * mHat) / (Math.sqrt(vHat) + epsilon)));
  }
}
