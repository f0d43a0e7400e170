// One valid call per kernel at 3 x 4, each argument with its kind (read from the kernel manifest), and the
// values that are certainly wrong for each kind: the table that the native bad-argument fuzz
// (test/native/fuzz.test.ts) and the public-API fuzzer (test/reliability/api-kernel-cases.ts) break one
// argument at a time. Every kernel of the contract must be listed (a compile error otherwise). See
// src/backends/contract.ts for the meaning of each argument.
import type { Kernels } from '../src/backends/contract.js';
import { type ArgSpec, KERNELS } from '../src/backends/manifest.js';
import { NOT_NUMBERS } from './reliability/fuzz-context.js';

/**
 * size: an integer >= 0; size1: >= 1; rate: in [0, 1]; step: Adam's step, an integer >= 1; code: an activation
 * code; array: a Float32Array; bytes: a Uint8Array; indices: a Uint32Array of row indices (each below 3, R).
 */
export type ArgumentKind =
  'size' | 'size1' | 'real' | 'flag' | 'array' | 'bytes' | 'indices' | 'code' | 'rate' | 'step';
export const R = 3,
  C = 4,
  N = R * C;
export const arr = (n: number, fill = 0.5): Float32Array => new Float32Array(n).fill(fill);

const VALID_CALLS: { [K in keyof Kernels]: { valid: () => unknown[] } } = {
  gemm: {
    valid: () => [false, true, R, C, 5, 1, arr(R * 5), arr(5 * C), 0, arr(N)],
  },
  biasAdd: { valid: () => [R, C, arr(C), arr(N)] },
  biasGrad: { valid: () => [R, C, arr(N), arr(C)] },
  activationForward: { valid: () => [3, N, 0.1, arr(N), arr(N)] },
  activationBackward: {
    valid: () => [5, N, 1, arr(N), arr(N), arr(N), arr(N)],
  },
  biasActivationForward: { valid: () => [3, R, C, 0.1, arr(C), arr(N), arr(N)] },
  activationBiasBackward: { valid: () => [5, R, C, 1, arr(N), arr(N), arr(N), arr(N), arr(C)] },
  stepForward: { valid: () => [N, arr(N), arr(N)] },
  softmaxForward: { valid: () => [R, C, arr(N), arr(N)] },
  softmaxBackward: { valid: () => [R, C, arr(N), arr(N), arr(N)] },
  mseLoss: { valid: () => [R, C, arr(N), arr(N), arr(N)] },
  sseLoss: { valid: () => [R, C, arr(N), arr(N), arr(N)] },
  bceLoss: { valid: () => [R, C, arr(N), arr(N), arr(N)] },
  bceLogitsLoss: { valid: () => [R, C, arr(N), arr(N), arr(N)] },
  softmaxCrossEntropy: {
    valid: () => [R, C, arr(N), arr(N), arr(N), arr(N)],
  },
  sparseSoftmaxCrossEntropy: {
    valid: () => [R, C, arr(N), arr(R, 1), arr(N), arr(N)],
  },
  batchNormForwardTrain: {
    valid: () => [R, C, 1e-3, 0.9, arr(N), arr(C), arr(C), arr(C), arr(C), arr(N), arr(C), arr(C)],
  },
  batchNormForwardInference: {
    valid: () => [R, C, 1e-3, arr(N), arr(C), arr(C), arr(C), arr(C), arr(N)],
  },
  batchNormBackward: {
    valid: () => [R, C, arr(N), arr(C), arr(C), arr(C), arr(N), arr(N), arr(C), arr(C)],
  },
  dropoutForward: {
    valid: () => [N, 0.5, arr(N, 1), arr(N), arr(N)],
  },
  dropoutBackward: {
    valid: () => [N, 0.5, arr(N, 1), arr(N), arr(N)],
  },
  regularizerGradient: {
    valid: () => [N, 1e-3, 1e-2, arr(N), arr(N)],
  },
  sgdStep: { valid: () => [N, 0.1, arr(N), arr(N)] },
  momentumStep: {
    valid: () => [N, 0.1, 0.9, true, arr(N), arr(N), arr(N)],
  },
  adagradStep: {
    valid: () => [N, 0.1, 1e-7, arr(N), arr(N), arr(N)],
  },
  rmspropStep: {
    valid: () => [N, 0.1, 0.9, 1e-7, arr(N), arr(N), arr(N)],
  },
  adamStep: {
    valid: () => [N, 0.1, 0.9, 0.999, 1e-7, 1, 0, arr(N), arr(N), arr(N), arr(N)],
  },
  maxNormProject: { valid: () => [R, C, 2, arr(N)] },
  sumOfSquares: { valid: () => [N, arr(N)] },
  scale: { valid: () => [N, 2, arr(N)] },
  clipByValue: { valid: () => [N, -1, 1, arr(N)] },
  axpy: { valid: () => [N, 2, arr(N), arr(N)] },
  copy: { valid: () => [N, arr(N), arr(N)] },
  // Two 3 x 4 images of 2 channels; a 2 x 2 window at stride 1 ('valid'), so 2 x 3 outputs.
  im2col: { valid: () => [2, R, C, 2, 2, 2, 1, 1, 1, 1, 0, 0, 2, 3, arr(2 * N * 2), arr(2 * 6 * 4 * 2)] },
  col2im: { valid: () => [2, R, C, 2, 2, 2, 1, 1, 1, 1, 0, 0, 2, 3, arr(2 * 6 * 4 * 2), arr(2 * N * 2)] },
  maxPoolForward: {
    valid: () => [2, R, C, 2, 2, 2, 1, 1, 0, 0, 2, 3, arr(2 * N * 2), arr(2 * 6 * 2), arr(2 * 6 * 2)],
  },
  maxPoolBackward: { valid: () => [2, R, C, 2, 2, 3, arr(2 * 6 * 2, 5), arr(2 * 6 * 2), arr(2 * N * 2)] },
  avgPoolForward: { valid: () => [2, R, C, 2, 2, 2, 1, 1, 0, 0, 2, 3, arr(2 * N * 2), arr(2 * 6 * 2)] },
  avgPoolBackward: { valid: () => [2, R, C, 2, 2, 2, 1, 1, 0, 0, 2, 3, arr(2 * 6 * 2), arr(2 * N * 2)] },
  // Rows 2, 0 of a 3 x 4 matrix of bytes.
  gatherByteRows: { valid: () => [R, C, 2, 1 / 255, new Uint8Array(N).fill(200), Uint32Array.of(2, 0), arr(2 * C)] },
};

