// The native convolution and pooling kernels under valid but hostile arguments: strides, dilations,
// padding and pooling windows up to 2^31 - 1 (the largest size the manifest admits), images smaller than
// a window, outputs whose windows lie wholly in the padding, a zero size beside huge ones, and max-pooling
// argmax values that maxPoolForward never writes (fractions, negatives, h * w and beyond, NaN, infinities).
// Every buffer is a view into a larger array whose floats on both sides hold a sentinel: the call must
// leave those and its inputs untouched, return at once when a zero size leaves nothing to do, and give
// the js reference's bits where the reference itself can run. Part of the sanitizer run as well.
import { describe, expect, it } from 'vitest';
import { Random } from '../../src/random.js';
import * as jsConv from '../../src/backends/js/conv.js';
import * as jsPool from '../../src/backends/js/pool.js';
import type { Geometry } from '../conv-kernel-cases.js';
import { loadNative } from './load.js';

const { native, reason } = await loadNative();

const HUGE = 2 ** 31 - 1;
const GUARD = 64; // sentinel floats on each side of a buffer
const SENTINEL = 12345.5;

/** A buffer of `length` floats in the middle of a larger array whose other floats hold the sentinel. */
function guarded(length: number, fill: (i: number) => number): Float32Array {
  const whole = new Float32Array(length + 2 * GUARD).fill(SENTINEL);
  const view = whole.subarray(GUARD, GUARD + length);
  for (let i = 0; i < length; i++) view[i] = fill(i);
  return view;
}

/** Whether the floats around a guarded buffer still hold the sentinel. */
function guardsIntact(view: Float32Array): boolean {
  const whole = new Float32Array(view.buffer);
  for (let i = 0; i < GUARD; i++) {
    if (whole[i] !== SENTINEL || whole[whole.length - 1 - i] !== SENTINEL) return false;
  }
  return true;
}

const sameBits = (a: Float32Array, b: Float32Array): boolean =>
  a.length === b.length && a.every((v, i) => Object.is(v, b[i]));

/**
 * A geometry whose buffers stay small: sizes in the buffer lengths are small, and the others (strides,
 * dilations, padding; the pooling window's size, which no length holds) are small or near 2^31.
 */
function hostileGeometry(rng: Random, pooling: boolean): Geometry {
  const small = (lo: number, hi: number): number => lo + rng.int(hi - lo + 1);
  const any = (lo: number, hi: number): number => {
    const r = rng.nextUint32() % 8;
    return r === 0 ? HUGE : r === 1 ? 2 ** 30 + small(0, 3) : small(lo, hi);
  };
  const kh = pooling ? any(1, 4) : small(1, 4),
    kw = pooling ? any(1, 4) : small(1, 4);
  return {
    n: small(1, 3),
    h: small(0, 7),
    w: small(0, 7),
    c: small(1, 9),
    kh,
    kw,
    sh: any(1, 3),
    sw: any(1, 3),
    dh: pooling ? 1 : any(1, 3),
    dw: pooling ? 1 : any(1, 3),
    padTop: any(0, 4),
    padLeft: any(0, 4),
    oh: small(0, 5),
    ow: small(0, 5),
  };
}

const convArgs = (g: Geometry) =>
  [g.n, g.h, g.w, g.c, g.kh, g.kw, g.sh, g.sw, g.dh, g.dw, g.padTop, g.padLeft, g.oh, g.ow] as const;
const poolArgs = (g: Geometry) =>
  [g.n, g.h, g.w, g.c, g.kh, g.kw, g.sh, g.sw, g.padTop, g.padLeft, g.oh, g.ow] as const;

/** An argmax value maxPoolForward may or may not have written, for an image of `cells` cells. */
function untrustedArgmax(rng: Random, cells: number): number {
  const specials = [
    -1,
    -0,
    0.5,
    cells,
    cells + 0.5,
    cells * 2,
    2 ** 24,
    2 ** 31,
    1e38,
    -1e38,
    NaN,
    Infinity,
    -Infinity,
  ];
  return rng.nextUint32() % 3 === 0
    ? specials[rng.nextUint32() % specials.length]
    : rng.nextUint32() % Math.max(cells, 1);
}

