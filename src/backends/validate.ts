import { Activation, type Kernels } from './contract.js';

// Argument checks for the kernel contract, done before a kernel touches memory, with messages that name
// the kernel, the argument, what was expected and what came. The js backend runs behind them; a backend
// that checks in its own binding (native) does the same checks there.

export class KernelArgumentError extends TypeError {
  override name = 'KernelArgumentError';
}

function describe(value: unknown): string {
  if (value instanceof Float32Array) return `a Float32Array of length ${value.length}`;
  if (ArrayBuffer.isView(value)) return `a ${value.constructor.name}`;
  if (Array.isArray(value)) return `an Array of length ${value.length}`;
  return typeof value === 'number' ? String(value) : typeof value;
}

function fail(kernel: string, arg: string, expected: string, value: unknown): never {
  throw new KernelArgumentError(`backprop: ${kernel}: ${arg} must be ${expected}; got ${describe(value)}`);
}

function size(kernel: string, arg: string, v: unknown): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v > 2 ** 31 - 1) fail(kernel, arg, 'an integer in [0, 2^31)', v);
  return v;
}

function finite(kernel: string, arg: string, v: unknown): number {
  if (typeof v !== 'number' || !Number.isFinite(v)) fail(kernel, arg, 'a finite number', v);
  return v;
}

function buffer(kernel: string, arg: string, v: unknown, need: number): Float32Array {
  if (!(v instanceof Float32Array)) fail(kernel, arg, `a Float32Array of at least ${need} floats`, v);
  if (v.length < need) fail(kernel, arg, `a Float32Array of at least ${need} floats`, v);
  return v;
}

function flag(kernel: string, arg: string, v: unknown): void {
  if (typeof v !== 'boolean') fail(kernel, arg, 'a boolean', v);
}

/** True when the first `na` floats of a and the first `nb` of b share memory. */
export function overlaps(a: Float32Array, na: number, b: Float32Array, nb: number): boolean {
  if (a.buffer !== b.buffer || na === 0 || nb === 0) return false;
  const a0 = a.byteOffset, a1 = a0 + 4 * na, b0 = b.byteOffset, b1 = b0 + 4 * nb;
  return a0 < b1 && b0 < a1;
}

function disjoint(kernel: string, names: [string, string], a: Float32Array, na: number, b: Float32Array, nb: number): void {
  if (overlaps(a, na, b, nb)) throw new KernelArgumentError(`backprop: ${kernel}: ${names[0]} and ${names[1]} must not overlap`);
}

/** May alias exactly (the same floats) but must not partly overlap. */
function sameOrDisjoint(kernel: string, names: [string, string], a: Float32Array, b: Float32Array, n: number): void {
  if (overlaps(a, n, b, n) && !(a.buffer === b.buffer && a.byteOffset === b.byteOffset)) {
    throw new KernelArgumentError(`backprop: ${kernel}: ${names[0]} and ${names[1]} may be the same buffer but must not partly overlap`);
  }
}

const ACTIVATION_CODES = new Set<number>(Object.values(Activation));

function activationCode(kernel: string, v: unknown): void {
  if (typeof v !== 'number' || !ACTIVATION_CODES.has(v)) fail(kernel, 'kind', `an activation code (${Object.entries(Activation).map(([k, c]) => `${c} ${k}`).join(', ')})`, v);
}

function rate(kernel: string, v: unknown): number {
  if (typeof v !== 'number' || !(v >= 0 && v < 1)) fail(kernel, 'rate', 'a number in [0, 1)', v);
  return v;
}

type Checks = { [K in keyof Kernels]: (...args: Parameters<Kernels[K]>) => void };

