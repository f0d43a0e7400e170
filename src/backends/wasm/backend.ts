/**
 * The wasm backend: the kernels of assembly/ behind the Kernels contract, platform neutral (Node, browsers,
 * edge runtimes). Buffers from allocate() live in the module's linear memory and are passed as byte
 * offsets, so those calls copy nothing. A plain Float32Array outside linear memory still works: it is
 * copied into a scratch block for the call (and copied back if the kernel writes it), which keeps tests
 * and casual callers correct at the price of the copies.
 *
 * Every size and buffer length is checked here before the module is entered (wasm has no bounds to give
 * a useful message); the one error wasm detects itself, a bad class label, comes back as a status and is
 * thrown here as a RangeError.
 */
import type { ActivationCode, Backend, DeviceBuffer } from '../contract.js';
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

type Role = 'in' | 'out' | 'inout';

/** One buffer argument of a kernel call: the array, how many floats the kernel touches, what it does to them. */
interface Arg {
  readonly name: string;
  readonly array: Float32Array;
  readonly count: number;
  readonly role: Role;
}

/** Sizes beyond this would overflow the module's i32 element arithmetic (and 4 GiB of memory anyway). */
const MAX_ELEMENTS = 2 ** 30;

const ACTIVATION_CODES = 7;

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
    if (!Number.isInteger(length) || length < 0 || length > MAX_ELEMENTS) {
      throw new RangeError(`backprop: allocate(length) needs an integer length in [0, 2^30]; got ${length}`);
    }
    const offset = this.allocator.allocate(length * 4);
    return new WasmDeviceBuffer(this.allocator, offset, length);
  }

  /** Grows memory once so that `length` more floats can be allocated without growing again. */
  reserve(length: number): void {
    if (!Number.isInteger(length) || length < 0 || length > MAX_ELEMENTS) {
      throw new RangeError(`backprop: reserve(length) needs an integer length in [0, 2^30]; got ${length}`);
    }
    this.allocator.reserve(length * 4);
  }

  /** The kernels' vectorised exp over n values (exposed for the accuracy tests). */
  approxExp(n: number, x: Float32Array, y: Float32Array): void {
    size('approxExp', 'n', n);
    this.call('approxExp', [arg('x', x, n, 'in'), arg('y', y, n, 'out')], (p) => this.kernels.approxExp(n, p[0], p[1]));
  }

  // ------------------------------------------------------------------------------------------- gemm
  gemm(transA: boolean, transB: boolean, m: number, n: number, k: number, alpha: number, a: Float32Array,
    b: Float32Array, beta: number, c: Float32Array): void {
    const K = 'gemm';
    flag(K, 'transA', transA);
    flag(K, 'transB', transB);
    size(K, 'm', m);
    size(K, 'n', n);
    size(K, 'k', k);
    finite(K, 'alpha', alpha);
    finite(K, 'beta', beta);
    const args = [
      arg(`a (${transA ? `${k} x ${m}, transposed` : `${m} x ${k}`})`, a, product(K, m, k), 'in'),
      arg(`b (${transB ? `${n} x ${k}, transposed` : `${k} x ${n}`})`, b, product(K, k, n), 'in'),
      arg(`c (${m} x ${n})`, c, product(K, m, n), beta === 0 ? 'out' : 'inout'),
    ];
    noOverlap(K, args[2], args[0]);
    noOverlap(K, args[2], args[1]);
    this.call(K, args, (p) => this.kernels.gemm(transA ? 1 : 0, transB ? 1 : 0, m, n, k, alpha, p[0], p[1], beta, p[2], this.gemmWork));
  }

  // ------------------------------------------------------------------------------------------- bias
  biasAdd(rows: number, cols: number, bias: Float32Array, y: Float32Array): void {
    const K = 'biasAdd';
    const count = matrix(K, rows, cols);
    this.call(K, [arg('bias', bias, cols, 'in'), arg('y', y, count, 'inout')],
      (p) => this.kernels.biasAdd(rows, cols, p[0], p[1]));
  }

  biasGrad(rows: number, cols: number, dy: Float32Array, dbias: Float32Array): void {
    const K = 'biasGrad';
    const count = matrix(K, rows, cols);
    this.call(K, [arg('dy', dy, count, 'in'), arg('dbias', dbias, cols, 'out')],
      (p) => this.kernels.biasGrad(rows, cols, p[0], p[1]));
  }

  // ------------------------------------------------------------------------------------------- activation
  activationForward(kind: ActivationCode, n: number, alpha: number, x: Float32Array, y: Float32Array): void {
    const K = 'activationForward';
    activation(K, kind);
    size(K, 'n', n);
    finite(K, 'alpha', alpha);
    this.call(K, [arg('x', x, n, 'in'), arg('y', y, n, 'out')],
      (p) => this.kernels.activationForward(kind, n, alpha, p[0], p[1]));
  }

  activationBackward(kind: ActivationCode, n: number, alpha: number, x: Float32Array, y: Float32Array,
    dy: Float32Array, dx: Float32Array): void {
    const K = 'activationBackward';
    activation(K, kind);
    size(K, 'n', n);
    finite(K, 'alpha', alpha);
    this.call(K, [arg('x', x, n, 'in'), arg('y', y, n, 'in'), arg('dy', dy, n, 'in'), arg('dx', dx, n, 'out')],
      (p) => this.kernels.activationBackward(kind, n, alpha, p[0], p[1], p[2], p[3]));
  }

  stepForward(n: number, x: Float32Array, y: Float32Array): void {
    const K = 'stepForward';
    size(K, 'n', n);
    this.call(K, [arg('x', x, n, 'in'), arg('y', y, n, 'out')], (p) => this.kernels.stepForward(n, p[0], p[1]));
  }

  softmaxForward(rows: number, cols: number, x: Float32Array, y: Float32Array): void {
    const K = 'softmaxForward';
    const count = matrix(K, rows, cols);
    this.call(K, [arg('x', x, count, 'in'), arg('y', y, count, 'out')],
      (p) => this.kernels.softmaxForward(rows, cols, p[0], p[1]));
  }

  softmaxBackward(rows: number, cols: number, y: Float32Array, dy: Float32Array, dx: Float32Array): void {
    const K = 'softmaxBackward';
    const count = matrix(K, rows, cols);
    this.call(K, [arg('y', y, count, 'in'), arg('dy', dy, count, 'in'), arg('dx', dx, count, 'out')],
      (p) => this.kernels.softmaxBackward(rows, cols, p[0], p[1], p[2]));
  }

  // ------------------------------------------------------------------------------------------- loss
  mseLoss(rows: number, cols: number, pred: Float32Array, target: Float32Array, grad: Float32Array): number {
    return this.pairLoss('mseLoss', rows, cols, 'pred', pred, target, grad, (r, c, a, b, g) => this.kernels.mseLoss(r, c, a, b, g));
  }

  sseLoss(rows: number, cols: number, pred: Float32Array, target: Float32Array, grad: Float32Array): number {
    return this.pairLoss('sseLoss', rows, cols, 'pred', pred, target, grad, (r, c, a, b, g) => this.kernels.sseLoss(r, c, a, b, g));
  }

  bceLoss(rows: number, cols: number, prob: Float32Array, target: Float32Array, grad: Float32Array): number {
    return this.pairLoss('bceLoss', rows, cols, 'prob', prob, target, grad, (r, c, a, b, g) => this.kernels.bceLoss(r, c, a, b, g));
  }

  bceLogitsLoss(rows: number, cols: number, logits: Float32Array, target: Float32Array, grad: Float32Array): number {
    return this.pairLoss('bceLogitsLoss', rows, cols, 'logits', logits, target, grad,
      (r, c, a, b, g) => this.kernels.bceLogitsLoss(r, c, a, b, g));
  }

  softmaxCrossEntropy(rows: number, cols: number, logits: Float32Array, target: Float32Array, probs: Float32Array,
    grad: Float32Array): number {
    const K = 'softmaxCrossEntropy';
    const count = batch(K, rows, cols);
    const args = [arg('logits', logits, count, 'in'), arg('target', target, count, 'in'),
      arg('probs', probs, count, 'out'), arg('grad', grad, count, 'out')];
    noOverlap(K, args[3], args[0]);
    noOverlap(K, args[3], args[1]);
    return this.call(K, args, (p) => this.kernels.softmaxCrossEntropy(rows, cols, p[0], p[1], p[2], p[3]));
  }

  sparseSoftmaxCrossEntropy(rows: number, cols: number, logits: Float32Array, labels: Float32Array,
    probs: Float32Array, grad: Float32Array): number {
    const K = 'sparseSoftmaxCrossEntropy';
    const count = batch(K, rows, cols);
    const args = [arg('logits', logits, count, 'in'), arg('labels', labels, rows, 'in'),
      arg('probs', probs, count, 'out'), arg('grad', grad, count, 'out')];
    noOverlap(K, args[3], args[0]);
    const result = this.call(K, args, (p) => this.kernels.sparseSoftmaxCrossEntropy(rows, cols, p[0], p[1], p[2], p[3]));
    if (result < 0) {
      const row = -result - 1;
      throw new RangeError(`backprop: ${K}: labels[${row}] is ${labels[row]}; expected an integer class index in [0, ${cols})`);
    }
    return result;
  }

  private pairLoss(K: string, rows: number, cols: number, predName: string, pred: Float32Array, target: Float32Array,
    grad: Float32Array, kernel: (r: number, c: number, a: number, b: number, g: number) => number): number {
    const count = batch(K, rows, cols);
    const args = [arg(predName, pred, count, 'in'), arg('target', target, count, 'in'), arg('grad', grad, count, 'out')];
    noOverlap(K, args[2], args[0]);
    noOverlap(K, args[2], args[1]);
    return this.call(K, args, (p) => kernel(rows, cols, p[0], p[1], p[2]));
  }

  // ------------------------------------------------------------------------------------------- batchnorm
  batchNormForwardTrain(rows: number, cols: number, epsilon: number, momentum: number, x: Float32Array,
    gamma: Float32Array, beta: Float32Array, runningMean: Float32Array, runningVar: Float32Array, y: Float32Array,
    saveMean: Float32Array, saveInvStd: Float32Array): void {
    const K = 'batchNormForwardTrain';
    const count = batch(K, rows, cols);
    positive(K, 'epsilon', epsilon);
    unit(K, 'momentum', momentum);
    this.call(K, [arg('x', x, count, 'in'), arg('gamma', gamma, cols, 'in'), arg('beta', beta, cols, 'in'),
      arg('runningMean', runningMean, cols, 'inout'), arg('runningVar', runningVar, cols, 'inout'),
      arg('y', y, count, 'out'), arg('saveMean', saveMean, cols, 'out'), arg('saveInvStd', saveInvStd, cols, 'out')],
    (p) => this.kernels.batchNormForwardTrain(rows, cols, epsilon, momentum, p[0], p[1], p[2], p[3], p[4], p[5], p[6], p[7]));
  }

  batchNormForwardInference(rows: number, cols: number, epsilon: number, x: Float32Array, gamma: Float32Array,
    beta: Float32Array, runningMean: Float32Array, runningVar: Float32Array, y: Float32Array): void {
    const K = 'batchNormForwardInference';
    const count = matrix(K, rows, cols);
    positive(K, 'epsilon', epsilon);
    this.call(K, [arg('x', x, count, 'in'), arg('gamma', gamma, cols, 'in'), arg('beta', beta, cols, 'in'),
      arg('runningMean', runningMean, cols, 'in'), arg('runningVar', runningVar, cols, 'in'), arg('y', y, count, 'out')],
    (p) => this.kernels.batchNormForwardInference(rows, cols, epsilon, p[0], p[1], p[2], p[3], p[4], p[5]));
  }

  batchNormBackward(rows: number, cols: number, x: Float32Array, gamma: Float32Array, saveMean: Float32Array,
    saveInvStd: Float32Array, dy: Float32Array, dx: Float32Array, dgamma: Float32Array, dbeta: Float32Array): void {
    const K = 'batchNormBackward';
    const count = batch(K, rows, cols);
    this.call(K, [arg('x', x, count, 'in'), arg('gamma', gamma, cols, 'in'), arg('saveMean', saveMean, cols, 'in'),
      arg('saveInvStd', saveInvStd, cols, 'in'), arg('dy', dy, count, 'in'), arg('dx', dx, count, 'out'),
      arg('dgamma', dgamma, cols, 'out'), arg('dbeta', dbeta, cols, 'out')],
    (p) => this.kernels.batchNormBackward(rows, cols, p[0], p[1], p[2], p[3], p[4], p[5], p[6], p[7]));
  }

  // ------------------------------------------------------------------------------------------- dropout
  dropoutForward(n: number, rate: number, mask: Float32Array, x: Float32Array, y: Float32Array): void {
    const K = 'dropoutForward';
    size(K, 'n', n);
    dropoutRate(K, rate);
    this.call(K, [arg('mask', mask, n, 'in'), arg('x', x, n, 'in'), arg('y', y, n, 'out')],
      (p) => this.kernels.dropoutForward(n, rate, p[0], p[1], p[2]));
  }

  dropoutBackward(n: number, rate: number, mask: Float32Array, dy: Float32Array, dx: Float32Array): void {
    const K = 'dropoutBackward';
    size(K, 'n', n);
    dropoutRate(K, rate);
    this.call(K, [arg('mask', mask, n, 'in'), arg('dy', dy, n, 'in'), arg('dx', dx, n, 'out')],
      (p) => this.kernels.dropoutBackward(n, rate, p[0], p[1], p[2]));
  }

  // ------------------------------------------------------------------------------------------- optimizer
  sgdStep(n: number, lr: number, l1: number, l2: number, params: Float32Array, grads: Float32Array): void {
    const K = 'sgdStep';
    size(K, 'n', n);
    finite(K, 'lr', lr);
    finite(K, 'l1', l1);
    finite(K, 'l2', l2);
    this.call(K, [arg('params', params, n, 'inout'), arg('grads', grads, n, 'in')],
      (p) => this.kernels.sgdStep(n, lr, l1, l2, p[0], p[1]));
  }

  momentumStep(n: number, lr: number, momentum: number, nesterov: boolean, l1: number, l2: number,
    params: Float32Array, grads: Float32Array, velocity: Float32Array): void {
    const K = 'momentumStep';
    size(K, 'n', n);
    finite(K, 'lr', lr);
    finite(K, 'momentum', momentum);
    flag(K, 'nesterov', nesterov);
    finite(K, 'l1', l1);
    finite(K, 'l2', l2);
    this.call(K, [arg('params', params, n, 'inout'), arg('grads', grads, n, 'in'), arg('velocity', velocity, n, 'inout')],
      (p) => this.kernels.momentumStep(n, lr, momentum, nesterov ? 1 : 0, l1, l2, p[0], p[1], p[2]));
  }

  adagradStep(n: number, lr: number, epsilon: number, l1: number, l2: number, params: Float32Array,
    grads: Float32Array, accum: Float32Array): void {
    const K = 'adagradStep';
    size(K, 'n', n);
    finite(K, 'lr', lr);
    finite(K, 'epsilon', epsilon);
    finite(K, 'l1', l1);
    finite(K, 'l2', l2);
    this.call(K, [arg('params', params, n, 'inout'), arg('grads', grads, n, 'in'), arg('accum', accum, n, 'inout')],
      (p) => this.kernels.adagradStep(n, lr, epsilon, l1, l2, p[0], p[1], p[2]));
  }

  rmspropStep(n: number, lr: number, rho: number, epsilon: number, l1: number, l2: number, params: Float32Array,
    grads: Float32Array, meanSquare: Float32Array): void {
    const K = 'rmspropStep';
    size(K, 'n', n);
    finite(K, 'lr', lr);
    finite(K, 'rho', rho);
    finite(K, 'epsilon', epsilon);
    finite(K, 'l1', l1);
    finite(K, 'l2', l2);
    this.call(K, [arg('params', params, n, 'inout'), arg('grads', grads, n, 'in'), arg('meanSquare', meanSquare, n, 'inout')],
      (p) => this.kernels.rmspropStep(n, lr, rho, epsilon, l1, l2, p[0], p[1], p[2]));
  }

  adamStep(n: number, lr: number, beta1: number, beta2: number, epsilon: number, step: number, l1: number,
    l2: number, weightDecay: number, params: Float32Array, grads: Float32Array, m: Float32Array, v: Float32Array): void {
    const K = 'adamStep';
    size(K, 'n', n);
    finite(K, 'lr', lr);
    unit(K, 'beta1', beta1);
    unit(K, 'beta2', beta2);
    finite(K, 'epsilon', epsilon);
    if (!Number.isInteger(step) || step < 1 || step > 2 ** 31 - 1) {
      throw new RangeError(`backprop: ${K}: step must be an integer >= 1 (the number of this step); got ${step}`);
    }
    finite(K, 'l1', l1);
    finite(K, 'l2', l2);
    finite(K, 'weightDecay', weightDecay);
    this.call(K, [arg('params', params, n, 'inout'), arg('grads', grads, n, 'in'), arg('m', m, n, 'inout'),
      arg('v', v, n, 'inout')],
    (p) => this.kernels.adamStep(n, lr, beta1, beta2, epsilon, step, l1, l2, weightDecay, p[0], p[1], p[2], p[3]));
  }

  // ------------------------------------------------------------------------------------------- norm
  maxNormProject(rows: number, cols: number, maxValue: number, w: Float32Array): void {
    const K = 'maxNormProject';
    const count = matrix(K, rows, cols);
    finite(K, 'maxValue', maxValue);
    this.call(K, [arg('w', w, count, 'inout')], (p) => this.kernels.maxNormProject(rows, cols, maxValue, p[0]));
  }

  sumOfSquares(n: number, x: Float32Array): number {
    const K = 'sumOfSquares';
    size(K, 'n', n);
    return this.call(K, [arg('x', x, n, 'in')], (p) => this.kernels.sumOfSquares(n, p[0]));
  }

  scale(n: number, s: number, x: Float32Array): void {
    const K = 'scale';
    size(K, 'n', n);
    finite(K, 's', s);
    this.call(K, [arg('x', x, n, 'inout')], (p) => this.kernels.scale(n, s, p[0]));
  }

  clipByValue(n: number, lo: number, hi: number, x: Float32Array): void {
    const K = 'clipByValue';
    size(K, 'n', n);
    if (typeof lo !== 'number' || typeof hi !== 'number' || Number.isNaN(lo) || Number.isNaN(hi) || lo > hi) {
      throw new RangeError(`backprop: ${K}: needs numbers lo <= hi; got lo = ${lo}, hi = ${hi}`);
    }
    this.call(K, [arg('x', x, n, 'inout')], (p) => this.kernels.clipByValue(n, lo, hi, p[0]));
  }

  axpy(n: number, alpha: number, x: Float32Array, y: Float32Array): void {
    const K = 'axpy';
    size(K, 'n', n);
    finite(K, 'alpha', alpha);
    const args = [arg('x', x, n, 'in'), arg('y', y, n, 'inout')];
    noOverlap(K, args[1], args[0]);
    this.call(K, args, (p) => this.kernels.axpy(n, alpha, p[0], p[1]));
  }

  // ------------------------------------------------------------------------------------------- marshalling
  /**
   * Checks every buffer argument, turns it into a byte offset in linear memory and runs `body`.
   * Arrays already in linear memory are used in place. Others are copied into scratch blocks: arrays
   * that are the same memory (aliased arguments, as `y may alias x`) share one block, so aliasing keeps
   * its meaning. The offsets of in-memory arrays are read before any scratch is allocated, because
   * allocating may grow memory, which detaches their views.
   */
  private call<T>(kernel: string, args: readonly Arg[], body: (pointers: number[]) => T): T {
    const memoryBuffer = this.kernels.memory.buffer;
    const pointers = new Array<number>(args.length);
    let foreign = false;
    for (let i = 0; i < args.length; i++) {
      const { name, array, count } = args[i];
      if (!(array instanceof Float32Array)) {
        throw new TypeError(`backprop: ${kernel}: ${name} must be a Float32Array; got ${describe(array)}`);
      }
      if (array.length < count) {
        const detached = array.buffer.byteLength === 0 ? ' (its memory was detached: re-read DeviceBuffer.data after allocating)' : '';
        throw new RangeError(`backprop: ${kernel}: ${name} needs at least ${count} floats; got ${array.length}${detached}`);
      }
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
        if (array.buffer === memoryBuffer || role === 'out') continue;
        new Float32Array(memory, pointers[i], count).set(array.subarray(0, count));
      }
      const result = body(pointers);
      for (let i = 0; i < args.length; i++) {
        const { array, count, role } = args[i];
        if (array.buffer === memoryBuffer || role === 'in') continue;
        array.set(new Float32Array(this.kernels.memory.buffer, pointers[i], count));
      }
      return result;
    } finally {
      for (const s of scratch) this.allocator.release(s.pointer);
    }
  }
}

