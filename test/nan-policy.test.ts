// The contract's NaN policy: NaN propagates, as IEEE 754 arithmetic and PyTorch do. For every kernel
// with an elementwise or reduction output, a NaN input gives NaN exactly in the output positions that
// depend on it (and nowhere else), on every backend: js, the wasm SIMD and scalar builds, and native at
// every instruction-set level this CPU supports. Then a model: fit with a NaN feature in a batch ends in
// NonFiniteLossError on every backend.
import { afterAll, describe, expect, it } from 'vitest';
import { Activation, type ActivationCode, type Backend, type BackendName } from '../src/backends/contract.js';
import { createJsBackend } from '../src/backends/js/index.js';
import { loadBackend, initBackend } from '../src/backends/node.js';
import { loadNodeWasmBackend } from '../src/backends/wasm/index.js';
import { layers, NonFiniteLossError, sequential } from '../src/index.js';
import {
  avgPool64,
  avgPoolBackward64,
  col2im64,
  convArgs,
  im2col64,
  kerasGeometry,
  maxPool64,
  maxPoolBackward64,
  poolArgs,
} from './conv-kernel-cases.js';
import { Random } from './harness.js';
import { loadNative } from './native/load.js';

interface Target {
  name: string;
  backend: Backend;
  select(): void;
}

const js = createJsBackend();
const { native } = await loadNative();
const nativeLevels = native ? native.addon.isaSupported().split(',') : [];
const initialLevel = native?.addon.isa();
const targets: Target[] = [
  { name: 'js', backend: js, select: () => {} },
  { name: 'wasm simd', backend: await loadNodeWasmBackend({ simd: true }), select: () => {} },
  { name: 'wasm scalar', backend: await loadNodeWasmBackend({ simd: false }), select: () => {} },
  ...nativeLevels.map((level) => ({
    name: `native ${level}`,
    backend: native!,
    select: () => {
      expect(native!.addon.selectIsa(level)).toBe(level);
    },
  })),
];

type Buffers = Record<string, Float32Array>;

interface NanCase {
  name: string;
  /** Host arrays, copied into the backend's buffers before the call. */
  inputs(): Buffers;
  /** The kernel call on the backend's views of those buffers; returns the value of a reduction. */
  call(b: Backend, v: Buffers): number | void;
  /** For each buffer that must hold NaNs after the call: whether element i is NaN. */
  nan: Record<string, (i: number) => boolean>;
  /** Whether the returned value is NaN (reductions). */
  valueNaN?: boolean;
}

// Elementwise: n = 37 values (vector bodies of 4, 8, 16 lanes and a tail), NaN at a body lane, another
// body lane and a tail lane. Matrices: 5 x 11 (cols 8-10 are a tail for 8 lanes), NaN at (1, 3) and (3, 9).
const N = 37;
const AT = [5, 17, 34];
const ROWS = 5,
  COLS = 11;
const CELLS: [number, number][] = [
  [1, 3],
  [3, 9],
];
const atElement = (i: number): boolean => AT.includes(i);
const atCell = (i: number): boolean => CELLS.some(([r, c]) => i === r * COLS + c);
const inRows =
  (rows: number[]) =>
  (i: number): boolean =>
    rows.includes(Math.floor(i / COLS));
const inColumns =
  (cols: number[]) =>
  (i: number): boolean =>
    cols.includes(i % COLS);
const atIndex =
  (indices: number[]) =>
  (i: number): boolean =>
    indices.includes(i);

function values(n: number, seed: number, lo = -1, hi = 1): Float32Array {
  return new Random(seed).fillUniform(new Float32Array(n), lo, hi);
}
function withNaN(x: Float32Array, indices: number[]): Float32Array {
  for (const i of indices) x[i] = NaN;
  return x;
}
const cellIndices = CELLS.map(([r, c]) => r * COLS + c);

const ALPHA = 0.3;
const KINDS = Object.entries(Activation) as [string, ActivationCode][];

function forward(kind: ActivationCode, x: Float32Array): Float32Array {
  const y = new Float32Array(x.length);
  js.activationForward(kind, x.length, ALPHA, x, y);
  return y;
}

