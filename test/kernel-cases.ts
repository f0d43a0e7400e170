// One table of kernel cases shared by the js-vs-oracle tests and the backend-vs-js equivalence tests.
// Each case holds seeded inputs, the kernel call, the names of the buffers it writes, a float64 oracle
// written here from the formulas documented in src/backends/contract.ts, and the tolerance other backends
// get against js (with the reason).
import { Activation, type ActivationCode, type Backend, type Kernels } from '../src/backends/contract.js';
import { convolutionCases } from './conv-kernel-cases.js';
import { LARGER_SIZES, ODD_SIZES, Random, randomArray, type Tolerance } from './harness.js';

export type Buffers = Record<string, Float32Array>;

export interface KernelCase {
  readonly kernel: keyof Kernels;
  readonly label: string;
  /** Host copies of every buffer the call touches, inputs and outputs. */
  readonly buffers: Buffers;
  /** Which buffers the kernel writes (compared after the call). */
  readonly outputs: readonly string[];
  run(k: Kernels, b: Buffers): number | void;
  /** Expected outputs (and returned value) in float64 from the host copies. */
  oracle(b: Buffers): { outputs: Record<string, ArrayLike<number>>; value?: number };
  /** js against the float64 oracle. */
  readonly oracleTolerance: Tolerance;
  /** Another backend against js. */
  readonly backendTolerance: Tolerance;
  /** Outputs that need tolerances of their own (a sum of an elementwise output), by name. */
  readonly outputTolerances?: Readonly<Record<string, { readonly oracle: Tolerance; readonly backend: Tolerance }>>;
}

/** The tolerance of one output of a case against the oracle or against js. */
export function toleranceOf(c: KernelCase, output: string, against: 'oracle' | 'backend'): Tolerance {
  const own = c.outputTolerances?.[output];
  if (own) return own[against];
  return against === 'oracle' ? c.oracleTolerance : c.backendTolerance;
}

export interface CaseResult {
  outputs: Record<string, Float32Array>;
  value: number | undefined;
}

/**
 * Runs a case on a backend with every buffer allocated by that backend (so wasm works in its linear
 * memory, as a model would). All allocations happen before any view is taken, because an allocation
 * may grow wasm memory and replace the views.
 */
export function runCase(backend: Backend, c: KernelCase): CaseResult {
  const names = Object.keys(c.buffers);
  const device = names.map((name) => backend.allocate(c.buffers[name].length));
  try {
    const views: Buffers = {};
    names.forEach((name, i) => {
      views[name] = device[i].data;
      views[name].set(c.buffers[name]);
    });
    const value = c.run(backend, views);
    const outputs: Record<string, Float32Array> = {};
    for (const name of c.outputs) outputs[name] = Float32Array.from(views[name]);
    return { outputs, value: value ?? undefined };
  } finally {
    for (const d of device) d.free();
  }
}

const U = 2 ** -24; // float32 unit roundoff
// Transcendental SIMD code (polynomial exp, tanh, log) is allowed a few ulp more than libm.
const TRANSCENDENTAL: Tolerance = { atol: 2e-6, rtol: 2e-5 };
const EXACTISH: Tolerance = { atol: 1e-6, rtol: 4 * U };

function f64(x: ArrayLike<number>): Float64Array {
  return Float64Array.from(x as ArrayLike<number>);
}

// ------------------------------------------------------------------ gemm
function gemmOracle(
  ta: boolean,
  tb: boolean,
  m: number,
  n: number,
  k: number,
  alpha: number,
  a: Float32Array,
  b: Float32Array,
  beta: number,
  c: Float32Array,
): Float64Array {
  const out = new Float64Array(m * n);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let p = 0; p < k; p++) s += (ta ? a[p * m + i] : a[i * k + p]) * (tb ? b[j * k + p] : b[p * n + j]);
      out[i * n + j] = alpha * s + (beta === 0 ? 0 : beta * c[i * n + j]);
    }
  }
  return out;
}

function gemmCases(rng: Random): KernelCase[] {
  const shapes: [number, number, number][] = [
    [1, 1, 1],
    [3, 7, 17],
    [17, 33, 7],
    [65, 3, 257],
    [257, 65, 33],
    [33, 257, 65],
    [7, 1, 65],
    [1, 17, 3],
    [LARGER_SIZES[0], 33, 65],
    [128, 10, 128],
    [32, 256, 784],
  ];
  const scalings: [number, number][] = [
    [1, 0],
    [0.5, 1.5],
    [-2, 1],
  ];
  const cases: KernelCase[] = [];
  let s = 0;
  for (const [m, n, k] of shapes) {
    for (const ta of [false, true]) {
      for (const tb of [false, true]) {
        const [alpha, beta] = scalings[s++ % scalings.length];
        const c = beta === 0 ? new Float32Array(m * n).fill(NaN) : randomArray(rng, m * n);
        cases.push({
          kernel: 'gemm',
          label: `${ta ? 'T' : 'N'}${tb ? 'T' : 'N'} m=${m} n=${n} k=${k} alpha=${alpha} beta=${beta}`,
          buffers: { a: randomArray(rng, m * k), b: randomArray(rng, k * n), c },
          outputs: ['c'],
          run: (kn, x) => kn.gemm(ta, tb, m, n, k, alpha, x.a, x.b, beta, x.c),
          oracle: (x) => ({ outputs: { c: gemmOracle(ta, tb, m, n, k, alpha, x.a, x.b, beta, x.c) } }),
          // Sums of k products of values in [-1, 1]: the rounding error grows like k u at worst.
          oracleTolerance: { atol: 4 * k * U * Math.abs(alpha) + 1e-6, rtol: 8 * U },
          // Another summation order (blocking, FMA, threads) differs from js by the same bound.
          backendTolerance: { atol: 8 * k * U * Math.abs(alpha) + 1e-6, rtol: 16 * U },
        });
      }
    }
  }
  return cases;
}

