// Convolution and pooling at the far ends of their argument ranges, on every backend against js. Only the
// buffer lengths bound the sizes, so stride, dilation, padding and the pool window may each be up to
// 2^31 - 1: products such as oy * sh wrap in 32-bit arithmetic and then point inside the image when the
// true cell is far outside it, and a pool window that large cannot be walked cell by cell. argmax is
// untrusted input. Each buffer sits between two fences of sentinels in one allocation of the backend
// (wasm: in its linear memory; native: the same ArrayBuffer), so a write past either end shows.
import { describe, expect, it } from 'vitest';
import type { Backend } from '../src/backends/contract.js';
import { createJsBackend } from '../src/backends/js/index.js';
import { backendsUnderTest, expectClose, Random, randomArray } from './harness.js';

const BIG = 2 ** 31 - 1;
const FENCE = 64;
const SENTINEL = 12345.5;

interface Case {
  label: string;
  kernel: 'im2col' | 'col2im' | 'maxPoolForward' | 'maxPoolBackward' | 'avgPoolForward' | 'avgPoolBackward';
  sizes: number[];
  /** Each buffer argument in order: its length, and its values (inputs) or undefined (outputs). */
  buffers: { length: number; values?: Float32Array }[];
}

const random = new Random(31);
const input = (length: number): { length: number; values: Float32Array } => ({
  length,
  values: randomArray(random, length),
});
const output = (length: number): { length: number } => ({ length });

// A dilation of 2^31 - 1: the third kernel row is at oy * 3 + 2 * (2^31 - 1), which wraps to oy * 3 - 2
// in int32 (row 1 for oy = 1) but is far below the image.
const dilated = [1, 4, 4, 2, 3, 1, 3, 1, BIG, 1, 0, 0, 2, 4];
// Strides of 2^31 - 1: the third output's window starts at 2 * (2^31 - 1), -2 in int32 (inside a 4 x 4 window).
const strided = [1, 4, 4, 3, 4, 4, BIG, BIG, 0, 0, 3, 3];
// A pool window of 2^31 - 1 cells each way: oy + ph passes 2^31.
const hugeWindow = [2, 3, 4, 5, BIG, BIG, 1, 1, 0, 0, 2, 3];
// Padding of 2^31 - 1 with strides of 2^31 - 1: only the second output's window reaches the image.
const hugePadding = [1, 3, 3, 2, 2, 3, BIG, BIG, BIG, BIG, 3, 2];

const pool = (g: number[]): { image: number; pooled: number } => ({
  image: g[0] * g[1] * g[2] * g[3],
  pooled: g[0] * g[10] * g[11] * g[3],
});

const CASES: Case[] = [
  { label: 'dilation 2^31 - 1', kernel: 'im2col', sizes: dilated, buffers: [input(32), output(2 * 4 * 3 * 2)] },
  { label: 'dilation 2^31 - 1', kernel: 'col2im', sizes: dilated, buffers: [input(2 * 4 * 3 * 2), output(32)] },
  ...[strided, hugeWindow, hugePadding].flatMap((g, i): Case[] => {
    const label = ['strides 2^31 - 1', 'window 2^31 - 1', 'padding and strides 2^31 - 1'][i];
    const { image, pooled } = pool(g);
    return [
      { label, kernel: 'maxPoolForward', sizes: g, buffers: [input(image), output(pooled), output(pooled)] },
      { label, kernel: 'avgPoolForward', sizes: g, buffers: [input(image), output(pooled)] },
      { label, kernel: 'avgPoolBackward', sizes: g, buffers: [input(pooled), output(image)] },
    ];
  }),
  {
    label: 'argmax values not from maxPoolForward',
    kernel: 'maxPoolBackward',
    sizes: [1, 3, 3, 2, 2, 2],
    buffers: [
      { length: 8, values: Float32Array.from([-1, NaN, Infinity, 1.5, 9, 8, -0, 2 ** 31]) },
      input(8),
      output(18),
    ],
  },
];

/** Runs a case on a backend, each buffer fenced; returns the outputs and whether every fence is intact. */
function run(backend: Backend, c: Case): { outputs: Float32Array[]; fencesIntact: boolean } {
  const device = c.buffers.map((b) => backend.allocate(FENCE + b.length + FENCE));
  try {
    // Views are taken after every allocation (an allocation may grow wasm memory and replace them).
    const whole = device.map((d) => d.data);
    const views = c.buffers.map((b, i) => {
      whole[i].fill(SENTINEL);
      const view = whole[i].subarray(FENCE, FENCE + b.length);
      view.set(b.values ?? new Float32Array(b.length).fill(NaN));
      return view;
    });
    (backend[c.kernel] as (...args: unknown[]) => void)(...c.sizes, ...views);
    const fencesIntact = whole.every((all, i) => {
      const end = FENCE + c.buffers[i].length;
      return all.subarray(0, FENCE).every((v) => v === SENTINEL) && all.subarray(end).every((v) => v === SENTINEL);
    });
    const outputs = views.flatMap((view, i) => (c.buffers[i].values ? [] : [Float32Array.from(view)]));
    return { outputs, fencesIntact };
  } finally {
    for (const d of device) d.free();
  }
}

const js = createJsBackend();
const backends = await backendsUnderTest();

describe.each(backends.map((b) => [b.name, b] as const))('%s', (_, backend) => {
  it.each(CASES.map((c) => [`${c.kernel}, ${c.label}`, c] as const))('%s', (__, c) => {
    const actual = run(backend, c);
    expect(actual.fencesIntact, 'every sentinel around the buffers is intact').toBe(true);
    const expected = run(js, c);
    // Copies and maxima are exact; averages sum a few float32 values in float64 (native may order them by vector).
    expected.outputs.forEach((e, i) =>
      expectClose(actual.outputs[i], e, { atol: 1e-6, rtol: 2 ** -22 }, `${c.kernel} output ${i}`),
    );
  });
});

describe('what js gives at these edges', () => {
  it('a window that only padding or wrapping would reach is empty; a huge one covers the image', () => {
    const c = CASES.find((k) => k.kernel === 'maxPoolForward' && k.label === 'strides 2^31 - 1') as Case;
    const [y, argmax] = run(js, c).outputs;
    // Output (0, 0) covers the whole 4 x 4 image; every other window starts 2^31 - 1 cells away.
    expect(Array.from(argmax.subarray(3))).toEqual(new Array(argmax.length - 3).fill(-1));
    expect(Array.from(y.subarray(3))).toEqual(new Array(y.length - 3).fill(0));
    expect(Array.from(argmax.subarray(0, 3)).every((a) => a >= 0 && a < 16)).toBe(true);
  });
});