/** The kind a fuzzer breaks an argument as, from its manifest spec. */
function kindOf(spec: ArgSpec): ArgumentKind {
  switch (spec.kind) {
    case 'size':
      return (spec.min ?? 0) >= 1 ? 'size1' : 'size';
    case 'real':
      return spec.lo === 0 && spec.hi === 1 ? 'rate' : 'real';
    case 'integer':
      return 'step';
    case 'flag':
      return 'flag';
    case 'activation':
      return 'code';
    case 'buffer':
      return spec.element === 'uint8' ? 'bytes' : spec.element === 'uint32' ? 'indices' : 'array';
  }
}

/**
 * The indices of the size arguments that some buffer's length is a multiple of: setting one of them far
 * beyond the valid call's is certainly wrong (a stride or a padding is no such size).
 */
function lengthFactors(args: readonly ArgSpec[]): number[] {
  const factors = new Set(args.flatMap((a) => (a.kind === 'buffer' ? a.length : [])));
  return args.flatMap((a, i) => (a.kind === 'size' && factors.has(a.name) ? [i] : []));
}

export const KERNEL_ARGUMENTS = Object.fromEntries(
  Object.entries(VALID_CALLS).map(([kernel, { valid }]) => {
    const args = KERNELS[kernel as keyof Kernels].args;
    return [kernel, { kinds: args.map(kindOf), lengthFactors: lengthFactors(args), valid }];
  }),
) as { [K in keyof Kernels]: { kinds: ArgumentKind[]; lengthFactors: number[]; valid: () => unknown[] } };

/** Values certainly invalid for an argument of each kind (made afresh per call: a callee may keep them). */
export const BAD_ARGUMENTS: Record<ArgumentKind, () => unknown[]> = {
  size: () => [-1, 1.5, NaN, Infinity, -Infinity, 2 ** 40, 1e300, undefined, null, ...NOT_NUMBERS],
  size1: () => [0, -1, 0.5, NaN, Infinity, 2 ** 40, undefined, null, ...NOT_NUMBERS],
  real: () => [NaN, Infinity, -Infinity, 1e39, -1e39, undefined, null, ...NOT_NUMBERS],
  flag: () => [0, 1, 'true', undefined, null, {}],
  code: () => [-1, 7, 99, 2.5, NaN, undefined, null, ...NOT_NUMBERS],
  rate: () => [-0.1, 1.5, NaN, Infinity, undefined, null, ...NOT_NUMBERS],
  step: () => [0, -1, 1.5, NaN, Infinity, undefined, null, ...NOT_NUMBERS],
  array: () => [
    undefined,
    null,
    3,
    'x',
    {},
    [1, 2, 3],
    new Float64Array(64),
    new Int32Array(64),
    new Uint8Array(256),
    new ArrayBuffer(256),
    new DataView(new ArrayBuffer(256)),
    new Float32Array(0),
    new Float32Array(2),
  ],
  bytes: () => [
    undefined,
    null,
    3,
    {},
    [1, 2, 3],
    new Float32Array(64),
    new Uint8ClampedArray(64),
    new Int8Array(64),
    new ArrayBuffer(64),
    new DataView(new ArrayBuffer(64)),
    new Uint8Array(0),
    new Uint8Array(2),
  ],
  indices: () => [
    undefined,
    null,
    3,
    {},
    [0, 1],
    new Float32Array(64),
    new Int32Array(64),
    new Uint8Array(64),
    new ArrayBuffer(64),
    new Uint32Array(0),
    Uint32Array.of(1),
    Uint32Array.of(0, 3),
    Uint32Array.of(2 ** 32 - 1, 0),
  ],
};