// ------------------------------------------------------------------ bias
const MATRIX_SHAPES: [number, number][] = [
  [1, 1],
  [3, 7],
  [17, 3],
  [33, 65],
  [7, 257],
  [257, 17],
  [LARGER_SIZES[1], 10],
];

function biasCases(rng: Random): KernelCase[] {
  return MATRIX_SHAPES.flatMap(([rows, cols]): KernelCase[] => [
    {
      kernel: 'biasAdd',
      label: `${rows}x${cols}`,
      buffers: { bias: randomArray(rng, cols), y: randomArray(rng, rows * cols) },
      outputs: ['y'],
      run: (k, b) => k.biasAdd(rows, cols, b.bias, b.y),
      oracle: (b) => ({ outputs: { y: Float64Array.from(b.y, (v, i) => v + b.bias[i % cols]) } }),
      oracleTolerance: EXACTISH,
      backendTolerance: EXACTISH,
    },
    {
      kernel: 'biasGrad',
      label: `${rows}x${cols}`,
      buffers: { dy: randomArray(rng, rows * cols), dbias: new Float32Array(cols).fill(NaN) },
      outputs: ['dbias'],
      run: (k, b) => k.biasGrad(rows, cols, b.dy, b.dbias),
      oracle: (b) => {
        const out = new Float64Array(cols);
        for (let i = 0; i < rows * cols; i++) out[i % cols] += b.dy[i];
        return { outputs: { dbias: out } };
      },
      // Column sums of `rows` values in [-1, 1] in another order.
      oracleTolerance: { atol: rows * U + 1e-7, rtol: 4 * U },
      backendTolerance: { atol: 2 * rows * U + 1e-7, rtol: 8 * U },
    },
  ]);
}

// ------------------------------------------------------------------ activation
const ACTIVATION_SIZES = [...ODD_SIZES, LARGER_SIZES[1]];

function erf64(x: number): number {
  // Maclaurin series for |x| < 3, continued fraction beyond: accurate to ~1e-15, independent of the
  // js backend's approximation.
  const ax = Math.abs(x);
  if (ax < 3) {
    let term = ax,
      sum = ax;
    for (let n = 1; n < 200; n++) {
      term *= (-ax * ax) / n;
      const add = term / (2 * n + 1);
      sum += add;
      if (Math.abs(add) < 1e-17) break;
    }
    return Math.sign(x) * (2 / Math.sqrt(Math.PI)) * sum;
  }
  let f = 0;
  for (let n = 60; n >= 1; n--) f = n / 2 / (ax + f);
  const erfc = Math.exp(-ax * ax) / Math.sqrt(Math.PI) / (ax + f);
  return Math.sign(x) * (1 - erfc);
}

export function activation64(kind: ActivationCode, x: number, alpha: number): number {
  switch (kind) {
    case Activation.identity:
      return x;
    case Activation.sigmoid:
      return 1 / (1 + Math.exp(-x));
    case Activation.tanh:
      return Math.tanh(x);
    case Activation.relu:
      return Math.max(x, 0);
    case Activation.leakyRelu:
      return x > 0 ? x : alpha * x;
    case Activation.elu:
      return x > 0 ? x : alpha * Math.expm1(x);
    case Activation.gelu:
      return 0.5 * x * (1 + erf64(x / Math.SQRT2));
  }
  throw new Error(`unknown activation ${kind}`);
}

export function activationDerivative64(kind: ActivationCode, x: number, alpha: number): number {
  switch (kind) {
    case Activation.identity:
      return 1;
    case Activation.sigmoid: {
      const s = 1 / (1 + Math.exp(-x));
      return s * (1 - s);
    }
    case Activation.tanh: {
      const t = Math.tanh(x);
      return 1 - t * t;
    }
    case Activation.relu:
      return x > 0 ? 1 : 0;
    case Activation.leakyRelu:
      return x > 0 ? 1 : alpha;
    case Activation.elu:
      return x > 0 ? 1 : alpha * Math.exp(x);
    case Activation.gelu:
      return 0.5 * (1 + erf64(x / Math.SQRT2)) + (x * Math.exp(-0.5 * x * x)) / Math.sqrt(2 * Math.PI);
  }
  throw new Error(`unknown activation ${kind}`);
}

/**
 * dx = dy * f'(x) in float64; sigmoid and tanh (and elu below 0) differentiate through the stored float32
 * y, as the kernels do.
 */
function activationGrad64(
  kind: ActivationCode,
  alpha: number,
  x: Float32Array,
  y: Float32Array,
  dy: Float32Array,
): Float64Array {
  return Float64Array.from(dy, (g, i) =>
    kind === Activation.sigmoid
      ? g * y[i] * (1 - y[i])
      : kind === Activation.tanh
        ? g * (1 - y[i] * y[i])
        : kind === Activation.elu && x[i] <= 0
          ? g * (y[i] + alpha)
          : g * activationDerivative64(kind, x[i], alpha),
  );
}

/** Inputs in [-6, 6] with a few extreme values that break naive formulas (exp overflow). */
function activationInput(rng: Random, n: number): Float32Array {
  const x = randomArray(rng, n, -6, 6);
  const extremes = [-100, 100, -30, 30, 0, -1e-8, 1e-8];
  for (let i = 0; i < Math.min(extremes.length, Math.floor(n / 8)); i++) x[rng.int(n)] = extremes[i];
  return x;
}

// ------------------------------------------------------------------ dense (bias and activation fused)
// Shapes for the fused kernels: one row, a block boundary (4096 values per block: 257 x 17 is two blocks),
// and sizes large enough that native splits the work over its threads (by rows forward, by columns backward).
const DENSE_SHAPES: [number, number][] = [
  [1, 1],
  [1, 30],
  [3, 7],
  [33, 65],
  [257, 17],
  [257, 65],
  [LARGER_SIZES[1], 130],
];

