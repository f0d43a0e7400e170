// A model's training step runs its layers' and loss's kernels unchecked once a checked step of the same batch
// size has run them on the same plan (src/backends/unchecked.ts, Engine.trainStep), as a program of prepared
// calls (src/backends/call-program.ts), and computes exactly what the checked kernels compute. The backends' own
// kernels stay checked.
import { describe, expect, it } from 'vitest';
import type { Backend, Kernels } from '../../src/backends/contract.js';
import { createJsBackend } from '../../src/backends/js/index.js';
import { KERNEL_NAMES, type KernelName } from '../../src/backends/manifest.js';
import {
  KERNEL_PROGRAMS,
  type MaybePrograms,
  type MaybeUnchecked,
  type ProgramCompiler,
  UNCHECKED_KERNELS,
} from '../../src/backends/unchecked.js';
import { loadNodeWasmBackendSync } from '../../src/backends/wasm/index.js';
import { KernelRangeError, layers, optimizers, sequential } from '../../src/index.js';
import { Random } from '../../src/random.js';
import { oneHotBatch as batch } from '../one-hot-batch.js';

type Counts = Record<'checked' | 'unchecked', Map<KernelName, number>> & { programRuns: number };

/**
 * Counts the calls of each kernel of `backend`, checked and unchecked, and the runs of its programs (before any
 * model has used it).
 */
function countCalls(backend: Backend & MaybeUnchecked & MaybePrograms): Counts {
  const counts: Counts = { checked: new Map(), unchecked: new Map(), programRuns: 0 };
  const compiler = backend[KERNEL_PROGRAMS]!;
  const counting: ProgramCompiler = {
    compile(calls, result) {
      const program = compiler.compile(calls, result);
      return {
        run: () => {
          counts.programRuns++;
          return program.run();
        },
      };
    },
  };
  (backend as { [KERNEL_PROGRAMS]?: ProgramCompiler })[KERNEL_PROGRAMS] = counting;
  const unchecked = backend[UNCHECKED_KERNELS] as unknown as Record<KernelName, (...args: unknown[]) => unknown>;
  const checked = backend as unknown as Record<KernelName, (...args: unknown[]) => unknown>;
  for (const name of KERNEL_NAMES) {
    for (const [table, map] of [
      [checked, counts.checked],
      [unchecked, counts.unchecked],
    ] as const) {
      const kernel = table[name];
      table[name] = (...args: unknown[]) => {
        map.set(name, (map.get(name) ?? 0) + 1);
        return kernel(...args);
      };
    }
  }
  return counts;
}

function total(map: Map<KernelName, number>): number {
  let sum = 0;
  for (const count of map.values()) sum += count;
  return sum;
}

function irisModel(backend: Backend, loss = 'categoricalCrossentropy') {
  const model = sequential({
    seed: 7,
    backend,
    layers: [
      layers.dense({ inputShape: [4], units: 30, activation: 'relu' }),
      layers.dense({ units: 16, activation: 'relu' }),
      layers.dense({ units: 3, activation: 'softmax' }),
    ],
  });
  model.compile({ optimizer: optimizers.adam({ learningRate: 1e-2 }), loss });
  return model;
}

/**
 * Each backend, and the unchecked kernel calls of one run of a program for the iris step: js binds a program's
 * calls to its unchecked kernels, wasm to the module's exports (which no wrapper here can count).
 */
const makers: [string, () => Backend & MaybeUnchecked & MaybePrograms, (calls: number) => number][] = [
  ['js', createJsBackend, (calls) => calls],
  ['wasm', () => loadNodeWasmBackendSync() as Backend & MaybePrograms, () => 0],
];

