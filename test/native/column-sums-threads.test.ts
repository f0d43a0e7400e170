// The bias gradients of the native backend (biasGrad, and activationBiasBackward's dbias with its dx) on the
// shapes of convolution layers: many rows (batch * height * width) and few columns (channels). Those are
// split over the pool by rows, in fixed blocks whose float64 partial sums are added in block order
// (native/parallel.h, column_sums_in_blocks); wide matrices are split by columns. Either way the result
// must not depend on the thread count, and each dbias must be the float64 column sum rounded once.
import { afterAll, describe, expect, it } from 'vitest';
import { ACTIVATIONS } from '../../src/backends/manifest.js';
import { Random } from '../../src/random.js';
import { loadNative } from './load.js';

const { native, reason } = await loadNative();
const levels = native ? native.addon.isaSupported().split(',') : [];
const initialIsa = native?.addon.isa();
const initialThreads = native?.addon.threads();

// [rows, cols]: a first convolution's 32 channels, a second's 64, one column, a width just below the column
// split, one block plus a row, and a wide matrix split by columns.
const shapes: [number, number][] = [
  [20_000, 32],
  [7_744, 64],
  [40_000, 1],
  [1_100, 127],
  [16_385, 8],
  [1_100, 256],
];

function values(rng: Random, n: number): Float32Array {
  return Float32Array.from({ length: n }, () => rng.nextUint32() / 2 ** 32 - 0.5);
}

// The float64 sum of each column (rows in order), as the kernels' result before its one rounding.
function columnSums(rows: number, cols: number, m: Float32Array): Float64Array {
  const sums = new Float64Array(cols);
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) sums[c] += m[r * cols + c];
  return sums;
}

// |dbias - sum| within one float32 rounding of the sum, plus float64 rounding over `rows` additions.
function expectRoundedSums(dbias: Float32Array, sums: Float64Array, rows: number, label: string): void {
  sums.forEach((s, c) => {
    const bound = Math.abs(s) * 2 ** -24 + rows * 2 ** -52 * rows + 1e-30;
    expect(Math.abs(dbias[c] - s), `${label} column ${c}`).toBeLessThanOrEqual(bound);
  });
}

// A matrix whose float64 column sums depend on the order of the additions: each column holds 2^60 in its
// first row, -2^60 in its last and small integers between. Added in row order the small ones vanish
// beside 2^60 (its float64 spacing is 256); summed in blocks they survive in the blocks without 2^60. So
// equal bits at every thread count show that the blocks do not depend on it.
function cancelling(rows: number, cols: number): Float32Array {
  const m = new Float32Array(rows * cols);
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) m[r * cols + c] = 1 + ((r + c) % 7);
  for (let c = 0; c < cols; c++) {
    m[c] = 2 ** 60;
    m[(rows - 1) * cols + c] = -(2 ** 60);
  }
  return m;
}

describe.skipIf(!native)(`native bias gradients over threads${native ? '' : ` (skipped: ${reason})`}`, () => {
  afterAll(() => {
    if (initialIsa) native!.addon.selectIsa(initialIsa);
    if (initialThreads) native!.addon.setThreads(initialThreads);
  });

  describe.each(levels)('%s', (level) => {
    it('biasGrad: 1, 2 and 3 threads give the same bits, the float64 column sums rounded once', () => {
      const a = native!.addon;
      a.selectIsa(level);
      const rng = new Random(5);
      for (const [rows, cols] of shapes) {
        const dy = values(rng, rows * cols);
        const outs = [1, 2, 3].map((t) => {
          a.setThreads(t);
          const dbias = new Float32Array(cols);
          a.biasGrad(rows, cols, dy, dbias);
          return dbias;
        });
        const label = `${level} ${rows}x${cols}`;
        expect(outs[1], label).toEqual(outs[0]);
        expect(outs[2], label).toEqual(outs[0]);
        expectRoundedSums(outs[0], columnSums(rows, cols, dy), rows, label);
        const order = [1, 2, 3].map((t) => {
          a.setThreads(t);
          const dbias = new Float32Array(cols);
          a.biasGrad(rows, cols, cancelling(rows, cols), dbias);
          return dbias;
        });
        expect(order[1], `${label}, cancelling`).toEqual(order[0]);
        expect(order[2], `${label}, cancelling`).toEqual(order[0]);
      }
    });

    it('activationBiasBackward (relu, sigmoid; dx over dy too): the same bits at 1, 2 and 3 threads', () => {
      const a = native!.addon;
      a.selectIsa(level);
      const rng = new Random(6);
      for (const [rows, cols] of shapes) {
        const n = rows * cols;
        const x = values(rng, n),
          dy = values(rng, n);
        for (const kind of [ACTIVATIONS.relu, ACTIVATIONS.sigmoid]) {
          const y = kind === ACTIVATIONS.relu ? x.map((v) => Math.max(0, v)) : x.map((v) => 1 / (1 + Math.exp(-v)));
          const outs = [1, 2, 3].map((t) => {
            a.setThreads(t);
            const dx = new Float32Array(n),
              dbias = new Float32Array(cols);
            a.activationBiasBackward(kind, rows, cols, 0, x, y, dy, dx, dbias);
            // dx may be dy itself: the same values.
            const inPlace = Float32Array.from(dy),
              dbiasInPlace = new Float32Array(cols);
            a.activationBiasBackward(kind, rows, cols, 0, x, y, inPlace, inPlace, dbiasInPlace);
            expect(inPlace).toEqual(dx);
            expect(dbiasInPlace).toEqual(dbias);
            return { dx, dbias };
          });
          const label = `${level} kind ${kind} ${rows}x${cols}`;
          for (const o of outs.slice(1)) {
            expect(o.dx, label).toEqual(outs[0].dx);
            expect(o.dbias, label).toEqual(outs[0].dbias);
          }
          expectRoundedSums(outs[0].dbias, columnSums(rows, cols, outs[0].dx), rows, label);
        }
        // relu passes dy where x > 0: the sums of the cancelling matrix.
        const ones = new Float32Array(n).fill(1),
          dyCancelling = cancelling(rows, cols);
        const order = [1, 2, 3].map((t) => {
          a.setThreads(t);
          const dbias = new Float32Array(cols);
          a.activationBiasBackward(
            ACTIVATIONS.relu,
            rows,
            cols,
            0,
            ones,
            ones,
            dyCancelling,
            new Float32Array(n),
            dbias,
          );
          return dbias;
        });
        expect(order[1], `${level} ${rows}x${cols}, cancelling`).toEqual(order[0]);
        expect(order[2], `${level} ${rows}x${cols}, cancelling`).toEqual(order[0]);
      }
    });
  });
});
