// Optimizer steps over a whole flat parameter buffer, in float64 and rounded once when stored.

/** w -= lr * g. */
export function sgdStep(n: number, lr: number, params: Float32Array, grads: Float32Array): void {
  for (let i = 0; i < n; i++) params[i] -= lr * grads[i];
}

/** v = momentum v - lr g; w += v (or, Nesterov, w += momentum v - lr g). */
export function momentumStep(
  n: number,
  lr: number,
  momentum: number,
  nesterov: boolean,
  params: Float32Array,
  grads: Float32Array,
  velocity: Float32Array,
): void {
  for (let i = 0; i < n; i++) {
    const w = params[i];
    const g = grads[i];
    const v = momentum * velocity[i] - lr * g;
    velocity[i] = v;
    params[i] = nesterov ? w + momentum * v - lr * g : w + v;
  }
}

/** h += g^2; w -= lr g / (sqrt(h) + epsilon). */
export function adagradStep(
  n: number,
  lr: number,
  epsilon: number,
  params: Float32Array,
  grads: Float32Array,
  accum: Float32Array,
): void {
  for (let i = 0; i < n; i++) {
    const w = params[i];
    const g = grads[i];
    const h = accum[i] + g * g;
    accum[i] = h;
    params[i] = w - (lr * g) / (Math.sqrt(h) + epsilon);
  }
}

/** h = rho h + (1 - rho) g^2; w -= lr g / (sqrt(h) + epsilon). */
export function rmspropStep(
  n: number,
  lr: number,
  rho: number,
  epsilon: number,
  params: Float32Array,
  grads: Float32Array,
  meanSquare: Float32Array,
): void {
  for (let i = 0; i < n; i++) {
    const w = params[i];
    const g = grads[i];
    const h = rho * meanSquare[i] + (1 - rho) * g * g;
    meanSquare[i] = h;
    params[i] = w - (lr * g) / (Math.sqrt(h) + epsilon);
  }
}

/**
 * Adam with bias correction; weightDecay > 0 adds AdamW's decoupled decay w -= lr * weightDecay * w first.
 * Once a correction 1 - beta^t rounds to exactly 1 (for beta1 0.9 from t = 356 on, for beta2 0.999 from
 * t = 37,412), dividing by it returns its operand unchanged, so the division is skipped with the same bits:
 * the divisions and the square root are nearly all of this loop's time.
 */
export function adamStep(
  n: number,
  lr: number,
  beta1: number,
  beta2: number,
  epsilon: number,
  step: number,
  weightDecay: number,
  params: Float32Array,
  grads: Float32Array,
  m: Float32Array,
  v: Float32Array,
): void {
  const correction1 = 1 - Math.pow(beta1, step);
  const correction2 = 1 - Math.pow(beta2, step);
  const corrects1 = correction1 !== 1;
  const corrects2 = correction2 !== 1;
  const decay = 1 - lr * weightDecay;
  const rest1 = 1 - beta1;
  const rest2 = 1 - beta2;
  for (let i = 0; i < n; i++) {
    const w = params[i];
    const g = grads[i];
    const mi = beta1 * m[i] + rest1 * g;
    const vi = beta2 * v[i] + rest2 * g * g;
    m[i] = mi;
    v[i] = vi;
    const mHat = corrects1 ? mi / correction1 : mi;
    const vHat = corrects2 ? vi / correction2 : vi;
    params[i] = w * decay - (lr * mHat) / (Math.sqrt(vHat) + epsilon);
  }
}
