// Peak memory of loading, measured in a child process (the built package, as a user runs it): a CSV file
// must stream (peak at most about twice its float32 data above Node's own), gzipped IDX images must
// stream into their own bytes and little more, a gzip bomb in an IDX folder must fail with a clear error
// before it is un-gzipped into memory, streamed or not.
import { spawnSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { CHILD_PEAK_MB } from './child-peak.js';
import { encodeIdx } from '../../src/data/idx.js';

const DATA = resolve(import.meta.dirname, '../../dist/src/data/node.js');

/** Runs `body` (an ES module body with `load` imported) in a fresh Node; returns its JSON line and peak RSS in MB. */
function inChild(body: string): { result: Record<string, unknown>; peakMb: number; baseMb: number } {
  const script = `import * as data from ${JSON.stringify(DATA)};
${CHILD_PEAK_MB}
const baseMb = peakMb();
let result;
try { result = await (async () => { ${body} })(); } catch (error) { result = { error: error.message }; }
console.log(JSON.stringify({ result, baseMb, peakMb: peakMb() }));`;
  const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
    encoding: 'utf8',
    timeout: 300_000,
  });
  expect({ status: run.status, stderr: run.stderr }).toEqual({ status: 0, stderr: '' });
  return JSON.parse(run.stdout.trim().split('\n').pop()!);
}