function denseCases(rng: Random): KernelCase[] {
  const cases: KernelCase[] = [];
  for (const [name, kind] of Object.entries(Activation)) {
    const alpha = kind === Activation.leakyRelu ? 0.2 : kind === Activation.elu ? 1.3 : 0;
    const transcendental = kind === Activation.gelu ? { atol: 4e-7, rtol: 4e-7 } : { atol: 1e-7, rtol: 4 * U };
    for (const [rows, cols] of DENSE_SHAPES) {
      const n = rows * cols;
      cases.push({
        kernel: 'biasActivationForward',
        label: `${name} ${rows}x${cols}`,
        buffers: { bias: randomArray(rng, cols), z: activationInput(rng, n), y: new Float32Array(n).fill(NaN) },
        outputs: ['z', 'y'],
        run: (k, b) => k.biasActivationForward(kind, rows, cols, alpha, b.bias, b.z, b.y),
        oracle: (b) => {
          // f is applied to the float32 sum, as the kernels store z before reading it back.
          const z = Float32Array.from(b.z, (v, i) => v + b.bias[i % cols]);
          return { outputs: { z, y: Float64Array.from(z, (v) => activation64(kind, v, alpha)) } };
        },
        oracleTolerance: transcendental,
        backendTolerance: TRANSCENDENTAL,
      });
      const x = activationInput(rng, n);
      const y = Float32Array.from(x, (v) => activation64(kind, v, alpha));
      cases.push({
        kernel: 'activationBiasBackward',
        label: `${name} ${rows}x${cols}`,
        buffers: {
          x,
          y,
          dy: randomArray(rng, n),
          dx: new Float32Array(n).fill(NaN),
          dbias: new Float32Array(cols).fill(NaN),
        },
        outputs: ['dx', 'dbias'],
        run: (k, b) => k.activationBiasBackward(kind, rows, cols, alpha, b.x, b.y, b.dy, b.dx, b.dbias),
        oracle: (b) => {
          const dx = activationGrad64(kind, alpha, b.x, b.y, b.dy);
          const dbias = new Float64Array(cols);
          for (let i = 0; i < n; i++) dbias[i % cols] += dx[i];
          return { outputs: { dx, dbias } };
        },
        oracleTolerance: kind === Activation.gelu ? { atol: 4e-7, rtol: 4e-7 } : { atol: 1e-7, rtol: 8 * U },
        backendTolerance: TRANSCENDENTAL,
        outputTolerances: {
          // A sum of `rows` values of dx (|dx| <= 1.3), each within dx's tolerance and rounded to float32.
          dbias: {
            oracle: { atol: rows * (transcendental.atol + 2 * U) + 1e-7, rtol: 8 * U },
            backend: { atol: rows * TRANSCENDENTAL.atol, rtol: TRANSCENDENTAL.rtol },
          },
        },
      });
    }
  }
  return cases;
}

function activationCases(rng: Random): KernelCase[] {
  const cases: KernelCase[] = [];
  for (const [name, kind] of Object.entries(Activation)) {
    const alpha = kind === Activation.leakyRelu ? 0.2 : kind === Activation.elu ? 1.3 : 0;
    for (const n of ACTIVATION_SIZES) {
      const x = activationInput(rng, n);
      // y for the backward is the forward's float32 output, as a layer would have kept it.
      const y = Float32Array.from(x, (v) => activation64(kind, v, alpha));
      cases.push({
        kernel: 'activationForward',
        label: `${name} n=${n}`,
        buffers: { x, y: new Float32Array(n).fill(NaN) },
        outputs: ['y'],
        run: (k, b) => k.activationForward(kind, n, alpha, b.x, b.y),
        oracle: (b) => ({ outputs: { y: Float64Array.from(b.x, (v) => activation64(kind, v, alpha)) } }),
        oracleTolerance: kind === Activation.gelu ? { atol: 4e-7, rtol: 4e-7 } : { atol: 1e-7, rtol: 4 * U },
        backendTolerance: TRANSCENDENTAL,
      });
      cases.push({
        kernel: 'activationBackward',
        label: `${name} n=${n}`,
        buffers: { x, y, dy: randomArray(rng, n), dx: new Float32Array(n).fill(NaN) },
        outputs: ['dx'],
        run: (k, b) => k.activationBackward(kind, n, alpha, b.x, b.y, b.dy, b.dx),
        oracle: (b) => ({ outputs: { dx: activationGrad64(kind, alpha, b.x, b.y, b.dy) } }),
        oracleTolerance: kind === Activation.gelu ? { atol: 4e-7, rtol: 4e-7 } : { atol: 1e-7, rtol: 8 * U },
        backendTolerance: TRANSCENDENTAL,
      });
    }
  }
  for (const n of ACTIVATION_SIZES) {
    cases.push({
      kernel: 'stepForward',
      label: `n=${n}`,
      buffers: { x: activationInput(rng, n), y: new Float32Array(n).fill(NaN) },
      outputs: ['y'],
      run: (k, b) => k.stepForward(n, b.x, b.y),
      oracle: (b) => ({ outputs: { y: Float64Array.from(b.x, (v) => (v > 0 ? 1 : 0)) } }),
      oracleTolerance: { atol: 0, rtol: 0 },
      backendTolerance: { atol: 0, rtol: 0 },
    });
  }
  for (const [rows, cols] of MATRIX_SHAPES) {
    const x = randomArray(rng, rows * cols, -8, 8);
    if (rows * cols > 4) {
      x[0] = 90;
      x[1] = -90;
    } // extreme logits: the max subtraction must hold
    largestInMovingLane(x, rows, cols, 100);
    const y = Float32Array.from(softmax64(rows, cols, x));
    cases.push({
      kernel: 'softmaxForward',
      label: `${rows}x${cols}`,
      buffers: { x, y: new Float32Array(rows * cols).fill(NaN) },
      outputs: ['y'],
      run: (k, b) => k.softmaxForward(rows, cols, b.x, b.y),
      oracle: (b) => ({ outputs: { y: softmax64(rows, cols, b.x) } }),
      oracleTolerance: { atol: 1e-7, rtol: 8 * U },
      backendTolerance: TRANSCENDENTAL,
    });
    cases.push({
      kernel: 'softmaxBackward',
      label: `${rows}x${cols}`,
      buffers: { y, dy: randomArray(rng, rows * cols), dx: new Float32Array(rows * cols).fill(NaN) },
      outputs: ['dx'],
      run: (k, b) => k.softmaxBackward(rows, cols, b.y, b.dy, b.dx),
      oracle: (b) => {
        const dx = new Float64Array(rows * cols);
        for (let r = 0; r < rows; r++) {
          let dotv = 0;
          for (let c = 0; c < cols; c++) dotv += b.dy[r * cols + c] * b.y[r * cols + c];
          for (let c = 0; c < cols; c++) dx[r * cols + c] = b.y[r * cols + c] * (b.dy[r * cols + c] - dotv);
        }
        return { outputs: { dx } };
      },
      oracleTolerance: { atol: 1e-7, rtol: 8 * U },
      backendTolerance: { atol: 1e-6, rtol: 1e-5 },
    });
  }
  return cases;
}

