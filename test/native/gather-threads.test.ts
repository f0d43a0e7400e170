// The native batch gather (gatherByteRows) at every instruction-set level and at 1, 2 and 3 threads: batches
// large enough to be split over the pool by rows (native/gather.cc), in odd row counts and widths, must give
// exactly the bits of the js kernel (the float64 product rounded once to float32) whatever the split.
import { afterAll, describe, expect, it } from 'vitest';
import { gatherByteRows } from '../../src/backends/js/gather.js';
import { Random } from '../../src/random.js';
import { loadNative } from './load.js';

const { native, reason } = await loadNative();
const levels = native ? native.addon.isaSupported().split(',') : [];
const initialIsa = native?.addon.isa();
const initialThreads = native?.addon.threads();

// [rows of the data set, bytes per row, rows gathered]: a Fashion-MNIST batch of 128 and one of 512, an odd
// width with an odd count, and rows narrower than one vector.
const shapes: [number, number, number][] = [
  [1_000, 784, 128],
  [2_000, 784, 512],
  [700, 333, 301],
  [50_000, 3, 30_000],
];

describe.skipIf(!native)(`native gatherByteRows over threads${native ? '' : ` (skipped: ${reason})`}`, () => {
  afterAll(() => {
    if (initialIsa) native!.addon.selectIsa(initialIsa);
    if (initialThreads) native!.addon.setThreads(initialThreads);
  });

  it.each(levels)('%s: 1, 2 and 3 threads give the bits of js', (level) => {
    const a = native!.addon;
    a.selectIsa(level);
    const rng = new Random(11);
    for (const [rows, cols, count] of shapes) {
      const x = Uint8Array.from({ length: rows * cols }, () => rng.nextUint32() & 255);
      const order = Uint32Array.from({ length: count }, () => rng.nextUint32() % rows);
      for (const scale of [1 / 255, -0.37]) {
        const expected = new Float32Array(count * cols);
        gatherByteRows(rows, cols, count, scale, x, order, expected);
        for (const threads of [1, 2, 3]) {
          a.setThreads(threads);
          const y = new Float32Array(count * cols).fill(NaN);
          a.gatherByteRows(rows, cols, count, scale, x, order, y);
          expect(y, `${level} ${rows}x${cols}, ${count} rows, scale ${scale}, ${threads} threads`).toEqual(expected);
        }
      }
    }
  });
});
