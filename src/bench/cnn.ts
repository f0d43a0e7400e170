/**
 * The cnn suite of our backends: the CNN of cnn-protocol.ts trained at batch 128, one child process per run
 * (cnn-child.js), native at one thread and at its own count; js times a few batches only (slowBatches).
 */
import { CNN_BATCH_SIZE, CNN_DEFAULT_BATCHES, SLOW_CONTENDERS, slowBatches } from './cnn-protocol.js';
import type { BenchJob } from './rounds.js';
import { ourChildJob, ourRuns, type SuiteOptions } from './train.js';

/** The timed batches of a contender of the cnn suite. */
export function cnnBatches(contender: string, batches: number = CNN_DEFAULT_BATCHES): number {
  return SLOW_CONTENDERS.includes(contender) ? slowBatches(batches) : batches;
}

/** One job per run of our backends. */
export function cnnJobs(options: SuiteOptions = {}): BenchJob[] {
  return ourRuns(options).map(({ backend, threads }) =>
    ourChildJob({ suite: 'cnn', batchSize: CNN_BATCH_SIZE }, './cnn-child.js', backend, threads, [
      '--batches',
      String(cnnBatches(backend, options.batches)),
    ]),
  );
}
