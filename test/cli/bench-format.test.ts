import { describe, expect, it } from 'vitest';
import { formatTargets, targetResults } from '../../bench/targets.js';
import { samplesPerSecond } from '../../src/bench/timing.js';
import { formatTables } from '../../src/bench/format.js';
import { combineRounds, median, runRounds } from '../../src/bench/rounds.js';

const rounds = { roundValues: [1, 2, 3], load: [1.5, 1.75, 2] };

describe('bench tables', () => {
  it('shows each backend beside js with its ratio, and the train suite one row per run and batch size', () => {
    const text = formatTables([
      { suite: 'kernels', backend: 'js', kernel: 'relu forward', size: '1024', elementsPerSec: 1e8, msPerCall: 0.01 },
      {
        suite: 'kernels',
        backend: 'wasm',
        kernel: 'relu forward',
        size: '1024',
        elementsPerSec: 4e8,
        msPerCall: 0.0025,
      },
      { suite: 'train', backend: 'js', threads: 1, batchSize: 128, samplesPerSec: 3000, peakRssMb: 90, ...rounds },
      {
        suite: 'train',
        backend: 'tfjs-cpu',
        threads: 1,
        batchSize: 128,
        samplesPerSec: 600,
        peakRssMb: 200,
        finalLoss: 0.6,
        roundValues: [550, 600, 610],
        load: [1.25, 1.5, 1.75],
      },
      { suite: 'train', backend: 'js', threads: 1, batchSize: 32, samplesPerSec: 2000, peakRssMb: 90, ...rounds },
      { suite: 'train', backend: 'pytorch', threads: 2, batchSize: 32, variant: 'whole-set', samplesPerSec: 4000 },
      { suite: 'train', backend: 'pytorch', threads: 1, batchSize: 128, absent: 'python3-torch is not installed' },
      { suite: 'gemm', absent: 'no backend loads' },
      { suite: 'kernels', error: 'backprop: boom' },
    ]);
    expect(text).toContain('gemm: absent: no backend loads');
    expect(text).toContain('kernels: FAILED: backprop: boom');
    expect(text).toMatch(/relu forward 1024\s+100\.00M\s+400\.00M \(4\.0x\)/);
    // Each round's figure and the load after it stand beside the median.
    expect(text).toMatch(/tfjs-cpu\s+1\s+600\s+550 600 610\s+0\.20x\s+200\s+0\.6\s+1\.3 1\.5 1\.8/);
    expect(text).toMatch(/pytorch\s+1\s+absent: python3-torch is not installed/);
    // One table per batch size, smallest first, each with its own ratio to js.
    expect(text.indexOf('batch 32 ')).toBeLessThan(text.indexOf('batch 128 '));
    expect(text).toMatch(/pytorch whole-set\s+2\s+4000\s+2\.00x/);
  });

  it('shows the cnn suite in a table of its own, each run beside js', () => {
    const cnn = (fields: Record<string, unknown>) => ({ suite: 'cnn', batchSize: 128, peakRssMb: 120, ...fields });
    const text = formatTables([
      { suite: 'train', backend: 'js', threads: 1, batchSize: 128, samplesPerSec: 3000, peakRssMb: 90, ...rounds },
      cnn({ backend: 'native', threads: 1, samplesPerSec: 1500, finalLoss: 1.9, ...rounds }),
      cnn({ backend: 'js', threads: 1, samplesPerSec: 30, finalLoss: 2.2, ...rounds }),
      cnn({ backend: 'tfjs-wasm', threads: 1, absent: '@tensorflow/tfjs-backend-wasm is not installed' }),
    ]);
    const table = text.slice(text.indexOf('cnn: Fashion-MNIST CNN'));
    expect(table).toMatch(/^cnn: Fashion-MNIST CNN conv 32 3x3, pool 2, conv 64 3x3, pool 2, dense 128, dense 10/);
    expect(table).toMatch(/native\s+1\s+1500\s+1 2 3\s+50\.00x\s+120\s+1\.9/);
    expect(table).toMatch(/tfjs-wasm\s+1\s+absent: @tensorflow\/tfjs-backend-wasm is not installed/);
    // The train suite's js is not the cnn suite's.
    expect(text.slice(0, text.indexOf('cnn: Fashion-MNIST CNN'))).not.toContain('50.00x');
  });

  it('shows the step and inference suites, latency beside throughput', () => {
    const text = formatTables([
      { suite: 'step', backend: 'native', threads: 1, batchSize: 1, usPerStep: 15.9, fastUsPerStep: 9.25, ...rounds },
      { suite: 'step', backend: 'pytorch', threads: 1, batchSize: 1, usPerStep: 301, ...rounds },
      { suite: 'inference', backend: 'wasm', threads: 1, rows: 1000, samplesPerSec: 60000, ...rounds },
      { suite: 'inference', backend: 'wasm', threads: 1, rows: 1, latencyUs: 116, roundValues: [110, 116, 120] },
      { suite: 'inference', backend: 'pytorch', threads: 1, absent: 'python3-torch is not installed' },
    ]);
    // The fastest window beside the median; '-' for a contender that does not report one.
    expect(text).toMatch(
      /step: iris 4-30-16-3.*\n.*fastest window.*\n.*\nnative\s+1\s+15\.9\s+1 2 3\s+9\.25\s+1\.5 1\.8 2\.0/,
    );
    expect(text).toMatch(/\npytorch\s+1\s+301\s+1 2 3\s+-\s+1\.5 1\.8 2\.0/);
    expect(text).toMatch(/wasm\s+1\s+60\.0k\s+1 2 3\s+116\s+110 116 120/);
    expect(text).toMatch(/pytorch\s+1\s+absent: python3-torch is not installed/);
  });

  it('puts every backend and thread count of one GEMM shape on one row', () => {
    const shape = { suite: 'gemm', m: 64, n: 64, k: 64, transA: false, transB: false, shape: 'square' };
    const text = formatTables([
      { ...shape, backend: 'js', threads: 1, gflops: 2 },
      { ...shape, backend: 'native', isa: 'avx2', threads: 1, gflops: 40 },
      { ...shape, backend: 'native', isa: 'avx2', threads: 2, gflops: 70 },
    ]);
    expect(text).toMatch(/js\s+native\s+native x2/);
    expect(text).toMatch(/64 64 64 false false square\s+2\s+40 \(20\.0x\)\s+70 \(35\.0x\)/);
  });
});

