// Kernel programs (native/program.cc): a sequence of kernel calls checked once by the kernels' own checks, then
// run in one N-API call; and the engine's use of them for a proven training step (src/model/engine.ts).
import { describe, expect, it, vi } from 'vitest';
import type { Backend } from '../../src/backends/contract.js';
import type { KernelCall } from '../../src/backends/unchecked.js';
import { KernelArgumentError, KernelRangeError, layers, optimizers, sequential } from '../../src/index.js';
import { Random } from '../../src/random.js';
import { oneHotBatch as batch } from '../one-hot-batch.js';
import { loadNative } from './load.js';

const { native, reason } = await loadNative();

function floats(values: number[]): Float32Array {
  return Float32Array.from(values);
}

describe.skipIf(!native)(`native kernel programs${native ? '' : ` (skipped: ${reason})`}`, () => {
  const addon = native!.addon;

  it('runs its calls in order on the buffers as they are at each run, and returns the result call', () => {
    const memory = new Float32Array(64);
    const x = memory.subarray(0, 6),
      w = memory.subarray(8, 14),
      z = memory.subarray(16, 20),
      other = new Float32Array(4);
    const program = addon.compileProgram(
      [
        ['gemm', false, false, 2, 2, 3, 1, x, w, 0, z],
        ['copy', 4, z, other],
        ['sumOfSquares', 4, other],
      ],
      2,
    );
    for (const seed of [1, 2, 3]) {
      const random = new Random(seed);
      random.fillUniform(x, -1, 1);
      random.fillUniform(w, -1, 1);
      const expected = new Float32Array(4);
      native!.gemm(false, false, 2, 2, 3, 1, x, w, 0, expected);
      const sum = native!.sumOfSquares(4, expected);
      expect(addon.runProgram(program)).toBe(sum);
      expect(z).toEqual(expected);
      expect(other).toEqual(expected);
    }
    expect(addon.runProgram(addon.compileProgram([['scale', 4, 2, other]], -1))).toBeUndefined();
  });

  it('refuses at compile time what the kernel would refuse, with the kernel’s message', () => {
    const short = new Float32Array(3);
    const compile =
      (calls: unknown[], result = -1) =>
      () =>
        addon.compileProgram(calls as KernelCall[], result);
    expect(compile([['scale', 4, 2, short]])).toThrow(KernelRangeError);
    expect(compile([['scale', 4, 2, short]])).toThrow(
      'backprop: scale: x must be a Float32Array of at least 4 floats; got a Float32Array of length 3 (n = 4)',
    );
    const x = new Float32Array(8);
    expect(compile([['axpy', 4, 1, x.subarray(0, 4), x.subarray(2, 6)]])).toThrow('must not overlap');
    expect(compile([['scale', 4, 2]])).toThrow('backprop: scale: expected 3 arguments (n, s, x); got 2');
    expect(compile([['noSuchKernel', 1]])).toThrow(
      'backprop: compileProgram: calls[0][0] must be the name of a kernel; got "noSuchKernel"',
    );
    expect(compile([[7, 1]])).toThrow(KernelArgumentError);
    expect(compile([['scale', 4, 2, x], 'scale'])).toThrow(
      'backprop: compileProgram: calls[1] must be an Array [kernelName, ...arguments]; got a string',
    );
    expect(compile([['scale', 4, 2, x]], 0)).toThrow(
      'backprop: compileProgram: result must be -1 or the index of a call that returns a number; got 0',
    );
    expect(compile([['sumOfSquares', 4, x]], 1)).toThrow('got 1');
    expect(() => addon.compileProgram({} as KernelCall[], -1)).toThrow(KernelArgumentError);
    const shared = new Float32Array(new SharedArrayBuffer(16));
    expect(compile([['scale', 4, 2, shared]])).toThrow('must be a Float32Array over an ArrayBuffer');
  });

  it('refuses to run once a buffer was detached or shrank, and anything that is not a program', () => {
    const buffer = new ArrayBuffer(32);
    const program = addon.compileProgram([['scale', 8, 2, new Float32Array(buffer)]], -1);
    addon.runProgram(program);
    structuredClone(buffer, { transfer: [buffer] }); // detaches it
    expect(() => addon.runProgram(program)).toThrow(KernelRangeError);
    expect(() => addon.runProgram(program)).toThrow(
      'backprop: runProgram: buffer 0 of the program must hold at least 32 bytes, as when it was compiled; got 0 bytes',
    );
    // A resizable ArrayBuffer (ES2024; Node 20 has it, this project's TypeScript library does not yet).
    type Resizable = ArrayBuffer & { resize(byteLength: number): void };
    const resizable = new (ArrayBuffer as unknown as new (length: number, options: object) => Resizable)(32, {
      maxByteLength: 64,
    });
    const view = new Float32Array(resizable, 8, 4);
    const shrinking = addon.compileProgram([['scale', 4, 2, view]], -1);
    view.fill(1);
    addon.runProgram(shrinking);
    expect(Array.from(view)).toEqual([2, 2, 2, 2]);
    resizable.resize(20);
    expect(() => addon.runProgram(shrinking)).toThrow('must hold at least 24 bytes');
    resizable.resize(64); // grown back: the bytes past 20 come back as zeros
    addon.runProgram(shrinking);
    expect(Array.from(new Float32Array(resizable, 8, 4))).toEqual([4, 4, 4, 0]);
    expect(() => addon.runProgram({})).toThrow(
      'backprop: runProgram: program must be what compileProgram returned; got an object',
    );
    expect(() => addon.runProgram(undefined as unknown as object)).toThrow(KernelArgumentError);
  });

  it('checks class indices at every run, as they change with the batch', () => {
    const logits = floats([1, 2, 3, 3, 2, 1]),
      labels = floats([0, 2]),
      probs = new Float32Array(6),
      grad = new Float32Array(6);
    const program = addon.compileProgram([['sparseSoftmaxCrossEntropy', 2, 3, logits, labels, probs, grad]], 0);
    expect(addon.runProgram(program)).toBe(native!.sparseSoftmaxCrossEntropy(2, 3, logits, labels, probs, grad));
    labels[1] = 3;
    expect(() => addon.runProgram(program)).toThrow(
      'backprop: sparseSoftmaxCrossEntropy: labels[1] must be an integer class index in [0, 3); got 3',
    );
  });
});

