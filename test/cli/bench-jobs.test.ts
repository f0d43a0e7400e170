import { describe, expect, it } from 'vitest';
import { peerJobs } from '../../bench/peers.js';
import { cnnBatches, cnnJobs } from '../../src/bench/cnn.js';
import { CNN_DEFAULT_BATCHES } from '../../src/bench/cnn-protocol.js';
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

  it('trains the cnn at batch 128 beside tfjs and PyTorch; js and tfjs-cpu time a tenth of the batches', () => {
    const ours = cnnJobs({ nativeThreads: 2, batches: 30 });
    expect(ours.map((j) => j.what)).toEqual([
      { suite: 'cnn', batchSize: 128, backend: 'native', threads: 1 },
      { suite: 'cnn', batchSize: 128, backend: 'native', threads: 2 },
      { suite: 'cnn', batchSize: 128, backend: 'wasm' },
      { suite: 'cnn', batchSize: 128, backend: 'js' },
    ]);
    const peers = peerJobs('cnn', { nativeThreads: 2, batches: 30 }).map((j) => j.what);
    expect(peers.filter((w) => w.backend !== 'pytorch')).toEqual([
      { suite: 'cnn', batchSize: 128, backend: 'tfjs-cpu' },
      { suite: 'cnn', batchSize: 128, backend: 'tfjs-wasm' },
    ]);
    const torch = peers.filter((w) => w.backend === 'pytorch');
    expect(torch).toHaveLength(4);
    for (const threads of [1, 2])
      for (const variant of ['per-batch', 'whole-set'])
        expect(torch).toContainEqual({ suite: 'cnn', batchSize: 128, variant, backend: 'pytorch', threads });
    expect(peerJobs('cnn', { backends: ['native', 'wasm'] })).toEqual([]);
    expect(cnnBatches('native', 30)).toBe(30);
    expect(cnnBatches('pytorch', 30)).toBe(30);
    expect(cnnBatches('js', 30)).toBe(3);
    expect(cnnBatches('tfjs-cpu', 30)).toBe(3);
    expect(cnnBatches('js', 5)).toBe(2);
    expect(cnnBatches('wasm')).toBe(CNN_DEFAULT_BATCHES);
  });
});
