// Every backward kernel against central differences of its forward ((f(x+h) - f(x-h)) / 2h), on every
// backend that loads. A scalar is made from a vector output by projecting it on a fixed random direction
// r, so the analytic gradient is the backward kernel applied to dy = r.
import { describe, expect, it } from 'vitest';
import { Activation, type Backend } from '../src/backends/contract.js';
import {
  backendsUnderTest,
  dot,
  expectClose,
  numericalGradient,
  Random,
  randomArray,
  type Tolerance,
} from './harness.js';
import { convArgs, type Geometry, kerasGeometry, poolArgs } from './conv-kernel-cases.js';

const backends = await backendsUnderTest();
// float32 forward outputs with h = 1e-2: truncation O(h^2) plus rounding ~ n * 6e-8 / h.
const GRAD_TOL: Tolerance = { atol: 2e-3, rtol: 2e-2 };

/** Inputs kept away from kinks (relu, leaky relu, elu at 0) where central differences are meaningless. */
function awayFromZero(rng: Random, n: number, range = 3): Float32Array {
  return Float32Array.from(randomArray(rng, n, -range, range), (v) =>
    Math.abs(v) < 0.1 ? v + Math.sign(v || 1) * 0.2 : v,
  );
}

describe.each(backends.map((b) => [b.name, b] as const))('%s gradient checks', (_, k: Backend) => {
  const rng = new Random(7);

  it.each(Object.entries(Activation))('activation %s', (__, kind) => {
    const n = 17,
      alpha = kind === Activation.leakyRelu ? 0.2 : 1.1;
    const x = awayFromZero(rng, n),
      r = randomArray(rng, n);
    const y = new Float32Array(n),
      dx = new Float32Array(n);
    const f = () => {
      k.activationForward(kind, n, alpha, x, y);
      return dot(r, y);
    };
    f();
    k.activationBackward(kind, n, alpha, x, y, r, dx);
    expectClose(dx, numericalGradient(f, x), GRAD_TOL, `activation ${kind} dx`);
  });

  it('softmax', () => {
    const rows = 3,
      cols = 7,
      x = randomArray(rng, rows * cols, -3, 3),
      r = randomArray(rng, rows * cols);
    const y = new Float32Array(rows * cols),
      dx = new Float32Array(rows * cols);
    const f = () => {
      k.softmaxForward(rows, cols, x, y);
      return dot(r, y);
    };
    f();
    k.softmaxBackward(rows, cols, y, r, dx);
    expectClose(dx, numericalGradient(f, x), GRAD_TOL, 'softmax dx');
  });

  it('gemm: dA = dC B^T (NT) and dB = A^T dC (TN) for C = A B', () => {
    const m = 5,
      n = 7,
      kk = 3;
    const a = randomArray(rng, m * kk),
      b = randomArray(rng, kk * n),
      r = randomArray(rng, m * n);
    const c = new Float32Array(m * n),
      da = new Float32Array(m * kk),
      db = new Float32Array(kk * n);
    const f = () => {
      k.gemm(false, false, m, n, kk, 1, a, b, 0, c);
      return dot(r, c);
    };
    k.gemm(false, true, m, kk, n, 1, r, b, 0, da);
    k.gemm(true, false, kk, n, m, 1, a, r, 0, db);
    expectClose(da, numericalGradient(f, a), GRAD_TOL, 'gemm dA');
    expectClose(db, numericalGradient(f, b), GRAD_TOL, 'gemm dB');
  });

  it('bias: biasGrad is the gradient of biasAdd', () => {
    const rows = 4,
      cols = 6,
      bias = randomArray(rng, cols),
      base = randomArray(rng, rows * cols),
      r = randomArray(rng, rows * cols);
    const y = new Float32Array(rows * cols),
      dbias = new Float32Array(cols);
    const f = () => {
      y.set(base);
      k.biasAdd(rows, cols, bias, y);
      return dot(r, y);
    };
    k.biasGrad(rows, cols, r, dbias);
    expectClose(dbias, numericalGradient(f, bias), GRAD_TOL, 'dbias');
  });

  it.each(Object.entries(Activation))(
    'dense %s: activationBiasBackward is the gradient of biasActivationForward',
    (__, kind) => {
      const rows = 4,
        cols = 6,
        n = rows * cols,
        alpha = kind === Activation.leakyRelu ? 0.2 : 1.1;
      // |x| >= 0.1 and |bias| <= 0.05 keep z = x + bias away from the kinks at 0.
      const x = awayFromZero(rng, n),
        bias = randomArray(rng, cols, -0.05, 0.05),
        r = randomArray(rng, n);
      const z = new Float32Array(n),
        y = new Float32Array(n),
        dx = new Float32Array(n),
        dbias = new Float32Array(cols);
      const f = () => {
        z.set(x);
        k.biasActivationForward(kind, rows, cols, alpha, bias, z, y);
        return dot(r, y);
      };
      f();
      k.activationBiasBackward(kind, rows, cols, alpha, z, y, r, dx, dbias);
      expectClose(dx, numericalGradient(f, x), GRAD_TOL, `dense ${kind} dx`);
      expectClose(dbias, numericalGradient(f, bias), GRAD_TOL, `dense ${kind} dbias`);
    },
  );

  const lossShapes = { rows: 4, cols: 5 };
  const losses = [
    [
      'mseLoss',
      (p: Float32Array, t: Float32Array, g: Float32Array) => k.mseLoss(4, 5, p, t, g),
      () => randomArray(rng, 20),
    ],
    [
      'sseLoss',
      (p: Float32Array, t: Float32Array, g: Float32Array) => k.sseLoss(4, 5, p, t, g),
      () => randomArray(rng, 20),
    ],
    [
      'bceLoss',
      (p: Float32Array, t: Float32Array, g: Float32Array) => k.bceLoss(4, 5, p, t, g),
      () => randomArray(rng, 20, 0, 1),
    ],
    [
      'bceLogitsLoss',
      (p: Float32Array, t: Float32Array, g: Float32Array) => k.bceLogitsLoss(4, 5, p, t, g),
      () => randomArray(rng, 20, 0, 1),
    ],
  ] as const;
  it.each(losses)('%s', (__, loss, makeTarget) => {
    const n = lossShapes.rows * lossShapes.cols;
    const pred = __ === 'bceLoss' ? randomArray(rng, n, 0.1, 0.9) : randomArray(rng, n, -2, 2);
    const target = makeTarget(),
      grad = new Float32Array(n),
      scratch = new Float32Array(n);
    loss(pred, target, grad);
    expectClose(
      grad,
      numericalGradient(() => loss(pred, target, scratch), pred, 1e-3),
      GRAD_TOL,
      `${__} grad`,
    );
  });

  it('softmaxCrossEntropy and sparseSoftmaxCrossEntropy', () => {
    const rows = 4,
      cols = 5,
      n = rows * cols;
    const logits = randomArray(rng, n, -3, 3);
    const labels = Float32Array.from({ length: rows }, () => rng.int(cols));
    const oneHot = new Float32Array(n);
    labels.forEach((l, r) => {
      oneHot[r * cols + l] = 1;
    });
    const probs = new Float32Array(n),
      grad = new Float32Array(n),
      sgrad = new Float32Array(n),
      scratch = new Float32Array(n);
    const dense = () => k.softmaxCrossEntropy(rows, cols, logits, oneHot, probs, scratch);
    const sparse = () => k.sparseSoftmaxCrossEntropy(rows, cols, logits, labels, probs, scratch);
    k.softmaxCrossEntropy(rows, cols, logits, oneHot, probs, grad);
    k.sparseSoftmaxCrossEntropy(rows, cols, logits, labels, probs, sgrad);
    expectClose(grad, numericalGradient(dense, logits, 1e-3), GRAD_TOL, 'softmax CE grad');
    expectClose(sgrad, numericalGradient(sparse, logits, 1e-3), GRAD_TOL, 'sparse softmax CE grad');
  });

  it('batch normalisation: dx, dgamma, dbeta', () => {
    const rows = 6,
      cols = 3,
      n = rows * cols;
    const x = randomArray(rng, n, -2, 2),
      gamma = randomArray(rng, cols, 0.5, 1.5),
      beta = randomArray(rng, cols),
      r = randomArray(rng, n);
    const rm = new Float32Array(cols),
      rv = new Float32Array(cols).fill(1);
    const y = new Float32Array(n),
      mean = new Float32Array(cols),
      inv = new Float32Array(cols);
    const f = () => {
      k.batchNormForwardTrain(rows, cols, 1e-3, 0.9, x, gamma, beta, rm, rv, y, mean, inv);
      return dot(r, y);
    };
    f();
    const dx = new Float32Array(n),
      dgamma = new Float32Array(cols),
      dbeta = new Float32Array(cols);
    k.batchNormBackward(rows, cols, x, gamma, mean, inv, r, dx, dgamma, dbeta);
    expectClose(dx, numericalGradient(f, x, 1e-3), GRAD_TOL, 'batchnorm dx');
    expectClose(dgamma, numericalGradient(f, gamma, 1e-3), GRAD_TOL, 'batchnorm dgamma');
    expectClose(dbeta, numericalGradient(f, beta, 1e-3), GRAD_TOL, 'batchnorm dbeta');
  });

  it('dropout with a fixed mask', () => {
    const n = 33,
      rate = 0.4,
      mask = rng.fillDropoutMask(new Float32Array(n), rate);
    const x = randomArray(rng, n),
      r = randomArray(rng, n),
      y = new Float32Array(n),
      dx = new Float32Array(n);
    const f = () => {
      k.dropoutForward(n, rate, mask, x, y);
      return dot(r, y);
    };
    k.dropoutBackward(n, rate, mask, r, dx);
    expectClose(dx, numericalGradient(f, x), GRAD_TOL, 'dropout dx');
    expect(mask.some((v) => v === 0) && mask.some((v) => v === 1)).toBe(true);
  });

  // Padding on every side, stride 2, dilation 2, windows that overlap and windows that do not.
  const windows: [string, Geometry][] = [
    ['3x3 same stride 2 on 7x5x2', kerasGeometry([2, 7, 5, 2], [3, 3], [2, 2], [1, 1], 'same')],
    ['3x3 same dilation 2 on 6x7x3', kerasGeometry([1, 6, 7, 3], [3, 3], [1, 1], [2, 2], 'same')],
    ['2x2 valid stride 2 on 5x5x1', kerasGeometry([2, 5, 5, 1], [2, 2], [2, 2], [1, 1], 'valid')],
  ];
  const image = (g: Geometry) => g.n * g.h * g.w * g.c;
  const outputs = (g: Geometry) => g.n * g.oh * g.ow * g.c;

  it.each(windows)('col2im is the adjoint of im2col: <im2col(x), g> = <x, col2im(g)> (%s)', (__, g) => {
    const colsLength = g.n * g.oh * g.ow * g.kh * g.kw * g.c;
    const x = randomArray(rng, image(g)),
      grad = randomArray(rng, colsLength);
    const cols = new Float32Array(colsLength),
      dx = new Float32Array(image(g));
    k.im2col(...convArgs(g), x, cols);
    k.col2im(...convArgs(g), grad, dx);
    // dx sums up to kh * kw values of grad in float32: a relative error of that many roundings at most.
    const scale = grad.reduce((s, v) => s + Math.abs(v), 0);
    expect(Math.abs(dot(cols, grad) - dot(x, dx))).toBeLessThanOrEqual(g.kh * g.kw * 2 ** -23 * scale);
    expect(dx.some((v) => v !== 0)).toBe(true);
  });

  it.each(windows)('avgPoolBackward is the gradient of avgPoolForward (%s)', (__, g) => {
    const x = randomArray(rng, image(g)),
      r = randomArray(rng, outputs(g));
    const y = new Float32Array(outputs(g)),
      dx = new Float32Array(image(g));
    const f = () => {
      k.avgPoolForward(...poolArgs(g), x, y);
      return dot(r, y);
    };
    k.avgPoolBackward(...poolArgs(g), r, dx);
    expectClose(dx, numericalGradient(f, x), GRAD_TOL, 'avgPool dx');
  });

  it.each(windows)('maxPoolBackward is the gradient of maxPoolForward away from ties (%s)', (__, g) => {
    // Distinct values 0.05 apart: a step of h = 1e-2 either way never changes which cell wins.
    const x = Float32Array.from(rng.shuffle(Array.from({ length: image(g) }, (_v, i) => i * 0.05 - 1)));
    const r = randomArray(rng, outputs(g));
    const y = new Float32Array(outputs(g)),
      argmax = new Float32Array(outputs(g)),
      dx = new Float32Array(image(g));
    const f = () => {
      k.maxPoolForward(...poolArgs(g), x, y, argmax);
      return dot(r, y);
    };
    f();
    k.maxPoolBackward(g.n, g.h, g.w, g.c, g.oh, g.ow, argmax, r, dx);
    expectClose(dx, numericalGradient(f, x), GRAD_TOL, 'maxPool dx');
  });

  it('regularizerGradient is the gradient of l1 * sum |w| + l2 / 2 * sum w^2', () => {
    const n = 29,
      l1 = 0.3,
      l2 = 0.7,
      w = awayFromZero(rng, n);
    const f = () => {
      let abs = 0;
      for (const v of w) abs += Math.abs(v);
      return l1 * abs + (l2 / 2) * k.sumOfSquares(n, w);
    };
    const grad = new Float32Array(n);
    k.regularizerGradient(n, l1, l2, w, grad);
    expectClose(grad, numericalGradient(f, w), GRAD_TOL, 'regularizer grad');
  });
});