/**
 * Puts the two largest values of each row (top and top - 1) at a column that moves by 7 from row to row,
 * so across the rows the maximum sits in every lane of the vector widths (4, 8, 16): a row maximum that
 * misses a lane shifts the exponentials by too little, they overflow (exp clamps at 88) and the two
 * large values come out equal instead of e : 1.
 */
function largestInMovingLane(x: Float32Array, rows: number, cols: number, top: number): void {
  if (cols < 3) return;
  for (let r = 1; r < rows; r++) {
    // row 0 keeps the +-extremes set above
    const c = (9 + 7 * r) % (cols - 1);
    x[r * cols + c] = top;
    x[r * cols + c + 1] = top - 1;
  }
}

export function softmax64(rows: number, cols: number, x: ArrayLike<number>): Float64Array {
  const y = new Float64Array(rows * cols);
  for (let r = 0; r < rows; r++) {
    let max = -Infinity;
    for (let c = 0; c < cols; c++) max = Math.max(max, x[r * cols + c]);
    let sum = 0;
    for (let c = 0; c < cols; c++) sum += Math.exp(x[r * cols + c] - max);
    for (let c = 0; c < cols; c++) y[r * cols + c] = Math.exp(x[r * cols + c] - max) / sum;
  }
  return y;
}

// ------------------------------------------------------------------ loss
function lossCases(rng: Random): KernelCase[] {
  const cases: KernelCase[] = [];
  const lossTol: Tolerance = { atol: 1e-6, rtol: 1e-5 };
  for (const [rows, cols] of MATRIX_SHAPES) {
    const n = rows * cols;
    const pred = randomArray(rng, n),
      target = randomArray(rng, n);
    const grad = () => new Float32Array(n).fill(NaN);
    cases.push({
      kernel: 'mseLoss',
      label: `${rows}x${cols}`,
      buffers: { pred, target, grad: grad() },
      outputs: ['grad'],
      run: (k, b) => k.mseLoss(rows, cols, b.pred, b.target, b.grad),
      oracle: (b) => {
        const d = Float64Array.from(b.pred, (p, i) => p - b.target[i]);
        return { value: d.reduce((s, v) => s + v * v, 0) / n, outputs: { grad: d.map((v) => (2 * v) / n) } };
      },
      oracleTolerance: EXACTISH,
      backendTolerance: lossTol,
    });
    cases.push({
      kernel: 'sseLoss',
      label: `${rows}x${cols}`,
      buffers: { pred, target, grad: grad() },
      outputs: ['grad'],
      run: (k, b) => k.sseLoss(rows, cols, b.pred, b.target, b.grad),
      oracle: (b) => {
        const d = Float64Array.from(b.pred, (p, i) => p - b.target[i]);
        return { value: (0.5 * d.reduce((s, v) => s + v * v, 0)) / rows, outputs: { grad: d.map((v) => v / rows) } };
      },
      oracleTolerance: EXACTISH,
      backendTolerance: lossTol,
    });
    const prob = randomArray(rng, n, 0, 1);
    const binary = Float32Array.from(randomArray(rng, n, 0, 1), (v) => (v < 0.5 ? 0 : 1));
    if (n > 4) {
      // The clamp must keep log finite, and every backend must clamp at the same float32 bounds: a
      // prediction of 1 (or the float32 just below 1) with target 0 has gradient 1 / (1 - p) ~ 8e6.
      [prob[0], binary[0]] = [0, 1];
      [prob[1], binary[1]] = [1, 0];
      [prob[2], binary[2]] = [Math.fround(1 - 2 ** -24), 0];
      [prob[3], binary[3]] = [1e-8, 1];
    }
    cases.push({
      kernel: 'bceLoss',
      label: `${rows}x${cols}`,
      buffers: { prob, target: binary, grad: grad() },
      outputs: ['grad'],
      run: (k, b) => k.bceLoss(rows, cols, b.prob, b.target, b.grad),
      oracle: (b) => {
        let sum = 0;
        const g = new Float64Array(n);
        for (let i = 0; i < n; i++) {
          const p = Math.min(Math.max(b.prob[i], Math.fround(1e-7)), Math.fround(1 - 1e-7)),
            t = b.target[i];
          sum -= t * Math.log(p) + (1 - t) * Math.log(1 - p);
          g[i] = (p - t) / (p * (1 - p)) / n;
        }
        return { value: sum / n, outputs: { grad: g } };
      },
      // Near the clamp, p (1 - p) ~ 1e-7 and float32 rounding of 1 - 1e-7 shows in the gradient.
      oracleTolerance: { atol: 1e-6, rtol: 1e-5 },
      backendTolerance: { atol: 1e-5, rtol: 1e-4 },
    });
    const logits = randomArray(rng, n, -20, 20);
    if (n > 4) {
      logits[0] = 500;
      logits[1] = -500;
    }
    cases.push({
      kernel: 'bceLogitsLoss',
      label: `${rows}x${cols}`,
      buffers: { logits, target: binary, grad: grad() },
      outputs: ['grad'],
      run: (k, b) => k.bceLogitsLoss(rows, cols, b.logits, b.target, b.grad),
      oracle: (b) => {
        let sum = 0;
        const g = new Float64Array(n);
        for (let i = 0; i < n; i++) {
          const z = b.logits[i],
            t = b.target[i];
          sum += Math.max(z, 0) - z * t + Math.log1p(Math.exp(-Math.abs(z)));
          g[i] = (1 / (1 + Math.exp(-z)) - t) / n;
        }
        return { value: sum / n, outputs: { grad: g } };
      },
      oracleTolerance: EXACTISH,
      backendTolerance: lossTol,
    });
    const ceLogits = randomArray(rng, n, -10, 10);
    if (n > 4) {
      ceLogits[0] = 300;
      ceLogits[1] = -300;
    }
    largestInMovingLane(ceLogits, rows, cols, 300);
    const labels = Float32Array.from({ length: rows }, () => rng.int(cols));
    const oneHot = new Float32Array(n);
    labels.forEach((l, r) => {
      oneHot[r * cols + l] = 1;
    });
    const ceOracle = (z: Float32Array) => {
      const p = softmax64(rows, cols, z);
      let sum = 0;
      const g = new Float64Array(n);
      for (let r = 0; r < rows; r++) {
        let max = -Infinity;
        for (let c = 0; c < cols; c++) max = Math.max(max, z[r * cols + c]);
        let s = 0;
        for (let c = 0; c < cols; c++) s += Math.exp(z[r * cols + c] - max);
        sum += max + Math.log(s) - z[r * cols + labels[r]];
        for (let c = 0; c < cols; c++) g[r * cols + c] = (p[r * cols + c] - oneHot[r * cols + c]) / rows;
      }
      return { value: sum / rows, outputs: { probs: p, grad: g } };
    };
    cases.push({
      kernel: 'softmaxCrossEntropy',
      label: `${rows}x${cols}`,
      buffers: { logits: ceLogits, target: oneHot, probs: grad(), grad: grad() },
      outputs: ['probs', 'grad'],
      run: (k, b) => k.softmaxCrossEntropy(rows, cols, b.logits, b.target, b.probs, b.grad),
      oracle: (b) => ceOracle(b.logits),
      oracleTolerance: { atol: 1e-6, rtol: 1e-6 },
      backendTolerance: lossTol,
    });
    cases.push({
      kernel: 'sparseSoftmaxCrossEntropy',
      label: `${rows}x${cols}`,
      buffers: { logits: ceLogits, labels, probs: grad(), grad: grad() },
      outputs: ['probs', 'grad'],
      run: (k, b) => k.sparseSoftmaxCrossEntropy(rows, cols, b.logits, b.labels, b.probs, b.grad),
      oracle: (b) => ceOracle(b.logits),
      oracleTolerance: { atol: 1e-6, rtol: 1e-6 },
      backendTolerance: lossTol,
    });
  }
  return cases;
}