describe.each(makers)('proven training steps on %s', (_name, make, uncheckedPerRun) => {
  it('the first step of a batch size is checked, the later ones run the layers and the loss as a program', () => {
    const backend = make();
    const counts = countCalls(backend);
    const model = irisModel(backend);
    const one = batch(1, 1);
    model.trainOnBatch(one.x, one.y);
    expect(total(counts.unchecked)).toBe(0);
    const firstStep = total(counts.checked);
    // Forward: 3 gemms, 2 biasActivationForward, biasAdd (the loss writes the softmax); the loss; backward: 5
    // gemms, 2 activationBiasBackward, 1 biasGrad; Adam.
    expect(firstStep).toBe(16);
    expect(counts.checked.get('softmaxForward')).toBeUndefined();

    model.trainOnBatch(one.x, one.y);
    // Only the optimizer, whose numbers change between steps, stays checked; the rest is one program run.
    const perRun = uncheckedPerRun(firstStep - 1);
    expect(total(counts.checked)).toBe(firstStep + 1);
    expect(counts.checked.get('adamStep')).toBe(2);
    expect(counts.programRuns).toBe(1);
    expect(total(counts.unchecked)).toBe(perRun);
    if (perRun > 0) expect(counts.unchecked.get('softmaxCrossEntropy')).toBe(1);

    // Another batch size within the same plan: checked once, then a program of its own.
    const three = batch(3, 2);
    model.trainOnBatch(three.x, three.y);
    expect(total(counts.checked)).toBe(2 * firstStep + 1);
    expect(counts.programRuns).toBe(1);
    model.trainOnBatch(three.x, three.y);
    expect(counts.programRuns).toBe(2);
    expect(total(counts.unchecked)).toBe(2 * perRun);

    // A larger batch plans the workspace again, and a compile may change the loss route: checked again.
    const eight = batch(8, 3);
    model.trainOnBatch(eight.x, eight.y);
    model.trainOnBatch(one.x, one.y);
    expect(counts.programRuns).toBe(2);
    model.compile({ optimizer: optimizers.adam(), loss: 'meanSquaredError' });
    const before = total(counts.checked);
    model.trainOnBatch(one.x, one.y);
    expect(counts.programRuns).toBe(2);
    expect(total(counts.checked)).toBeGreaterThan(before);
    model.trainOnBatch(one.x, one.y);
    expect(counts.programRuns).toBe(3);
    if (perRun > 0) expect(total(counts.unchecked)).toBeGreaterThan(2 * perRun);
  });

  it('computes what the checked kernels compute, bit for bit', () => {
    const backend = make();
    const fast = irisModel(backend);
    // An object made from the backend inherits its unchecked kernels but not the right to use them: every
    // call of this model is checked.
    const checkedOnly = irisModel(Object.create(backend) as Backend);
    const random = new Random(5);
    for (let step = 0; step < 40; step++) {
      const rows = 1 + (random.nextUint32() % 4);
      const { x, y } = batch(rows, 10 + step);
      expect(fast.trainOnBatch(x, y)).toBe(checkedOnly.trainOnBatch(x, y));
    }
    expect(fast.snapshotWeights()).toEqual(checkedOnly.snapshotWeights());
    const { x } = batch(5, 99);
    expect(fast.predict(x).data).toEqual(checkedOnly.predict(x).data);
  });

  it("keeps the backend's own kernels checked after a model has trained on it", () => {
    const backend = make();
    const model = irisModel(backend);
    const one = batch(1, 1);
    for (let i = 0; i < 3; i++) model.trainOnBatch(one.x, one.y);
    const a = backend.allocate(4).data,
      c = backend.allocate(2).data;
    expect(() => backend.gemm(false, false, 1, 2, 4, 1, a, a, 0, c)).toThrow(KernelRangeError);
    expect(() => backend.gemm(false, false, 1, 2, 4, 1, a, a, 0, c)).toThrow(
      'backprop: gemm: b must be a Float32Array of at least 8 floats; got a Float32Array of length 4 (k * n = 4 * 2)',
    );
  });

  it('the unchecked kernels take arrays outside the backend memory too', () => {
    const backend = make();
    const unchecked = backend[UNCHECKED_KERNELS] as Kernels;
    const x = Float32Array.from([1, -2, 3, -4, 5]);
    const y = new Float32Array(5);
    unchecked.activationForward(2, 5, 0, x, y);
    const expected = new Float32Array(5);
    backend.activationForward(2, 5, 0, x, expected);
    expect(y).toEqual(expected);
    expect(unchecked.sumOfSquares(5, x)).toBe(55);
  });
});

describe("the wasm backend's unchecked kernels and memory growth", () => {
  it('a view detached by growth goes to the checked kernel; a view of the grown memory runs unchecked', () => {
    const backend = loadNodeWasmBackendSync() as Backend & MaybeUnchecked;
    const unchecked = backend[UNCHECKED_KERNELS] as Kernels;
    const x = backend.allocate(4),
      y = backend.allocate(4);
    x.data.set([1, -2, 3, -4]);
    const stale = y.data;
    unchecked.activationForward(3, 4, 0, x.data, stale); // relu; the views are now known to be in memory
    expect(Array.from(stale)).toEqual([1, 0, 3, 0]);
    backend.reserve(1 << 22); // grows memory: every earlier view is detached (length 0)
    expect(stale.length).toBe(0);
    // Unchecked at byte offset 0 of the new memory this would write over other blocks; checked, it throws.
    expect(() => unchecked.activationForward(3, 4, 0, x.data, stale)).toThrow(KernelRangeError);
    unchecked.activationForward(4, 4, 0.5, x.data, y.data); // leaky relu on fresh views
    expect(Array.from(y.data)).toEqual([1, -1, 3, -2]);
  });
});
