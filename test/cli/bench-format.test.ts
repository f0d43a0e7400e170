import { describe, expect, it } from 'vitest';
import { trainTargets } from '../../bench/train/targets.js';
import { formatTables } from '../../src/bench/format.js';

describe('bench tables', () => {
  it('shows each backend beside js with its ratio, and the train suite one row per run', () => {
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
      { suite: 'train', backend: 'js', threads: 1, batchSize: 128, samplesPerSec: 3000, peakRssMb: 90, finalLoss: 0.6 },
      {
        suite: 'train',
        backend: 'tfjs-cpu',
        threads: 1,
        batchSize: 128,
        samplesPerSec: 600,
        peakRssMb: 200,
        finalLoss: 0.6,
      },
      { suite: 'train', backend: 'pytorch', threads: 1, absent: 'python3-torch is not installed' },
      { suite: 'gemm', absent: 'no backend loads' },
      { suite: 'kernels', error: 'backprop: boom' },
    ]);
    expect(text).toContain('gemm: absent: no backend loads');
    expect(text).toContain('kernels: FAILED: backprop: boom');
    expect(text).toMatch(/relu forward 1024\s+100\.00M\s+400\.00M \(4\.0x\)/);
    expect(text).toMatch(/tfjs-cpu\s+1\s+600\s+0\.20x\s+200/);
    expect(text).toMatch(/pytorch\s+1\s+absent.*python3-torch is not installed/);
  });

  it('states each training target against the peers as met, not met or not measured', () => {
    const text = trainTargets([
      { suite: 'train', backend: 'js', threads: 1, samplesPerSec: 3000, peakRssMb: 90 },
      { suite: 'train', backend: 'native', threads: 2, samplesPerSec: 30000, peakRssMb: 160 },
      { suite: 'train', backend: 'tfjs-cpu', threads: 1, samplesPerSec: 600, peakRssMb: 200 },
      { suite: 'train', backend: 'pytorch', threads: 2, samplesPerSec: 25000, peakRssMb: 300 },
    ]);
    expect(text).toContain('js / tfjs-cpu: 5.00x (target >= 5x: met)');
    expect(text).toContain('wasm / tfjs-wasm: not measured (ours absent)');
    expect(text).toContain('native / pytorch at 2 thread(s): 1.20x (target >= 1.5x: not met)');
    expect(text).toContain('peak memory on js: 90 MB (target <= 150 MB: met)');
    expect(text).toContain('peak memory on native at 2 thread(s): 160 MB (target <= 150 MB: not met)');
    expect(text).not.toContain('tfjs-cpu: 200');
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