// ------------------------------------------------------------------ batchnorm
function batchNormCases(rng: Random): KernelCase[] {
  const cases: KernelCase[] = [];
  const eps = 1e-3,
    momentum = 0.9;
  for (const [rows, cols] of MATRIX_SHAPES.filter(([r]) => r > 1).concat([[1, 5]])) {
    const n = rows * cols;
    // An offset mean and a spread per column, as real features have.
    const x = Float32Array.from(randomArray(rng, n, -2, 2), (v, i) => 3 + (1 + (i % cols) * 0.1) * v);
    const gamma = randomArray(rng, cols, 0.5, 1.5),
      beta = randomArray(rng, cols);
    const runningMean = randomArray(rng, cols),
      runningVar = randomArray(rng, cols, 0.5, 2);
    const stats = (xs: Float32Array) => {
      const mean = new Float64Array(cols),
        variance = new Float64Array(cols);
      for (let i = 0; i < n; i++) mean[i % cols] += xs[i] / rows;
      for (let i = 0; i < n; i++) variance[i % cols] += (xs[i] - mean[i % cols]) ** 2 / rows;
      return { mean, variance };
    };
    const nan = (len: number) => new Float32Array(len).fill(NaN);
    const bnTol: Tolerance = { atol: 2e-6, rtol: 2e-5 };
    cases.push({
      kernel: 'batchNormForwardTrain',
      label: `${rows}x${cols}`,
      buffers: { x, gamma, beta, runningMean, runningVar, y: nan(n), saveMean: nan(cols), saveInvStd: nan(cols) },
      outputs: ['y', 'runningMean', 'runningVar', 'saveMean', 'saveInvStd'],
      run: (k, b) =>
        k.batchNormForwardTrain(
          rows,
          cols,
          eps,
          momentum,
          b.x,
          b.gamma,
          b.beta,
          b.runningMean,
          b.runningVar,
          b.y,
          b.saveMean,
          b.saveInvStd,
        ),
      oracle: (b) => {
        const { mean, variance } = stats(b.x);
        const inv = variance.map((v) => 1 / Math.sqrt(v + eps));
        return {
          outputs: {
            y: Float64Array.from(
              b.x,
              (v, i) => b.gamma[i % cols] * (v - mean[i % cols]) * inv[i % cols] + b.beta[i % cols],
            ),
            runningMean: Float64Array.from(b.runningMean, (r, c) => momentum * r + (1 - momentum) * mean[c]),
            runningVar: Float64Array.from(b.runningVar, (r, c) => momentum * r + (1 - momentum) * variance[c]),
            saveMean: mean,
            saveInvStd: inv,
          },
        };
      },
      oracleTolerance: { atol: 2e-6, rtol: 1e-5 },
      backendTolerance: bnTol,
    });
    cases.push({
      kernel: 'batchNormForwardInference',
      label: `${rows}x${cols}`,
      buffers: { x, gamma, beta, runningMean, runningVar, y: nan(n) },
      outputs: ['y'],
      run: (k, b) =>
        k.batchNormForwardInference(rows, cols, eps, b.x, b.gamma, b.beta, b.runningMean, b.runningVar, b.y),
      oracle: (b) => ({
        outputs: {
          y: Float64Array.from(
            b.x,
            (v, i) =>
              (b.gamma[i % cols] * (v - b.runningMean[i % cols])) / Math.sqrt(b.runningVar[i % cols] + eps) +
              b.beta[i % cols],
          ),
        },
      }),
      oracleTolerance: { atol: 1e-6, rtol: 8 * U },
      backendTolerance: bnTol,
    });
    const { mean, variance } = stats(x);
    const saveMean = Float32Array.from(mean),
      saveInvStd = Float32Array.from(variance, (v) => 1 / Math.sqrt(v + eps));
    cases.push({
      kernel: 'batchNormBackward',
      label: `${rows}x${cols}`,
      buffers: {
        x,
        gamma,
        saveMean,
        saveInvStd,
        dy: randomArray(rng, n),
        dx: nan(n),
        dgamma: nan(cols),
        dbeta: nan(cols),
      },
      outputs: ['dx', 'dgamma', 'dbeta'],
      run: (k, b) =>
        k.batchNormBackward(rows, cols, b.x, b.gamma, b.saveMean, b.saveInvStd, b.dy, b.dx, b.dgamma, b.dbeta),
      oracle: (b) => {
        const dbeta = new Float64Array(cols),
          dgamma = new Float64Array(cols);
        const xhat = Float64Array.from(b.x, (v, i) => (v - b.saveMean[i % cols]) * b.saveInvStd[i % cols]);
        for (let i = 0; i < n; i++) {
          dbeta[i % cols] += b.dy[i];
          dgamma[i % cols] += b.dy[i] * xhat[i];
        }
        const dx = Float64Array.from(b.dy, (g, i) => {
          const c = i % cols;
          return ((b.gamma[c] * b.saveInvStd[c]) / rows) * (rows * g - dbeta[c] - xhat[i] * dgamma[c]);
        });
        return { outputs: { dx, dgamma, dbeta } };
      },
      // dx subtracts sums of `rows` terms from rows * dy: cancellation scales the error with rows.
      oracleTolerance: { atol: 1e-6 + rows * 4 * U, rtol: 1e-5 },
      backendTolerance: { atol: 2e-6 + rows * 8 * U, rtol: 1e-4 },
    });
  }
  return cases;
}