// --------------------------------------------------------------------------------------------- checks

function arg(name: string, array: Float32Array, count: number, role: Role): Arg {
  return { name, array, count, role };
}

function size(kernel: string, name: string, value: number): void {
  if (!Number.isInteger(value) || value < 0 || value > MAX_ELEMENTS) {
    throw new RangeError(`backprop: ${kernel}: ${name} must be an integer in [0, 2^30]; got ${value}`);
  }
}

function product(kernel: string, a: number, b: number): number {
  const count = a * b;
  if (count > MAX_ELEMENTS) throw new RangeError(`backprop: ${kernel}: ${a} x ${b} is more than 2^30 values`);
  return count;
}

/** rows x cols with both sizes checked; zero sizes are allowed (the kernel does nothing). */
function matrix(kernel: string, rows: number, cols: number): number {
  size(kernel, 'rows', rows);
  size(kernel, 'cols', cols);
  return product(kernel, rows, cols);
}

/** A batch that a mean is taken over: at least one row and one column. */
function batch(kernel: string, rows: number, cols: number): number {
  const count = matrix(kernel, rows, cols);
  if (rows === 0 || cols === 0) {
    throw new RangeError(`backprop: ${kernel}: needs at least one row and one column; got ${rows} x ${cols} (an empty batch?)`);
  }
  return count;
}