/** The checks per kernel, with the contract's argument names. */
export const kernelChecks: Checks = {
  gemm(transA, transB, m, n, k, alpha, a, b, beta, c) {
    const K = 'gemm';
    flag(K, 'transA', transA); flag(K, 'transB', transB);
    size(K, 'm', m); size(K, 'n', n); size(K, 'k', k); finite(K, 'alpha', alpha); finite(K, 'beta', beta);
    buffer(K, 'a', a, m * k); buffer(K, 'b', b, k * n); buffer(K, 'c', c, m * n);
    disjoint(K, ['c', 'a'], c, m * n, a, m * k); disjoint(K, ['c', 'b'], c, m * n, b, k * n);
  },
  biasAdd(rows, cols, bias, y) {
    const K = 'biasAdd';
    size(K, 'rows', rows); size(K, 'cols', cols); buffer(K, 'bias', bias, cols); buffer(K, 'y', y, rows * cols);
    disjoint(K, ['y', 'bias'], y, rows * cols, bias, cols);
  },
  biasGrad(rows, cols, dy, dbias) {
    const K = 'biasGrad';
    size(K, 'rows', rows); size(K, 'cols', cols); buffer(K, 'dy', dy, rows * cols); buffer(K, 'dbias', dbias, cols);
    disjoint(K, ['dbias', 'dy'], dbias, cols, dy, rows * cols);
  },
  activationForward(kind, n, alpha, x, y) {
    const K = 'activationForward';
    activationCode(K, kind); size(K, 'n', n); finite(K, 'alpha', alpha); buffer(K, 'x', x, n); buffer(K, 'y', y, n);
    sameOrDisjoint(K, ['y', 'x'], y, x, n);
  },
  activationBackward(kind, n, alpha, x, y, dy, dx) {
    const K = 'activationBackward';
    activationCode(K, kind); size(K, 'n', n); finite(K, 'alpha', alpha);
    buffer(K, 'x', x, n); buffer(K, 'y', y, n); buffer(K, 'dy', dy, n); buffer(K, 'dx', dx, n);
    sameOrDisjoint(K, ['dx', 'dy'], dx, dy, n); disjoint(K, ['dx', 'x'], dx, n, x, n); disjoint(K, ['dx', 'y'], dx, n, y, n);
  },
  stepForward(n, x, y) {
    const K = 'stepForward';
    size(K, 'n', n); buffer(K, 'x', x, n); buffer(K, 'y', y, n); sameOrDisjoint(K, ['y', 'x'], y, x, n);
  },
  softmaxForward(rows, cols, x, y) {
    const K = 'softmaxForward';
    size(K, 'rows', rows); size(K, 'cols', cols); buffer(K, 'x', x, rows * cols); buffer(K, 'y', y, rows * cols);
    sameOrDisjoint(K, ['y', 'x'], y, x, rows * cols);
  },
  softmaxBackward(rows, cols, y, dy, dx) {
    const K = 'softmaxBackward', n = rows * cols;
    size(K, 'rows', rows); size(K, 'cols', cols); buffer(K, 'y', y, n); buffer(K, 'dy', dy, n); buffer(K, 'dx', dx, n);
    sameOrDisjoint(K, ['dx', 'dy'], dx, dy, n); disjoint(K, ['dx', 'y'], dx, n, y, n);
  },
  mseLoss(rows, cols, pred, target, grad) { lossChecks('mseLoss', rows, cols, pred, target, grad); },
  sseLoss(rows, cols, pred, target, grad) { lossChecks('sseLoss', rows, cols, pred, target, grad); },
  bceLoss(rows, cols, prob, target, grad) { lossChecks('bceLoss', rows, cols, prob, target, grad); },
  bceLogitsLoss(rows, cols, logits, target, grad) { lossChecks('bceLogitsLoss', rows, cols, logits, target, grad); },
  softmaxCrossEntropy(rows, cols, logits, target, probs, grad) {
    const K = 'softmaxCrossEntropy';
    lossChecks(K, rows, cols, logits, target, grad);
    buffer(K, 'probs', probs, rows * cols);
    for (const [name, other] of [['logits', logits], ['target', target], ['grad', grad]] as const) disjoint(K, ['probs', name], probs, rows * cols, other, rows * cols);
  },
  sparseSoftmaxCrossEntropy(rows, cols, logits, labels, probs, grad) {
    const K = 'sparseSoftmaxCrossEntropy', n = rows * cols;
    size(K, 'rows', rows); size(K, 'cols', cols);
    if (rows > 0 && cols === 0) fail(K, 'cols', 'at least 1 (the number of classes)', cols);
    buffer(K, 'logits', logits, n); buffer(K, 'labels', labels, rows); buffer(K, 'probs', probs, n); buffer(K, 'grad', grad, n);
    disjoint(K, ['grad', 'logits'], grad, n, logits, n); disjoint(K, ['probs', 'logits'], probs, n, logits, n);
    disjoint(K, ['probs', 'grad'], probs, n, grad, n); disjoint(K, ['grad', 'labels'], grad, n, labels, rows);
    disjoint(K, ['probs', 'labels'], probs, n, labels, rows);
  },
  batchNormForwardTrain(rows, cols, epsilon, momentum, x, gamma, beta, runningMean, runningVar, y, saveMean, saveInvStd) {
    const K = 'batchNormForwardTrain', n = rows * cols;
    size(K, 'rows', rows); size(K, 'cols', cols); positive(K, 'epsilon', epsilon); finite(K, 'momentum', momentum);
    if (rows === 0 && cols > 0) fail(K, 'rows', 'at least 1 (a batch to take statistics over)', rows);
    buffer(K, 'x', x, n); buffer(K, 'y', y, n); sameOrDisjoint(K, ['y', 'x'], y, x, n);
    for (const [name, v] of [['gamma', gamma], ['beta', beta], ['runningMean', runningMean], ['runningVar', runningVar], ['saveMean', saveMean], ['saveInvStd', saveInvStd]] as const) {
      buffer(K, name, v, cols);
      if (name !== 'gamma' && name !== 'beta') disjoint(K, ['y', name], y, n, v, cols);
    }
    // The four per-column outputs are written independently: none may share memory with another or with an input.
    const outputs = [['runningMean', runningMean], ['runningVar', runningVar], ['saveMean', saveMean], ['saveInvStd', saveInvStd]] as const;
    for (let i = 0; i < outputs.length; i++) {
      for (let j = i + 1; j < outputs.length; j++) disjoint(K, [outputs[j][0], outputs[i][0]], outputs[j][1], cols, outputs[i][1], cols);
      disjoint(K, [outputs[i][0], 'x'], outputs[i][1], cols, x, n);
      disjoint(K, [outputs[i][0], 'gamma'], outputs[i][1], cols, gamma, cols);
      disjoint(K, [outputs[i][0], 'beta'], outputs[i][1], cols, beta, cols);
    }
  },
  batchNormForwardInference(rows, cols, epsilon, x, gamma, beta, runningMean, runningVar, y) {
    const K = 'batchNormForwardInference', n = rows * cols;
    size(K, 'rows', rows); size(K, 'cols', cols); positive(K, 'epsilon', epsilon);
    buffer(K, 'x', x, n); buffer(K, 'y', y, n); sameOrDisjoint(K, ['y', 'x'], y, x, n);
    for (const [name, v] of [['gamma', gamma], ['beta', beta], ['runningMean', runningMean], ['runningVar', runningVar]] as const) {
      buffer(K, name, v, cols);
      disjoint(K, ['y', name], y, n, v, cols);
    }
  },
  batchNormBackward(rows, cols, x, gamma, saveMean, saveInvStd, dy, dx, dgamma, dbeta) {
    const K = 'batchNormBackward', n = rows * cols;
    size(K, 'rows', rows); size(K, 'cols', cols);
    buffer(K, 'x', x, n); buffer(K, 'dy', dy, n); buffer(K, 'dx', dx, n);
    sameOrDisjoint(K, ['dx', 'dy'], dx, dy, n); disjoint(K, ['dx', 'x'], dx, n, x, n);
    for (const [name, v] of [['gamma', gamma], ['saveMean', saveMean], ['saveInvStd', saveInvStd], ['dgamma', dgamma], ['dbeta', dbeta]] as const) buffer(K, name, v, cols);
    disjoint(K, ['dgamma', 'dbeta'], dgamma, cols, dbeta, cols);
    for (const [name, v] of [['x', x], ['dy', dy], ['dx', dx]] as const) {
      disjoint(K, ['dgamma', name], dgamma, cols, v, n); disjoint(K, ['dbeta', name], dbeta, cols, v, n);
    }
    for (const [name, v] of [['gamma', gamma], ['saveMean', saveMean], ['saveInvStd', saveInvStd]] as const) {
      disjoint(K, ['dgamma', name], dgamma, cols, v, cols); disjoint(K, ['dbeta', name], dbeta, cols, v, cols);
      disjoint(K, ['dx', name], dx, n, v, cols);
    }
  },
  dropoutForward(n, r, mask, x, y) {
    const K = 'dropoutForward';
    size(K, 'n', n); rate(K, r); buffer(K, 'mask', mask, n); buffer(K, 'x', x, n); buffer(K, 'y', y, n);
    sameOrDisjoint(K, ['y', 'x'], y, x, n); disjoint(K, ['y', 'mask'], y, n, mask, n);
  },
  dropoutBackward(n, r, mask, dy, dx) {
    const K = 'dropoutBackward';
    size(K, 'n', n); rate(K, r); buffer(K, 'mask', mask, n); buffer(K, 'dy', dy, n); buffer(K, 'dx', dx, n);
    sameOrDisjoint(K, ['dx', 'dy'], dx, dy, n); disjoint(K, ['dx', 'mask'], dx, n, mask, n);
  },
  sgdStep(n, lr, l1, l2, params, grads) {
    optimizerChecks('sgdStep', n, { lr, l1, l2 }, { params, grads });
  },
  momentumStep(n, lr, momentum, nesterov, l1, l2, params, grads, velocity) {
    flag('momentumStep', 'nesterov', nesterov);
    optimizerChecks('momentumStep', n, { lr, momentum, l1, l2 }, { params, grads, velocity });
  },
  adagradStep(n, lr, epsilon, l1, l2, params, grads, accum) {
    optimizerChecks('adagradStep', n, { lr, epsilon, l1, l2 }, { params, grads, accum });
  },
  rmspropStep(n, lr, rho, epsilon, l1, l2, params, grads, meanSquare) {
    optimizerChecks('rmspropStep', n, { lr, rho, epsilon, l1, l2 }, { params, grads, meanSquare });
  },
  adamStep(n, lr, beta1, beta2, epsilon, step, l1, l2, weightDecay, params, grads, m, v) {
    if (typeof step !== 'number' || !Number.isInteger(step) || step < 1) fail('adamStep', 'step', 'an integer >= 1', step);
    optimizerChecks('adamStep', n, { lr, beta1, beta2, epsilon, l1, l2, weightDecay }, { params, grads, m, v });
  },
  maxNormProject(rows, cols, maxValue, w) {
    const K = 'maxNormProject';
    size(K, 'rows', rows); size(K, 'cols', cols);
    if (typeof maxValue !== 'number' || !(maxValue >= 0) || !Number.isFinite(maxValue)) fail(K, 'maxValue', 'a finite number >= 0', maxValue);
    buffer(K, 'w', w, rows * cols);
  },
  sumOfSquares(n, x) { size('sumOfSquares', 'n', n); buffer('sumOfSquares', 'x', x, n); },
  scale(n, s, x) { size('scale', 'n', n); finite('scale', 's', s); buffer('scale', 'x', x, n); },
  clipByValue(n, lo, hi, x) {
    const K = 'clipByValue';
    size(K, 'n', n);
    if (typeof lo !== 'number' || Number.isNaN(lo)) fail(K, 'lo', 'a number', lo);
    if (typeof hi !== 'number' || !(hi >= lo)) fail(K, 'hi', `a number >= lo (${lo})`, hi);
    buffer(K, 'x', x, n);
  },
  axpy(n, alpha, x, y) {
    const K = 'axpy';
    size(K, 'n', n); finite(K, 'alpha', alpha); buffer(K, 'x', x, n); buffer(K, 'y', y, n); disjoint(K, ['y', 'x'], y, n, x, n);
  },
};