// ------------------------------------------------------------------ dropout
function dropoutCases(rng: Random): KernelCase[] {
  return ACTIVATION_SIZES.flatMap((n): KernelCase[] => {
    const rate = 0.3;
    const mask = rng.fillDropoutMask(new Float32Array(n), rate);
    return [
      {
        kernel: 'dropoutForward',
        label: `n=${n}`,
        buffers: { mask, x: randomArray(rng, n), y: new Float32Array(n).fill(NaN) },
        outputs: ['y'],
        run: (k, b) => k.dropoutForward(n, rate, b.mask, b.x, b.y),
        oracle: (b) => ({ outputs: { y: Float64Array.from(b.x, (v, i) => (v * b.mask[i]) / (1 - rate)) } }),
        oracleTolerance: EXACTISH,
        backendTolerance: EXACTISH,
      },
      {
        kernel: 'dropoutBackward',
        label: `n=${n}`,
        buffers: { mask, dy: randomArray(rng, n), dx: new Float32Array(n).fill(NaN) },
        outputs: ['dx'],
        run: (k, b) => k.dropoutBackward(n, rate, b.mask, b.dy, b.dx),
        oracle: (b) => ({ outputs: { dx: Float64Array.from(b.dy, (v, i) => (v * b.mask[i]) / (1 - rate)) } }),
        oracleTolerance: EXACTISH,
        backendTolerance: EXACTISH,
      },
    ];
  });
}

