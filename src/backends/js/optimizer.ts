// Optimizer steps over a whole flat parameter buffer: SGD and momentum in float64 and rounded once when
// stored; AdaGrad, RMSprop and Adam, whose division and square root per value bound their speed, in float32
// as PyTorch computes them (the float32 divider and square root are about twice as fast on wasm and native).

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

/**
 * AdaGrad (Duchi, Hazan and Singer 2011) as PyTorch's torch.optim.Adagrad computes it for float32 parameters:
 * h = h + g g; w = w + (-lr g) / (sqrt(h) + epsilon), every operation in float32 (Math.fround after each),
 * -lr and epsilon rounded once to float32. sqrt and the division are correctly rounded in float32 on every
 * backend, so js, wasm and native give the same bits.
 */
export function adagradStep(
  n: number,
  lr: number,
  epsilon: number,
  params: Float32Array,
  grads: Float32Array,
  accum: Float32Array,
): void {
  const f = Math.fround;
  const negLr = f(-lr),
    eps = f(epsilon);
  for (let i = 0; i < n; i++) {
    const g = grads[i];
    const h = f(accum[i] + f(g * g));
    accum[i] = h;
    params[i] = params[i] + f(f(negLr * g) / f(f(Math.sqrt(h)) + eps));
  }
}

/**
 * RMSprop (Tieleman and Hinton 2012) as PyTorch's torch.optim.RMSprop computes it for float32 parameters:
 * h = h rho + ((1 - rho) g) g; w = w + (-lr g) / (sqrt(h) + epsilon), every operation in float32, the
 * constants (rho, 1 - rho, -lr, epsilon) rounded once to float32: the same bits on every backend.
 */
export function rmspropStep(
  n: number,
  lr: number,
  rho: number,
  epsilon: number,
  params: Float32Array,
  grads: Float32Array,
  meanSquare: Float32Array,
): void {
  const f = Math.fround;
  const r = f(rho),
    rest = f(1 - rho),
    negLr = f(-lr),
    eps = f(epsilon);
  for (let i = 0; i < n; i++) {
    const g = grads[i];
    const h = f(f(meanSquare[i] * r) + f(f(rest * g) * g));
    meanSquare[i] = h;
    params[i] = params[i] + f(f(negLr * g) / f(f(Math.sqrt(h)) + eps));
  }
}

/**
 * Adam (Kingma and Ba 2015) as PyTorch's torch.optim.Adam computes it for float32 parameters
 * (`_single_tensor_adam`), and AdamW (Loshchilov and Hutter 2019) as torch.optim.AdamW: weightDecay > 0
 * first decays the weight, w = w (1 - lr weightDecay). The step's constants are computed in float64 and
 * rounded once to float32, as PyTorch turns its Python floats into the kernels' float32 scalars:
 *   stepSize = lr / (1 - beta1^t), correction2 = sqrt(1 - beta2^t), and beta1, 1 - beta1, beta2, 1 - beta2,
 *   epsilon, 1 - lr weightDecay.
 * Then per value, every operation in float32 (Math.fround after each), in PyTorch's order without fused
 * multiply-adds: m = m beta1 + (1 - beta1) g; v = v beta2 + ((1 - beta2) g) g;
 * denom = sqrt(v) / correction2 + epsilon; w = w + (-stepSize m) / denom. The divisions and the square root
 * are correctly rounded in float32 on every backend, so js, wasm and native give the same bits (once
 * correction2 rounds to exactly 1, dividing by it returns its operand, as wasm and native skipping it do).
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
  const f = Math.fround;
  const negStepSize = f(-(lr / (1 - Math.pow(beta1, step))));
  const correction2 = f(Math.sqrt(1 - Math.pow(beta2, step)));
  const decay = f(1 - lr * weightDecay);
  const b1 = f(beta1),
    rest1 = f(1 - beta1),
    b2 = f(beta2),
    rest2 = f(1 - beta2),
    eps = f(epsilon);
  // The decay first, in its own pass (w = w decay is the first operation on w either way).
  if (decay !== 1) for (let i = 0; i < n; i++) params[i] = params[i] * decay;
  // Two passes, the moments then the weights, each four values an iteration. A value's update is a long chain
  // of dependent float32 operations (each rounding a float64 result), so the loop is bound by how many values
  // the processor keeps in flight at once: in two shorter loops more of them fit (bench/ab/iris-adam.mjs, 697
  // values: 8.8 -> 7.3 us a call). Four values an iteration because optimized V8 code checks each typed
  // array's map and loads its length and data pointer again at every iteration of a loop (it does not hoist
  // them past the loop's interrupt check): the four inlined calls share one such load per array (callgrind,
  // 691 values: 105k -> 92k instructions a call).
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    adamMoments(i, grads, m, v, b1, rest1, b2, rest2);
    adamMoments(i + 1, grads, m, v, b1, rest1, b2, rest2);
    adamMoments(i + 2, grads, m, v, b1, rest1, b2, rest2);
    adamMoments(i + 3, grads, m, v, b1, rest1, b2, rest2);
  }
  for (; i < n; i++) adamMoments(i, grads, m, v, b1, rest1, b2, rest2);
  for (i = 0; i + 4 <= n; i += 4) {
    adamWeight(i, params, m, v, negStepSize, correction2, eps);
    adamWeight(i + 1, params, m, v, negStepSize, correction2, eps);
    adamWeight(i + 2, params, m, v, negStepSize, correction2, eps);
    adamWeight(i + 3, params, m, v, negStepSize, correction2, eps);
  }
  for (; i < n; i++) adamWeight(i, params, m, v, negStepSize, correction2, eps);
}

/** adamStep's moments of value i: m = m beta1 + (1 - beta1) g; v = v beta2 + ((1 - beta2) g) g. */
function adamMoments(
  i: number,
  grads: Float32Array,
  m: Float32Array,
  v: Float32Array,
  b1: number,
  rest1: number,
  b2: number,
  rest2: number,
): void {
  const f = Math.fround;
  const g = grads[i];
  m[i] = f(f(m[i] * b1) + f(rest1 * g));
  v[i] = f(f(v[i] * b2) + f(f(rest2 * g) * g));
}

/** adamStep's update of weight i from its new moments: w = w + (-stepSize m) / (sqrt(v) / correction2 + eps). */
function adamWeight(
  i: number,
  params: Float32Array,
  m: Float32Array,
  v: Float32Array,
  negStepSize: number,
  correction2: number,
  eps: number,
): void {
  const f = Math.fround;
  params[i] += f(f(negStepSize * m[i]) / f(f(f(Math.sqrt(v[i])) / correction2) + eps));
}
