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

/** Adam with bias correction; weightDecay > 0 adds AdamW's decoupled decay w -= lr * weightDecay * w first. */
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
  const decay = 1 - lr * weightDecay;
  for (let i = 0; i < n; i++) {
    const w = params[i];
    const g = grads[i];
    const mi = beta1 * m[i] + (1 - beta1) * g;
    const vi = beta2 * v[i] + (1 - beta2) * g * g;
    m[i] = mi;
    v[i] = vi;
    params[i] = w * decay - (lr * (mi / correction1)) / (Math.sqrt(vi / correction2) + epsilon);
  }
}
