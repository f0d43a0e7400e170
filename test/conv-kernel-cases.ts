// Kernel cases for convolution (im2col, col2im) and pooling (max and average, forward and backward), part of
// the shared table of test/kernel-cases.ts: float64 oracles written from the formulas of
// src/backends/contract.ts, at awkward geometries (odd sizes, stride 2, 'same' padding, dilation 2, 1x1, a
// single channel, batch 1, windows with no cell inside the image, kernels larger than the image).
import type { Kernels } from '../src/backends/contract.js';
import { type Random, randomArray, type Tolerance } from './harness.js';
import type { Buffers, KernelCase } from './kernel-cases.js';

const U = 2 ** -24; // float32 unit roundoff
const EXACT: Tolerance = { atol: 0, rtol: 0 };

/** A window over a batch of channels-last images, in the contract's terms (pooling has dh = dw = 1). */
export interface Geometry {
  n: number;
  h: number;
  w: number;
  c: number;
  kh: number;
  kw: number;
  sh: number;
  sw: number;
  dh: number;
  dw: number;
  padTop: number;
  padLeft: number;
  oh: number;
  ow: number;
}

/**
 * Keras' output size and padding: 'valid' -> o = floor((i - d (k - 1) - 1) / s) + 1, no padding; 'same' ->
 * o = ceil(i / s), with max((o - 1) s + d (k - 1) + 1 - i, 0) padding split with the extra row at the end
 * (TensorFlow's convention).
 */
function kerasAxis(size: number, k: number, s: number, d: number, padding: 'valid' | 'same'): [number, number] {
  const span = d * (k - 1) + 1;
  if (padding === 'valid') return [Math.floor((size - span) / s) + 1, 0];
  const out = Math.ceil(size / s);
  return [out, Math.floor(Math.max((out - 1) * s + span - size, 0) / 2)];
}

/** The geometry of a Keras layer over [n, h, w, c] with a kh x kw window. */
export function kerasGeometry(
  [n, h, w, c]: [number, number, number, number],
  [kh, kw]: [number, number],
  [sh, sw]: [number, number],
  [dh, dw]: [number, number],
  padding: 'valid' | 'same',
): Geometry {
  const [oh, padTop] = kerasAxis(h, kh, sh, dh, padding),
    [ow, padLeft] = kerasAxis(w, kw, sw, dw, padding);
  return { n, h, w, c, kh, kw, sh, sw, dh, dw, padTop, padLeft, oh, ow };
}

type ConvArgs = [number, number, number, number, number, number, number, number, number, number, number, number];
/** The geometry arguments of im2col and col2im, in order. */
export const convArgs = (g: Geometry): [...ConvArgs, number, number] => [
  g.n,
  g.h,
  g.w,
  g.c,
  g.kh,
  g.kw,
  g.sh,
  g.sw,
  g.dh,
  g.dw,
  g.padTop,
  g.padLeft,
  g.oh,
  g.ow,
];
/** The geometry arguments of the pooling kernels (no dilation), in order. */
export const poolArgs = (g: Geometry): ConvArgs => [
  g.n,
  g.h,
  g.w,
  g.c,
  g.kh,
  g.kw,
  g.sh,
  g.sw,
  g.padTop,
  g.padLeft,
  g.oh,
  g.ow,
];

const imageSize = (g: Geometry): number => g.n * g.h * g.w * g.c;
const outputSize = (g: Geometry): number => g.n * g.oh * g.ow * g.c;
const colsSize = (g: Geometry): number => g.n * g.oh * g.ow * g.kh * g.kw * g.c;
const nanArray = (n: number): Float32Array => new Float32Array(n).fill(NaN);

/**
 * Calls visit(output, input) for every (output element, window cell inside the image) pair, in row-major
 * window order; output indexes n x oh x ow x c, input n x h x w x c. Written from the contract's window
 * formula, one output element at a time.
 */
function forEachWindowCell(g: Geometry, visit: (output: number, input: number, cell: number) => void): void {
  for (let out = 0; out < outputSize(g); out++) {
    const ch = out % g.c,
      ox = Math.floor(out / g.c) % g.ow,
      oy = Math.floor(out / (g.c * g.ow)) % g.oh,
      b = Math.floor(out / (g.c * g.ow * g.oh));
    for (let i = 0; i < g.kh; i++) {
      for (let j = 0; j < g.kw; j++) {
        const iy = oy * g.sh + i * g.dh - g.padTop,
          ix = ox * g.sw + j * g.dw - g.padLeft;
        if (iy < 0 || iy >= g.h || ix < 0 || ix >= g.w) continue;
        visit(out, ((b * g.h + iy) * g.w + ix) * g.c + ch, iy * g.w + ix);
      }
    }
  }
}

