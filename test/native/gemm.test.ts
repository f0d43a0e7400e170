// The packed, blocked GEMM against the naive triple loop (double accumulation) in the same addon, at every
// instruction-set level: all four transpose cases, edge sizes around the register tiles and cache
// blocks, alpha/beta, beta = 0 never reading C, subarray views read in place, and thread splits.
import { afterAll, describe, expect, it } from 'vitest';
import { Random } from '../../src/random.js';
import { loadNative } from './load.js';

const { native, reason } = await loadNative();
const levels = native ? native.addon.isaSupported().split(',') : [];
const initial = native?.addon.isa();
const U = 2 ** -24;

function random(rng: Random, n: number): Float32Array {
  return Float32Array.from({ length: n }, () => rng.nextUint32() / 2 ** 32 - 0.5);
}

// |error| <= k * 2u * sum |a||b| bounds float32 dot products in any order; sum |a||b| <= k / 4 here.
function tolerance(k: number, alpha: number): number {
  return 2 * k * U * (k / 4) * Math.abs(alpha) + 1e-6;
}

describe.skipIf(!native)(`native gemm${native ? '' : ` (skipped: ${reason})`}`, () => {
  afterAll(() => {
    if (initial) native!.addon.selectIsa(initial);
    native!.addon.setThreads(native!.addon.threads());
  });

  const shapes: [number, number, number][] = [
    [1, 1, 1],
    [1, 17, 3],
    [17, 1, 5],
    [5, 7, 1],
    [6, 16, 8],
    [7, 17, 33],
    [13, 31, 257],
    [65, 33, 300],
    [145, 50, 260],
    [32, 10, 784],
    [64, 128, 256],
    [300, 40, 17],
  ];

  it.each(levels)('%s: matches the naive loop on every transpose case and edge shape', (level) => {
    const a = native!.addon;
    a.selectIsa(level);
    const rng = new Random(11);
    for (const [m, n, k] of shapes) {
      for (const [ta, tb] of [
        [false, false],
        [true, false],
        [false, true],
        [true, true],
      ] as const) {
        for (const [alpha, beta] of [
          [1, 0],
          [0.5, 2],
          [-1.5, 1],
        ]) {
          const A = random(rng, m * k),
            B = random(rng, k * n),
            C0 = random(rng, m * n);
          const fast = C0.slice(),
            slow = C0.slice();
          a.gemm(ta, tb, m, n, k, alpha, A, B, beta, fast);
          a.gemmReference(ta, tb, m, n, k, alpha, A, B, beta, slow);
          const tol = tolerance(k, alpha) + Math.abs(beta) * 4 * U;
          for (let i = 0; i < m * n; i++) {
            if (!(Math.abs(fast[i] - slow[i]) <= tol)) {
              expect.fail(
                `${level} ${ta ? 'T' : 'N'}${tb ? 'T' : 'N'} ${m}x${n}x${k} alpha ${alpha} beta ${beta}: C[${i}] = ${fast[i]}, naive ${slow[i]}`,
              );
            }
          }
        }
      }
    }
  });

  // Operands too large to read in place are packed (native/simd/gemm_pack.inl): op(A) of more than
  // 128 Ki floats per k block with more than four column panels (n > 128 covers the avx512 tile), several
  // k blocks (k > 256) and blocks of m (MC = 144), with partial register tiles at the end of m and of n.
  it.each(levels)('%s: packed operands match the naive loop on every transpose case', (level) => {
    const a = native!.addon;
    a.selectIsa(level);
    // One thread: a thread's piece of rows could be small enough to read in place.
    const before = a.threads();
    a.setThreads(1);
    const rng = new Random(16);
    for (const [m, n, k] of [
      [601, 150, 300],
      [785, 260, 300],
    ] as const) {
      const A = random(rng, m * k),
        B = random(rng, k * n),
        C0 = random(rng, m * n);
      for (const [ta, tb] of [
        [false, false],
        [true, false],
        [false, true],
        [true, true],
      ] as const) {
        const fast = C0.slice(),
          slow = C0.slice();
        a.gemm(ta, tb, m, n, k, 0.5, A, B, 2, fast);
        a.gemmReference(ta, tb, m, n, k, 0.5, A, B, 2, slow);
        const tol = tolerance(k, 0.5) + 2 * 4 * U;
        for (let i = 0; i < m * n; i++) {
          if (!(Math.abs(fast[i] - slow[i]) <= tol)) {
            expect.fail(
              `${level} ${ta ? 'T' : 'N'}${tb ? 'T' : 'N'} ${m}x${n}x${k}: C[${i}] = ${fast[i]}, naive ${slow[i]}`,
            );
          }
        }
      }
    }
    a.setThreads(before);
  });

  it('beta = 0 overwrites C without reading it; k = 0 scales C by beta', () => {
    const a = native!.addon;
    const m = 9,
      n = 20,
      k = 11,
      rng = new Random(3);
    const A = random(rng, m * k),
      B = random(rng, k * n);
    const C = new Float32Array(m * n).fill(NaN),
      R = new Float32Array(m * n);
    a.gemm(false, false, m, n, k, 1, A, B, 0, C);
    a.gemmReference(false, false, m, n, k, 1, A, B, 0, R);
    expect(C.every((v) => Number.isFinite(v))).toBe(true);
    const D = new Float32Array(m * n).fill(3);
    a.gemm(false, false, m, n, 0, 1, new Float32Array(0), new Float32Array(0), 0.5, D);
    expect(D.every((v) => v === 1.5)).toBe(true);
  });

  it('reads subarray views in place (byteOffset honoured) and writes only C', () => {
    const a = native!.addon;
    const m = 10,
      n = 12,
      k = 14,
      rng = new Random(5);
    const memory = random(rng, 1000);
    const A = memory.subarray(3, 3 + m * k),
      B = memory.subarray(200, 200 + k * n);
    const outer = new Float32Array(m * n + 10).fill(9);
    const C = outer.subarray(5, 5 + m * n);
    const R = new Float32Array(m * n);
    a.gemm(false, false, m, n, k, 1, A, B, 0, C);
    a.gemmReference(false, false, m, n, k, 1, A.slice(), B.slice(), 0, R);
    for (let i = 0; i < m * n; i++) expect(Math.abs(C[i] - R[i])).toBeLessThan(tolerance(k, 1));
    expect([...outer.subarray(0, 5), ...outer.subarray(5 + m * n)]).toEqual(new Array(10).fill(9));
  });

  // Rows left after the whole MR-tall register tiles run zero-padded in one more tile or as 4-row tiles
  // (native/simd/gemm_kernel.inl), depending on m: every m from 5 (past the few-rows kernel) to 39 puts
  // the first rows in a different tiling, and each element must come out the same.
  it.each(levels)('%s: the first rows of a product are bit for bit those rows computed alone', (level) => {
    const a = native!.addon;
    a.selectIsa(level);
    const rng = new Random(15);
    const rows = 40;
    for (const [n, k] of [
      [256, 300],
      [10, 128],
      [33, 17],
    ] as const) {
      for (const [ta, tb] of [
        [false, false],
        [true, false],
        [false, true],
        [true, true],
      ] as const) {
        const A = random(rng, rows * k),
          B = random(rng, k * n);
        const whole = new Float32Array(rows * n);
        a.gemm(ta, tb, rows, n, k, 1, A, B, 0, whole);
        for (let m = 5; m < rows; m++) {
          // The first m rows of op(A): a prefix of A's rows, or the first m columns of a transposed A (k x rows).
          const Am = ta
            ? Float32Array.from({ length: k * m }, (_, i) => A[Math.floor(i / m) * rows + (i % m)])
            : A.slice(0, m * k);
          const part = new Float32Array(m * n);
          a.gemm(ta, tb, m, n, k, 1, Am, B, 0, part);
          const same = Buffer.from(part.buffer).equals(Buffer.from(whole.buffer, 0, m * n * 4));
          expect(same, `${level} ${ta ? 'T' : 'N'}${tb ? 'T' : 'N'} m=${m} n=${n} k=${k}`).toBe(true);
        }
      }
    }
  });

  it('1, 2 and 3 threads give bit-identical results on shapes split by rows, by columns and along k', () => {
    const a = native!.addon;
    const before = a.threads();
    const rng = new Random(9);
    // Then two training shapes of a 784-256-128 layer pair at batch 128 (split by columns), and two with few
    // outputs and a long k (split along k: see longKShapes).
    for (const [m, n, k] of [
      [512, 64, 300],
      [40, 700, 200],
      [257, 259, 129],
      [128, 256, 784],
      [128, 256, 128],
      [9, 32, 20000],
      [3, 40, 9000],
    ] as const) {
      const A = random(rng, m * k),
        B = random(rng, k * n);
      for (const [transA, transB] of [
        [false, false],
        [true, false],
        [false, true],
        [true, true],
      ] as const) {
        const outs = [1, 2, 3].map((t) => {
          a.setThreads(t);
          const C = new Float32Array(m * n);
          a.gemm(transA, transB, m, n, k, 1, A, B, 0, C);
          return Buffer.from(C.buffer);
        });
        const shape = `${m}x${n}x${k} transA ${transA} transB ${transB}`;
        expect(outs[1].equals(outs[0]) && outs[2].equals(outs[0]), shape).toBe(true);
      }
    }
    a.setThreads(before);
  });
  // Few outputs over a long k (a convolution's kernel gradient) are summed in blocks of 4,096 terms of k
  // (native/gemm.cc): five blocks, the last one partial, on the packed kernel and on the few-row kernel.
  const longKShapes: [number, number, number][] = [
    [9, 32, 20000],
    [3, 40, 9000],
  ];

  it.each(levels)('%s: products split along k match the naive loop, and beta = 0 never reads C', (level) => {
    const a = native!.addon;
    a.selectIsa(level);
    const rng = new Random(15);
    for (const [m, n, k] of longKShapes) {
      for (const [ta, tb] of [
        [false, false],
        [true, false],
        [false, true],
        [true, true],
      ] as const) {
        for (const [alpha, beta] of [
          [1, 0],
          [-1.5, 0.5],
        ]) {
          const A = random(rng, m * k),
            B = random(rng, k * n),
            C0 = random(rng, m * n);
          const fast = beta === 0 ? new Float32Array(m * n).fill(NaN) : C0.slice(),
            slow = C0.slice(),
            magnitude = new Float32Array(m * n);
          a.gemm(ta, tb, m, n, k, alpha, A, B, beta, fast);
          a.gemmReference(ta, tb, m, n, k, alpha, A, B, beta, slow);
          // sum |a||b| of each output: a float32 sum in any order errs by at most k u times it, and by far
          // less in practice; a tenth of that still fails when a block of k is lost or counted twice.
          a.gemmReference(ta, tb, m, n, k, 1, A.map(Math.abs), B.map(Math.abs), 0, magnitude);
          for (let i = 0; i < m * n; i++) {
            const tol = (k * U * (Math.abs(alpha) * magnitude[i] + Math.abs(beta * C0[i]))) / 10;
            if (!(Math.abs(fast[i] - slow[i]) <= tol)) {
              const at = `${level} ${ta ? 'T' : 'N'}${tb ? 'T' : 'N'} ${m}x${n}x${k} alpha ${alpha} beta ${beta}`;
              expect.fail(`${at}: C[${i}] = ${fast[i]}, naive ${slow[i]}, tolerance ${tol}`);
            }
          }
        }
      }
    }
  });

  // A few rows of C take their own kernel (native/simd/gemm_small_m.inl: m <= 4, B streamed unpacked).
  const fewRowShapes: [number, number, number][] = [
    [1, 1, 1],
    [1, 7, 3],
    [2, 17, 31],
    [3, 33, 257],
    [4, 130, 65],
    [1, 257, 300],
    [3, 41, 513],
    [1, 256, 784],
    [2, 10, 128],
    [5, 19, 23],
  ];

  it.each(levels)('%s: a few rows (m <= 4) match the naive loop on every transpose case', (level) => {
    const a = native!.addon;
    a.selectIsa(level);
    const rng = new Random(12);
    for (const [m, n, k] of fewRowShapes) {
      for (const [ta, tb] of [
        [false, false],
        [true, false],
        [false, true],
        [true, true],
      ] as const) {
        for (const [alpha, beta] of [
          [1, 0],
          [0.5, 2],
          [-1.5, 1],
        ]) {
          const A = random(rng, m * k),
            B = random(rng, k * n),
            C0 = random(rng, m * n);
          const fast = beta === 0 ? new Float32Array(m * n).fill(NaN) : C0.slice(),
            slow = C0.slice();
          a.gemm(ta, tb, m, n, k, alpha, A, B, beta, fast);
          a.gemmReference(ta, tb, m, n, k, alpha, A, B, beta, slow);
          const tol = tolerance(k, alpha) + Math.abs(beta) * 4 * U;
          for (let i = 0; i < m * n; i++) {
            if (!(Math.abs(fast[i] - slow[i]) <= tol)) {
              const at = `${level} ${ta ? 'T' : 'N'}${tb ? 'T' : 'N'} ${m}x${n}x${k} alpha ${alpha} beta ${beta}`;
              expect.fail(`${at}: C[${i}] = ${fast[i]}, naive ${slow[i]}`);
            }
          }
        }
      }
    }
  });

  it.each(levels)(
    '%s: rows computed alone are bit for bit the same rows of a 7-row product (B untransposed)',
    (level) => {
      const a = native!.addon;
      a.selectIsa(level);
      const rng = new Random(13);
      const rows = 7;
      for (const [n, k] of [
        [256, 784],
        [10, 128],
        [33, 300],
        [1, 17],
        // More columns than one chunk of the streamed kernel's accumulators (512), with a tail of 4.
        [1100, 301],
      ] as const) {
        for (const transA of [false, true]) {
          const A = random(rng, rows * k),
            B = random(rng, k * n),
            C0 = random(rng, rows * n);
          const whole = C0.slice();
          a.gemm(transA, false, rows, n, k, 0.5, A, B, 2, whole);
          for (let m = 1; m <= 4; m++) {
            // The first m rows of op(A): a prefix of A's rows, or the first m columns of a transposed A (k x rows).
            const Am = transA
              ? Float32Array.from({ length: k * m }, (_, i) => A[Math.floor(i / m) * rows + (i % m)])
              : A.slice(0, m * k);
            const part = C0.slice(0, m * n);
            a.gemm(transA, false, m, n, k, 0.5, Am, B, 2, part);
            const same = Buffer.from(part.buffer).equals(Buffer.from(whole.buffer, 0, m * n * 4));
            expect(same, `${level} ${transA ? 'TN' : 'NN'} m=${m} n=${n} k=${k}`).toBe(true);
          }
        }
      }
    },
  );

  it('a few rows split between 1, 2 and 3 threads give bit-identical results', () => {
    const a = native!.addon;
    const before = a.threads();
    const rng = new Random(14);
    for (const [m, n, k, tb] of [
      [2, 3000, 400, false],
      [3, 2500, 300, true],
    ] as const) {
      const A = random(rng, m * k),
        B = random(rng, k * n);
      const outs = [1, 2, 3].map((t) => {
        a.setThreads(t);
        const C = new Float32Array(m * n);
        a.gemm(false, tb, m, n, k, 1, A, B, 0, C);
        return Buffer.from(C.buffer);
      });
      expect(outs[1].equals(outs[0]) && outs[2].equals(outs[0]), `${m}x${n}x${k}`).toBe(true);
    }
    a.setThreads(before);
  });
});
