import type { Backend, DeviceBuffer } from '../contract.js';
import { activationBackward, activationForward, softmaxBackward, softmaxForward, stepForward } from './activation.js';
import { batchNormBackward, batchNormForwardInference, batchNormForwardTrain } from './batchnorm.js';
import { biasAdd, biasGrad } from './bias.js';
import { dropoutBackward, dropoutForward } from './dropout.js';
import { gemm } from './gemm.js';
import { bceLogitsLoss, bceLoss, mseLoss, softmaxCrossEntropy, sparseSoftmaxCrossEntropy, sseLoss } from './loss.js';
import { axpy, clipByValue, maxNormProject, scale, sumOfSquares } from './norm.js';
import { allocateHostFloats } from '../buffer-length.js';
import { withArgumentChecks } from '../validate.js';
import { adagradStep, adamStep, momentumStep, rmspropStep, sgdStep } from './optimizer.js';

/**
 * The pure TypeScript backend: the reference the others are tested against, and the last fallback. Every
 * call is argument-checked first (src/backends/validate.ts).
 */
export function createJsBackend(): Backend {
  return withArgumentChecks({
    name: 'js',
    details: { engine: 'TypeScript over Float32Array' },
    allocate(length: number): DeviceBuffer {
      const data = allocateHostFloats(length);
      return { length, data, free() {} };
    },
    gemm, biasAdd, biasGrad,
    activationForward, activationBackward, stepForward, softmaxForward, softmaxBackward,
    mseLoss, sseLoss, bceLoss, bceLogitsLoss, softmaxCrossEntropy, sparseSoftmaxCrossEntropy,
    batchNormForwardTrain, batchNormForwardInference, batchNormBackward,
    dropoutForward, dropoutBackward,
    sgdStep, momentumStep, adagradStep, rmspropStep, adamStep,
    maxNormProject, sumOfSquares, scale, clipByValue, axpy,
  });
}
