/**
 * The train suite's one protocol, shared by our child (train-child.ts) and the tfjs peer
 * (bench/peers/tfjs-mlp.ts); bench/peers/torch-mlp.py follows the same steps in Python:
 * Fashion-MNIST loaded from the IDX files as bytes, MLP 784-256-128-10 (relu, relu, softmax
 * cross-entropy), Adam with learning rate 1e-3, batches of 32, 128 or 512 rows (BATCH_SIZE by default) taken
 * in a seeded shuffled order with each batch turned into float32 in [0, 1] on the fly; WARMUP_BATCHES
 * untimed, then `batches` timed. The suite runs every batch size on the same number of samples (batchesFor).
 * Peak RSS is the process's own high-water mark (getrusage maxrss), so it includes the data set, the
 * runtime and everything the library allocated.
 */
import { resourceUsage } from 'node:process';
import { samplesPerSecond, timeSteps } from './timing.js';

export const BATCH_SIZE = 128;
export const BATCH_SIZES = [32, 128, 512] as const;
export const WARMUP_BATCHES = 5;
export const DEFAULT_BATCHES = 100;
export const LAYERS = [784, 256, 128, 10] as const;

export interface TrainResult extends Record<string, unknown> {
  suite: 'train' | 'cnn';
  backend: string;
  threads: number;
  batchSize: number;
  samplesPerSec: number;
  peakRssMb: number;
  batches: number;
  /** The loss of the last timed batch: a sanity check that it learned (starts near ln 10 = 2.30). */
  finalLoss: number;
}

/** Batches of `batchSize` rows holding the samples of `batches` batches of BATCH_SIZE (at least one). */
export function batchesFor(batchSize: number, batches: number): number {
  return Math.max(1, Math.round((batches * BATCH_SIZE) / batchSize));
}

/** Parses `--name value` pairs of a child's argv. */
export function childArgs(argv: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (let i = 0; i < argv.length; i += 2) {
    if (!argv[i].startsWith('--') || argv[i + 1] === undefined)
      throw new Error(`bench child: expected --name value pairs; got ${argv.join(' ')}`);
    out[argv[i].slice(2)] = argv[i + 1];
  }
  return out;
}

export function peakRssMb(): number {
  // maxRSS is in kilobytes on Linux and macOS.
  return Math.round((resourceUsage().maxRSS / 1024) * 10) / 10;
}

/**
 * Times `step` over `warmUp` untimed and `batches` timed batches; step(i) trains batch i of `batchSize` rows and
 * returns its loss.
 */
export async function timeTraining(
  batches: number,
  step: (batch: number) => Promise<number> | number,
  batchSize: number = BATCH_SIZE,
  warmUp: number = WARMUP_BATCHES,
): Promise<{ samplesPerSec: number; finalLoss: number }> {
  const { seconds, last } = await timeSteps(warmUp, batches, step);
  return { samplesPerSec: samplesPerSecond(batches * batchSize, seconds), finalLoss: Number((last ?? NaN).toFixed(4)) };
}
