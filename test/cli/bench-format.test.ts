import { describe, expect, it } from 'vitest';
import { formatTables } from '../../bench/run.js';

describe('bench tables', () => {
  it('shows each backend beside js with its ratio, and the train suite one row per run', () => {
    const text = formatTables([
      { suite: 'kernels', backend: 'js', kernel: 'relu forward', size: '1024', elementsPerSec: 1e8, msPerCall: 0.01 },
      { suite: 'kernels', backend: 'wasm', kernel: 'relu forward', size: '1024', elementsPerSec: 4e8, msPerCall: 0.0025 },
      { suite: 'train', backend: 'js', threads: 1, batchSize: 128, samplesPerSec: 3000, peakRssMb: 90, finalLoss: 0.6 },
      { suite: 'train', backend: 'tfjs-cpu', threads: 1, batchSize: 128, samplesPerSec: 600, peakRssMb: 200, finalLoss: 0.6 },
      { suite: 'train', backend: 'pytorch', threads: 1, absent: 'python3-torch is not installed' },
      { suite: 'gemm', absent: 'bench/gemm.ts is not available' },
    ]);
    expect(text).toContain('gemm: absent: bench/gemm.ts is not available');
    expect(text).toMatch(/relu forward 1024\s+100\.00M\s+400\.00M \(4\.0x\)/);
    expect(text).toMatch(/tfjs-cpu\s+1\s+600\s+0\.20x\s+200/);
    expect(text).toMatch(/pytorch\s+1\s+absent.*python3-torch is not installed/);
    expect(text).toContain('js / tfjs-cpu: 5.00x (target >= 5x: met)');
    expect(text).toContain('wasm / tfjs-wasm: not measured (ours absent)');
    expect(text).toContain('peak memory on js: 90 MB (target <= 150 MB: met)');
  });
});
