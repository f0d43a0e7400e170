/**
 * The wasm backend: the kernels of assembly/ behind the Kernels contract, platform neutral (Node, browsers,
 * edge runtimes). Buffers from allocate() live in the module's linear memory and are passed as byte
 * offsets, so those calls copy nothing. A plain Float32Array outside linear memory still works: it is
 * copied into a scratch block for the call (and copied back if the kernel writes it), which keeps tests
 * and casual callers correct at the price of the copies.
 *
 * Every call runs the shared argument checks (src/backends/validate.ts) before the module is entered (wasm
 * has no bounds to give a useful message); the one error wasm detects itself, a bad class label, comes
 * back as a status and is thrown here as a RangeError.
 */
import type { ActivationCode, Backend, DeviceBuffer } from '../contract.js';
import { describeValue } from '../../describe-value.js';
import { checkBufferLength } from '../buffer-length.js';
import { kernelChecks } from '../validate.js';
import { LinearAllocator } from './allocator.js';
import { WasmDeviceBuffer } from './buffer.js';
import { type KernelExports, type WasmSource, compileSource, instantiateKernels } from './module.js';

export interface WasmBackendOptions {
  /**
   * Where to get the scalar build (wasm/backprop-scalar.wasm) if the runtime rejects the SIMD module.
   * Without it, a runtime without WebAssembly SIMD gets an error saying so.
   */
  scalarFallback?: WasmSource;
  /** Extra fields for `details` (the Node loader adds the file it read). */
  details?: Record<string, string | number | boolean>;
}

/** Loads the kernels module from `source` and returns a backend over it. */
export async function createWasmBackend(source: WasmSource, options: WasmBackendOptions = {}): Promise<Backend> {
  let compiled = await compileSource(source);
  if ('bytes' in compiled && !WebAssembly.validate(compiled.bytes)) {
    if (options.scalarFallback === undefined) {
      throw new Error('backprop: this runtime rejects the wasm module (it needs WebAssembly SIMD); pass the scalar ' +
        'build wasm/backprop-scalar.wasm as the source or as options.scalarFallback');
    }
    compiled = await compileSource(options.scalarFallback, 'the scalar wasm fallback');
  }
  const module = 'module' in compiled ? compiled.module : await WebAssembly.compile(compiled.bytes);
  const exports = await instantiateKernels(module);
  return new WasmBackend(exports, options.details ?? {});
}

/** One buffer argument of a kernel call: the array, how many floats the kernel touches, what it does to them. */
interface Arg {
  readonly array: Float32Array;
  readonly count: number;
  readonly role: Role;
}

/** 4 GiB of wasm32 memory holds at most 2^30 floats. */
const MAX_ELEMENTS = 2 ** 30;

export class WasmBackend implements Backend {
  readonly name = 'wasm' as const;
  readonly details: Readonly<Record<string, string | number | boolean>>;
  /** The allocator of linear memory (exposed for tests and for planned growth: allocator.reserve). */
  readonly allocator: LinearAllocator;
  private readonly gemmWork: number;

  constructor(private readonly kernels: KernelExports, details: Record<string, string | number | boolean>) {
    this.allocator = new LinearAllocator(kernels.memory, kernels.heapBase());
    this.gemmWork = this.allocator.allocate(kernels.gemmWorkspaceBytes());
    this.details = Object.freeze({ simd: kernels.simdEnabled() === 1, ...details });
  }

  /** The module's memory (its buffer is replaced when it grows). */
  get memory(): WebAssembly.Memory {
    return this.kernels.memory;
  }

  allocate(length: number): DeviceBuffer {
    checkBufferLength(length, MAX_ELEMENTS);
    const offset = this.allocator.allocate(length * 4);
    return new WasmDeviceBuffer(this.allocator, offset, length);
  }

  /** Grows memory once so that `length` more floats can be allocated without growing again. */
  reserve(length: number): void {
    if (!Number.isInteger(length) || length < 0 || length > MAX_ELEMENTS) {
      throw new RangeError(`backprop: reserve(length) needs an integer length in [0, 2^30]; got ${describeValue(length)}`);
    }
    this.allocator.reserve(length * 4);
  }

  /** The kernels' vectorised exp over n values (exposed for the accuracy tests). */
  approxExp(n: number, x: Float32Array, y: Float32Array): void {
    kernelChecks.activationForward(0, n, 0, x, y);
    this.call([arg(x, n, IN), arg(y, n, OUT)], (p) => this.kernels.approxExp(n, p[0], p[1]));
  }