// ------------------------------------------------------------------ optimizer
// The steps take the gradient as it is; a regularizer's part is added to it first (regularizerGradient).
function optimizerCases(rng: Random): KernelCase[] {
  const cases: KernelCase[] = [];
  const optTol: Tolerance = { atol: 1e-6, rtol: 1e-5 };
  for (const n of ACTIVATION_SIZES) {
    const params = randomArray(rng, n),
      grads = randomArray(rng, n);
    if (n > 4) params[0] = 0;
    const gp = (b: Buffers, i: number) => b.grads[i];
    cases.push({
      kernel: 'sgdStep',
      label: `n=${n}`,
      buffers: { params, grads },
      outputs: ['params'],
      run: (k, b) => k.sgdStep(n, 0.1, b.params, b.grads),
      oracle: (b) => ({ outputs: { params: Float64Array.from(b.params, (w, i) => w - 0.1 * gp(b, i)) } }),
      oracleTolerance: EXACTISH,
      backendTolerance: optTol,
    });
    for (const nesterov of [false, true]) {
      cases.push({
        kernel: 'momentumStep',
        label: `n=${n} nesterov=${nesterov}`,
        buffers: { params, grads, velocity: randomArray(rng, n, -0.1, 0.1) },
        outputs: ['params', 'velocity'],
        run: (k, b) => k.momentumStep(n, 0.05, 0.9, nesterov, b.params, b.grads, b.velocity),
        oracle: (b) => {
          const v = Float64Array.from(b.velocity, (v0, i) => 0.9 * v0 - 0.05 * gp(b, i));
          const w = Float64Array.from(b.params, (w0, i) => (nesterov ? w0 + 0.9 * v[i] - 0.05 * gp(b, i) : w0 + v[i]));
          return { outputs: { params: w, velocity: v } };
        },
        oracleTolerance: EXACTISH,
        backendTolerance: optTol,
      });
    }
    cases.push({
      kernel: 'adagradStep',
      label: `n=${n}`,
      buffers: { params, grads, accum: randomArray(rng, n, 0, 1) },
      outputs: ['params', 'accum'],
      run: (k, b) => k.adagradStep(n, 0.1, 1e-7, b.params, b.grads, b.accum),
      oracle: (b) => {
        const h = Float64Array.from(b.accum, (h0, i) => h0 + gp(b, i) ** 2);
        return {
          outputs: {
            accum: h,
            params: Float64Array.from(b.params, (w, i) => w - (0.1 * gp(b, i)) / (Math.sqrt(h[i]) + 1e-7)),
          },
        };
      },
      oracleTolerance: { atol: 1e-6, rtol: 1e-6 },
      backendTolerance: optTol,
    });
    cases.push({
      kernel: 'rmspropStep',
      label: `n=${n}`,
      buffers: { params, grads, meanSquare: randomArray(rng, n, 0, 1) },
      outputs: ['params', 'meanSquare'],
      run: (k, b) => k.rmspropStep(n, 0.01, 0.9, 1e-7, b.params, b.grads, b.meanSquare),
      oracle: (b) => {
        const h = Float64Array.from(b.meanSquare, (h0, i) => 0.9 * h0 + 0.1 * gp(b, i) ** 2);
        return {
          outputs: {
            meanSquare: h,
            params: Float64Array.from(b.params, (w, i) => w - (0.01 * gp(b, i)) / (Math.sqrt(h[i]) + 1e-7)),
          },
        };
      },
      oracleTolerance: { atol: 1e-6, rtol: 1e-6 },
      backendTolerance: optTol,
    });
    // Steps 356 and 40,000: the bias corrections 1 - 0.9^t and then 1 - 0.999^t have rounded to exactly 1.
    for (const [decay, step] of [
      [0, 1],
      [0.01, 7],
      [0, 356],
      [0.01, 40_000],
    ]) {
      cases.push({
        kernel: 'adamStep',
        label: `n=${n} weightDecay=${decay} step=${step}`,
        buffers: { params, grads, m: randomArray(rng, n, -0.1, 0.1), v: randomArray(rng, n, 0, 0.1) },
        outputs: ['params', 'm', 'v'],
        run: (k, b) => k.adamStep(n, 0.001, 0.9, 0.999, 1e-7, step, decay, b.params, b.grads, b.m, b.v),
        oracle: (b) => {
          const m = Float64Array.from(b.m, (m0, i) => 0.9 * m0 + 0.1 * gp(b, i));
          const v = Float64Array.from(b.v, (v0, i) => 0.999 * v0 + 0.001 * gp(b, i) ** 2);
          const w = Float64Array.from(
            b.params,
            (w0, i) =>
              w0 -
              0.001 * decay * w0 -
              (0.001 * (m[i] / (1 - 0.9 ** step))) / (Math.sqrt(v[i] / (1 - 0.999 ** step)) + 1e-7),
          );
          return { outputs: { params: w, m, v } };
        },
        oracleTolerance: { atol: 1e-6, rtol: 1e-6 },
        backendTolerance: optTol,
      });
    }
  }
  return cases;
}

// ------------------------------------------------------------------ norm
function normCases(rng: Random): KernelCase[] {
  const cases: KernelCase[] = [];
  for (const [rows, cols] of MATRIX_SHAPES) {
    cases.push({
      kernel: 'maxNormProject',
      label: `${rows}x${cols}`,
      buffers: { w: randomArray(rng, rows * cols) },
      outputs: ['w'],
      run: (k, b) => k.maxNormProject(rows, cols, 1.5, b.w),
      oracle: (b) => {
        const norms = new Float64Array(cols);
        for (let i = 0; i < rows * cols; i++) norms[i % cols] += b.w[i] ** 2;
        const f = norms.map((s) => Math.min(Math.sqrt(s), 1.5) / (Math.sqrt(s) + 1e-7));
        return { outputs: { w: Float64Array.from(b.w, (v, i) => v * f[i % cols]) } };
      },
      oracleTolerance: { atol: 1e-7, rtol: 8 * U },
      backendTolerance: { atol: 1e-6, rtol: 1e-5 },
    });
  }
  for (const n of ACTIVATION_SIZES) {
    cases.push({
      kernel: 'sumOfSquares',
      label: `n=${n}`,
      buffers: { x: randomArray(rng, n) },
      outputs: [],
      run: (k, b) => k.sumOfSquares(n, b.x),
      oracle: (b) => ({ value: f64(b.x).reduce((s, v) => s + v * v, 0), outputs: {} }),
      oracleTolerance: { atol: 1e-9, rtol: 1e-9 },
      backendTolerance: { atol: 1e-6, rtol: n * U },
    });
    cases.push({
      kernel: 'scale',
      label: `n=${n}`,
      buffers: { x: randomArray(rng, n) },
      outputs: ['x'],
      run: (k, b) => k.scale(n, -0.37, b.x),
      oracle: (b) => ({ outputs: { x: Float64Array.from(b.x, (v) => v * -0.37) } }),
      oracleTolerance: EXACTISH,
      backendTolerance: EXACTISH,
    });
    cases.push({
      kernel: 'clipByValue',
      label: `n=${n}`,
      buffers: { x: randomArray(rng, n, -3, 3) },
      outputs: ['x'],
      run: (k, b) => k.clipByValue(n, -1, 0.5, b.x),
      oracle: (b) => ({ outputs: { x: Float64Array.from(b.x, (v) => Math.min(Math.max(v, -1), 0.5)) } }),
      oracleTolerance: { atol: 0, rtol: 0 },
      backendTolerance: { atol: 0, rtol: 0 },
    });
    cases.push({
      kernel: 'axpy',
      label: `n=${n}`,
      buffers: { x: randomArray(rng, n), y: randomArray(rng, n) },
      outputs: ['y'],
      run: (k, b) => k.axpy(n, 0.75, b.x, b.y),
      oracle: (b) => ({ outputs: { y: Float64Array.from(b.y, (v, i) => v + 0.75 * b.x[i]) } }),
      oracleTolerance: EXACTISH,
      backendTolerance: EXACTISH,
    });
  }
  return cases;
}

