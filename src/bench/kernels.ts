/**
 * The kernels suite: throughput of the elementwise, loss, batch-norm and optimizer kernels on every
 * backend, at the sizes the Fashion-MNIST MLP uses (batch 128, widths 784-256-128-10, 235,146
 * parameters) and one large elementwise size. Every buffer comes from backend.allocate, so the wasm
 * backend works in place in its linear memory, as in training.
 */
import type { Backend, DeviceBuffer } from '../backends/contract.js';
import { Activation } from '../backends/contract.js';
import { Random } from '../random.js';
import { secondsPerCall } from './timing.js';

export interface KernelResult extends Record<string, unknown> {
  suite: 'kernels';
  backend: string;
  kernel: string;
  size: string;
  elementsPerSec: number;
  msPerCall: number;
}

interface Case {
  kernel: string;
  size: string;
  elements: number;
  /** Allocates its buffers on the backend and returns the call to time. */
  setup(backend: Backend, random: Random): () => void;
}

const MLP_PARAMS = 784 * 256 + 256 + 256 * 128 + 128 + 128 * 10 + 10;
const BIG = 1 << 20;

// Every buffer of the case being timed, freed once it is measured so the wasm memory does not pile up.
const live: DeviceBuffer[] = [];

/** Buffers of the given lengths, filled with uniform values in [lo, hi); .data is re-read after all allocations. */
function buffers(backend: Backend, random: Random, lengths: number[], lo = -1, hi = 1): Float32Array[] {
  const bufs = lengths.map((n) => backend.allocate(n));
  live.push(...bufs);
  // Re-read .data after the last allocation: wasm memory may have grown and replaced older views.
  const views = bufs.map((b) => b.data);
  for (const v of views) random.fillUniform(v, lo, hi);
  return views;
}

