import { KernelArgumentError, KernelRangeError } from '../errors.js';
import { Activation, type Kernels } from './contract.js';

// Argument checks for the kernel contract, done before a kernel touches memory, with messages that name
// the kernel, the argument, what was expected and what came. The js and wasm backends run behind them; the
// native addon does the same checks in its binding (native/binding.cc, native/args.cc) and refuses the
// same calls with the same error classes: a TypeError for a wrong kind of value, a RangeError for a value
// of the right kind out of its range (a size, a real outside float32 range or its interval, a buffer too
// short, buffers that overlap).

/** The largest finite float32: a real argument is converted to float32, so a larger one would become Infinity. */
const FLOAT32_MAX = 3.4028234663852886e38;

function describe(value: unknown): string {
  if (value instanceof Float32Array) return `a Float32Array of length ${value.length}`;
  if (ArrayBuffer.isView(value)) return `a ${value.constructor.name}`;
  if (Array.isArray(value)) return `an Array of length ${value.length}`;
  return typeof value === 'number' ? String(value) : typeof value;
}

function fail(kernel: string, arg: string, expected: string, value: unknown): never {
  throw new KernelArgumentError(`backprop: ${kernel}: ${arg} must be ${expected}; got ${describe(value)}`);
}

function outOfRange(kernel: string, arg: string, expected: string, value: unknown): never {
  throw new KernelRangeError(`backprop: ${kernel}: ${arg} must be ${expected}; got ${describe(value)}`);
}

/** An integer in [min, 2^31): a count of rows, columns or values. */
function size(kernel: string, arg: string, v: unknown, min = 0): number {
  const expected = `an integer in [${min}, 2^31)`;
  if (typeof v !== 'number') fail(kernel, arg, expected, v);
  if (!Number.isInteger(v) || v < min || v > 2 ** 31 - 1) outOfRange(kernel, arg, expected, v);
  return v;
}

/**
 * A finite number that float32 can hold, within [lo, hi] ([lo, hi) when hiOpen); the wording of the
 * expectation is native's (native/args.cc, Args::real).
 */
function real(kernel: string, arg: string, v: unknown, lo = -FLOAT32_MAX, hi = FLOAT32_MAX, hiOpen = false): number {
  if (typeof v !== 'number') fail(kernel, arg, 'a finite number', v);
  if (!Number.isFinite(v)) outOfRange(kernel, arg, 'a finite number', v);
  if (v < lo || v > hi || (hiOpen && v >= hi)) {
    const unboundedLo = lo <= -FLOAT32_MAX, unboundedHi = hi >= FLOAT32_MAX;
    const expected = unboundedLo && unboundedHi ? 'a finite number within float32 range'
      : unboundedHi ? `a number >= ${lo}`
        : unboundedLo ? `a number ${hiOpen ? '<' : '<='} ${hi}`
          : `a number in [${lo}, ${hi}${hiOpen ? ')' : ']'}`;
    outOfRange(kernel, arg, expected, v);
  }
  return v;
}

/** A real >= 0 (a regularisation factor, an epsilon, a learning rate). */
function nonNegative(kernel: string, arg: string, v: unknown): number {
  return real(kernel, arg, v, 0);
}

/** A real in [0, 1] (a momentum, a decay rate). */
function fraction(kernel: string, arg: string, v: unknown): number {
  return real(kernel, arg, v, 0, 1);
}

function buffer(kernel: string, arg: string, v: unknown, need: number): Float32Array {
  if (!(v instanceof Float32Array)) fail(kernel, arg, `a Float32Array of at least ${need} floats`, v);
  if (v.length < need) outOfRange(kernel, arg, `a Float32Array of at least ${need} floats`, v);
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
  if (overlaps(a, na, b, nb)) throw new KernelRangeError(`backprop: ${kernel}: ${names[0]} and ${names[1]} must not overlap`);
}

/** May alias exactly (the same floats) but must not partly overlap. */
function sameOrDisjoint(kernel: string, names: [string, string], a: Float32Array, b: Float32Array, n: number): void {
  if (overlaps(a, n, b, n) && !(a.buffer === b.buffer && a.byteOffset === b.byteOffset)) {
    throw new KernelRangeError(`backprop: ${kernel}: ${names[0]} and ${names[1]} may be the same buffer but must not partly overlap`);
  }
}

