// Optimizer steps over one flat parameter buffer. params, grads and every state buffer (velocity, accum,
// meanSquare, m, v): n values. grads is only read. Each step first forms the regularised gradient
// g' = g + l2 w + l1 sign(w) (sign(0) = 0) from the weights as they were before the step.

// @ts-ignore: decorator
@inline
function at(base: usize, i: i32): usize {
  return base + (<usize>i << 2);
}

// @ts-ignore: decorator
@inline
function regularizedScalar(g: f32, w: f32, l1: f32, l2: f32): f32 {
  const sign: f32 = w > 0 ? 1 : w < 0 ? -1 : 0;
  return g + l2 * w + l1 * sign;
}

// @ts-ignore: decorator
@inline
function regularizedVector(g: v128, w: v128, l1: v128, l2: v128): v128 {
  const one = f32x4.splat(1);
  const zero = f32x4.splat(0);
  const sign = f32x4.sub(v128.and(one, f32x4.gt(w, zero)), v128.and(one, f32x4.lt(w, zero)));
  return f32x4.add(f32x4.add(g, f32x4.mul(l2, w)), f32x4.mul(l1, sign));
}

/** w -= lr g'. */
export function sgdStep(n: i32, lr: f32, l1: f32, l2: f32, params: usize, grads: usize): void {
  let i = 0;
  if (ASC_FEATURE_SIMD) {
    const vlr = f32x4.splat(lr), vl1 = f32x4.splat(l1), vl2 = f32x4.splat(l2);
    for (; i + 4 <= n; i += 4) {
      const w = v128.load(at(params, i));
      const g = regularizedVector(v128.load(at(grads, i)), w, vl1, vl2);
      v128.store(at(params, i), f32x4.sub(w, f32x4.mul(vlr, g)));
    }
  }
  for (; i < n; i++) {
    const w = load<f32>(at(params, i));
    const g = regularizedScalar(load<f32>(at(grads, i)), w, l1, l2);
    store<f32>(at(params, i), w - lr * g);
  }
}

/** v = momentum v - lr g'; w += v, or with Nesterov w += momentum v - lr g' (v already updated). */
export function momentumStep(n: i32, lr: f32, momentum: f32, nesterov: i32, l1: f32, l2: f32, params: usize,
  grads: usize, velocity: usize): void {
  let i = 0;
  if (ASC_FEATURE_SIMD) {
    const vlr = f32x4.splat(lr), vmom = f32x4.splat(momentum), vl1 = f32x4.splat(l1), vl2 = f32x4.splat(l2);
    for (; i + 4 <= n; i += 4) {
      const w = v128.load(at(params, i));
      const g = regularizedVector(v128.load(at(grads, i)), w, vl1, vl2);
      const step = f32x4.mul(vlr, g);
      const v = f32x4.sub(f32x4.mul(vmom, v128.load(at(velocity, i))), step);
      v128.store(at(velocity, i), v);
      const update = nesterov ? f32x4.sub(f32x4.mul(vmom, v), step) : v;
      v128.store(at(params, i), f32x4.add(w, update));
    }
  }
  for (; i < n; i++) {
    const w = load<f32>(at(params, i));
    const g = regularizedScalar(load<f32>(at(grads, i)), w, l1, l2);
    const step = lr * g;
    const v = momentum * load<f32>(at(velocity, i)) - step;
    store<f32>(at(velocity, i), v);
    store<f32>(at(params, i), w + (nesterov ? momentum * v - step : v));
  }
}

/** h += g'^2; w -= lr g' / (sqrt(h) + epsilon). */
export function adagradStep(n: i32, lr: f32, epsilon: f32, l1: f32, l2: f32, params: usize, grads: usize,
  accum: usize): void {
  let i = 0;
  if (ASC_FEATURE_SIMD) {
    const vlr = f32x4.splat(lr), veps = f32x4.splat(epsilon), vl1 = f32x4.splat(l1), vl2 = f32x4.splat(l2);
    for (; i + 4 <= n; i += 4) {
      const w = v128.load(at(params, i));
      const g = regularizedVector(v128.load(at(grads, i)), w, vl1, vl2);
      const h = f32x4.add(v128.load(at(accum, i)), f32x4.mul(g, g));
      v128.store(at(accum, i), h);
      const update = f32x4.div(f32x4.mul(vlr, g), f32x4.add(f32x4.sqrt(h), veps));
      v128.store(at(params, i), f32x4.sub(w, update));
    }
  }
  for (; i < n; i++) {
    const w = load<f32>(at(params, i));
    const g = regularizedScalar(load<f32>(at(grads, i)), w, l1, l2);
    const h = load<f32>(at(accum, i)) + g * g;
    store<f32>(at(accum, i), h);
    store<f32>(at(params, i), w - lr * g / (sqrt<f32>(h) + epsilon));
  }
}