describe('bench targets', () => {
  const train = (fields: Record<string, unknown>) => ({ suite: 'train', batchSize: 128, peakRssMb: 100, ...fields });

  it('judges native against the faster PyTorch variant, at one thread and at its best thread count', () => {
    const text = formatTargets(
      targetResults([
        train({ backend: 'native', threads: 1, samplesPerSec: 60000 }),
        train({ backend: 'native', threads: 2, samplesPerSec: 90000, peakRssMb: 160 }),
        train({ backend: 'wasm', threads: 1, samplesPerSec: 30000 }),
        train({ backend: 'js', threads: 1, samplesPerSec: 3000 }),
        train({ backend: 'tfjs-cpu', threads: 1, samplesPerSec: 600 }),
        train({ backend: 'pytorch', threads: 1, variant: 'per-batch', samplesPerSec: 20000 }),
        train({ backend: 'pytorch', threads: 1, variant: 'whole-set', samplesPerSec: 40000 }),
        train({ backend: 'pytorch', threads: 2, variant: 'per-batch', samplesPerSec: 30000 }),
        train({ backend: 'pytorch', threads: 2, variant: 'whole-set', samplesPerSec: 50000 }),
        train({ batchSize: 32, backend: 'native', threads: 1, samplesPerSec: 30000 }),
        train({ batchSize: 32, backend: 'pytorch', threads: 1, variant: 'per-batch', samplesPerSec: 10000 }),
      ]),
    );
    expect(text).toContain(
      'train b128: native 1 thread / pytorch 1 thread: 1.5x against pytorch 1 thread(s), whole-set, the faster ' +
        '(target >= 2x: NOT met)',
    );
    expect(text).toContain('train b128: native 2 threads / pytorch best: 1.8x against pytorch 2 thread(s), whole-set');
    expect(text).toContain('train b128: native 2 threads / native 1 thread: 1.5x (target >= 1.7x: NOT met)');
    expect(text).toContain('train b128: wasm / native 1 thread: 0.5x (target >= 0.4x: met)');
    expect(text).toContain('train b128: js / tfjs-cpu: 5x (target >= 5x: met)');
    expect(text).toContain('train b128: wasm / tfjs-wasm: not measured (peer absent; target >= 5x)');
    expect(text).toContain('train b128: peak memory of native 2 thread(s): 160 MB (target <= 150 MB: NOT met)');
    expect(text).toContain('train b32: native 1 thread / pytorch 1 thread: 3x against pytorch 1 thread(s), per-batch');
    expect(text).toContain('train b32: native 2 threads / pytorch best: not measured (ours absent; target >= 1.5x)');
    expect(text).not.toContain('tfjs-cpu: 200');
  });

  it('judges the cnn suite: native against PyTorch at 1 thread and its best, wasm and js against tfjs', () => {
    const cnn = (fields: Record<string, unknown>) => ({ suite: 'cnn', batchSize: 128, ...fields });
    const text = formatTargets(
      targetResults([
        cnn({ backend: 'native', threads: 1, samplesPerSec: 1200 }),
        cnn({ backend: 'native', threads: 2, samplesPerSec: 2000 }),
        cnn({ backend: 'wasm', threads: 1, samplesPerSec: 500 }),
        cnn({ backend: 'js', threads: 1, samplesPerSec: 40 }),
        cnn({ backend: 'tfjs-wasm', threads: 1, samplesPerSec: 125 }),
        cnn({ backend: 'pytorch', threads: 1, variant: 'per-batch', samplesPerSec: 1000 }),
        cnn({ backend: 'pytorch', threads: 1, variant: 'whole-set', samplesPerSec: 1100 }),
        cnn({ backend: 'pytorch', threads: 2, variant: 'whole-set', samplesPerSec: 2500 }),
        train({ backend: 'native', threads: 1, samplesPerSec: 60000 }),
      ]),
    );
    expect(text).toContain(
      'cnn b128: native 1 thread / pytorch 1 thread: 1.09x against pytorch 1 thread(s), whole-set, the faster ' +
        '(target >= 1x: met)',
    );
    expect(text).toContain(
      'cnn b128: native 2 threads / pytorch best: 0.8x against pytorch 2 thread(s), whole-set, the faster ' +
        '(target >= 1x: NOT met)',
    );
    expect(text).toContain('cnn b128: wasm / tfjs-wasm: 4x (target >= 5x: NOT met)');
    expect(text).toContain('cnn b128: js / tfjs-cpu: not measured (peer absent; target >= 5x)');
  });

  it('takes a peer figure of 0 for no measurement, not for an infinitely fast win', () => {
    const cnn = (fields: Record<string, unknown>) => ({ suite: 'cnn', batchSize: 128, ...fields });
    const text = formatTargets(
      targetResults([
        cnn({ backend: 'js', threads: 1, samplesPerSec: 67 }),
        cnn({ backend: 'tfjs-cpu', threads: 1, samplesPerSec: 0 }),
      ]),
    );
    expect(text).toContain('cnn b128: js / tfjs-cpu: not measured (peer measured 0; target >= 5x)');
  });

  it('reports slow rates with three significant figures instead of rounding them to 0', () => {
    expect(samplesPerSecond(256, 600)).toBe(0.427);
    expect(samplesPerSecond(256, 4)).toBe(64);
    expect(samplesPerSecond(41319.4, 1)).toBe(41319);
  });

  it('bounds the small step and compares inference with PyTorch, latency as a speed', () => {
    const results = targetResults([
      { suite: 'step', backend: 'native', threads: 1, usPerStep: 9.5 },
      { suite: 'step', backend: 'wasm', threads: 1, usPerStep: 20.6 },
      { suite: 'inference', backend: 'native', threads: 1, rows: 1000, samplesPerSec: 400000 },
      { suite: 'inference', backend: 'native', threads: 1, rows: 1, latencyUs: 5 },
      { suite: 'inference', backend: 'wasm', threads: 1, rows: 1, latencyUs: 20 },
      { suite: 'inference', backend: 'pytorch', threads: 1, rows: 1000, samplesPerSec: 198000 },
      { suite: 'inference', backend: 'pytorch', threads: 1, rows: 1, latencyUs: 30 },
    ]);
    const text = formatTargets(results, [{ load: [1.5, 2.25] }, { load: [0.75] }]);
    expect(text).toMatch(/^targets \(1-minute load 0\.75-2\.25 during the runs\):\n/);
    expect(text).toContain('step: native 1 thread(s): 9.5 us (target <= 10 us: met)');
    expect(text).toContain('step: wasm: 20.6 us (target <= 15 us: NOT met)');
    expect(text).toContain('step: js: not measured (ours absent; target <= 15 us)');
    expect(text).toContain('inference 1000 rows: native 1 thread / pytorch 1 thread: 2.02x (target >= 2x: met)');
    expect(text).toContain('inference 1000 rows: wasm / pytorch 1 thread: not measured (ours absent');
    expect(text).toContain('inference 1 row, latency: pytorch / native 1 thread: 6x (target >= 5x: met)');
    expect(text).toContain('inference 1 row, latency: pytorch / wasm: 1.5x (target >= 2x: NOT met)');
    expect(results.every((r) => r.suite === 'target')).toBe(true);
  });
});