describe('peak memory of loading', () => {
  it('streams a 60 MB CSV file: peak at most about twice its float32 data', () => {
    const dir = mkdtempSync(join(tmpdir(), 'backprop-mem-'));
    const file = join(dir, 'big.csv');
    const fd = openSync(file, 'w');
    const rows = 250_000;
    const features = 24;
    writeSync(fd, `${Array.from({ length: features }, (_, i) => `f${i}`).join(',')},label\n`);
    const line = (r: number) =>
      `${Array.from({ length: features }, (_, f) => (((r * 31 + f * 17) % 1000) / 7).toFixed(5)).join(',')},${r % 10}\n`;
    for (let r = 0; r < rows; r += 1000) writeSync(fd, Array.from({ length: 1000 }, (_, k) => line(r + k)).join(''));
    closeSync(fd);
    const { result, peakMb, baseMb } = inChild(
      `const d = data.loadCsv(${JSON.stringify(file)}); return { rows: d.rows, features: d.features, classes: d.classes, last: d.x[d.x.length - 1] };`,
    );
    expect(result).toEqual({
      rows,
      features,
      classes: 10,
      last: Math.fround(Number(((((rows - 1) * 31 + (features - 1) * 17) % 1000) / 7).toFixed(5))),
    });
    const dataMb = (rows * (features + 1) * 4) / 2 ** 20;
    process.stdout.write(
      `CSV load: ${dataMb.toFixed(1)} MB of float32 data, peak RSS ${peakMb.toFixed(0)} MB (Node alone ${baseMb.toFixed(0)} MB)\n`,
    );
    // Measured: 1.3x the data above Node's own for a 200 MB file (1.6x here); the text held whole took 15x.
    expect(peakMb - baseMb).toBeLessThan(2 * dataMb);
  }, 300_000);

  it("streams gzipped IDX images of Fashion-MNIST's size into little more than their bytes", () => {
    const dir = mkdtempSync(join(tmpdir(), 'backprop-idx-mem-'));
    const [rows, side] = [60_000, 28];
    // Half the pixels from a generator, half background, so the file compresses about as Fashion-MNIST's does.
    const pixels = new Uint8Array(rows * side * side);
    for (let i = 0, state = 1; i < pixels.length; i++) {
      state = (Math.imul(state, 1103515245) + 12345) >>> 0;
      pixels[i] = i % side < side / 2 ? state >>> 24 : 0;
    }
    writeFileSync(
      join(dir, 'train-images-idx3-ubyte.gz'),
      gzipSync(encodeIdx([rows, side, side], pixels), { level: 1 }),
    );
    writeFileSync(join(dir, 'train-labels-idx1-ubyte.gz'), gzipSync(encodeIdx([rows], new Uint8Array(rows))));
    writeFileSync(
      join(dir, 't10k-images-idx3-ubyte.gz'),
      gzipSync(encodeIdx([1, side, side], pixels.subarray(0, 784))),
    );
    writeFileSync(join(dir, 't10k-labels-idx1-ubyte.gz'), gzipSync(encodeIdx([1], new Uint8Array(1))));
    const { result, peakMb, baseMb } = inChild(
      `const d = await data.loadDatasetAsync(${JSON.stringify(dir)});
       return { rows: d.train.rows, last: d.train.x[d.train.x.length - 1] };`,
    );
    expect(result).toEqual({ rows, last: pixels[pixels.length - 1] });
    const bytesMb = (rows * side * side + rows * 4) / 2 ** 20;
    process.stdout.write(
      `gzipped IDX load: ${bytesMb.toFixed(1)} MB of bytes and labels, ` +
        `peak RSS ${peakMb.toFixed(0)} MB (Node alone ${baseMb.toFixed(0)} MB)\n`,
    );
    // Measured 1.1x above Node's own; a read stream and zlib's 16 KiB output pieces, copied and left to the
    // garbage collector, took 1.6x.
    expect(peakMb - baseMb).toBeLessThan(1.25 * bytesMb);
  }, 300_000);

  it('refuses a 2 MB gzip bomb in an IDX folder without un-gzipping it into memory', () => {
    const dir = mkdtempSync(join(tmpdir(), 'backprop-bomb-'));
    // A header for 10 labels, then 1 GiB of zeros: gzip members may be concatenated, so one 64 MiB
    // member repeated 16 times makes 1 GiB from about a megabyte.
    const zeros = gzipSync(new Uint8Array(64 << 20), { level: 9 });
    const bomb = Buffer.concat([
      gzipSync(encodeIdx([10], new Uint8Array(10)).subarray(0, 8)),
      ...Array.from({ length: 16 }, () => zeros),
    ]);
    expect(bomb.length).toBeLessThan(2 << 20);
    for (const part of ['train', 't10k']) {
      writeFileSync(join(dir, `${part}-images-idx3-ubyte.gz`), gzipSync(encodeIdx([10, 2, 2], new Uint8Array(40))));
      writeFileSync(join(dir, `${part}-labels-idx1-ubyte.gz`), bomb);
    }
    const { result, peakMb, baseMb } = inChild(`data.loadDataset(${JSON.stringify(dir)}); return { loaded: true };`);
    expect(result.error).toBe(
      `backprop: ${join(dir, 'train-labels-idx1-ubyte.gz')}: its header declares shape [10] of uint8: 18 bytes with the header, ` +
        'but it un-gzips to more; the file is damaged or not an IDX file',
    );
    process.stdout.write(
      `gzip bomb (${(bomb.length / 2 ** 20).toFixed(1)} MB, 1 GiB un-gzipped): peak RSS ${peakMb.toFixed(0)} MB (Node alone ${baseMb.toFixed(0)} MB)\n`,
    );
    // Measured 10 MB above Node's own (4.2 GB before the header was checked first).
    expect(peakMb - baseMb).toBeLessThan(50);
    // Streamed (loadDatasetAsync), un-gzipping stops at the first piece past the header's size.
    const streamed = inChild(`await data.loadDatasetAsync(${JSON.stringify(dir)}); return { loaded: true };`);
    expect(streamed.result.error).toBe(
      `backprop: ${join(dir, 'train-labels-idx1-ubyte.gz')}: its header declares shape [10] of uint8: 18 bytes with the header, ` +
        'but it un-gzips to more; the file is damaged or not an IDX file',
    );
    expect(streamed.peakMb - streamed.baseMb).toBeLessThan(50);
  }, 300_000);
});
