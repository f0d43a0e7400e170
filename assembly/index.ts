// The module's exports: every kernel of src/backends/contract.ts over byte addresses in linear memory
// (booleans as i32), plus what the TypeScript side needs to manage that memory.
export { heapBase, simdEnabled } from './memory';
export { gemm, gemmWorkspaceBytes } from './gemm';
export { biasAdd, biasGrad } from './bias';
export { activationForward, activationBackward, stepForward, softmaxForward, softmaxBackward } from './activation';
export { biasActivationForward, activationBiasBackward } from './dense';
export { mseLoss, sseLoss, bceLoss, bceLogitsLoss, softmaxCrossEntropy, sparseSoftmaxCrossEntropy } from './loss';
export { batchNormForwardTrain, batchNormForwardInference, batchNormBackward } from './batchnorm';
export { dropoutForward, dropoutBackward } from './dropout';
export { regularizerGradient } from './regularizer';
export { sgdStep, momentumStep, adagradStep, rmspropStep, adamStep } from './optimizer';
export { maxNormProject, sumOfSquares, scale, clipByValue, axpy, copy } from './norm';
export { im2col, col2im } from './conv';
export { maxPoolForward, maxPoolBackward, avgPoolForward, avgPoolBackward } from './pool';
export { gatherByteRows } from './gather';
export { approxExp } from './approx';