function softmaxOf(x: Float32Array): Float32Array {
  const y = new Float32Array(x.length);
  js.softmaxForward(ROWS, COLS, x, y);
  return y;
}

function oneHotRows(seed: number): Float32Array {
  const t = new Float32Array(ROWS * COLS);
  const r = new Random(seed);
  for (let row = 0; row < ROWS; row++) t[row * COLS + r.int(COLS)] = 1;
  return t;
}

const binary = (n: number, seed: number): Float32Array => values(n, seed, 0, 1).map((v) => (v < 0.5 ? 0 : 1));

const CASES: NanCase[] = [
  // ------------------------------------------------------------------ activations
  ...KINDS.flatMap(([name, kind]): NanCase[] => [
    {
      name: `activationForward ${name}: NaN x`,
      inputs: () => ({ x: withNaN(values(N, 1, -3, 3), AT), y: new Float32Array(N) }),
      call: (b, v) => b.activationForward(kind, N, ALPHA, v.x, v.y),
      nan: { y: atElement },
    },
    {
      name: `activationBackward ${name}: NaN x (y = f(x))`,
      inputs: () => {
        const x = withNaN(values(N, 2, -3, 3), AT);
        return { x, y: forward(kind, x), dy: values(N, 3), dx: new Float32Array(N) };
      },
      call: (b, v) => b.activationBackward(kind, N, ALPHA, v.x, v.y, v.dy, v.dx),
      // identity's derivative is 1 everywhere: its backward copies dy and reads neither x nor y.
      nan: { dx: kind === Activation.identity ? () => false : atElement },
    },
    {
      name: `activationBackward ${name}: NaN dy where x < 0 and x > 0`,
      inputs: () => {
        const x = values(N, 4, -3, 3);
        x[5] = -0.5;
        x[17] = 0.5;
        x[34] = -2;
        return { x, y: forward(kind, x), dy: withNaN(values(N, 5), AT), dx: new Float32Array(N) };
      },
      call: (b, v) => b.activationBackward(kind, N, ALPHA, v.x, v.y, v.dy, v.dx),
      nan: { dx: atElement },
    },
  ]),
  // ------------------------------------------------------------------ dense (bias and activation fused)
  ...KINDS.flatMap(([name, kind]): NanCase[] => [
    {
      name: `biasActivationForward ${name}: NaN in z and in the bias`,
      inputs: () => ({
        bias: withNaN(values(COLS, 40), [9]),
        z: withNaN(values(ROWS * COLS, 41, -3, 3), [1 * COLS + 3]),
        y: new Float32Array(ROWS * COLS),
      }),
      call: (b, v) => b.biasActivationForward(kind, ROWS, COLS, ALPHA, v.bias, v.z, v.y),
      nan: { z: (i) => i === 1 * COLS + 3 || inColumns([9])(i), y: (i) => i === 1 * COLS + 3 || inColumns([9])(i) },
    },
    {
      name: `activationBiasBackward ${name}: a NaN dy makes dx NaN there and its column of dbias`,
      inputs: () => {
        const x = values(ROWS * COLS, 42, -3, 3);
        return {
          x,
          y: forward(kind, x),
          dy: withNaN(values(ROWS * COLS, 43), cellIndices),
          dx: new Float32Array(ROWS * COLS),
          db: new Float32Array(COLS),
        };
      },
      call: (b, v) => b.activationBiasBackward(kind, ROWS, COLS, ALPHA, v.x, v.y, v.dy, v.dx, v.db),
      nan: { dx: atCell, db: atIndex([3, 9]) },
    },
  ]),
  {
    name: 'stepForward: NaN x',
    inputs: () => ({ x: withNaN(values(N, 6), AT), y: new Float32Array(N) }),
    call: (b, v) => b.stepForward(N, v.x, v.y),
    nan: { y: atElement },
  },
  {
    name: 'softmaxForward: a NaN makes its row NaN',
    inputs: () => ({ x: withNaN(values(ROWS * COLS, 7, -4, 4), cellIndices), y: new Float32Array(ROWS * COLS) }),
    call: (b, v) => b.softmaxForward(ROWS, COLS, v.x, v.y),
    nan: { y: inRows([1, 3]) },
  },
  {
    name: 'softmaxBackward: a NaN in dy makes its row NaN',
    inputs: () => ({
      y: softmaxOf(values(ROWS * COLS, 8, -4, 4)),
      dy: withNaN(values(ROWS * COLS, 9), cellIndices),
      dx: new Float32Array(ROWS * COLS),
    }),
    call: (b, v) => b.softmaxBackward(ROWS, COLS, v.y, v.dy, v.dx),
    nan: { dx: inRows([1, 3]) },
  },

  // ------------------------------------------------------------------ losses
  ...(
    [
      [
        'mseLoss',
        (): Float32Array => values(ROWS * COLS, 10, -2, 2),
        (): Float32Array => values(ROWS * COLS, 11, -2, 2),
      ],
      [
        'sseLoss',
        (): Float32Array => values(ROWS * COLS, 10, -2, 2),
        (): Float32Array => values(ROWS * COLS, 11, -2, 2),
      ],
      ['bceLoss', (): Float32Array => values(ROWS * COLS, 12, 0.01, 0.99), (): Float32Array => binary(ROWS * COLS, 13)],
      [
        'bceLogitsLoss',
        (): Float32Array => values(ROWS * COLS, 14, -5, 5),
        (): Float32Array => binary(ROWS * COLS, 15),
      ],
    ] as const
  ).flatMap(([loss, pred, target]): NanCase[] => [
    {
      name: `${loss}: NaN prediction`,
      inputs: () => ({ p: withNaN(pred(), cellIndices), t: target(), g: new Float32Array(ROWS * COLS) }),
      call: (b, v) => b[loss](ROWS, COLS, v.p, v.t, v.g),
      nan: { g: atCell },
      valueNaN: true,
    },
    {
      name: `${loss}: NaN target`,
      inputs: () => ({ p: pred(), t: withNaN(target(), cellIndices), g: new Float32Array(ROWS * COLS) }),
      call: (b, v) => b[loss](ROWS, COLS, v.p, v.t, v.g),
      nan: { g: atCell },
      valueNaN: true,
    },
  ]),
  {
    name: 'softmaxCrossEntropy: a NaN logit makes its row NaN',
    inputs: () => ({
      z: withNaN(values(ROWS * COLS, 16, -4, 4), cellIndices),
      t: oneHotRows(17),
      p: new Float32Array(ROWS * COLS),
      g: new Float32Array(ROWS * COLS),
    }),
    call: (b, v) => b.softmaxCrossEntropy(ROWS, COLS, v.z, v.t, v.p, v.g),
    nan: { p: inRows([1, 3]), g: inRows([1, 3]) },
    valueNaN: true,
  },
  {
    name: 'softmaxCrossEntropy: a NaN target',
    inputs: () => ({
      z: values(ROWS * COLS, 18, -4, 4),
      t: withNaN(oneHotRows(19), cellIndices),
      p: new Float32Array(ROWS * COLS),
      g: new Float32Array(ROWS * COLS),
    }),
    call: (b, v) => b.softmaxCrossEntropy(ROWS, COLS, v.z, v.t, v.p, v.g),
    nan: { g: atCell },
    valueNaN: true,
  },
  {
    name: 'sparseSoftmaxCrossEntropy: a NaN logit makes its row NaN',
    inputs: () => ({
      z: withNaN(values(ROWS * COLS, 20, -4, 4), cellIndices),
      l: Float32Array.of(0, 3, 10, 9, 1),
      p: new Float32Array(ROWS * COLS),
      g: new Float32Array(ROWS * COLS),
    }),
    call: (b, v) => b.sparseSoftmaxCrossEntropy(ROWS, COLS, v.z, v.l, v.p, v.g),
    nan: { p: inRows([1, 3]), g: inRows([1, 3]) },
    valueNaN: true,
  },

  // ------------------------------------------------------------------ gemm, bias
  {
    name: 'gemm: a NaN in A makes its row of C NaN, one in B its column',
    inputs: () => {
      const a = values(ROWS * 7, 21),
        bm = values(7 * COLS, 22);
      a[1 * 7 + 2] = NaN;
      bm[4 * COLS + 9] = NaN;
      return { a, b: bm, c: new Float32Array(ROWS * COLS) };
    },
    call: (b, v) => b.gemm(false, false, ROWS, COLS, 7, 1, v.a, v.b, 0, v.c),
    nan: { c: (i) => inRows([1])(i) || inColumns([9])(i) },
  },
  {
    name: 'biasAdd: NaN in y and in the bias',
    inputs: () => ({ bias: withNaN(values(COLS, 23), [9]), y: withNaN(values(ROWS * COLS, 24), [1 * COLS + 3]) }),
    call: (b, v) => b.biasAdd(ROWS, COLS, v.bias, v.y),
    nan: { y: (i) => i === 1 * COLS + 3 || inColumns([9])(i) },
  },
  {
    name: 'biasGrad: a NaN makes its column sum NaN',
    inputs: () => ({ dy: withNaN(values(ROWS * COLS, 25), cellIndices), db: new Float32Array(COLS) }),
    call: (b, v) => b.biasGrad(ROWS, COLS, v.dy, v.db),
    nan: { db: atIndex([3, 9]) },
  },

  // ------------------------------------------------------------------ batch norm
  {
    name: 'batchNormForwardTrain: a NaN makes its column and statistics NaN',
    inputs: () => ({
      x: withNaN(values(ROWS * COLS, 26, -2, 2), cellIndices),
      gamma: values(COLS, 27),
      beta: values(COLS, 28),
      rm: values(COLS, 29),
      rv: values(COLS, 30, 0.5, 2),
      y: new Float32Array(ROWS * COLS),
      sm: new Float32Array(COLS),
      si: new Float32Array(COLS),
    }),
    call: (b, v) => b.batchNormForwardTrain(ROWS, COLS, 1e-3, 0.9, v.x, v.gamma, v.beta, v.rm, v.rv, v.y, v.sm, v.si),
    nan: { y: inColumns([3, 9]), sm: atIndex([3, 9]), si: atIndex([3, 9]), rm: atIndex([3, 9]), rv: atIndex([3, 9]) },
  },
  {
    name: 'batchNormForwardInference: NaN in x and in a running mean',
    inputs: () => ({
      x: withNaN(values(ROWS * COLS, 31, -2, 2), [1 * COLS + 3]),
      gamma: values(COLS, 32),
      beta: values(COLS, 33),
      rm: withNaN(values(COLS, 34), [9]),
      rv: values(COLS, 35, 0.5, 2),
      y: new Float32Array(ROWS * COLS),
    }),
    call: (b, v) => b.batchNormForwardInference(ROWS, COLS, 1e-3, v.x, v.gamma, v.beta, v.rm, v.rv, v.y),
    nan: { y: (i) => i === 1 * COLS + 3 || inColumns([9])(i) },
  },
  {
    name: 'batchNormBackward: a NaN in dy makes its column NaN',
    inputs: () => ({
      x: values(ROWS * COLS, 36, -2, 2),
      gamma: values(COLS, 37),
      sm: values(COLS, 38, -0.1, 0.1),
      si: values(COLS, 39, 0.5, 2),
      dy: withNaN(values(ROWS * COLS, 40), cellIndices),
      dx: new Float32Array(ROWS * COLS),
      dg: new Float32Array(COLS),
      db: new Float32Array(COLS),
    }),
    call: (b, v) => b.batchNormBackward(ROWS, COLS, v.x, v.gamma, v.sm, v.si, v.dy, v.dx, v.dg, v.db),
    nan: { dx: inColumns([3, 9]), dg: atIndex([3, 9]), db: atIndex([3, 9]) },
  },

  // ------------------------------------------------------------------ dropout (a NaN times a 0 of the mask is NaN)
  ...(['dropoutForward', 'dropoutBackward'] as const).map((kernel): NanCase => ({
    name: `${kernel}: NaN where the mask keeps and where it drops`,
    inputs: () => {
      const mask = binary(N, 41);
      mask[5] = 0;
      mask[17] = 1;
      mask[34] = 0;
      return { mask, x: withNaN(values(N, 42), AT), y: new Float32Array(N) };
    },
    call: (b, v) => b[kernel](N, 0.4, v.mask, v.x, v.y),
    nan: { y: atElement },
  })),

  // ------------------------------------------------------------------ optimizers: a NaN gradient or weight
  ...(['grads', 'params'] as const).flatMap((where): NanCase[] => {
    const start = (): Buffers => ({
      w: values(N, 43),
      g: values(N, 44),
      s1: values(N, 45, 0, 0.1),
      s2: values(N, 46, 0, 0.1),
    });
    const poison = (): Buffers => {
      const v = start();
      withNaN(where === 'grads' ? v.g : v.w, AT);
      return v;
    };
    // With a regularizer, its gradient (regularizerGradient) is added to the gradient before the step, so a
    // NaN weight reaches the gradient and every state it feeds.
    const reg = (b: Backend, v: Buffers): void => b.regularizerGradient(N, 0.01, 0.01, v.w, v.g);
    return [
      {
        name: `sgdStep: NaN ${where}`,
        inputs: poison,
        call: (b, v) => {
          reg(b, v);
          b.sgdStep(N, 0.1, v.w, v.g);
        },
        nan: { w: atElement, g: atElement },
      },
      {
        name: `momentumStep: NaN ${where}`,
        inputs: poison,
        call: (b, v) => {
          reg(b, v);
          b.momentumStep(N, 0.1, 0.9, true, v.w, v.g, v.s1);
        },
        nan: { w: atElement, g: atElement, s1: atElement },
      },
      {
        name: `adagradStep: NaN ${where}`,
        inputs: poison,
        call: (b, v) => {
          reg(b, v);
          b.adagradStep(N, 0.1, 1e-7, v.w, v.g, v.s1);
        },
        nan: { w: atElement, g: atElement, s1: atElement },
      },
      {
        name: `rmspropStep: NaN ${where}`,
        inputs: poison,
        call: (b, v) => {
          reg(b, v);
          b.rmspropStep(N, 0.1, 0.9, 1e-7, v.w, v.g, v.s1);
        },
        nan: { w: atElement, g: atElement, s1: atElement },
      },
      {
        name: `adamStep: NaN ${where}`,
        inputs: poison,
        call: (b, v) => {
          reg(b, v);
          b.adamStep(N, 0.1, 0.9, 0.999, 1e-7, 3, 0.01, v.w, v.g, v.s1, v.s2);
        },
        nan: { w: atElement, g: atElement, s1: atElement, s2: atElement },
      },
      {
        name: `adamStep without regularisation: NaN ${where}`,
        inputs: poison,
        call: (b, v) => b.adamStep(N, 0.1, 0.9, 0.999, 1e-7, 3, 0, v.w, v.g, v.s1, v.s2),
        nan: where === 'grads' ? { w: atElement, s1: atElement, s2: atElement } : { w: atElement },
      },
    ];
  }),

  // ------------------------------------------------------------------ norms and whole-buffer arithmetic
  {
    name: 'maxNormProject: a NaN makes its column NaN',
    inputs: () => ({ w: withNaN(values(ROWS * COLS, 47, -3, 3), cellIndices) }),
    call: (b, v) => b.maxNormProject(ROWS, COLS, 1, v.w),
    nan: { w: inColumns([3, 9]) },
  },
  {
    name: 'sumOfSquares: NaN',
    inputs: () => ({ x: withNaN(values(N, 48), AT) }),
    call: (b, v) => b.sumOfSquares(N, v.x),
    nan: { x: atElement },
    valueNaN: true,
  },
  {
    name: 'scale: NaN',
    inputs: () => ({ x: withNaN(values(N, 49), AT) }),
    call: (b, v) => b.scale(N, 0.5, v.x),
    nan: { x: atElement },
  },
  {
    name: 'clipByValue: NaN',
    inputs: () => ({ x: withNaN(values(N, 50, -2, 2), AT) }),
    call: (b, v) => b.clipByValue(N, -0.5, 0.5, v.x),
    nan: { x: atElement },
  },
  {
    name: 'axpy: NaN in x',
    inputs: () => ({ x: withNaN(values(N, 51), AT), y: values(N, 52) }),
    call: (b, v) => b.axpy(N, 0.5, v.x, v.y),
    nan: { y: atElement },
  },
  {
    name: 'copy: NaN',
    inputs: () => ({ x: withNaN(values(N, 53), AT), y: values(N, 54) }),
    call: (b, v) => b.copy(N, v.x, v.y),
    nan: { y: atElement },
  },
  ...(['w', 'grad'] as const).map((where): NanCase => ({
    name: `regularizerGradient: NaN in ${where}`,
    inputs: () => {
      const v = { w: values(N, 55), grad: values(N, 56) };
      withNaN(v[where], AT);
      return v;
    },
    call: (b, v) => b.regularizerGradient(N, 0.01, 0.02, v.w, v.grad),
    nan: { grad: atElement },
  })),
];

