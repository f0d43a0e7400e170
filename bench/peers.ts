/**
 * The peers of the train, cnn, step and inference suites, interleaved with our backends in every round:
 * TensorFlow.js on tfjs-cpu and tfjs-wasm (bench/peers/tfjs-mlp.ts and tfjs-cnn.ts; dev dependencies; train
 * suite at batch 128 only) and PyTorch (bench/peers/pytorch.ts). PyTorch trains at one thread and at our
 * native backend's thread count, each in two variants (bench/peers/torch-mlp.py and torch-cnn.py: the batch
 * made float32 from bytes on the fly, or the whole set made a float32 tensor once); it takes its small steps
 * and predicts at one thread.
 * A peer that is not installed is reported as absent; nothing is installed here.
 */
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { runChild } from '../src/bench/child.js';
import { cnnBatches } from '../src/bench/cnn.js';
import { CNN_BATCH_SIZE } from '../src/bench/cnn-protocol.js';
import type { BenchJob } from '../src/bench/rounds.js';
import type { RoundSuite } from '../src/bench/suites.js';
import { BATCH_SIZE, BATCH_SIZES, batchesFor, DEFAULT_BATCHES } from '../src/bench/train-protocol.js';
import type { SuiteOptions } from '../src/bench/train.js';
import { pytorchJob } from './peers/pytorch.js';

export const PEERS = ['tfjs-cpu', 'tfjs-wasm', 'pytorch'] as const;
export const TORCH_VARIANTS = ['per-batch', 'whole-set'] as const;

// This file runs as dist/bench/peers.js: the compiled tfjs peers are in peers/ beside it.
const TFJS_SCRIPTS = {
  train: fileURLToPath(new URL('./peers/tfjs-mlp.js', import.meta.url)),
  cnn: fileURLToPath(new URL('./peers/tfjs-cnn.js', import.meta.url)),
};

function moduleInstalled(name: string): boolean {
  try {
    createRequire(import.meta.url).resolve(name);
    return true;
  } catch {
    return false;
  }
}

function tfjsJob(suite: 'train' | 'cnn', peer: 'tfjs-cpu' | 'tfjs-wasm', batches: number): BenchJob {
  const pkg = peer === 'tfjs-cpu' ? '@tensorflow/tfjs-backend-cpu' : '@tensorflow/tfjs-backend-wasm';
  return {
    what: { suite, batchSize: BATCH_SIZE, backend: peer },
    run: () =>
      moduleInstalled('@tensorflow/tfjs-layers') && moduleInstalled(pkg)
        ? runChild(process.execPath, [TFJS_SCRIPTS[suite], '--backend', peer.slice(5), '--batches', String(batches)], {
            ...process.env,
          })
        : Promise.resolve({
            ok: false,
            lines: [],
            error: `@tensorflow/tfjs-layers and ${pkg} are not installed (dev dependencies: npm install)`,
          }),
  };
}

/** The peers' jobs of one suite, for the backends and peers asked for. */
export function peerJobs(suite: RoundSuite, options: SuiteOptions): BenchJob[] {
  const wanted = options.backends ?? PEERS;
  const jobs: BenchJob[] = [];
  if (suite === 'train') {
    const batches = options.batches ?? DEFAULT_BATCHES;
    const batchSizes = options.batchSizes ?? BATCH_SIZES;
    if (batchSizes.includes(BATCH_SIZE))
      for (const peer of (['tfjs-cpu', 'tfjs-wasm'] as const).filter((p) => wanted.includes(p)))
        jobs.push(tfjsJob(suite, peer, batches));
    if (wanted.includes('pytorch')) {
      const threads = [...new Set([1, options.nativeThreads ?? availableParallelism()])];
      for (const batchSize of batchSizes)
        for (const n of threads)
          for (const variant of TORCH_VARIANTS)
            jobs.push(
              pytorchJob({ suite, batchSize, variant }, 'torch-mlp.py', n, [
                '--batches',
                String(batchesFor(batchSize, batches)),
                '--batch-size',
                String(batchSize),
                '--variant',
                variant,
              ]),
            );
    }
  } else if (suite === 'cnn') {
    for (const peer of (['tfjs-cpu', 'tfjs-wasm'] as const).filter((p) => wanted.includes(p)))
      jobs.push(tfjsJob(suite, peer, cnnBatches(peer, options.batches)));
    if (wanted.includes('pytorch'))
      for (const n of [...new Set([1, options.nativeThreads ?? availableParallelism()])])
        for (const variant of TORCH_VARIANTS)
          jobs.push(
            pytorchJob({ suite, batchSize: CNN_BATCH_SIZE, variant }, 'torch-cnn.py', n, [
              '--batches',
              String(cnnBatches('pytorch', options.batches)),
              '--variant',
              variant,
            ]),
          );
  } else if (wanted.includes('pytorch')) {
    jobs.push(
      suite === 'step'
        ? pytorchJob({ suite, batchSize: 1 }, 'torch-step.py', 1)
        : pytorchJob({ suite }, 'torch-predict.py', 1),
    );
  }
  return jobs;
}