  // ------------------------------------------------------------------------------------------- gemm
  gemm(transA: boolean, transB: boolean, m: number, n: number, k: number, alpha: number, a: Float32Array,
    b: Float32Array, beta: number, c: Float32Array): void {
    kernelChecks.gemm(transA, transB, m, n, k, alpha, a, b, beta, c);
    this.call([arg(a, m * k, IN), arg(b, k * n, IN), arg(c, m * n, beta === 0 ? OUT : INOUT)],
      (p) => this.kernels.gemm(transA ? 1 : 0, transB ? 1 : 0, m, n, k, alpha, p[0], p[1], beta, p[2], this.gemmWork));
  }

  // ------------------------------------------------------------------------------------------- bias
  biasAdd(rows: number, cols: number, bias: Float32Array, y: Float32Array): void {
    kernelChecks.biasAdd(rows, cols, bias, y);
    this.call([arg(bias, cols, IN), arg(y, rows * cols, INOUT)], (p) => this.kernels.biasAdd(rows, cols, p[0], p[1]));
  }

  biasGrad(rows: number, cols: number, dy: Float32Array, dbias: Float32Array): void {
    kernelChecks.biasGrad(rows, cols, dy, dbias);
    this.call([arg(dy, rows * cols, IN), arg(dbias, cols, OUT)], (p) => this.kernels.biasGrad(rows, cols, p[0], p[1]));
  }

  // ------------------------------------------------------------------------------------------- activation
  activationForward(kind: ActivationCode, n: number, alpha: number, x: Float32Array, y: Float32Array): void {
    kernelChecks.activationForward(kind, n, alpha, x, y);
    this.call([arg(x, n, IN), arg(y, n, OUT)], (p) => this.kernels.activationForward(kind, n, alpha, p[0], p[1]));
  }

  activationBackward(kind: ActivationCode, n: number, alpha: number, x: Float32Array, y: Float32Array,
    dy: Float32Array, dx: Float32Array): void {
    kernelChecks.activationBackward(kind, n, alpha, x, y, dy, dx);
    this.call([arg(x, n, IN), arg(y, n, IN), arg(dy, n, IN), arg(dx, n, OUT)],
      (p) => this.kernels.activationBackward(kind, n, alpha, p[0], p[1], p[2], p[3]));
  }

  stepForward(n: number, x: Float32Array, y: Float32Array): void {
    kernelChecks.stepForward(n, x, y);
    this.call([arg(x, n, IN), arg(y, n, OUT)], (p) => this.kernels.stepForward(n, p[0], p[1]));
  }

  softmaxForward(rows: number, cols: number, x: Float32Array, y: Float32Array): void {
    kernelChecks.softmaxForward(rows, cols, x, y);
    const count = rows * cols;
    this.call([arg(x, count, IN), arg(y, count, OUT)], (p) => this.kernels.softmaxForward(rows, cols, p[0], p[1]));
  }

  softmaxBackward(rows: number, cols: number, y: Float32Array, dy: Float32Array, dx: Float32Array): void {
    kernelChecks.softmaxBackward(rows, cols, y, dy, dx);
    const count = rows * cols;
    this.call([arg(y, count, IN), arg(dy, count, IN), arg(dx, count, OUT)],
      (p) => this.kernels.softmaxBackward(rows, cols, p[0], p[1], p[2]));
  }

  // ------------------------------------------------------------------------------------------- loss
  mseLoss(rows: number, cols: number, pred: Float32Array, target: Float32Array, grad: Float32Array): number {
    kernelChecks.mseLoss(rows, cols, pred, target, grad);
    return this.call(lossArgs(rows * cols, pred, target, grad), (p) => this.kernels.mseLoss(rows, cols, p[0], p[1], p[2]));
  }

  sseLoss(rows: number, cols: number, pred: Float32Array, target: Float32Array, grad: Float32Array): number {
    kernelChecks.sseLoss(rows, cols, pred, target, grad);
    return this.call(lossArgs(rows * cols, pred, target, grad), (p) => this.kernels.sseLoss(rows, cols, p[0], p[1], p[2]));
  }