/** h = rho h + (1 - rho) g'^2; w -= lr g' / (sqrt(h) + epsilon). */
export function rmspropStep(n: i32, lr: f32, rhoIn: f64, epsilon: f32, l1: f32, l2: f32, params: usize,
  grads: usize, meanSquare: usize): void {
  // 1 - rho in float64: rho = 0.9 rounded to float32 first would shift (1 - rho) by 2e-7 relative.
  const rho = <f32>rhoIn;
  const rest = <f32>(1.0 - rhoIn);
  let i = 0;
  if (ASC_FEATURE_SIMD) {
    const vlr = f32x4.splat(lr), vrho = f32x4.splat(rho), vrest = f32x4.splat(rest);
    const veps = f32x4.splat(epsilon), vl1 = f32x4.splat(l1), vl2 = f32x4.splat(l2);
    for (; i + 4 <= n; i += 4) {
      const w = v128.load(at(params, i));
      const g = regularizedVector(v128.load(at(grads, i)), w, vl1, vl2);
      const h = f32x4.add(f32x4.mul(vrho, v128.load(at(meanSquare, i))), f32x4.mul(vrest, f32x4.mul(g, g)));
      v128.store(at(meanSquare, i), h);
      const update = f32x4.div(f32x4.mul(vlr, g), f32x4.add(f32x4.sqrt(h), veps));
      v128.store(at(params, i), f32x4.sub(w, update));
    }
  }
  for (; i < n; i++) {
    const w = load<f32>(at(params, i));
    const g = regularizedScalar(load<f32>(at(grads, i)), w, l1, l2);
    const h = rho * load<f32>(at(meanSquare, i)) + rest * (g * g);
    store<f32>(at(meanSquare, i), h);
    store<f32>(at(params, i), w - lr * g / (sqrt<f32>(h) + epsilon));
  }
}

/**
 * Adam / AdamW: w -= lr weightDecay w (decoupled); m = beta1 m + (1 - beta1) g';
 * v = beta2 v + (1 - beta2) g'^2; w -= lr (m / (1 - beta1^t)) / (sqrt(v / (1 - beta2^t)) + epsilon).
 * The bias corrections are formed once in float64.
 */
export function adamStep(n: i32, lrIn: f64, beta1In: f64, beta2In: f64, epsilon: f32, step: i32, l1: f32, l2: f32,
  weightDecay: f64, params: usize, grads: usize, m: usize, v: usize): void {
  // Hyperparameters arrive in float64 and their combinations are formed there: 1 - beta2 from beta2 = 0.999
  // rounded to float32 first would be off by 1.3e-5 relative.
  const lr = <f32>lrIn;
  const beta1 = <f32>beta1In;
  const beta2 = <f32>beta2In;
  const correction1 = <f32>(1.0 - Math.pow(beta1In, <f64>step));
  const correction2 = <f32>(1.0 - Math.pow(beta2In, <f64>step));
  const decay = <f32>(lrIn * weightDecay);
  const rest1 = <f32>(1.0 - beta1In);
  const rest2 = <f32>(1.0 - beta2In);
  let i = 0;
  if (ASC_FEATURE_SIMD) {
    const vlr = f32x4.splat(lr), vdecay = f32x4.splat(decay), vb1 = f32x4.splat(beta1), vb2 = f32x4.splat(beta2);
    const vr1 = f32x4.splat(rest1), vr2 = f32x4.splat(rest2), vc1 = f32x4.splat(correction1);
    const vc2 = f32x4.splat(correction2), veps = f32x4.splat(epsilon), vl1 = f32x4.splat(l1), vl2 = f32x4.splat(l2);
    for (; i + 4 <= n; i += 4) {
      let w = v128.load(at(params, i));
      const g = regularizedVector(v128.load(at(grads, i)), w, vl1, vl2);
      w = f32x4.sub(w, f32x4.mul(vdecay, w));
      const mi = f32x4.add(f32x4.mul(vb1, v128.load(at(m, i))), f32x4.mul(vr1, g));
      const vi = f32x4.add(f32x4.mul(vb2, v128.load(at(v, i))), f32x4.mul(vr2, f32x4.mul(g, g)));
      v128.store(at(m, i), mi);
      v128.store(at(v, i), vi);
      const mhat = f32x4.div(mi, vc1);
      const vhat = f32x4.div(vi, vc2);
      const update = f32x4.div(f32x4.mul(vlr, mhat), f32x4.add(f32x4.sqrt(vhat), veps));
      v128.store(at(params, i), f32x4.sub(w, update));
    }
  }
  for (; i < n; i++) {
    let w = load<f32>(at(params, i));
    const g = regularizedScalar(load<f32>(at(grads, i)), w, l1, l2);
    w = w - decay * w;
    const mi = beta1 * load<f32>(at(m, i)) + rest1 * g;
    const vi = beta2 * load<f32>(at(v, i)) + rest2 * (g * g);
    store<f32>(at(m, i), mi);
    store<f32>(at(v, i), vi);
    const mhat = mi / correction1;
    const vhat = vi / correction2;
    store<f32>(at(params, i), w - lr * mhat / (sqrt<f32>(vhat) + epsilon));
  }
}