function positive(kernel: string, arg: string, v: unknown): void {
  if (typeof v !== 'number' || !(v > 0) || !Number.isFinite(v)) fail(kernel, arg, 'a finite number > 0', v);
}

function lossChecks(K: string, rows: number, cols: number, pred: Float32Array, target: Float32Array, grad: Float32Array): void {
  size(K, 'rows', rows); size(K, 'cols', cols);
  if (rows * cols === 0) fail(K, 'rows * cols', 'at least 1 (a loss over no values is undefined)', rows * cols);
  const n = rows * cols;
  buffer(K, 'prediction', pred, n); buffer(K, 'target', target, n); buffer(K, 'grad', grad, n);
  disjoint(K, ['grad', 'prediction'], grad, n, pred, n); disjoint(K, ['grad', 'target'], grad, n, target, n);
}

function optimizerChecks(K: string, n: number, scalars: Record<string, number>, buffers: Record<string, Float32Array>): void {
  size(K, 'n', n);
  for (const [name, v] of Object.entries(scalars)) finite(K, name, v);
  const entries = Object.entries(buffers);
  for (const [name, v] of entries) buffer(K, name, v, n);
  for (let i = 0; i < entries.length; i++) {
    for (let j = i + 1; j < entries.length; j++) disjoint(K, [entries[i][0], entries[j][0]], entries[i][1], n, entries[j][1], n);
  }
}

/** Wraps kernels so that every call is checked first. */
export function withArgumentChecks<T extends Kernels>(kernels: T): T {
  const checked = { ...kernels };
  for (const name of Object.keys(kernelChecks) as (keyof Kernels)[]) {
    const check = kernelChecks[name] as (...args: unknown[]) => void;
    const run = kernels[name] as (...args: unknown[]) => unknown;
    // `apply` with `arguments` is optimised by V8 without materialising an array: no allocation per call.
    (checked as Record<string, unknown>)[name] = function checkedKernel(): unknown {
      // eslint-disable-next-line prefer-rest-params
      check.apply(undefined, arguments as unknown as unknown[]);
      // eslint-disable-next-line prefer-rest-params
      return run.apply(undefined, arguments as unknown as unknown[]);
    };
  }
  return checked;
}