  bceLoss(rows: number, cols: number, prob: Float32Array, target: Float32Array, grad: Float32Array): number {
    kernelChecks.bceLoss(rows, cols, prob, target, grad);
    return this.call(lossArgs(rows * cols, prob, target, grad), (p) => this.kernels.bceLoss(rows, cols, p[0], p[1], p[2]));
  }

  bceLogitsLoss(rows: number, cols: number, logits: Float32Array, target: Float32Array, grad: Float32Array): number {
    kernelChecks.bceLogitsLoss(rows, cols, logits, target, grad);
    return this.call(lossArgs(rows * cols, logits, target, grad),
      (p) => this.kernels.bceLogitsLoss(rows, cols, p[0], p[1], p[2]));
  }

  softmaxCrossEntropy(rows: number, cols: number, logits: Float32Array, target: Float32Array, probs: Float32Array,
    grad: Float32Array): number {
    kernelChecks.softmaxCrossEntropy(rows, cols, logits, target, probs, grad);
    const count = rows * cols;
    return this.call([arg(logits, count, IN), arg(target, count, IN), arg(probs, count, OUT), arg(grad, count, OUT)],
      (p) => this.kernels.softmaxCrossEntropy(rows, cols, p[0], p[1], p[2], p[3]));
  }

  sparseSoftmaxCrossEntropy(rows: number, cols: number, logits: Float32Array, labels: Float32Array,
    probs: Float32Array, grad: Float32Array): number {
    kernelChecks.sparseSoftmaxCrossEntropy(rows, cols, logits, labels, probs, grad);
    const count = rows * cols;
    const result = this.call([arg(logits, count, IN), arg(labels, rows, IN), arg(probs, count, OUT), arg(grad, count, OUT)],
      (p) => this.kernels.sparseSoftmaxCrossEntropy(rows, cols, p[0], p[1], p[2], p[3]));
    if (result < 0) {
      // The module found a bad label (it cannot throw): -(row + 1).
      const row = -result - 1;
      throw new RangeError(`backprop: sparseSoftmaxCrossEntropy: labels[${row}] is ${labels[row]}; ` +
        `expected an integer class index in [0, ${cols})`);
    }
    return result;
  }

  // ------------------------------------------------------------------------------------------- batchnorm
  batchNormForwardTrain(rows: number, cols: number, epsilon: number, momentum: number, x: Float32Array,
    gamma: Float32Array, beta: Float32Array, runningMean: Float32Array, runningVar: Float32Array, y: Float32Array,
    saveMean: Float32Array, saveInvStd: Float32Array): void {
    kernelChecks.batchNormForwardTrain(rows, cols, epsilon, momentum, x, gamma, beta, runningMean, runningVar, y,
      saveMean, saveInvStd);
    const count = rows * cols;
    this.call([arg(x, count, IN), arg(gamma, cols, IN), arg(beta, cols, IN), arg(runningMean, cols, INOUT),
      arg(runningVar, cols, INOUT), arg(y, count, OUT), arg(saveMean, cols, OUT), arg(saveInvStd, cols, OUT)],
    (p) => this.kernels.batchNormForwardTrain(rows, cols, epsilon, momentum, p[0], p[1], p[2], p[3], p[4], p[5], p[6], p[7]));
  }

  batchNormForwardInference(rows: number, cols: number, epsilon: number, x: Float32Array, gamma: Float32Array,
    beta: Float32Array, runningMean: Float32Array, runningVar: Float32Array, y: Float32Array): void {
    kernelChecks.batchNormForwardInference(rows, cols, epsilon, x, gamma, beta, runningMean, runningVar, y);
    const count = rows * cols;
    this.call([arg(x, count, IN), arg(gamma, cols, IN), arg(beta, cols, IN), arg(runningMean, cols, IN),
      arg(runningVar, cols, IN), arg(y, count, OUT)],
    (p) => this.kernels.batchNormForwardInference(rows, cols, epsilon, p[0], p[1], p[2], p[3], p[4], p[5]));
  }