const ACTIVATION_CODES = new Set<number>(Object.values(Activation));

function activationCode(kernel: string, v: unknown): void {
  const expected = `an activation code (${Object.entries(Activation).map(([k, c]) => `${c} ${k}`).join(', ')})`;
  if (typeof v !== 'number') fail(kernel, 'kind', expected, v);
  if (!ACTIVATION_CODES.has(v)) outOfRange(kernel, 'kind', expected, v);
}

function rate(kernel: string, v: unknown): number {
  return real(kernel, 'rate', v, 0, 1, true);
}

type Checks = { [K in keyof Kernels]: (...args: Parameters<Kernels[K]>) => void };

/** The checks per kernel, with the contract's argument names. */
export const kernelChecks: Checks = {
  gemm(transA, transB, m, n, k, alpha, a, b, beta, c) {
    const K = 'gemm';
    flag(K, 'transA', transA); flag(K, 'transB', transB);
    size(K, 'm', m); size(K, 'n', n); size(K, 'k', k); real(K, 'alpha', alpha); real(K, 'beta', beta);
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
    activationCode(K, kind); size(K, 'n', n); real(K, 'alpha', alpha); buffer(K, 'x', x, n); buffer(K, 'y', y, n);
    sameOrDisjoint(K, ['y', 'x'], y, x, n);
  },
  activationBackward(kind, n, alpha, x, y, dy, dx) {
    const K = 'activationBackward';
    activationCode(K, kind); size(K, 'n', n); real(K, 'alpha', alpha);
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
    const K = 'softmaxBackward';
    size(K, 'rows', rows); size(K, 'cols', cols);
    const n = rows * cols;
    buffer(K, 'y', y, n); buffer(K, 'dy', dy, n); buffer(K, 'dx', dx, n);
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
    const K = 'sparseSoftmaxCrossEntropy';
    size(K, 'rows', rows, 1); size(K, 'cols', cols, 1);
    const n = rows * cols;
    buffer(K, 'logits', logits, n); buffer(K, 'labels', labels, rows); buffer(K, 'probs', probs, n); buffer(K, 'grad', grad, n);
    disjoint(K, ['grad', 'logits'], grad, n, logits, n); disjoint(K, ['probs', 'logits'], probs, n, logits, n);
    disjoint(K, ['probs', 'grad'], probs, n, grad, n); disjoint(K, ['grad', 'labels'], grad, n, labels, rows);
    disjoint(K, ['probs', 'labels'], probs, n, labels, rows);
  },
  batchNormForwardTrain(rows, cols, epsilon, momentum, x, gamma, beta, runningMean, runningVar, y, saveMean, saveInvStd) {
    const K = 'batchNormForwardTrain';
    // A batch of no rows has no statistics: rows >= 1. Running statistics follow Keras (contract.ts), so a
    // momentum of 1 keeps them and 0 replaces them with the batch's; outside [0, 1] they diverge.
    size(K, 'rows', rows, 1); size(K, 'cols', cols); nonNegative(K, 'epsilon', epsilon); fraction(K, 'momentum', momentum);
    const n = rows * cols;
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
    const K = 'batchNormForwardInference';
    size(K, 'rows', rows); size(K, 'cols', cols);
    const n = rows * cols;
    nonNegative(K, 'epsilon', epsilon);
    buffer(K, 'x', x, n); buffer(K, 'y', y, n); sameOrDisjoint(K, ['y', 'x'], y, x, n);
    for (const [name, v] of [['gamma', gamma], ['beta', beta], ['runningMean', runningMean], ['runningVar', runningVar]] as const) {
      buffer(K, name, v, cols);
      disjoint(K, ['y', name], y, n, v, cols);
    }
  },
  batchNormBackward(rows, cols, x, gamma, saveMean, saveInvStd, dy, dx, dgamma, dbeta) {
    const K = 'batchNormBackward';
    size(K, 'rows', rows, 1); size(K, 'cols', cols);
    const n = rows * cols;
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
  // The optimizers' ranges are PyTorch's (torch.optim refuses lr, eps and weight_decay below 0 and Adam's
  // betas outside [0, 1)); momentum and rho are kept in [0, 1], where the averages they weight converge.
  sgdStep(n, lr, l1, l2, params, grads) {
    const K = 'sgdStep';
    nonNegative(K, 'lr', lr); nonNegative(K, 'l1', l1); nonNegative(K, 'l2', l2);
    optimizerBuffers(K, n, { params, grads });
  },
  momentumStep(n, lr, momentum, nesterov, l1, l2, params, grads, velocity) {
    const K = 'momentumStep';
    nonNegative(K, 'lr', lr); fraction(K, 'momentum', momentum); flag(K, 'nesterov', nesterov);
    nonNegative(K, 'l1', l1); nonNegative(K, 'l2', l2);
    optimizerBuffers(K, n, { params, grads, velocity });
  },
  adagradStep(n, lr, epsilon, l1, l2, params, grads, accum) {
    const K = 'adagradStep';
    nonNegative(K, 'lr', lr); nonNegative(K, 'epsilon', epsilon); nonNegative(K, 'l1', l1); nonNegative(K, 'l2', l2);
    optimizerBuffers(K, n, { params, grads, accum });
  },
  rmspropStep(n, lr, rho, epsilon, l1, l2, params, grads, meanSquare) {
    const K = 'rmspropStep';
    nonNegative(K, 'lr', lr); fraction(K, 'rho', rho); nonNegative(K, 'epsilon', epsilon);
    nonNegative(K, 'l1', l1); nonNegative(K, 'l2', l2);
    optimizerBuffers(K, n, { params, grads, meanSquare });
  },
  adamStep(n, lr, beta1, beta2, epsilon, step, l1, l2, weightDecay, params, grads, m, v) {
    const K = 'adamStep';
    nonNegative(K, 'lr', lr); real(K, 'beta1', beta1, 0, 1, true); real(K, 'beta2', beta2, 0, 1, true);
    nonNegative(K, 'epsilon', epsilon);
    if (typeof step !== 'number') fail(K, 'step', `an integer in [1, ${2 ** 53}]`, step);
    if (!Number.isInteger(step) || step < 1 || step > 2 ** 53) outOfRange(K, 'step', `an integer in [1, ${2 ** 53}]`, step);
    nonNegative(K, 'l1', l1); nonNegative(K, 'l2', l2); nonNegative(K, 'weightDecay', weightDecay);
    optimizerBuffers(K, n, { params, grads, m, v });
  },
  maxNormProject(rows, cols, maxValue, w) {
    const K = 'maxNormProject';
    size(K, 'rows', rows); size(K, 'cols', cols); nonNegative(K, 'maxValue', maxValue);
    buffer(K, 'w', w, rows * cols);
  },
  sumOfSquares(n, x) { size('sumOfSquares', 'n', n); buffer('sumOfSquares', 'x', x, n); },
  scale(n, s, x) { size('scale', 'n', n); real('scale', 's', s); buffer('scale', 'x', x, n); },
  clipByValue(n, lo, hi, x) {
    const K = 'clipByValue';
    size(K, 'n', n); real(K, 'lo', lo); real(K, 'hi', hi, lo);
    buffer(K, 'x', x, n);
  },
  axpy(n, alpha, x, y) {
    const K = 'axpy';
    size(K, 'n', n); real(K, 'alpha', alpha); buffer(K, 'x', x, n); buffer(K, 'y', y, n); disjoint(K, ['y', 'x'], y, n, x, n);
  },
};

/** The losses average over rows (and values): an empty batch has no mean, so rows and cols are >= 1. */
function lossChecks(K: string, rows: number, cols: number, pred: Float32Array, target: Float32Array, grad: Float32Array): void {
  size(K, 'rows', rows, 1); size(K, 'cols', cols, 1);
  const n = rows * cols;
  buffer(K, 'prediction', pred, n); buffer(K, 'target', target, n); buffer(K, 'grad', grad, n);
  disjoint(K, ['grad', 'prediction'], grad, n, pred, n); disjoint(K, ['grad', 'target'], grad, n, target, n);
}

function optimizerBuffers(K: string, n: number, buffers: Record<string, Float32Array>): void {
  size(K, 'n', n);
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
