// Bad arguments to every kernel on every backend: each call throws an error that names the kernel and
// the argument, and the process survives. Built from the valid cases by breaking one buffer at a time.
import { describe, expect, it } from 'vitest';
import { Activation, type Backend } from '../src/backends/contract.js';
import { createJsBackend } from '../src/backends/js/index.js';
import { backendsUnderTest } from './harness.js';
import { kernelCases, type KernelCase } from './kernel-cases.js';

const backends = await backendsUnderTest();
// The smallest case of each kernel, so every kernel is broken in every way.
const firstOfEach = [
  ...new Map(
    kernelCases()
      .reverse()
      .map((c) => [c.kernel, c] as const),
  ).values(),
];

const breakers: [string, (len: number) => unknown][] = [
  ['too short', (len) => new Float32Array(len - 1)],
  ['empty', () => new Float32Array(0)],
  ['a Float64Array', (len) => new Float64Array(len)],
  ['a plain array', (len) => new Array(len).fill(0)],
  ['undefined', () => undefined],
];

function brokenCalls(c: KernelCase): [string, Record<string, unknown>][] {
  const calls: [string, Record<string, unknown>][] = [];
  for (const name of Object.keys(c.buffers)) {
    for (const [how, make] of breakers)
      calls.push([`${name} ${how}`, { ...c.buffers, [name]: make(c.buffers[name].length) }]);
  }
  return calls;
}