/** The input index each element of cols reads, or -1 for padding, decoded from the element's position. */
function im2colSource(g: Geometry, index: number): number {
  const k = g.kh * g.kw * g.c;
  const row = Math.floor(index / k),
    col = index % k;
  const ox = row % g.ow,
    oy = Math.floor(row / g.ow) % g.oh,
    b = Math.floor(row / (g.ow * g.oh));
  const ch = col % g.c,
    j = Math.floor(col / g.c) % g.kw,
    i = Math.floor(col / (g.c * g.kw));
  const iy = oy * g.sh + i * g.dh - g.padTop,
    ix = ox * g.sw + j * g.dw - g.padLeft;
  return iy < 0 || iy >= g.h || ix < 0 || ix >= g.w ? -1 : ((b * g.h + iy) * g.w + ix) * g.c + ch;
}

export function im2col64(g: Geometry, x: ArrayLike<number>): Float64Array {
  return Float64Array.from({ length: colsSize(g) }, (_, i) => {
    const from = im2colSource(g, i);
    return from < 0 ? 0 : x[from];
  });
}

export function col2im64(g: Geometry, cols: ArrayLike<number>): Float64Array {
  const dx = new Float64Array(imageSize(g));
  for (let i = 0; i < colsSize(g); i++) {
    const to = im2colSource(g, i);
    if (to >= 0) dx[to] += cols[i];
  }
  return dx;
}

/** Max pooling in float64: the first largest cell wins, a NaN beats every number, an empty window is 0 at -1. */
export function maxPool64(g: Geometry, x: ArrayLike<number>): { y: Float64Array; argmax: Float64Array } {
  const y = new Float64Array(outputSize(g)),
    argmax = new Float64Array(outputSize(g)).fill(-1);
  forEachWindowCell(g, (out, input, cell) => {
    const v = x[input];
    const take = argmax[out] === -1 || (!Number.isNaN(y[out]) && (Number.isNaN(v) || v > y[out]));
    if (take) [y[out], argmax[out]] = [v, cell];
  });
  return { y, argmax };
}

export function maxPoolBackward64(g: Geometry, argmax: ArrayLike<number>, dy: ArrayLike<number>): Float64Array {
  const dx = new Float64Array(imageSize(g)),
    cells = g.h * g.w;
  for (let out = 0; out < outputSize(g); out++) {
    const a = argmax[out],
      b = Math.floor(out / (g.c * g.ow * g.oh));
    if (Number.isInteger(a) && a >= 0 && a < cells) dx[(b * cells + a) * g.c + (out % g.c)] += dy[out];
  }
  return dx;
}

/** The number of window cells inside the image, per output element. */
function windowCounts(g: Geometry): Float64Array {
  const count = new Float64Array(outputSize(g));
  forEachWindowCell(g, (out) => count[out]++);
  return count;
}

export function avgPool64(g: Geometry, x: ArrayLike<number>): Float64Array {
  const sum = new Float64Array(outputSize(g)),
    count = windowCounts(g);
  forEachWindowCell(g, (out, input) => (sum[out] += x[input]));
  return sum.map((s, i) => (count[i] > 0 ? s / count[i] : 0));
}

export function avgPoolBackward64(g: Geometry, dy: ArrayLike<number>): Float64Array {
  const dx = new Float64Array(imageSize(g)),
    count = windowCounts(g);
  forEachWindowCell(g, (out, input) => (dx[input] += dy[out] / count[out]));
  return dx;
}

/** The most windows that share one input cell: a bound on the number of terms summed into it. */
function overlap(g: Geometry): number {
  return (
    Math.min(g.kh, Math.ceil((g.dh * (g.kh - 1) + 1) / g.sh)) *
    Math.min(g.kw, Math.ceil((g.dw * (g.kw - 1) + 1) / g.sw))
  );
}

/** A float32 sum of `terms` values of magnitude <= 1, against float64 (or another order: twice that). */
const sumTolerance = (terms: number, against: 'oracle' | 'backend'): Tolerance => ({
  atol: (against === 'oracle' ? 1 : 2) * terms * terms * U + 1e-7,
  rtol: 8 * U,
});