  batchNormBackward(rows: number, cols: number, x: Float32Array, gamma: Float32Array, saveMean: Float32Array,
    saveInvStd: Float32Array, dy: Float32Array, dx: Float32Array, dgamma: Float32Array, dbeta: Float32Array): void {
    kernelChecks.batchNormBackward(rows, cols, x, gamma, saveMean, saveInvStd, dy, dx, dgamma, dbeta);
    const count = rows * cols;
    this.call([arg(x, count, IN), arg(gamma, cols, IN), arg(saveMean, cols, IN), arg(saveInvStd, cols, IN),
      arg(dy, count, IN), arg(dx, count, OUT), arg(dgamma, cols, OUT), arg(dbeta, cols, OUT)],
    (p) => this.kernels.batchNormBackward(rows, cols, p[0], p[1], p[2], p[3], p[4], p[5], p[6], p[7]));
  }

  // ------------------------------------------------------------------------------------------- dropout
  dropoutForward(n: number, rate: number, mask: Float32Array, x: Float32Array, y: Float32Array): void {
    kernelChecks.dropoutForward(n, rate, mask, x, y);
    this.call([arg(mask, n, IN), arg(x, n, IN), arg(y, n, OUT)], (p) => this.kernels.dropoutForward(n, rate, p[0], p[1], p[2]));
  }

  dropoutBackward(n: number, rate: number, mask: Float32Array, dy: Float32Array, dx: Float32Array): void {
    kernelChecks.dropoutBackward(n, rate, mask, dy, dx);
    this.call([arg(mask, n, IN), arg(dy, n, IN), arg(dx, n, OUT)], (p) => this.kernels.dropoutBackward(n, rate, p[0], p[1], p[2]));
  }

  // ------------------------------------------------------------------------------------------- optimizer
  sgdStep(n: number, lr: number, l1: number, l2: number, params: Float32Array, grads: Float32Array): void {
    kernelChecks.sgdStep(n, lr, l1, l2, params, grads);
    this.call([arg(params, n, INOUT), arg(grads, n, IN)], (p) => this.kernels.sgdStep(n, lr, l1, l2, p[0], p[1]));
  }

  momentumStep(n: number, lr: number, momentum: number, nesterov: boolean, l1: number, l2: number,
    params: Float32Array, grads: Float32Array, velocity: Float32Array): void {
    kernelChecks.momentumStep(n, lr, momentum, nesterov, l1, l2, params, grads, velocity);
    this.call([arg(params, n, INOUT), arg(grads, n, IN), arg(velocity, n, INOUT)],
      (p) => this.kernels.momentumStep(n, lr, momentum, nesterov ? 1 : 0, l1, l2, p[0], p[1], p[2]));
  }

  adagradStep(n: number, lr: number, epsilon: number, l1: number, l2: number, params: Float32Array,
    grads: Float32Array, accum: Float32Array): void {
    kernelChecks.adagradStep(n, lr, epsilon, l1, l2, params, grads, accum);
    this.call([arg(params, n, INOUT), arg(grads, n, IN), arg(accum, n, INOUT)],
      (p) => this.kernels.adagradStep(n, lr, epsilon, l1, l2, p[0], p[1], p[2]));
  }

  rmspropStep(n: number, lr: number, rho: number, epsilon: number, l1: number, l2: number, params: Float32Array,
    grads: Float32Array, meanSquare: Float32Array): void {
    kernelChecks.rmspropStep(n, lr, rho, epsilon, l1, l2, params, grads, meanSquare);
    this.call([arg(params, n, INOUT), arg(grads, n, IN), arg(meanSquare, n, INOUT)],
      (p) => this.kernels.rmspropStep(n, lr, rho, epsilon, l1, l2, p[0], p[1], p[2]));
  }

  adamStep(n: number, lr: number, beta1: number, beta2: number, epsilon: number, step: number, l1: number,
    l2: number, weightDecay: number, params: Float32Array, grads: Float32Array, m: Float32Array, v: Float32Array): void {
    kernelChecks.adamStep(n, lr, beta1, beta2, epsilon, step, l1, l2, weightDecay, params, grads, m, v);
    if (step > 2 ** 31 - 1) throw new RangeError(`backprop: adamStep: step must be below 2^31; got ${step}`);
    this.call([arg(params, n, INOUT), arg(grads, n, IN), arg(m, n, INOUT), arg(v, n, INOUT)],
      (p) => this.kernels.adamStep(n, lr, beta1, beta2, epsilon, step, l1, l2, weightDecay, p[0], p[1], p[2], p[3]));
  }

  // ------------------------------------------------------------------------------------------- norm
  maxNormProject(rows: number, cols: number, maxValue: number, w: Float32Array): void {
    kernelChecks.maxNormProject(rows, cols, maxValue, w);
    this.call([arg(w, rows * cols, INOUT)], (p) => this.kernels.maxNormProject(rows, cols, maxValue, p[0]));
  }

