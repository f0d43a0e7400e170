import { describe, expect, it } from 'vitest';
import { peerJobs } from '../../bench/peers.js';
import { inferenceJobs } from '../../src/bench/inference.js';
import { stepJobs } from '../../src/bench/step.js';
import { trainJobs } from '../../src/bench/train.js';

describe('bench contenders', () => {
  it('trains our backends at every batch size, native at one thread and at its own count', () => {
    const what = trainJobs({ batchSizes: [32, 512], nativeThreads: 2 }).map((j) => j.what);
    expect(what).toEqual([
      { suite: 'train', batchSize: 32, backend: 'native', threads: 1 },
      { suite: 'train', batchSize: 32, backend: 'native', threads: 2 },
      { suite: 'train', batchSize: 32, backend: 'wasm' },
      { suite: 'train', batchSize: 32, backend: 'js' },
      { suite: 'train', batchSize: 512, backend: 'native', threads: 1 },
      { suite: 'train', batchSize: 512, backend: 'native', threads: 2 },
      { suite: 'train', batchSize: 512, backend: 'wasm' },
      { suite: 'train', batchSize: 512, backend: 'js' },
    ]);
    expect(stepJobs({ backends: ['js'] }).map((j) => j.what)).toEqual([{ suite: 'step', batchSize: 1, backend: 'js' }]);
    expect(inferenceJobs({ backends: ['native'], nativeThreads: 1 }).map((j) => j.what)).toEqual([
      { suite: 'inference', backend: 'native', threads: 1 },
    ]);
  });

  it('runs PyTorch in both variants at one thread and at native count, tfjs at batch 128 only', () => {
    const what = peerJobs('train', { batchSizes: [32, 128], nativeThreads: 2 }).map((j) => j.what);
    expect(what.filter((w) => w.backend !== 'pytorch')).toEqual([
      { suite: 'train', batchSize: 128, backend: 'tfjs-cpu' },
      { suite: 'train', batchSize: 128, backend: 'tfjs-wasm' },
    ]);
    const torch = what.filter((w) => w.backend === 'pytorch');
    expect(torch).toHaveLength(8);
    for (const batchSize of [32, 128])
      for (const threads of [1, 2])
        for (const variant of ['per-batch', 'whole-set'])
          expect(torch).toContainEqual({ suite: 'train', batchSize, variant, backend: 'pytorch', threads });
    expect(peerJobs('train', { batchSizes: [32], backends: ['tfjs-cpu'] })).toEqual([]);
    expect(peerJobs('step', {}).map((j) => j.what)).toEqual([
      { suite: 'step', batchSize: 1, backend: 'pytorch', threads: 1 },
    ]);
    expect(peerJobs('inference', { backends: ['native'] })).toEqual([]);
  });
});