// Convolution and pooling: two 5 x 4 images of 3 channels, 3 x 3 windows with 'same' padding (stride 2 for
// pooling, dilation 2 for the convolution), NaN at IMAGE_NAN; the positions that depend on it come from the
// float64 oracles of test/conv-kernel-cases.ts.
const CONV = kerasGeometry([2, 5, 4, 3], [3, 3], [1, 1], [2, 2], 'same');
const POOL = kerasGeometry([2, 5, 4, 3], [3, 3], [2, 2], [1, 1], 'same');
const IMAGE = 2 * 5 * 4 * 3,
  COLUMNS = 2 * CONV.oh * CONV.ow * 9 * 3,
  POOLED = 2 * POOL.oh * POOL.ow * 3;
const IMAGE_NAN = [4, 37, 100];
const isNaNIn =
  (values: ArrayLike<number>) =>
  (i: number): boolean =>
    Number.isNaN(values[i]);
const poolArgmax = maxPool64(POOL, values(IMAGE, 60)).argmax;
CASES.push(
  {
    name: 'im2col: NaN in x',
    inputs: () => ({ x: withNaN(values(IMAGE, 61), IMAGE_NAN), cols: new Float32Array(COLUMNS) }),
    call: (b, v) => b.im2col(...convArgs(CONV), v.x, v.cols),
    nan: { cols: isNaNIn(im2col64(CONV, withNaN(values(IMAGE, 61), IMAGE_NAN))) },
  },
  {
    name: 'col2im: NaN in cols',
    inputs: () => ({ cols: withNaN(values(COLUMNS, 62), [3, 200, COLUMNS - 1]), dx: new Float32Array(IMAGE) }),
    call: (b, v) => b.col2im(...convArgs(CONV), v.cols, v.dx),
    nan: { dx: isNaNIn(col2im64(CONV, withNaN(values(COLUMNS, 62), [3, 200, COLUMNS - 1]))) },
  },
  {
    name: 'maxPoolForward: NaN in x',
    inputs: () => ({
      x: withNaN(values(IMAGE, 63), IMAGE_NAN),
      y: new Float32Array(POOLED),
      argmax: new Float32Array(POOLED),
    }),
    call: (b, v) => b.maxPoolForward(...poolArgs(POOL), v.x, v.y, v.argmax),
    nan: { y: isNaNIn(maxPool64(POOL, withNaN(values(IMAGE, 63), IMAGE_NAN)).y), argmax: () => false },
  },
  {
    name: 'maxPoolBackward: NaN in dy',
    inputs: () => ({
      argmax: Float32Array.from(poolArgmax),
      dy: withNaN(values(POOLED, 64), [1, 8]),
      dx: new Float32Array(IMAGE),
    }),
    call: (b, v) => b.maxPoolBackward(2, 5, 4, 3, POOL.oh, POOL.ow, v.argmax, v.dy, v.dx),
    nan: { dx: isNaNIn(maxPoolBackward64(POOL, poolArgmax, withNaN(values(POOLED, 64), [1, 8]))) },
  },
  {
    name: 'avgPoolForward: NaN in x',
    inputs: () => ({ x: withNaN(values(IMAGE, 65), IMAGE_NAN), y: new Float32Array(POOLED) }),
    call: (b, v) => b.avgPoolForward(...poolArgs(POOL), v.x, v.y),
    nan: { y: isNaNIn(avgPool64(POOL, withNaN(values(IMAGE, 65), IMAGE_NAN))) },
  },
  {
    name: 'avgPoolBackward: NaN in dy',
    inputs: () => ({ dy: withNaN(values(POOLED, 66), [1, 8]), dx: new Float32Array(IMAGE) }),
    call: (b, v) => b.avgPoolBackward(...poolArgs(POOL), v.dy, v.dx),
    nan: { dx: isNaNIn(avgPoolBackward64(POOL, withNaN(values(POOLED, 66), [1, 8]))) },
  },
);