  sumOfSquares(n: number, x: Float32Array): number {
    kernelChecks.sumOfSquares(n, x);
    return this.call([arg(x, n, IN)], (p) => this.kernels.sumOfSquares(n, p[0]));
  }

  scale(n: number, s: number, x: Float32Array): void {
    kernelChecks.scale(n, s, x);
    this.call([arg(x, n, INOUT)], (p) => this.kernels.scale(n, s, p[0]));
  }

  clipByValue(n: number, lo: number, hi: number, x: Float32Array): void {
    kernelChecks.clipByValue(n, lo, hi, x);
    this.call([arg(x, n, INOUT)], (p) => this.kernels.clipByValue(n, lo, hi, p[0]));
  }

  axpy(n: number, alpha: number, x: Float32Array, y: Float32Array): void {
    kernelChecks.axpy(n, alpha, x, y);
    this.call([arg(x, n, IN), arg(y, n, INOUT)], (p) => this.kernels.axpy(n, alpha, p[0], p[1]));
  }

  // ------------------------------------------------------------------------------------------- marshalling
  /**
   * Checks every buffer argument, turns it into a byte offset in linear memory and runs `body`.
   * Arrays already in linear memory are used in place. Others are copied into scratch blocks: arrays
   * that are the same memory (aliased arguments, as `y may alias x`) share one block, so aliasing keeps
   * its meaning. The offsets of in-memory arrays are read before any scratch is allocated, because
   * allocating may grow memory, which detaches their views.
   */
  private call<T>(args: readonly Arg[], body: (pointers: number[]) => T): T {
    const memoryBuffer = this.kernels.memory.buffer;
    const pointers = new Array<number>(args.length);
    let foreign = false;
    for (let i = 0; i < args.length; i++) {
      const { array } = args[i];
      if (array.buffer === memoryBuffer) pointers[i] = array.byteOffset;
      else {
        pointers[i] = -1;
        foreign = true;
      }
    }
    if (!foreign) return body(pointers);

    const scratch: { buffer: ArrayBufferLike; byteOffset: number; pointer: number }[] = [];
    try {
      for (let i = 0; i < args.length; i++) {
        if (pointers[i] !== -1) continue;
        const { array } = args[i];
        const shared = scratch.find((s) => s.buffer === array.buffer && s.byteOffset === array.byteOffset);
        if (shared) {
          pointers[i] = shared.pointer;
          continue;
        }
        // The block covers every argument that starts at this array's address (the largest count wins).
        let bytes = 0;
        for (let j = i; j < args.length; j++) {
          const other = args[j].array;
          if (pointers[j] === -1 && other.buffer === array.buffer && other.byteOffset === array.byteOffset) {
            bytes = Math.max(bytes, args[j].count * 4);
          }
        }
        const pointer = this.allocator.allocate(bytes);
        scratch.push({ buffer: array.buffer, byteOffset: array.byteOffset, pointer });
        pointers[i] = pointer;
      }
      // Copy in after all allocations (a later allocation may have grown memory).
      const memory = this.kernels.memory.buffer;
      for (let i = 0; i < args.length; i++) {
        const { array, count, role } = args[i];
        if (array.buffer === memoryBuffer || role === OUT) continue;
        new Float32Array(memory, pointers[i], count).set(array.subarray(0, count));
      }
      const result = body(pointers);
      for (let i = 0; i < args.length; i++) {
        const { array, count, role } = args[i];
        if (array.buffer === memoryBuffer || role === IN) continue;
        array.set(new Float32Array(this.kernels.memory.buffer, pointers[i], count));
      }
      return result;
    } finally {
      for (const s of scratch) this.allocator.release(s.pointer);
    }
  }
}

// --------------------------------------------------------------------------------------------- arguments

const IN = 0;
const OUT = 1;
const INOUT = 2;
type Role = typeof IN | typeof OUT | typeof INOUT;

function arg(array: Float32Array, count: number, role: Role): Arg {
  return { array, count, role };
}

function lossArgs(count: number, pred: Float32Array, target: Float32Array, grad: Float32Array): Arg[] {
  return [arg(pred, count, IN), arg(target, count, IN), arg(grad, count, OUT)];
}