describe.skipIf(!native)(
  `native convolution and pooling at hostile geometry${native ? '' : ` (skipped: ${reason})`}`,
  () => {
    it('im2col and col2im stay inside their buffers and match the js reference', () => {
      const rng = new Random(20261126);
      for (let t = 0; t < 400; t++) {
        const g = hostileGeometry(rng, false);
        const image = g.n * g.h * g.w * g.c,
          cols = g.n * g.oh * g.ow * g.kh * g.kw * g.c;
        const x = guarded(image, () => rng.uniform(-1, 1));
        const xCopy = Float32Array.from(x);
        const out = guarded(cols, () => NaN);
        native!.im2col(...convArgs(g), x, out);
        const want = new Float32Array(cols);
        jsConv.im2col(...convArgs(g), xCopy, want);
        expect(guardsIntact(out) && guardsIntact(x), `im2col ${JSON.stringify(g)}`).toBe(true);
        expect(sameBits(x, xCopy) && sameBits(out, want), `im2col ${JSON.stringify(g)}`).toBe(true);

        const dcols = guarded(cols, () => rng.uniform(-1, 1));
        const dx = guarded(image, () => NaN);
        native!.col2im(...convArgs(g), dcols, dx);
        const wantDx = new Float32Array(image);
        jsConv.col2im(...convArgs(g), Float32Array.from(dcols), wantDx);
        expect(guardsIntact(dx) && guardsIntact(dcols), `col2im ${JSON.stringify(g)}`).toBe(true);
        expect(sameBits(dx, wantDx), `col2im ${JSON.stringify(g)}`).toBe(true);
      }
    });

    it('pooling stays inside its buffers and matches the js reference, whatever argmax holds', () => {
      const rng = new Random(20261127);
      for (let t = 0; t < 400; t++) {
        const g = hostileGeometry(rng, true);
        const image = g.n * g.h * g.w * g.c,
          outputs = g.n * g.oh * g.ow * g.c;
        const x = guarded(image, () => rng.uniform(-1, 1));
        const y = guarded(outputs, () => NaN),
          argmax = guarded(outputs, () => NaN);
        native!.maxPoolForward(...poolArgs(g), x, y, argmax);
        const wantY = new Float32Array(outputs),
          wantArgmax = new Float32Array(outputs);
        jsPool.maxPoolForward(...poolArgs(g), Float32Array.from(x), wantY, wantArgmax);
        const where = JSON.stringify(g);
        expect(guardsIntact(y) && guardsIntact(argmax), `maxPoolForward ${where}`).toBe(true);
        expect(sameBits(y, wantY) && sameBits(argmax, wantArgmax), `maxPoolForward ${where}`).toBe(true);

        const hostile = guarded(outputs, () => untrustedArgmax(rng, g.h * g.w));
        const dy = guarded(outputs, () => rng.uniform(-1, 1));
        const dx = guarded(image, () => NaN);
        native!.maxPoolBackward(g.n, g.h, g.w, g.c, g.oh, g.ow, hostile, dy, dx);
        const wantDx = new Float32Array(image);
        jsPool.maxPoolBackward(g.n, g.h, g.w, g.c, g.oh, g.ow, Float32Array.from(hostile), dy, wantDx);
        expect(guardsIntact(dx), `maxPoolBackward ${where}`).toBe(true);
        expect(sameBits(dx, wantDx), `maxPoolBackward ${where}`).toBe(true);

        native!.avgPoolForward(...poolArgs(g), x, y);
        jsPool.avgPoolForward(...poolArgs(g), Float32Array.from(x), wantY);
        expect(guardsIntact(y) && sameBits(y, wantY), `avgPoolForward ${where}`).toBe(true);
        native!.avgPoolBackward(...poolArgs(g), dy, dx);
        jsPool.avgPoolBackward(...poolArgs(g), dy, wantDx);
        expect(guardsIntact(dx) && sameBits(dx, wantDx), `avgPoolBackward ${where}`).toBe(true);
      }
    });

    it('a zero size beside sizes of 2^31 - 1 touches nothing and returns at once', () => {
      const empty = guarded(0, () => 0);
      const H = HUGE;
      // A kernel that looped over the 2^62 or more windows these sizes name would not end: the test's timeout.
      // No channels: every buffer is empty, however many images, rows and windows the other sizes name.
      native!.im2col(H, H, H, 0, H, H, H, H, H, H, H, H, H, H, empty, empty);
      native!.col2im(H, H, H, 0, H, H, H, H, H, H, H, H, H, H, empty, empty);
      native!.maxPoolForward(H, H, H, 0, H, H, H, H, H, H, H, H, empty, empty, empty);
      native!.maxPoolBackward(H, H, H, 0, H, H, empty, empty, empty);
      native!.avgPoolForward(H, H, H, 0, H, H, H, H, H, H, H, H, empty, empty);
      native!.avgPoolBackward(H, H, H, 0, H, H, H, H, H, H, H, H, empty, empty);
      // No output columns: cols and y are empty, x is not; backward passes still zero dx.
      const x = guarded(6, (i) => i + 1);
      native!.im2col(1, 2, 3, 1, H, H, 1, 1, 1, 1, 0, 0, H, 0, x, empty);
      const dx = guarded(6, () => NaN);
      native!.col2im(1, 2, 3, 1, H, H, 1, 1, 1, 1, 0, 0, H, 0, empty, dx);
      expect(Array.from(dx)).toEqual([0, 0, 0, 0, 0, 0]);
      dx.fill(NaN);
      native!.avgPoolBackward(1, 2, 3, 1, H, H, H, H, H, H, H, 0, empty, dx);
      expect(Array.from(dx)).toEqual([0, 0, 0, 0, 0, 0]);
      expect(guardsIntact(x) && guardsIntact(dx) && guardsIntact(empty)).toBe(true);
    });
  },
);
