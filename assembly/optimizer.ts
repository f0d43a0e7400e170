// Optimizer steps over one flat parameter buffer. params, grads and every state buffer (velocity, accum,
// meanSquare, m, v): n values. grads is only read (a regularizer's gradient is already in it).
//
// Every step gives the same float32 bits as the js reference (Adam turns a 1-ulp difference in a near-zero
// gradient into a full learning-rate step, so training runs drift apart quickly when backends differ
// here). SGD and momentum compute in float64, two lanes at a time (f64x2), in the js order, and round only
// the stored results to float32; they are bound by memory. AdaGrad, RMSprop and Adam have a division and a
// square root per value, which bound their speed: they compute in float32, four lanes at a time (f32x4),
// as PyTorch does, each operation correctly rounded as in js.

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

/** AdaGrad in float32 as PyTorch computes it (the js reference gives the order): h = h + g g;
 * w = w + (-lr g) / (sqrt(h) + epsilon). Four lanes at a time (f32x4). */
export function adagradStep(n: i32, lr: f64, epsilon: f64, params: usize, grads: usize,
  accum: usize): void {
  const negLr = <f32>(-lr), eps = <f32>epsilon;
  let i = 0;
  if (ASC_FEATURE_SIMD) {
    const vlr = f32x4.splat(negLr), veps = f32x4.splat(eps);
    for (; i + 4 <= n; i += 4) {
      const g = v128.load(at(grads, i));
      const h = f32x4.add(v128.load(at(accum, i)), f32x4.mul(g, g));
      v128.store(at(accum, i), h);
      const update = f32x4.div(f32x4.mul(vlr, g), f32x4.add(f32x4.sqrt(h), veps));
      v128.store(at(params, i), f32x4.add(v128.load(at(params, i)), update));
    }
  }
  for (; i < n; i++) {
    const g = load<f32>(at(grads, i));
    const h = load<f32>(at(accum, i)) + g * g;
    store<f32>(at(accum, i), h);
    store<f32>(at(params, i), load<f32>(at(params, i)) + (negLr * g) / (Mathf.sqrt(h) + eps));
  }
}

/** RMSprop in float32 as PyTorch computes it (the js reference gives the order): h = h rho + ((1 - rho) g) g;
 * w = w + (-lr g) / (sqrt(h) + epsilon). Four lanes at a time (f32x4). */
export function rmspropStep(n: i32, lr: f64, rho: f64, epsilon: f64, params: usize,
  grads: usize, meanSquare: usize): void {
  const r = <f32>rho, rest = <f32>(1 - rho), negLr = <f32>(-lr), eps = <f32>epsilon;
  let i = 0;
  if (ASC_FEATURE_SIMD) {
    const vr = f32x4.splat(r), vrest = f32x4.splat(rest), vlr = f32x4.splat(negLr), veps = f32x4.splat(eps);
    for (; i + 4 <= n; i += 4) {
      const g = v128.load(at(grads, i));
      const h = f32x4.add(f32x4.mul(v128.load(at(meanSquare, i)), vr), f32x4.mul(f32x4.mul(vrest, g), g));
      v128.store(at(meanSquare, i), h);
      const update = f32x4.div(f32x4.mul(vlr, g), f32x4.add(f32x4.sqrt(h), veps));
      v128.store(at(params, i), f32x4.add(v128.load(at(params, i)), update));
    }
  }
  for (; i < n; i++) {
    const g = load<f32>(at(grads, i));
    const h = load<f32>(at(meanSquare, i)) * r + rest * g * g;
    store<f32>(at(meanSquare, i), h);
    store<f32>(at(params, i), load<f32>(at(params, i)) + (negLr * g) / (Mathf.sqrt(h) + eps));
  }
}

/**
 * Adam / AdamW as PyTorch computes them for float32 parameters, in float32 (the js reference,
 * src/backends/js/optimizer.ts, gives the formula and its order): the step's constants are computed in
 * float64 and rounded once; per value every operation is a float32 one, four lanes at a time (f32x4: the
 * float32 divider and square root take about half the time of the float64 ones). Once sqrt(1 - beta2^t)
 * rounds to exactly 1, dividing by it returns its operand, so that division is skipped with the same bits;
 * each case is a loop of its own, so the skip costs no branch per value.
 */
export function adamStep(n: i32, lr: f64, beta1: f64, beta2: f64, epsilon: f64, step: f64,
  weightDecay: f64, params: usize, grads: usize, m: usize, v: usize): void {
  const negStepSize = <f32>(-(lr / (1 - Math.pow(beta1, step))));
  const correction2 = <f32>Math.sqrt(1 - Math.pow(beta2, step));
  const decay = <f32>(1 - lr * weightDecay);
  if (correction2 != 1) {
    adamLoop(n, negStepSize, correction2, decay, beta1, beta2, epsilon, params, grads, m, v, true);
  } else adamLoop(n, negStepSize, correction2, decay, beta1, beta2, epsilon, params, grads, m, v, false);
}

/** adamStep's loop; corrects2 (a constant where it is inlined): whether to divide by correction2. */
// @ts-ignore: decorator
@inline
function adamLoop(n: i32, negStepSize: f32, correction2: f32, decay: f32, beta1: f64, beta2: f64, epsilon: f64,
  params: usize, grads: usize, m: usize, v: usize, corrects2: bool): void {
  const b1 = <f32>beta1, rest1 = <f32>(1 - beta1), b2 = <f32>beta2, rest2 = <f32>(1 - beta2);
  const eps = <f32>epsilon;
  let i = 0;
  if (ASC_FEATURE_SIMD) {
    const vstep = f32x4.splat(negStepSize), vc2 = f32x4.splat(correction2), vdecay = f32x4.splat(decay);
    const vb1 = f32x4.splat(b1), vr1 = f32x4.splat(rest1), vb2 = f32x4.splat(b2), vr2 = f32x4.splat(rest2);
    const veps = f32x4.splat(eps);
    for (; i + 4 <= n; i += 4) {
      const w = f32x4.mul(v128.load(at(params, i)), vdecay);
      const g = v128.load(at(grads, i));
      const mi = f32x4.add(f32x4.mul(v128.load(at(m, i)), vb1), f32x4.mul(vr1, g));
      const vi = f32x4.add(f32x4.mul(v128.load(at(v, i)), vb2), f32x4.mul(f32x4.mul(vr2, g), g));
      v128.store(at(m, i), mi);
      v128.store(at(v, i), vi);
      const root = f32x4.sqrt(vi);
      const denom = f32x4.add(corrects2 ? f32x4.div(root, vc2) : root, veps);
      v128.store(at(params, i), f32x4.add(w, f32x4.div(f32x4.mul(vstep, mi), denom)));
    }
  }
  for (; i < n; i++) {
    const w = load<f32>(at(params, i)) * decay;
    const g = load<f32>(at(grads, i));
    const mi = load<f32>(at(m, i)) * b1 + rest1 * g;
    const vi = load<f32>(at(v, i)) * b2 + rest2 * g * g;
    store<f32>(at(m, i), mi);
    store<f32>(at(v, i), vi);
    const root = Mathf.sqrt(vi);
    const denom = (corrects2 ? root / correction2 : root) + eps;
    store<f32>(at(params, i), w + (negStepSize * mi) / denom);
  }
}
