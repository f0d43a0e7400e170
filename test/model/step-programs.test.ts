// Kernel programs on every backend: the recorded calls of a proven training step, checked once by the kernels'
// own checks and then replayed (native: one N-API call, native/program.cc; js and wasm: prepared calls,
// src/backends/call-program.ts). A replayed step must give the bits of the step that walks the layers, and
// every change that can change the calls must record the step again.
import { describe, expect, it, vi } from 'vitest';
import type { Backend } from '../../src/backends/contract.js';
import { createJsBackend } from '../../src/backends/js/index.js';
import {
  KERNEL_PROGRAMS,
  type KernelCall,
  type MaybePrograms,
  type ProgramCompiler,
  programCompiler,
} from '../../src/backends/unchecked.js';
import { loadNodeWasmBackendSync } from '../../src/backends/wasm/index.js';
import {
  ConfigError,
  Dropout,
  KernelArgumentError,
  KernelRangeError,
  layers,
  optimizers,
  sequential,
} from '../../src/index.js';
import { Random } from '../../src/random.js';
import { oneHotBatch as batch } from '../one-hot-batch.js';
import { loadNative } from '../native/load.js';

const { native } = await loadNative();

const makers: [string, () => Backend][] = [
  ['js', createJsBackend],
  ['wasm', () => loadNodeWasmBackendSync()],
  ...(native ? [['native', () => native] as [string, () => Backend]] : []),
];

/** The iris MLP; with a dropout layer after its first layer, or inside a residual block there. */
function irisModel(backend: Backend, dropout: 'none' | 'layer' | 'nested' = 'none') {
  const dropped = {
    none: [],
    layer: [layers.dropout({ rate: 0.25 })],
    nested: [layers.residual({ layers: [layers.dropout({ rate: 0.25 })] })],
  }[dropout];
  const model = sequential({
    seed: 7,
    backend,
    layers: [
      layers.dense({ inputShape: [4], units: 30, activation: 'relu' }),
      ...dropped,
      layers.dense({ units: 16, activation: 'relu' }),
      layers.dense({ units: 3, activation: 'softmax' }),
    ],
  });
  model.compile({ optimizer: optimizers.adam({ learningRate: 1e-2 }), loss: 'categoricalCrossentropy' });
  return model;
}

interface Counted {
  compiles: number;
  runs: number;
  restore(): void;
}

/** Counts the programs `backend` compiles and runs until restore() (the backend must own a compiler). */
function countPrograms(backend: Backend): Counted {
  const owner = backend as { [KERNEL_PROGRAMS]?: ProgramCompiler };
  const compiler = programCompiler(backend)!;
  const counted: Counted = {
    compiles: 0,
    runs: 0,
    restore: () => {
      owner[KERNEL_PROGRAMS] = compiler;
    },
  };
  owner[KERNEL_PROGRAMS] = {
    compile(calls, result) {
      const program = compiler.compile(calls, result);
      counted.compiles++;
      return {
        run: () => {
          counted.runs++;
          return program.run();
        },
      };
    },
  };
  return counted;
}

