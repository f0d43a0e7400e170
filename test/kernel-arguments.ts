// The kernel contract's positional arguments by kind, with one valid call per kernel at 3 x 4: the
// table that the native bad-argument fuzz (test/native/fuzz.test.ts) and the public-API fuzzer
// (test/reliability/api-kernel-cases.ts) break one argument at a time. Every kernel of the contract must
// be listed (a compile error otherwise). See src/backends/contract.ts for the meaning of each argument.
import type { Kernels } from '../src/backends/contract.js';

/** size: an integer >= 0; size1: >= 1; rate: in [0, 1]; step: Adam's step, an integer >= 1; code: an activation code. */
export type ArgumentKind = 'size' | 'size1' | 'real' | 'flag' | 'array' | 'code' | 'rate' | 'step';
export const R = 3,
  C = 4,
  N = R * C;
export const arr = (n: number, fill = 0.5): Float32Array => new Float32Array(n).fill(fill);

export const KERNEL_ARGUMENTS: { [K in keyof Kernels]: { kinds: ArgumentKind[]; valid: () => unknown[] } } = {
  gemm: {
    kinds: ['flag', 'flag', 'size', 'size', 'size', 'real', 'array', 'array', 'real', 'array'],
    valid: () => [false, true, R, C, 5, 1, arr(R * 5), arr(5 * C), 0, arr(N)],
  },
  biasAdd: { kinds: ['size', 'size', 'array', 'array'], valid: () => [R, C, arr(C), arr(N)] },
  biasGrad: { kinds: ['size', 'size', 'array', 'array'], valid: () => [R, C, arr(N), arr(C)] },
  activationForward: { kinds: ['code', 'size', 'real', 'array', 'array'], valid: () => [3, N, 0.1, arr(N), arr(N)] },
  activationBackward: {
    kinds: ['code', 'size', 'real', 'array', 'array', 'array', 'array'],
    valid: () => [5, N, 1, arr(N), arr(N), arr(N), arr(N)],
  },
  stepForward: { kinds: ['size', 'array', 'array'], valid: () => [N, arr(N), arr(N)] },
  softmaxForward: { kinds: ['size', 'size', 'array', 'array'], valid: () => [R, C, arr(N), arr(N)] },
  softmaxBackward: { kinds: ['size', 'size', 'array', 'array', 'array'], valid: () => [R, C, arr(N), arr(N), arr(N)] },
  mseLoss: { kinds: ['size1', 'size1', 'array', 'array', 'array'], valid: () => [R, C, arr(N), arr(N), arr(N)] },
  sseLoss: { kinds: ['size1', 'size1', 'array', 'array', 'array'], valid: () => [R, C, arr(N), arr(N), arr(N)] },
  bceLoss: { kinds: ['size1', 'size1', 'array', 'array', 'array'], valid: () => [R, C, arr(N), arr(N), arr(N)] },
  bceLogitsLoss: { kinds: ['size1', 'size1', 'array', 'array', 'array'], valid: () => [R, C, arr(N), arr(N), arr(N)] },
  softmaxCrossEntropy: {
    kinds: ['size1', 'size1', 'array', 'array', 'array', 'array'],
    valid: () => [R, C, arr(N), arr(N), arr(N), arr(N)],
  },
  sparseSoftmaxCrossEntropy: {
    kinds: ['size1', 'size1', 'array', 'array', 'array', 'array'],
    valid: () => [R, C, arr(N), arr(R, 1), arr(N), arr(N)],
  },
  batchNormForwardTrain: {
    kinds: ['size1', 'size', 'real', 'rate', 'array', 'array', 'array', 'array', 'array', 'array', 'array', 'array'],
    valid: () => [R, C, 1e-3, 0.9, arr(N), arr(C), arr(C), arr(C), arr(C), arr(N), arr(C), arr(C)],
  },
  batchNormForwardInference: {
    kinds: ['size', 'size', 'real', 'array', 'array', 'array', 'array', 'array', 'array'],
    valid: () => [R, C, 1e-3, arr(N), arr(C), arr(C), arr(C), arr(C), arr(N)],
  },
  batchNormBackward: {
    kinds: ['size1', 'size', 'array', 'array', 'array', 'array', 'array', 'array', 'array', 'array'],
    valid: () => [R, C, arr(N), arr(C), arr(C), arr(C), arr(N), arr(N), arr(C), arr(C)],
  },
  dropoutForward: {
    kinds: ['size', 'rate', 'array', 'array', 'array'],
    valid: () => [N, 0.5, arr(N, 1), arr(N), arr(N)],
  },
  dropoutBackward: {
    kinds: ['size', 'rate', 'array', 'array', 'array'],
    valid: () => [N, 0.5, arr(N, 1), arr(N), arr(N)],
  },
  regularizerGradient: {
    kinds: ['size', 'real', 'real', 'array', 'array'],
    valid: () => [N, 1e-3, 1e-2, arr(N), arr(N)],
  },
  sgdStep: { kinds: ['size', 'real', 'array', 'array'], valid: () => [N, 0.1, arr(N), arr(N)] },
  momentumStep: {
    kinds: ['size', 'real', 'rate', 'flag', 'array', 'array', 'array'],
    valid: () => [N, 0.1, 0.9, true, arr(N), arr(N), arr(N)],
  },
  adagradStep: {
    kinds: ['size', 'real', 'real', 'array', 'array', 'array'],
    valid: () => [N, 0.1, 1e-7, arr(N), arr(N), arr(N)],
  },
  rmspropStep: {
    kinds: ['size', 'real', 'rate', 'real', 'array', 'array', 'array'],
    valid: () => [N, 0.1, 0.9, 1e-7, arr(N), arr(N), arr(N)],
  },
  adamStep: {
    kinds: ['size', 'real', 'rate', 'rate', 'real', 'step', 'real', 'array', 'array', 'array', 'array'],
    valid: () => [N, 0.1, 0.9, 0.999, 1e-7, 1, 0, arr(N), arr(N), arr(N), arr(N)],
  },
  maxNormProject: { kinds: ['size', 'size', 'real', 'array'], valid: () => [R, C, 2, arr(N)] },
  sumOfSquares: { kinds: ['size', 'array'], valid: () => [N, arr(N)] },
  scale: { kinds: ['size', 'real', 'array'], valid: () => [N, 2, arr(N)] },
  clipByValue: { kinds: ['size', 'real', 'real', 'array'], valid: () => [N, -1, 1, arr(N)] },
  axpy: { kinds: ['size', 'real', 'array', 'array'], valid: () => [N, 2, arr(N), arr(N)] },
  copy: { kinds: ['size', 'array', 'array'], valid: () => [N, arr(N), arr(N)] },
};