// One call per rule of the kernel contract's argument checks, with the error class every backend must throw
// for it: TypeError for a wrong kind of value, RangeError for a value out of range. The native addon checks
// in C++ (native/), js and wasm in src/backends/validate.ts, all from the kernel manifest
// (src/backends/manifest.ts): the class and the whole message must be the same as js's.
const f = (n: number): Float32Array => new Float32Array(n);
type Rule = [string, RegExp, typeof TypeError | typeof RangeError, (k: Backend) => unknown];
const RULES: Rule[] = [
  [
    'a real outside float32 range',
    /scale: s must be a finite number within float32 range; got 1e\+39/,
    RangeError,
    (k) => k.scale(4, 1e39, f(4)),
  ],
  [
    'a real below -float32 max',
    /axpy: alpha must be a finite number within float32 range/,
    RangeError,
    (k) => k.axpy(4, -1e39, f(4), f(4)),
  ],
  [
    'a real that is not finite',
    /gemm: alpha must be a finite number; got NaN/,
    RangeError,
    (k) => k.gemm(false, false, 1, 1, 1, NaN, f(1), f(1), 0, f(1)),
  ],
  [
    'a real that is not a number',
    /activationForward: alpha must be a finite number/,
    TypeError,
    (k) => k.activationForward(Activation.relu, 4, '1' as never, f(4), f(4)),
  ],
  ['a size below 0', /gemm: m must be/, RangeError, (k) => k.gemm(false, false, -1, 1, 1, 1, f(1), f(1), 0, f(1))],
  ['a size that is not an integer', /biasAdd: rows must be/, RangeError, (k) => k.biasAdd(1.5, 1, f(1), f(2))],
  ['a size of 2^31', /sumOfSquares: n must be/, RangeError, (k) => k.sumOfSquares(2 ** 31, f(4))],
  ['a size that is not a number', /stepForward: n must be/, TypeError, (k) => k.stepForward('4' as never, f(4), f(4))],
  ['a loss over no rows', /mseLoss: rows must be/, RangeError, (k) => k.mseLoss(0, 3, f(3), f(3), f(3))],
  [
    'a loss over no columns',
    /softmaxCrossEntropy: cols must be/,
    RangeError,
    (k) => k.softmaxCrossEntropy(2, 0, f(2), f(2), f(2), f(2)),
  ],
  [
    'sparse cross-entropy over no rows',
    /sparseSoftmaxCrossEntropy: rows must be/,
    RangeError,
    (k) => k.sparseSoftmaxCrossEntropy(0, 2, f(2), f(1), f(2), f(2)),
  ],
  [
    'sparse cross-entropy over no classes',
    /sparseSoftmaxCrossEntropy: cols must be/,
    RangeError,
    (k) => k.sparseSoftmaxCrossEntropy(2, 0, f(2), f(2), f(2), f(2)),
  ],
  [
    'batch-norm training over no rows',
    /batchNormForwardTrain: rows must be/,
    RangeError,
    (k) => k.batchNormForwardTrain(0, 4, 1e-3, 0.9, f(4), f(4), f(4), f(4), f(4), f(4), f(4), f(4)),
  ],
  [
    'batch-norm momentum above 1',
    /batchNormForwardTrain: momentum must be a number in \[0, 1\]; got 1.5/,
    RangeError,
    (k) => k.batchNormForwardTrain(3, 4, 1e-3, 1.5, f(12), f(4), f(4), f(4), f(4), f(12), f(4), f(4)),
  ],
  [
    'batch-norm momentum below 0',
    /batchNormForwardTrain: momentum must be/,
    RangeError,
    (k) => k.batchNormForwardTrain(3, 4, 1e-3, -0.1, f(12), f(4), f(4), f(4), f(4), f(12), f(4), f(4)),
  ],
  [
    'batch-norm epsilon below 0',
    /batchNormForwardTrain: epsilon must be a number >= 0; got -1/,
    RangeError,
    (k) => k.batchNormForwardTrain(3, 4, -1, 0.9, f(12), f(4), f(4), f(4), f(4), f(12), f(4), f(4)),
  ],
  [
    'batch-norm inference epsilon below 0',
    /batchNormForwardInference: epsilon must be a number >= 0/,
    RangeError,
    (k) => k.batchNormForwardInference(3, 4, -1, f(12), f(4), f(4), f(4), f(4), f(12)),
  ],
  [
    'batch-norm backward over no rows',
    /batchNormBackward: rows must be/,
    RangeError,
    (k) => k.batchNormBackward(0, 4, f(4), f(4), f(4), f(4), f(4), f(4), f(4), f(4)),
  ],
  [
    'a dropout rate of 1',
    /dropoutForward: rate must be a number in \[0, 1\)/,
    RangeError,
    (k) => k.dropoutForward(4, 1, f(4), f(4), f(4)),
  ],
  [
    'a dropout rate that is not a number',
    /dropoutBackward: rate must be/,
    TypeError,
    (k) => k.dropoutBackward(4, null as never, f(4), f(4), f(4)),
  ],
  [
    'a learning rate below 0',
    /sgdStep: lr must be a number >= 0; got -0.1/,
    RangeError,
    (k) => k.sgdStep(4, -0.1, f(4), f(4)),
  ],
  [
    'an l1 factor below 0',
    /regularizerGradient: l1 must be a number >= 0; got -1/,
    RangeError,
    (k) => k.regularizerGradient(4, -1, 0, f(4), f(4)),
  ],
  [
    'an l2 factor below 0',
    /regularizerGradient: l2 must be a number >= 0/,
    RangeError,
    (k) => k.regularizerGradient(4, 0, -1, f(4), f(4)),
  ],
  [
    'an l2 factor that is not a number',
    /regularizerGradient: l2 must be a finite number; got null/,
    TypeError,
    (k) => k.regularizerGradient(4, 0, null as never, f(4), f(4)),
  ],
  [
    'a regularized gradient overlapping the weights',
    /regularizerGradient: grad and w must not overlap; got views of the same memory that do/,
    RangeError,
    (k) => {
      const m = f(8);
      return k.regularizerGradient(4, 0.1, 0.1, m.subarray(0, 4), m.subarray(2, 6));
    },
  ],
  [
    'a regularized gradient that is the weights',
    /regularizerGradient: grad and w must not overlap/,
    RangeError,
    (k) => {
      const m = f(4);
      return k.regularizerGradient(4, 0.1, 0.1, m, m);
    },
  ],
  [
    'a copy onto part of its source',
    /copy: y and x may be the same buffer but must not partly overlap; got views that overlap at different/,
    RangeError,
    (k) => {
      const m = f(8);
      return k.copy(4, m.subarray(0, 4), m.subarray(1, 5));
    },
  ],
  [
    'a copy from a buffer too short',
    /copy: x must be a Float32Array of at least 5 floats; got a Float32Array of length 4 \(n = 5\)/,
    RangeError,
    (k) => k.copy(5, f(4), f(5)),
  ],
  [
    'a copy size that is not a number',
    /copy: n must be an integer in \[0, 2\^31\); got a string/,
    TypeError,
    (k) => k.copy('4' as never, f(4), f(4)),
  ],
  [
    'a momentum above 1',
    /momentumStep: momentum must be a number in \[0, 1\]/,
    RangeError,
    (k) => k.momentumStep(4, 0.1, 1.5, false, f(4), f(4), f(4)),
  ],
  [
    'a nesterov flag that is not a boolean',
    /momentumStep: nesterov must be a boolean; got 1/,
    TypeError,
    (k) => k.momentumStep(4, 0.1, 0.9, 1 as never, f(4), f(4), f(4)),
  ],
  [
    'an adagrad epsilon below 0',
    /adagradStep: epsilon must be a number >= 0/,
    RangeError,
    (k) => k.adagradStep(12, 0.1, -1, f(12), f(12), f(12)),
  ],
  [
    'an rmsprop rho above 1',
    /rmspropStep: rho must be a number in \[0, 1\]/,
    RangeError,
    (k) => k.rmspropStep(4, 0.1, 1.5, 1e-7, f(4), f(4), f(4)),
  ],
  [
    'an adam beta1 of 1',
    /adamStep: beta1 must be a number in \[0, 1\)/,
    RangeError,
    (k) => k.adamStep(4, 0.1, 1, 0.999, 1e-7, 1, 0, f(4), f(4), f(4), f(4)),
  ],
  [
    'an adam beta2 below 0',
    /adamStep: beta2 must be/,
    RangeError,
    (k) => k.adamStep(4, 0.1, 0.9, -0.5, 1e-7, 1, 0, f(4), f(4), f(4), f(4)),
  ],
  [
    'an adam weight decay below 0',
    /adamStep: weightDecay must be a number >= 0/,
    RangeError,
    (k) => k.adamStep(4, 0.1, 0.9, 0.999, 1e-7, 1, -1, f(4), f(4), f(4), f(4)),
  ],
  [
    'an adam step of 0',
    /adamStep: step must be an integer in \[1, 9007199254740992\]; got 0/,
    RangeError,
    (k) => k.adamStep(4, 0.1, 0.9, 0.999, 1e-7, 0, 0, f(4), f(4), f(4), f(4)),
  ],
  [
    'an adam step past 2^31',
    /adamStep: step must be/,
    RangeError,
    (k) => k.adamStep(4, 0.1, 0.9, 0.999, 1e-7, 2 ** 53 + 2, 0, f(4), f(4), f(4), f(4)),
  ],
  [
    'an adam step that is not a number',
    /adamStep: step must be/,
    TypeError,
    (k) => k.adamStep(4, 0.1, 0.9, 0.999, 1e-7, '1' as never, 0, f(4), f(4), f(4), f(4)),
  ],
  [
    'optimizer buffers that overlap',
    /adamStep: params and m must not overlap/,
    RangeError,
    (k) => {
      const s = f(8);
      return k.adamStep(4, 0.1, 0.9, 0.999, 1e-7, 1, 0, s.subarray(0, 4), f(4), s.subarray(3, 7), f(4));
    },
  ],
  [
    'too few arguments',
    /sgdStep: expected 4 arguments \(n, lr, params, grads\); got 3/,
    TypeError,
    (k) => (k.sgdStep as (...a: unknown[]) => void)(4, 0.1, f(4)),
  ],
  [
    'too many arguments (an optimizer call with the old l1 and l2)',
    /sgdStep: expected 4 arguments \(n, lr, params, grads\); got 6/,
    TypeError,
    (k) => (k.sgdStep as (...a: unknown[]) => void)(4, 0.1, 0, 0, f(4), f(4)),
  ],
  [
    'a bad class label',
    /sparseSoftmaxCrossEntropy: labels\[1\] must be an integer class index in \[0, 2\); got 0.5/,
    RangeError,
    (k) => k.sparseSoftmaxCrossEntropy(2, 2, f(4), Float32Array.of(0, 0.5), f(4), f(4)),
  ],
  [
    'a NaN class label',
    /sparseSoftmaxCrossEntropy: labels\[0\] must be an integer class index in \[0, 2\); got NaN/,
    RangeError,
    (k) => k.sparseSoftmaxCrossEntropy(2, 2, f(4), Float32Array.of(NaN, 0), f(4), f(4)),
  ],
  [
    'a max norm below 0',
    /maxNormProject: maxValue must be a number >= 0/,
    RangeError,
    (k) => k.maxNormProject(2, 2, -1, f(4)),
  ],
  [
    'a clip bound that is not finite',
    /clipByValue: lo must be a finite number; got -Infinity/,
    RangeError,
    (k) => k.clipByValue(4, -Infinity, 1, f(4)),
  ],
  [
    'a clip upper bound below the lower',
    /clipByValue: hi must be a number >= 1; got 0/,
    RangeError,
    (k) => k.clipByValue(4, 1, 0, f(4)),
  ],
  [
    'an unknown activation code',
    /activationForward: kind/,
    RangeError,
    (k) => k.activationForward(99 as never, 4, 0, f(4), f(4)),
  ],
  [
    'an activation code that is not a number',
    /activationBackward: kind/,
    TypeError,
    (k) => k.activationBackward('3' as never, 4, 0, f(4), f(4), f(4), f(4)),
  ],
  [
    'a flag that is not a boolean',
    /gemm: transA must be a boolean/,
    TypeError,
    (k) => k.gemm(1 as never, false, 1, 1, 1, 1, f(1), f(1), 0, f(1)),
  ],
  [
    'a buffer too short',
    /biasGrad: dy must be a Float32Array of at least 8 floats; got a Float32Array of length 7 \(rows \* cols = 2 \* 4/,
    RangeError,
    (k) => k.biasGrad(2, 4, f(7), f(4)),
  ],
  [
    'a buffer that is not a Float32Array',
    /sumOfSquares: x must be a Float32Array of at least 4 floats; got a Float64Array of length 4 \(n = 4\)/,
    TypeError,
    (k) => k.sumOfSquares(4, new Float64Array(4) as never),
  ],
  [
    'a buffer that is a plain object',
    /scale: x must be a Float32Array of at least 4 floats; got an object \(n = 4\)/,
    TypeError,
    (k) => k.scale(4, 1, {} as never),
  ],
  [
    'a buffer that is an array',
    /axpy: x must be a Float32Array of at least 4 floats; got an Array of length 4 \(n = 4\)/,
    TypeError,
    (k) => k.axpy(4, 1, [1, 2, 3, 4] as never, f(4)),
  ],
  [
    'a gemm buffer too short',
    /gemm: a must be a Float32Array of at least 12 floats; got a Float32Array of length 10 \(m \* k = 3 \* 4\)/,
    RangeError,
    (k) => k.gemm(false, false, 3, 2, 4, 1, f(10), f(8), 0, f(6)),
  ],
  [
    'a size that is a bigint',
    /biasAdd: cols must be an integer in \[0, 2\^31\); got a bigint/,
    TypeError,
    (k) => k.biasAdd(1, 2n as never, f(1), f(2)),
  ],
  [
    'overlapping buffers',
    /axpy: y and x must not overlap/,
    RangeError,
    (k) => {
      const m = f(8);
      return k.axpy(4, 1, m.subarray(0, 4), m.subarray(2, 6));
    },
  ],
  [
    'bytes too short for their rows',
    /gatherByteRows: x must be a Uint8Array of at least 12 bytes; got a Uint8Array of length 11 \(rows \* cols = 3 \* 4\)/,
    RangeError,
    (k) => k.gatherByteRows(3, 4, 2, 1 / 255, new Uint8Array(11), Uint32Array.of(2, 0), f(8)),
  ],
  [
    'bytes that are not a Uint8Array',
    /gatherByteRows: x must be a Uint8Array of at least 12 bytes; got a Float32Array of length 12/,
    TypeError,
    (k) => k.gatherByteRows(3, 4, 2, 1 / 255, f(12) as never, Uint32Array.of(2, 0), f(8)),
  ],
  [
    'a row index past the rows',
    /gatherByteRows: order\[1\] must be an index in \[0, 3\); got 3/,
    RangeError,
    (k) => k.gatherByteRows(3, 4, 2, 1 / 255, new Uint8Array(12), Uint32Array.of(2, 3), f(8)),
  ],
  [
    'row indices that are not a Uint32Array',
    /gatherByteRows: order must be a Uint32Array of at least 2 indices; got a Float32Array of length 2 \(count = 2\)/,
    TypeError,
    (k) => k.gatherByteRows(3, 4, 2, 1 / 255, new Uint8Array(12), f(2) as never, f(8)),
  ],
  [
    'gathered rows written over their bytes',
    /gatherByteRows: y and x must not overlap/,
    RangeError,
    (k) => {
      const m = f(16);
      return k.gatherByteRows(3, 4, 2, 1, new Uint8Array(m.buffer, 0, 12), Uint32Array.of(2, 0), m.subarray(2, 10));
    },
  ],
  [
    'a convolution stride of 0',
    /im2col: sh must be an integer in \[1, 2\^31\); got 0/,
    RangeError,
    (k) => k.im2col(1, 3, 3, 1, 2, 2, 0, 1, 1, 1, 0, 0, 2, 2, f(9), f(16)),
  ],
  [
    'a cols buffer too short for the windows',
    /im2col: cols must be .* 16 floats; got .* 15 \(n \* oh \* ow \* kh \* kw \* c = 1 \* 2 \* 2 \* 2 \* 2 \* 1\)/,
    RangeError,
    (k) => k.im2col(1, 3, 3, 1, 2, 2, 1, 1, 1, 1, 0, 0, 2, 2, f(9), f(15)),
  ],
  [
    'a pooling window of 0 rows',
    /avgPoolBackward: ph must be an integer in \[1, 2\^31\); got 0/,
    RangeError,
    (k) => k.avgPoolBackward(1, 3, 3, 1, 0, 2, 1, 1, 0, 0, 2, 2, f(4), f(9)),
  ],
  [
    'max pooling outputs that overlap',
    /maxPoolForward: y and argmax must not overlap/,
    RangeError,
    (k) => {
      const m = f(8);
      return k.maxPoolForward(1, 3, 3, 1, 2, 2, 1, 1, 0, 0, 2, 2, f(9), m.subarray(0, 4), m.subarray(2, 6));
    },
  ],
];

// The edges of those ranges that are allowed, on every backend.
const ALLOWED: [string, (k: Backend) => unknown][] = [
  [
    'batch-norm epsilon 0 and momentum 0 and 1',
    (k) => {
      for (const m of [0, 1])
        k.batchNormForwardTrain(
          3,
          4,
          0,
          m,
          Float32Array.from({ length: 12 }, (_, i) => i),
          f(4).fill(1),
          f(4),
          f(4),
          f(4),
          f(12),
          f(4),
          f(4),
        );
    },
  ],
  ['momentum 1 and a learning rate of 0', (k) => k.momentumStep(4, 0, 1, true, f(4), f(4), f(4))],
  ['adam betas 0 and epsilon 0', (k) => k.adamStep(4, 0.1, 0, 0, 0, 1, 0, f(4), f(4).fill(1), f(4), f(4))],
  ['an adam step of 2^53', (k) => k.adamStep(4, 0.1, 0.9, 0.999, 1e-7, 2 ** 53, 0, f(4), f(4).fill(1), f(4), f(4))],
  [
    'a copy onto itself',
    (k) => {
      const x = f(4).fill(2);
      k.copy(4, x, x);
    },
  ],
  ['regularizer factors of 0', (k) => k.regularizerGradient(4, 0, 0, f(4), f(4))],
  ['float32 max as a real', (k) => k.scale(4, 3.4028234663852886e38, f(4))],
  ['a clip range of one point', (k) => k.clipByValue(4, 2, 2, f(4))],
  [
    // An argmax that maxPoolForward would not write adds nothing; native must not read or write outside dx.
    'max-pooling argmax values outside the image',
    (k) => {
      const dx = f(9).fill(NaN);
      k.maxPoolBackward(1, 3, 3, 1, 2, 2, Float32Array.of(-1, 9, 1e30, NaN), f(4).fill(1), dx);
      expect(Array.from(dx)).toEqual(new Array(9).fill(0));
    },
  ],
];

/** What a call throws (undefined when it returns). */
function thrownBy(call: () => unknown): unknown {
  try {
    call();
  } catch (error) {
    return error;
  }
  return undefined;
}

/** The error's class name and message: what must be the same on every backend. */
function errorText(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : `not an Error: ${String(error)}`;
}

// js is the reference: every backend throws its class (KernelArgumentError, KernelRangeError) and its message.
const js = createJsBackend();

const named = backends.map((b) => [b.name, b] as const);

describe.each(named)('%s refuses what every backend refuses, with the same error as js', (_, backend) => {
  it.each(RULES)('%s', (_rule, message, ErrorClass, call) => {
    const thrown = thrownBy(() => call(backend));
    expect(thrown, 'no error').toBeInstanceOf(ErrorClass);
    // A TypeError must not be a RangeError and the other way round: the class says which kind of mistake.
    expect(thrown).not.toBeInstanceOf(ErrorClass === TypeError ? RangeError : TypeError);
    expect((thrown as Error).message).toMatch(message);
    expect(errorText(thrown)).toBe(errorText(thrownBy(() => call(js))));
  });

  it.each(ALLOWED)('allows %s', (_edge, call) => {
    expect(() => call(backend)).not.toThrow();
  });
});

describe.each(backends.map((b) => [b.name, b] as const))('%s rejects bad arguments', (_, backend) => {
  it.each(firstOfEach.map((c) => [c.kernel, c] as const))('%s, with the same error as js', (kernel, c) => {
    for (const [what, buffers] of brokenCalls(c)) {
      const thrown = thrownBy(() => c.run(backend, buffers as Record<string, Float32Array>));
      expect(thrown, `${kernel} with ${what}`).toBeInstanceOf(Error);
      expect((thrown as Error).message, `${kernel} with ${what}`).toMatch(new RegExp(`^backprop: ${kernel}: `));
      const reference = thrownBy(() => c.run(js, buffers as Record<string, Float32Array>));
      expect(errorText(thrown), `${kernel} with ${what}`).toBe(errorText(reference));
    }
  });

  it('rejects bad sizes, scalars and codes with the expected and actual values', () => {
    const a = new Float32Array(4),
      b = new Float32Array(4),
      c = new Float32Array(4);
    expect(() => backend.gemm(false, false, -1, 2, 2, 1, a, b, 0, c)).toThrow(/gemm: m must be .*got -1/);
    expect(() => backend.gemm(false, false, 2.5, 2, 2, 1, a, b, 0, c)).toThrow(/gemm: m/);
    expect(() => backend.gemm(false, false, 2, 2, 2, NaN, a, b, 0, c)).toThrow(
      /gemm: alpha must be a finite number; got NaN/,
    );
    expect(() => backend.gemm(false, false, 3, 3, 3, 1, a, b, 0, c)).toThrow(
      /gemm: a must be a Float32Array of at least 9 floats; got a Float32Array of length 4/,
    );
    expect(() => backend.activationForward(99 as never, 4, 0, a, b)).toThrow(/activationForward: kind/);
    expect(() => backend.dropoutForward(4, 1, a, b, c)).toThrow(/dropoutForward: rate must be a number in \[0, 1\)/);
    expect(() => backend.adamStep(4, 0.1, 0.9, 0.999, 1e-7, 0, 0, a, b, c, new Float32Array(4))).toThrow(
      /adamStep: step/,
    );
    expect(() => backend.sparseSoftmaxCrossEntropy(2, 2, a, Float32Array.of(0, 2), b, c)).toThrow(/label/);
    expect(() => backend.sparseSoftmaxCrossEntropy(2, 2, a, Float32Array.of(0, 0.5), b, c)).toThrow(/label/);
    expect(Activation.relu).toBe(3);
  });

  it('allocate refuses a length that is not a count of floats it can hold, with the same error on every backend', () => {
    const max = backend.name === 'wasm' ? 2 ** 30 : 2 ** 31 - 1;
    const expected = `an integer in [0, ${max}] (a number of floats)`;
    expect(() => backend.allocate(1e300)).toThrow(
      new RangeError(`backprop: allocate: length must be ${expected}; got 1e+300`),
    );
    expect(() => backend.allocate(max + 1)).toThrow(
      new RangeError(`backprop: allocate: length must be ${expected}; got ${max + 1}`),
    );
    expect(() => backend.allocate(-1)).toThrow(
      new RangeError(`backprop: allocate: length must be ${expected}; got -1`),
    );
    expect(() => backend.allocate(1.5)).toThrow(
      new RangeError(`backprop: allocate: length must be ${expected}; got 1.5`),
    );
    expect(() => backend.allocate(Symbol('n') as never)).toThrow(
      new TypeError(`backprop: allocate: length must be ${expected}; got Symbol(n)`),
    );
    expect(() => backend.allocate(2n as never)).toThrow(
      new TypeError(`backprop: allocate: length must be ${expected}; got 2n`),
    );
    expect(backend.allocate(3).data.length).toBe(3);
  });

  it('rejects overlapping buffers where the contract forbids them', () => {
    const memory = new Float32Array(64);
    const a = memory.subarray(0, 16),
      b = memory.subarray(16, 32),
      cOverA = memory.subarray(8, 24);
    expect(() => backend.gemm(false, false, 4, 4, 4, 1, a, b, 0, cOverA)).toThrow(/gemm: c and a must not overlap/);
    expect(() => backend.axpy(16, 1, a, memory.subarray(4, 20))).toThrow(/axpy: y and x must not overlap/);
    // Exact aliasing is allowed where the contract allows it.
    expect(() => backend.activationForward(Activation.relu, 16, 0, a, a)).not.toThrow();
  });
});