function irisModel(backend: Backend, dropout = false) {
  const model = sequential({
    seed: 7,
    backend,
    layers: [
      layers.dense({ inputShape: [4], units: 30, activation: 'relu' }),
      ...(dropout ? [layers.dropout({ rate: 0.25 })] : []),
      layers.dense({ units: 16, activation: 'relu' }),
      layers.dense({ units: 3, activation: 'softmax' }),
    ],
  });
  model.compile({ optimizer: optimizers.adam({ learningRate: 1e-2 }), loss: 'categoricalCrossentropy' });
  return model;
}

describe.skipIf(!native)(`a proven training step as one program${native ? '' : ` (skipped: ${reason})`}`, () => {
  it('runs forward, loss and backward in one call from the second step of a batch size, with the same numbers', () => {
    const backend = native!;
    const runs = vi.spyOn(backend.addon, 'runProgram');
    const gemms = vi.spyOn(backend, 'gemm');
    try {
      const fast = irisModel(backend);
      // An object made from the backend does not own its program compiler: every call goes one by one.
      const oneByOne = irisModel(Object.create(backend) as Backend);
      for (let step = 0; step < 40; step++) {
        // The largest batch first: the workspace is planned once, for 4 rows.
        const rows = [4, 1, 3, 2][step % 4];
        const { x, y } = batch(rows, 10 + step);
        expect(fast.trainOnBatch(x, y)).toBe(oneByOne.trainOnBatch(x, y));
      }
      expect(fast.snapshotWeights()).toEqual(oneByOne.snapshotWeights());
      // 40 steps of 4 batch sizes: the first step of each size records, the other 36 run a program.
      expect(runs).toHaveBeenCalledTimes(36);
      runs.mockClear();
      gemms.mockClear();
      const one = batch(1, 1);
      fast.trainOnBatch(one.x, one.y);
      expect(runs).toHaveBeenCalledTimes(1);
      expect(gemms).not.toHaveBeenCalled();
      // A larger batch plans the workspace again: its first step is recorded anew, then runs as a program.
      const eight = batch(8, 3);
      fast.trainOnBatch(eight.x, eight.y);
      expect(runs).toHaveBeenCalledTimes(1);
      fast.trainOnBatch(eight.x, eight.y);
      expect(runs).toHaveBeenCalledTimes(2);
    } finally {
      runs.mockRestore();
      gemms.mockRestore();
    }
  });

  it('keeps calling the layers of a step that draws random numbers (dropout masks)', () => {
    const backend = native!;
    const runs = vi.spyOn(backend.addon, 'runProgram');
    try {
      const model = irisModel(backend, true);
      const { x, y } = batch(2, 4);
      const losses = new Set<number>();
      for (let step = 0; step < 5; step++) losses.add(model.trainOnBatch(x, y) as number);
      expect(runs).not.toHaveBeenCalled();
      expect(losses.size).toBe(5);
    } finally {
      runs.mockRestore();
    }
  });
});