function finite(kernel: string, name: string, value: number): void {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new RangeError(`backprop: ${kernel}: ${name} must be a finite number; got ${String(value)}`);
  }
}

function positive(kernel: string, name: string, value: number): void {
  if (typeof value !== 'number' || !(value > 0) || !Number.isFinite(value)) {
    throw new RangeError(`backprop: ${kernel}: ${name} must be a positive number; got ${String(value)}`);
  }
}

function unit(kernel: string, name: string, value: number): void {
  if (typeof value !== 'number' || !(value >= 0 && value <= 1)) {
    throw new RangeError(`backprop: ${kernel}: ${name} must be in [0, 1]; got ${String(value)}`);
  }
}

function dropoutRate(kernel: string, rate: number): void {
  if (typeof rate !== 'number' || !(rate >= 0 && rate < 1)) {
    throw new RangeError(`backprop: ${kernel}: rate must be in [0, 1); got ${String(rate)}`);
  }
}

function flag(kernel: string, name: string, value: boolean): void {
  if (typeof value !== 'boolean') throw new TypeError(`backprop: ${kernel}: ${name} must be a boolean; got ${describe(value)}`);
}

function activation(kernel: string, kind: number): void {
  if (!Number.isInteger(kind) || kind < 0 || kind >= ACTIVATION_CODES) {
    throw new RangeError(`backprop: ${kernel}: kind must be an Activation code 0..${ACTIVATION_CODES - 1} ` +
      `(identity, sigmoid, tanh, relu, leakyRelu, elu, gelu); got ${String(kind)}`);
  }
}

/** Outputs must not overlap the inputs they are computed from (where the contract forbids aliasing). */
function noOverlap(kernel: string, output: Arg, input: Arg): void {
  const o = output.array;
  const i = input.array;
  if (!(o instanceof Float32Array) || !(i instanceof Float32Array) || o.buffer !== i.buffer) return;
  const oStart = o.byteOffset;
  const oEnd = oStart + output.count * 4;
  const iStart = i.byteOffset;
  const iEnd = iStart + input.count * 4;
  if (oStart < iEnd && iStart < oEnd && output.count > 0 && input.count > 0) {
    throw new RangeError(`backprop: ${kernel}: ${output.name} must not overlap ${input.name}`);
  }
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (value === undefined) return 'undefined';
  if (typeof value === 'object') return (value as object).constructor?.name ?? 'an object';
  return `${typeof value} ${String(value)}`;
}
