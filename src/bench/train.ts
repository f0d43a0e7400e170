/**
 * The train suite of our backends: one child process per run (so each peak RSS is that run's alone, data
 * set included), each following train-protocol.ts at one batch size and printing one JSON line. The child
 * is train-child.js beside this file; native runs at the machine's thread count and at one.
 */
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { childScript, runChild } from './child.js';
import type { BenchJob } from './rounds.js';
import { BATCH_SIZES, batchesFor, DEFAULT_BATCHES } from './train-protocol.js';

export const OUR_BACKENDS = ['native', 'wasm', 'js'] as const;

/** What a suite's jobs are made from, for our backends and the peers alike. */
export interface SuiteOptions {
  /** Backends and peers to run (default: all). */
  backends?: readonly string[];
  /**
   * Train suite: the samples of this many batches of 128 at every batch size (default 100). Cnn suite: the
   * timed batches of 128 (default 20; a tenth of them for js and tfjs-cpu).
   */
  batches?: number;
  /** Train suite: the batch sizes (default 32, 128 and 512). */
  batchSizes?: readonly number[];
  /** Threads of our native backend (default: the machine's); it runs at one thread too. */
  nativeThreads?: number;
}

/** One run of our backends: native at a thread count, or wasm and js (no threads to set). */
export interface OurRun {
  backend: string;
  threads: number | undefined;
}

/** Our backends' runs, native at one thread and at its own count (default: the machine's). */
export function ourRuns(options: SuiteOptions): OurRun[] {
  const wanted = options.backends ?? OUR_BACKENDS;
  const threads = options.nativeThreads ?? availableParallelism();
  return OUR_BACKENDS.filter((b) => wanted.includes(b)).flatMap((backend): OurRun[] =>
    backend === 'native'
      ? [...new Set([1, threads])].map((n) => ({ backend, threads: n }))
      : [{ backend, threads: undefined }],
  );
}

/** A job running one of our child scripts on a backend (native at `threads`, through BACKPROP_THREADS). */
export function ourChildJob(
  what: Record<string, unknown>,
  script: string,
  backend: string,
  threads: number | undefined,
  args: string[] = [],
): BenchJob {
  const path = childScript(script);
  return {
    what: { ...what, backend, ...(threads !== undefined ? { threads } : {}) },
    run: () =>
      existsSync(path)
        ? runChild(process.execPath, [path, '--backend', backend, ...args], {
            ...process.env,
            ...(threads !== undefined ? { BACKPROP_THREADS: String(threads) } : {}),
          })
        : Promise.resolve({ ok: false, lines: [], error: `${path} is not built (npm run build)` }),
  };
}

/** One job per batch size and run of our backends. */
export function trainJobs(options: SuiteOptions = {}): BenchJob[] {
  const batches = options.batches ?? DEFAULT_BATCHES;
  return (options.batchSizes ?? BATCH_SIZES).flatMap((batchSize) =>
    ourRuns(options).map(({ backend, threads }) =>
      ourChildJob({ suite: 'train', batchSize }, './train-child.js', backend, threads, [
        '--batches',
        String(batchesFor(batchSize, batches)),
        '--batch-size',
        String(batchSize),
      ]),
    ),
  );
}