/** Runs a case on one backend, in the backend's own buffers, and returns copies of every buffer and the value. */
function run(b: Backend, c: NanCase): { buffers: Buffers; value: number | void } {
  const host = c.inputs();
  const names = Object.keys(host);
  const device = names.map((name) => b.allocate(host[name].length));
  const views: Buffers = {};
  names.forEach((name, k) => {
    views[name] = device[k].data;
    views[name].set(host[name]);
  });
  const value = c.call(b, views);
  const buffers: Buffers = {};
  names.forEach((name, k) => {
    buffers[name] = Float32Array.from(device[k].data);
    device[k].free();
  });
  return { buffers, value };
}

describe('NaN propagates on every backend', () => {
  afterAll(() => {
    if (native && initialLevel) native.addon.selectIsa(initialLevel);
  });

  it.each(targets.map((t) => [t.name, t] as const))(
    '%s: every kernel gives NaN exactly where its output depends on a NaN',
    (_, target) => {
      target.select();
      const failures: string[] = [];
      for (const c of CASES) {
        const { buffers, value } = run(target.backend, c);
        if (c.valueNaN !== undefined && Number.isNaN(value) !== c.valueNaN)
          failures.push(`${c.name}: value ${String(value)}`);
        for (const [name, expected] of Object.entries(c.nan)) {
          const out = buffers[name];
          const wrong = [...out.keys()].filter((i) => Number.isNaN(out[i]) !== expected(i));
          if (wrong.length > 0)
            failures.push(
              `${c.name}: ${name}[${wrong.slice(0, 5).join(', ')}] = ${wrong
                .slice(0, 5)
                .map((i) => out[i])
                .join(', ')}`,
            );
        }
      }
      expect(failures, `${target.name}:\n${failures.join('\n')}`).toEqual([]);
    },
  );
});