// The smallest geometry comes first: test/bad-arguments.test.ts breaks the first case of each kernel.
const CONV_GEOMETRIES: [string, Geometry][] = [
  ['1x1 kernel on a 1x1 image, one channel, batch 1', kerasGeometry([1, 1, 1, 1], [1, 1], [1, 1], [1, 1], 'valid')],
  [
    '1x1 stride 2 (a projection shortcut), 6x6x4, batch 2',
    kerasGeometry([2, 6, 6, 4], [1, 1], [2, 2], [1, 1], 'valid'),
  ],
  ['3x3 valid, 5x7x3, batch 2', kerasGeometry([2, 5, 7, 3], [3, 3], [1, 1], [1, 1], 'valid')],
  ['3x3 same stride 2, 7x5x1, batch 1', kerasGeometry([1, 7, 5, 1], [3, 3], [2, 2], [1, 1], 'same')],
  ['3x3 same dilation 2, 9x8x2, batch 3', kerasGeometry([3, 9, 8, 2], [3, 3], [1, 1], [2, 2], 'same')],
  ['2x2 same (the extra padding at the end), 5x5x3', kerasGeometry([2, 5, 5, 3], [2, 2], [1, 1], [1, 1], 'same')],
  ['5x5 same, larger than the 4x3x3 image', kerasGeometry([1, 4, 3, 3], [5, 5], [1, 1], [1, 1], 'same')],
  ['2x3 stride 2x1 dilation 1x2 same, 7x9x2', kerasGeometry([2, 7, 9, 2], [2, 3], [2, 1], [1, 2], 'same')],
  [
    'windows with no cell inside the image, 3x3x2',
    { n: 2, h: 3, w: 3, c: 2, kh: 2, kw: 2, sh: 1, sw: 1, dh: 1, dw: 1, padTop: 3, padLeft: 1, oh: 8, ow: 5 },
  ],
  ['3x3 same, 28x28x1, batch 3', kerasGeometry([3, 28, 28, 1], [3, 3], [1, 1], [1, 1], 'same')],
  ['3x3 same, 14x14x8, batch 2', kerasGeometry([2, 14, 14, 8], [3, 3], [1, 1], [1, 1], 'same')],
];

const POOL_GEOMETRIES: [string, Geometry][] = [
  ['1x1 pool on a 1x1 image, one channel, batch 1', kerasGeometry([1, 1, 1, 1], [1, 1], [1, 1], [1, 1], 'valid')],
  [
    '2x2 stride 2 valid on 5x7x3 (the last row and column dropped)',
    kerasGeometry([2, 5, 7, 3], [2, 2], [2, 2], [1, 1], 'valid'),
  ],
  ['3x3 stride 2 same on 7x5x1, batch 1', kerasGeometry([1, 7, 5, 1], [3, 3], [2, 2], [1, 1], 'same')],
  [
    '3x3 stride 1 same on 6x6x4 (overlapping windows), batch 3',
    kerasGeometry([3, 6, 6, 4], [3, 3], [1, 1], [1, 1], 'same'),
  ],
  ['2x2 stride 2 same on 5x5x2 (padding at the end only)', kerasGeometry([2, 5, 5, 2], [2, 2], [2, 2], [1, 1], 'same')],
  ['global 5x3 on 5x3x6, batch 2', kerasGeometry([2, 5, 3, 6], [5, 3], [1, 1], [1, 1], 'valid')],
  [
    'windows with no cell inside the image, 3x3x2',
    { n: 2, h: 3, w: 3, c: 2, kh: 2, kw: 2, sh: 1, sw: 1, dh: 1, dw: 1, padTop: 2, padLeft: 1, oh: 6, ow: 5 },
  ],
  ['2x2 stride 2 on 28x28x8, batch 4', kerasGeometry([4, 28, 28, 8], [2, 2], [2, 2], [1, 1], 'valid')],
];

function convCases(rng: Random): KernelCase[] {
  return CONV_GEOMETRIES.flatMap(([label, g]): KernelCase[] => [
    {
      kernel: 'im2col',
      label,
      buffers: { x: randomArray(rng, imageSize(g)), cols: nanArray(colsSize(g)) },
      outputs: ['cols'],
      run: (k, b) => k.im2col(...convArgs(g), b.x, b.cols),
      oracle: (b) => ({ outputs: { cols: im2col64(g, b.x) } }),
      oracleTolerance: EXACT,
      backendTolerance: EXACT,
    },
    {
      kernel: 'col2im',
      label,
      buffers: { cols: randomArray(rng, colsSize(g)), dx: nanArray(imageSize(g)) },
      outputs: ['dx'],
      run: (k, b) => k.col2im(...convArgs(g), b.cols, b.dx),
      oracle: (b) => ({ outputs: { dx: col2im64(g, b.cols) } }),
      oracleTolerance: sumTolerance(g.kh * g.kw, 'oracle'),
      backendTolerance: sumTolerance(g.kh * g.kw, 'backend'),
    },
  ]);
}