describe.each(makers)('a proven training step as a program on %s', (_name, make) => {
  it('owns a program compiler', () => {
    expect(programCompiler(make())).toBeDefined();
  });

  it('replays forward, loss and backward from the second step of a batch size, with the bits of the walked step', () => {
    const backend = make();
    const counted = countPrograms(backend);
    // A replayed step calls no kernel through the backend's methods (native: the whole step is one N-API call).
    const gemms = vi.spyOn(backend, 'gemm');
    try {
      const replayed = irisModel(backend);
      // An object made from the backend does not own its program compiler: its model walks the layers every step.
      const walked = irisModel(Object.create(backend) as Backend);
      for (let step = 0; step < 40; step++) {
        // The largest batch first: the workspace is planned once, for 4 rows.
        const rows = [4, 1, 3, 2][step % 4];
        const { x, y } = batch(rows, 10 + step);
        expect(replayed.trainOnBatch(x, y)).toBe(walked.trainOnBatch(x, y));
      }
      expect(replayed.snapshotWeights()).toEqual(walked.snapshotWeights());
      // One program per batch size, recorded at its first step; the other 36 steps replay one.
      expect(counted.compiles).toBe(4);
      expect(counted.runs).toBe(36);
      gemms.mockClear();
      const one = batch(1, 1);
      replayed.trainOnBatch(one.x, one.y);
      expect(counted.runs).toBe(37);
      expect(gemms).not.toHaveBeenCalled();
    } finally {
      counted.restore();
      gemms.mockRestore();
    }
  });

  it('records the step again after every change that can change its calls, and keeps the bits', async () => {
    const backend = make();
    const counted = countPrograms(backend);
    try {
      const replayed = irisModel(backend);
      const walked = irisModel(Object.create(backend) as Backend);
      const random = new Random(3);
      let seed = 100;
      const steps = (rows: number, count: number): void => {
        for (let i = 0; i < count; i++) {
          const { x, y } = batch(rows, seed++);
          expect(replayed.trainOnBatch(x, y)).toBe(walked.trainOnBatch(x, y));
        }
      };
      steps(2, 3);
      expect([counted.compiles, counted.runs]).toEqual([1, 2]);
      // New weights go into the same buffers: the program reads them.
      const weights = replayed.getWeights().map((w) => random.fillUniform(new Float32Array(w.values.length), -1, 1));
      replayed.setWeights(weights);
      walked.setWeights(weights);
      steps(2, 2);
      expect([counted.compiles, counted.runs]).toEqual([1, 4]);
      // A larger batch plans the workspace again: every size is recorded anew.
      steps(6, 2);
      steps(2, 2);
      expect([counted.compiles, counted.runs]).toEqual([3, 6]);
      // An evaluate of more rows plans the workspace again too.
      const many = batch(40, 1);
      expect(await replayed.evaluate(many.x, many.y)).toEqual(await walked.evaluate(many.x, many.y));
      steps(2, 2);
      expect([counted.compiles, counted.runs]).toEqual([4, 7]);
      // Another optimizer and another loss (its own kernel and gradient route): recorded again.
      for (const model of [replayed, walked]) {
        model.compile({ optimizer: optimizers.sgd({ learningRate: 0.1 }), loss: 'meanSquaredError' });
      }
      steps(2, 3);
      expect([counted.compiles, counted.runs]).toEqual([5, 9]);
      for (const model of [replayed, walked]) {
        model.compile({ optimizer: optimizers.rmsprop(), loss: 'sparseCategoricalCrossentropy' });
      }
      for (let i = 0; i < 3; i++) {
        const { x } = batch(2, seed++);
        const labels = [i % 3, (i + 1) % 3];
        expect(replayed.trainOnBatch(x, labels)).toBe(walked.trainOnBatch(x, labels));
      }
      expect([counted.compiles, counted.runs]).toEqual([6, 11]);
      expect(replayed.snapshotWeights()).toEqual(walked.snapshotWeights());
    } finally {
      counted.restore();
    }
  });

  it('refuses to record a step whose layer reads rt.random without declaring drawsRandomNumbers', () => {
    // A user's layer that draws random numbers but does not say so: replaying its step would freeze its mask.
    class UndeclaredDropout extends Dropout {
      override readonly drawsRandomNumbers = false;
    }
    const backend = make();
    const model = sequential({
      seed: 7,
      backend,
      layers: [
        layers.dense({ inputShape: [4], units: 30, activation: 'relu' }),
        new UndeclaredDropout({ rate: 0.25 }),
        layers.dense({ units: 3, activation: 'softmax' }),
      ],
    });
    model.compile({ optimizer: optimizers.adam({ learningRate: 1e-2 }), loss: 'categoricalCrossentropy' });
    const { x, y } = batch(2, 4);
    const steps = () => {
      for (let step = 0; step < 3; step++) model.trainOnBatch(x, y);
    };
    expect(steps).toThrow(ConfigError);
    expect(steps).toThrow(/read rt\.random\.fillDropoutMask .*without declaring drawsRandomNumbers/);
  });

  it.each(['layer', 'nested'] as const)(
    'keeps walking the layers of a step that draws random numbers (dropout masks; dropout as a %s)',
    (dropout) => {
      const backend = make();
      const counted = countPrograms(backend);
      try {
        const model = irisModel(backend, dropout);
        const { x, y } = batch(2, 4);
        const losses = new Set<number>();
        for (let step = 0; step < 5; step++) losses.add(model.trainOnBatch(x, y) as number);
        expect([counted.compiles, counted.runs]).toEqual([0, 0]);
        expect(losses.size).toBe(5);
      } finally {
        counted.restore();
      }
    },
  );
});