// ------------------------------------------------------------------ regularization
const sign = (w: number) => (w > 0 ? 1 : w < 0 ? -1 : 0);

function regularizerCases(rng: Random): KernelCase[] {
  const cases: KernelCase[] = [];
  for (const n of ACTIVATION_SIZES) {
    const w = randomArray(rng, n);
    for (let i = 0; i < n; i += 5) w[i] = 0; // sign(0) = 0
    for (const [l1, l2] of [
      [1e-3, 2e-2],
      [0, 0.5],
      [0.25, 0],
    ]) {
      cases.push({
        kernel: 'regularizerGradient',
        label: `n=${n} l1=${l1} l2=${l2}`,
        buffers: { w, grad: randomArray(rng, n) },
        outputs: ['grad'],
        run: (k, b) => k.regularizerGradient(n, l1, l2, b.w, b.grad),
        oracle: (b) => ({
          outputs: { grad: Float64Array.from(b.grad, (g, i) => g + l1 * sign(b.w[i]) + l2 * b.w[i]) },
        }),
        oracleTolerance: EXACTISH,
        backendTolerance: EXACTISH,
      });
    }
  }
  return cases;
}

// ------------------------------------------------------------------ copy
function copyCases(rng: Random): KernelCase[] {
  const cases: KernelCase[] = [];
  for (const n of ACTIVATION_SIZES) {
    cases.push({
      kernel: 'copy',
      label: `n=${n}`,
      outputs: ['y'],
      buffers: { x: randomArray(rng, n), y: new Float32Array(n).fill(NaN) },
      run: (k, b) => k.copy(n, b.x, b.y),
      oracle: (b) => ({ outputs: { y: f64(b.x) } }),
      oracleTolerance: { atol: 0, rtol: 0 },
      backendTolerance: { atol: 0, rtol: 0 },
    });
    cases.push({
      kernel: 'copy',
      label: `n=${n} in place`,
      buffers: { x: randomArray(rng, n) },
      outputs: ['x'],
      run: (k, b) => k.copy(n, b.x, b.x),
      oracle: (b) => ({ outputs: { x: f64(b.x) } }),
      oracleTolerance: { atol: 0, rtol: 0 },
      backendTolerance: { atol: 0, rtol: 0 },
    });
  }
  return cases;
}

/**
 * gatherByteRows: bytes holding every value 0..255, rows taken out of order and some twice, scale 1/255 (not a
 * float32: a float32 product would differ from js in the last bit for about half the bytes), a scale of
 * another sign and a scale of 1. Every backend must give js's bits.
 */
function gatherCases(rng: Random): KernelCase[] {
  const cases: KernelCase[] = [];
  for (const [rows, cols, count, scale] of [
    [9, 37, 12, 1 / 255],
    [5, 784, 7, -3.7],
    [1, 1, 1, 1],
    [300, 256, 260, 1 / 255],
  ] as const) {
    const x = Uint8Array.from({ length: rows * cols }, (_, i) => (i + rng.nextUint32()) & 255);
    const order = Uint32Array.from({ length: count }, () => rng.nextUint32() % rows);
    cases.push({
      kernel: 'gatherByteRows',
      label: `${rows}x${cols} rows, ${count} gathered, scale ${scale}`,
      buffers: { y: new Float32Array(count * cols).fill(NaN) },
      outputs: ['y'],
      run: (k, b) => k.gatherByteRows(rows, cols, count, scale, x, order, b.y),
      oracle: () => ({
        outputs: {
          y: Float64Array.from(
            { length: count * cols },
            (_, i) => x[order[Math.floor(i / cols)] * cols + (i % cols)] * scale,
          ),
        },
      }),
      // The float64 product rounded once to float32.
      oracleTolerance: { atol: 0, rtol: U },
      backendTolerance: { atol: 0, rtol: 0 },
    });
  }
  return cases;
}

/** Every case, built from one seed so a failure reproduces. */
export function kernelCases(seed = 20261122): KernelCase[] {
  const rng = new Random(seed);
  return [
    ...gemmCases(rng),
    ...biasCases(rng),
    ...activationCases(rng),
    ...lossCases(rng),
    ...batchNormCases(rng),
    ...dropoutCases(rng),
    ...optimizerCases(rng),
    ...normCases(rng),
    ...regularizerCases(rng),
    ...copyCases(rng),
    // Last, so that the cases before it keep the inputs they had before it was added.
    ...denseCases(rng),
    // After it, for the same reason.
    ...convolutionCases(rng),
    ...gatherCases(rng),
  ];
}