describe('fit on a batch with one NaN feature', () => {
  // fit refuses non-finite data up front, so the NaN comes from a batchTransform (an augmenter that
  // produced one), written into the first training batch only.
  const backendNames: BackendName[] = ['js', 'wasm', ...(native ? ['native' as const] : [])];
  it.each(backendNames)('%s: ends in NonFiniteLossError', async (name) => {
    await loadBackend(name);
    await initBackend({ backend: name });
    const r = new Random(53);
    const x = Array.from({ length: 32 }, () => [r.uniform(-1, 1), r.uniform(-1, 1), r.uniform(-1, 1)]);
    const y = x.map(([a, b]) => (a * b > 0 ? 1 : 0));
    let batches = 0;
    const batchTransform = (xb: Float32Array): void => {
      if (batches++ === 0) xb[1] = NaN;
    };
    const model = sequential({
      seed: 1,
      layers: [
        layers.dense({ inputShape: [3], units: 8, activation: 'relu' }),
        layers.dense({ units: 2, activation: 'softmax' }),
      ],
    });
    model.compile({ optimizer: 'adam', loss: 'sparseCategoricalCrossentropy' });
    await expect(model.fit(x, y, { epochs: 2, batchSize: 8, verbose: 0, batchTransform })).rejects.toBeInstanceOf(
      NonFiniteLossError,
    );
    expect(batches).toBe(1);
  });
});