describe.each(makers)('kernel programs of %s', (_name, make) => {
  it('run their calls in order on the buffers as they are at each run, and return the result call', () => {
    const backend = make();
    const compiler = programCompiler(backend)!;
    const memory = backend.allocate(64).data;
    const x = memory.subarray(0, 6),
      w = memory.subarray(8, 14),
      z = memory.subarray(16, 20),
      other = backend.allocate(4).data;
    const program = compiler.compile(
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
      backend.gemm(false, false, 2, 2, 3, 1, x, w, 0, expected);
      const sum = backend.sumOfSquares(4, expected);
      expect(program.run()).toBe(sum);
      expect(z).toEqual(expected);
      expect(other).toEqual(expected);
    }
    expect(compiler.compile([['scale', 4, 2, other]], -1).run()).toBeUndefined();
    // Arrays outside the backend's memory (wasm) run too.
    const outside = Float32Array.from([1, 2, 3, 4]);
    compiler.compile([['scale', 4, 2, outside]], -1).run();
    expect(Array.from(outside)).toEqual([2, 4, 6, 8]);
  });

  it("refuse at compile time what the kernel would refuse, with the kernel's message", () => {
    const compiler = programCompiler(make())!;
    const compile =
      (calls: unknown[], result = -1) =>
      () =>
        compiler.compile(calls as KernelCall[], result);
    const short = new Float32Array(3);
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
    expect(() => compiler.compile({} as KernelCall[], -1)).toThrow(KernelArgumentError);
  });

  it('check class indices at every run, as they change with the batch', () => {
    const backend = make();
    const compiler = programCompiler(backend)!;
    const buffer = (values: number[]) => {
      const data = backend.allocate(values.length).data;
      data.set(values);
      return data;
    };
    const logits = buffer([1, 2, 3, 3, 2, 1]),
      labels = buffer([0, 2]),
      probs = buffer([0, 0, 0, 0, 0, 0]),
      grad = buffer([0, 0, 0, 0, 0, 0]);
    const program = compiler.compile([['sparseSoftmaxCrossEntropy', 2, 3, logits, labels, probs, grad]], 0);
    expect(program.run()).toBe(backend.sparseSoftmaxCrossEntropy(2, 3, logits, labels, probs, grad));
    labels[1] = 3;
    expect(() => program.run()).toThrow(
      'backprop: sparseSoftmaxCrossEntropy: labels[1] must be an integer class index in [0, 3); got 3',
    );
  });
});

// A backend that reads host arrays in place keeps the arrays of a program's calls, not copies of them.
const inPlace = makers.filter(([, make]) => make().readsHostArrays);

describe.each(inPlace)('%s kernel programs and their arrays', (_name, make) => {
  it('refuse to run once an array was detached or its buffer shrank, and run again once it grew back', () => {
    const compiler = programCompiler(make())!;
    const buffer = new ArrayBuffer(32);
    const program = compiler.compile([['scale', 8, 2, new Float32Array(buffer)]], -1);
    program.run();
    structuredClone(buffer, { transfer: [buffer] }); // detaches it
    expect(() => program.run()).toThrow(KernelRangeError);
    expect(() => program.run()).toThrow(
      'backprop: runProgram: buffer 0 of the program must hold at least 32 bytes, as when it was compiled; got 0 bytes',
    );
    // A resizable ArrayBuffer (ES2024; Node 20 has it, this project's TypeScript library does not yet).
    type Resizable = ArrayBuffer & { resize(byteLength: number): void };
    const resizable = new (ArrayBuffer as unknown as new (length: number, options: object) => Resizable)(32, {
      maxByteLength: 64,
    });
    const view = new Float32Array(resizable, 8, 4);
    const shrinking = compiler.compile([['scale', 4, 2, view]], -1);
    view.fill(1);
    shrinking.run();
    expect(Array.from(view)).toEqual([2, 2, 2, 2]);
    resizable.resize(20);
    expect(() => shrinking.run()).toThrow('must hold at least 24 bytes');
    resizable.resize(64); // grown back: the bytes past 20 come back as zeros
    shrinking.run();
    expect(Array.from(new Float32Array(resizable, 8, 4))).toEqual([4, 4, 4, 0]);
  });
});

describe('wasm kernel programs and memory growth', () => {
  it("a model's program keeps its addresses when another model grows the memory, with the walked step's bits", () => {
    const backend = loadNodeWasmBackendSync() as Backend & MaybePrograms;
    const counted = countPrograms(backend);
    try {
      const replayed = irisModel(backend);
      const walked = irisModel(Object.create(backend) as Backend);
      for (let step = 0; step < 6; step++) {
        const { x, y } = batch(3, step);
        expect(replayed.trainOnBatch(x, y)).toBe(walked.trainOnBatch(x, y));
        // Memory grows under the program: every earlier view of it is detached.
        if (step === 2) backend.reserve(1 << 22);
      }
      expect(counted.compiles).toBe(1);
      expect(counted.runs).toBe(5);
      expect(replayed.snapshotWeights()).toEqual(walked.snapshotWeights());
    } finally {
      counted.restore();
    }
  });
});