describe('bench rounds', () => {
  const ok = (lines: Record<string, unknown>[]) => ({ ok: true, lines });

  it('keeps the median of each measurement over the rounds, every round, the load and the highest peak', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    const what = { suite: 'inference', backend: 'native', threads: 1 };
    const rows = combineRounds(what, [
      {
        outcome: ok([
          { ...what, rows: 1000, samplesPerSec: 90 },
          { ...what, rows: 1, latencyUs: 30 },
        ]),
        load: 1.234,
      },
      {
        outcome: ok([
          { ...what, rows: 1000, samplesPerSec: 70 },
          { ...what, rows: 1, latencyUs: 10 },
        ]),
        load: 2,
      },
      {
        outcome: ok([
          { ...what, rows: 1000, samplesPerSec: 80 },
          { ...what, rows: 1, latencyUs: 20 },
        ]),
        load: 3,
      },
    ]);
    expect(rows).toEqual([
      { ...what, rows: 1000, samplesPerSec: 80, roundValues: [90, 70, 80], load: [1.23, 2, 3] },
      { ...what, rows: 1, latencyUs: 20, roundValues: [30, 10, 20], load: [1.23, 2, 3] },
    ]);
    const train = { suite: 'train', backend: 'js' };
    const peaks = combineRounds(train, [
      { outcome: ok([{ ...train, samplesPerSec: 1, peakRssMb: 120 }]), load: 1 },
      { outcome: ok([{ ...train, samplesPerSec: 2, peakRssMb: 130 }]), load: 1 },
    ]);
    expect(peaks[0]).toMatchObject({ samplesPerSec: 1.5, peakRssMb: 130 });
  });

  it("keeps the step suite's median of the rounds and, beside it, the fastest window of any round", () => {
    const step = { suite: 'step', backend: 'native', threads: 1 };
    const rows = combineRounds(step, [
      { outcome: ok([{ ...step, usPerStep: 16, fastUsPerStep: 9.5 }]), load: 1 },
      { outcome: ok([{ ...step, usPerStep: 15, fastUsPerStep: 9.1 }]), load: 1 },
      { outcome: ok([{ ...step, usPerStep: 10, fastUsPerStep: 9.75 }]), load: 1 },
    ]);
    expect(rows[0]).toMatchObject({ usPerStep: 15, fastUsPerStep: 9.1, roundValues: [16, 15, 10] });
  });

  it('runs the contenders in turn, every other round in reverse, and stops trying one that is absent', async () => {
    const calls: string[] = [];
    const job = (name: string, ok = true) => ({
      what: { suite: 'step', backend: name },
      run: () => {
        calls.push(name);
        return Promise.resolve(
          ok
            ? { ok: true, lines: [{ suite: 'step', backend: name, usPerStep: calls.length }] }
            : { ok: false, lines: [], error: `${name} is not installed` },
        );
      },
    });
    const rows = await runRounds([job('a'), job('b'), job('c', false)], 3);
    expect(calls).toEqual(['a', 'b', 'c', 'b', 'a', 'a', 'b']);
    expect(rows.map((r) => [r.backend, r.usPerStep ?? r.absent])).toEqual([
      ['a', 5],
      ['b', 4],
      ['c', 'c is not installed'],
    ]);
  });

  it('makes a contender absent, with the reason, when one of its runs failed', () => {
    const what = { suite: 'step', backend: 'pytorch', threads: 1 };
    const rows = combineRounds(what, [
      { outcome: { ok: true, lines: [{ ...what, usPerStep: 300 }] }, load: 1 },
      { outcome: { ok: false, lines: [], error: 'python3-torch is not installed' }, load: 1 },
    ]);
    expect(rows).toEqual([{ ...what, absent: 'python3-torch is not installed' }]);
  });
});