const CASES: Case[] = [
  ...(['relu', 'sigmoid', 'tanh', 'gelu'] as const).flatMap((name): Case[] => [
    {
      kernel: `${name} forward`,
      size: `${BIG}`,
      elements: BIG,
      setup: (b, r) => {
        const [x, y] = buffers(b, r, [BIG, BIG]);
        return () => b.activationForward(Activation[name], BIG, 0, x, y);
      },
    },
    {
      kernel: `${name} backward`,
      size: `${BIG}`,
      elements: BIG,
      setup: (b, r) => {
        const [x, y, dy, dx] = buffers(b, r, [BIG, BIG, BIG, BIG]);
        b.activationForward(Activation[name], BIG, 0, x, y);
        return () => b.activationBackward(Activation[name], BIG, 0, x, y, dy, dx);
      },
    },
  ]),
  {
    kernel: 'bias add',
    size: '128x256',
    elements: 128 * 256,
    setup: (b, r) => {
      const [bias, y] = buffers(b, r, [256, 128 * 256]);
      return () => b.biasAdd(128, 256, bias, y);
    },
  },
  {
    kernel: 'bias grad',
    size: '128x256',
    elements: 128 * 256,
    setup: (b, r) => {
      const [dy, db] = buffers(b, r, [128 * 256, 256]);
      return () => b.biasGrad(128, 256, dy, db);
    },
  },
  {
    kernel: 'softmax forward',
    size: '128x1000',
    elements: 128 * 1000,
    setup: (b, r) => {
      const [x, y] = buffers(b, r, [128 * 1000, 128 * 1000]);
      return () => b.softmaxForward(128, 1000, x, y);
    },
  },
  {
    kernel: 'softmax cross-entropy',
    size: '128x10',
    elements: 128 * 10,
    setup: (b, r) => {
      const [z, t, p, g] = buffers(b, r, [1280, 1280, 1280, 1280]);
      t.fill(0);
      for (let i = 0; i < 128; i++) t[i * 10 + r.int(10)] = 1;
      return () => {
        b.softmaxCrossEntropy(128, 10, z, t, p, g);
      };
    },
  },
  {
    kernel: 'sparse softmax cross-entropy',
    size: '128x1000',
    elements: 128 * 1000,
    setup: (b, r) => {
      const [z, labels, p, g] = buffers(b, r, [128 * 1000, 128, 128 * 1000, 128 * 1000]);
      for (let i = 0; i < 128; i++) labels[i] = r.int(1000);
      return () => {
        b.sparseSoftmaxCrossEntropy(128, 1000, z, labels, p, g);
      };
    },
  },
  {
    kernel: 'mse loss',
    size: `${BIG}`,
    elements: BIG,
    setup: (b, r) => {
      const [p, t, g] = buffers(b, r, [BIG, BIG, BIG]);
      return () => {
        b.mseLoss(1, BIG, p, t, g);
      };
    },
  },
  {
    kernel: 'batchnorm forward (train)',
    size: '128x256',
    elements: 128 * 256,
    setup: (b, r) => {
      const [x, gamma, beta, rm, rv, y, sm, si] = buffers(
        b,
        r,
        [128 * 256, 256, 256, 256, 256, 128 * 256, 256, 256],
        0.5,
        1.5,
      );
      return () => b.batchNormForwardTrain(128, 256, 1e-3, 0.99, x, gamma, beta, rm, rv, y, sm, si);
    },
  },
  {
    kernel: 'batchnorm backward',
    size: '128x256',
    elements: 128 * 256,
    setup: (b, r) => {
      const [x, gamma, beta, rm, rv, y, sm, si, dy, dx, dg, dbeta] = buffers(
        b,
        r,
        [128 * 256, 256, 256, 256, 256, 128 * 256, 256, 256, 128 * 256, 128 * 256, 256, 256],
        0.5,
        1.5,
      );
      b.batchNormForwardTrain(128, 256, 1e-3, 0.99, x, gamma, beta, rm, rv, y, sm, si);
      return () => b.batchNormBackward(128, 256, x, gamma, sm, si, dy, dx, dg, dbeta);
    },
  },
  {
    kernel: 'dropout forward',
    size: `${BIG}`,
    elements: BIG,
    setup: (b, r) => {
      const [mask, x, y] = buffers(b, r, [BIG, BIG, BIG]);
      r.fillDropoutMask(mask, 0.5);
      return () => b.dropoutForward(BIG, 0.5, mask, x, y);
    },
  },
  {
    kernel: 'sgd step',
    size: `${MLP_PARAMS}`,
    elements: MLP_PARAMS,
    setup: (b, r) => {
      const [w, g] = buffers(b, r, [MLP_PARAMS, MLP_PARAMS]);
      return () => b.sgdStep(MLP_PARAMS, 1e-6, w, g);
    },
  },
  {
    kernel: 'momentum step',
    size: `${MLP_PARAMS}`,
    elements: MLP_PARAMS,
    setup: (b, r) => {
      const [w, g, v] = buffers(b, r, [MLP_PARAMS, MLP_PARAMS, MLP_PARAMS]);
      v.fill(0);
      return () => b.momentumStep(MLP_PARAMS, 1e-6, 0.9, false, w, g, v);
    },
  },
  {
    kernel: 'adam step',
    size: `${MLP_PARAMS}`,
    elements: MLP_PARAMS,
    setup: (b, r) => {
      const [w, g, m, v] = buffers(b, r, [MLP_PARAMS, MLP_PARAMS, MLP_PARAMS, MLP_PARAMS]);
      m.fill(0);
      v.fill(0);
      let step = 0;
      return () => b.adamStep(MLP_PARAMS, 1e-6, 0.9, 0.999, 1e-7, ++step, 0, w, g, m, v);
    },
  },
  {
    kernel: 'rmsprop step',
    size: `${MLP_PARAMS}`,
    elements: MLP_PARAMS,
    setup: (b, r) => {
      const [w, g, h] = buffers(b, r, [MLP_PARAMS, MLP_PARAMS, MLP_PARAMS]);
      h.fill(0);
      return () => b.rmspropStep(MLP_PARAMS, 1e-6, 0.9, 1e-7, w, g, h);
    },
  },
  {
    kernel: 'sum of squares',
    size: `${MLP_PARAMS}`,
    elements: MLP_PARAMS,
    setup: (b, r) => {
      const [x] = buffers(b, r, [MLP_PARAMS]);
      return () => {
        b.sumOfSquares(MLP_PARAMS, x);
      };
    },
  },
  {
    kernel: 'axpy',
    size: `${MLP_PARAMS}`,
    elements: MLP_PARAMS,
    setup: (b, r) => {
      const [x, y] = buffers(b, r, [MLP_PARAMS, MLP_PARAMS]);
      return () => b.axpy(MLP_PARAMS, 1e-9, x, y);
    },
  },
  {
    kernel: 'regularizer gradient',
    size: `${MLP_PARAMS}`,
    elements: MLP_PARAMS,
    setup: (b, r) => {
      const [w, g] = buffers(b, r, [MLP_PARAMS, MLP_PARAMS]);
      return () => b.regularizerGradient(MLP_PARAMS, 1e-9, 1e-9, w, g);
    },
  },
  {
    kernel: 'copy',
    size: `${MLP_PARAMS}`,
    elements: MLP_PARAMS,
    setup: (b, r) => {
      const [x, y] = buffers(b, r, [MLP_PARAMS, MLP_PARAMS]);
      return () => b.copy(MLP_PARAMS, x, y);
    },
  },
];

/** One result per kernel case per backend, in the order of CASES. */
export async function* kernelsSuite(
  backends: readonly Backend[],
  options: { quick?: boolean } = {},
): AsyncGenerator<KernelResult> {
  for (const c of CASES) {
    for (const backend of backends) {
      const call = c.setup(backend, new Random(42));
      const timing = options.quick ? { minSeconds: 0.02, runs: 3 } : { minSeconds: 0.1, runs: 5 };
      const msPerCall = 1000 * secondsPerCall(call, timing);
      for (const buffer of live.splice(0)) buffer.free();
      yield {
        suite: 'kernels',
        backend: backend.name,
        kernel: c.kernel,
        size: c.size,
        elementsPerSec: Math.round(c.elements / (msPerCall / 1000)),
        msPerCall: Number(msPerCall.toPrecision(4)),
      };
      // Let the event loop breathe between cases (a progress line can print).
      await new Promise((resolve) => setImmediate(resolve));
    }
  }
}