/** Values from {-inf, -1, 0, 1}, so windows hold ties, with the first window all -inf. */
function tiedImages(rng: Random, g: Geometry): Float32Array {
  const x = Float32Array.from({ length: imageSize(g) }, () => [-Infinity, -1, 0, 1][rng.int(4)]);
  for (let i = 0; i < g.kh; i++)
    for (let j = 0; j < g.kw; j++) x.fill(-Infinity, (i * g.w + j) * g.c, (i * g.w + j + 1) * g.c);
  return x;
}

/** Random images with NaN at a few cells. */
function imagesWithNaN(rng: Random, g: Geometry): Float32Array {
  const x = randomArray(rng, imageSize(g));
  for (let k = 0; k < 5; k++) x[rng.int(x.length)] = NaN;
  return x;
}

/**
 * The argmax maxPoolForward gives, with values it never gives at a few places: each must add nothing
 * (the empty window's -1, fractions, the first cell past the image, NaN, infinities and a huge value).
 */
function argmaxWithStrays(rng: Random, g: Geometry): Float32Array {
  const argmax = Float32Array.from(maxPool64(g, randomArray(rng, imageSize(g))).argmax);
  const strays = [-1, 0.5, 2.5, -0.5, g.h * g.w, NaN, Infinity, -Infinity, 1e30];
  if (argmax.length >= 2 * strays.length) strays.forEach((v, k) => (argmax[2 * k + 1] = v));
  return argmax;
}

function poolCases(rng: Random): KernelCase[] {
  const cases: KernelCase[] = [];
  for (const [label, g] of POOL_GEOMETRIES) {
    const terms = overlap(g),
      window = g.kh * g.kw;
    const inputs: [string, Float32Array][] = [[label, randomArray(rng, imageSize(g))]];
    if (imageSize(g) >= 16)
      inputs.push([`${label}, ties and -inf`, tiedImages(rng, g)], [`${label}, NaN`, imagesWithNaN(rng, g)]);
    for (const [name, x] of inputs) {
      cases.push({
        kernel: 'maxPoolForward',
        label: name,
        buffers: { x, y: nanArray(outputSize(g)), argmax: nanArray(outputSize(g)) },
        outputs: ['y', 'argmax'],
        run: (k, b) => k.maxPoolForward(...poolArgs(g), b.x, b.y, b.argmax),
        oracle: (b) => ({ outputs: maxPool64(g, b.x) }),
        oracleTolerance: EXACT,
        backendTolerance: EXACT,
      });
    }
    cases.push({
      kernel: 'maxPoolBackward',
      label,
      buffers: { argmax: argmaxWithStrays(rng, g), dy: randomArray(rng, outputSize(g)), dx: nanArray(imageSize(g)) },
      outputs: ['dx'],
      run: (k: Kernels, b: Buffers) => k.maxPoolBackward(g.n, g.h, g.w, g.c, g.oh, g.ow, b.argmax, b.dy, b.dx),
      oracle: (b) => ({ outputs: { dx: maxPoolBackward64(g, b.argmax, b.dy) } }),
      oracleTolerance: sumTolerance(terms, 'oracle'),
      backendTolerance: sumTolerance(terms, 'backend'),
    });
    cases.push({
      kernel: 'avgPoolForward',
      label,
      buffers: { x: randomArray(rng, imageSize(g)), y: nanArray(outputSize(g)) },
      outputs: ['y'],
      run: (k, b) => k.avgPoolForward(...poolArgs(g), b.x, b.y),
      oracle: (b) => ({ outputs: { y: avgPool64(g, b.x) } }),
      // js sums in float64 and rounds once; another backend may sum the window in float32.
      oracleTolerance: { atol: 1e-7, rtol: 2 * U },
      backendTolerance: { atol: window * U + 1e-7, rtol: 8 * U },
    });
    cases.push({
      kernel: 'avgPoolBackward',
      label,
      buffers: { dy: randomArray(rng, outputSize(g)), dx: nanArray(imageSize(g)) },
      outputs: ['dx'],
      run: (k, b) => k.avgPoolBackward(...poolArgs(g), b.dy, b.dx),
      oracle: (b) => ({ outputs: { dx: avgPoolBackward64(g, b.dy) } }),
      oracleTolerance: sumTolerance(terms, 'oracle'),
      backendTolerance: sumTolerance(terms, 'backend'),
    });
  }
  return cases;
}

/** Every convolution and pooling case. */
export function convolutionCases(rng: Random): KernelCase[] {
  return [...convCases(rng), ...poolCases(rng)];
}
