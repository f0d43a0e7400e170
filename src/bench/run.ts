/**
 * The engine of `backprop bench`: runs the gemm, kernels, train, cnn, step and inference suites on our
 * backends and prints each result as one JSON object per line (--json), or as tables with every backend's
 * ratio against js. The train, cnn, step and inference suites run each contender in a child process,
 * interleaved over rounds (rounds.ts). Other libraries' runs ("peers") can be added by the caller; the
 * package ships none.
 */
import type { Backend } from '../backends/contract.js';
import { loadAvailableBackends } from '../backends/node.js';
import { formatTables } from './format.js';
import { gemmSuite } from './gemm.js';
import { inferenceJobs } from './inference.js';
import { kernelsSuite } from './kernels.js';
import { runRounds, type BenchJob, type BenchRow } from './rounds.js';
import { cnnJobs } from './cnn.js';
import { stepJobs } from './step.js';
import type { RoundSuite, SuiteName } from './suites.js';
import { trainJobs, type SuiteOptions } from './train.js';

export type { BenchRow } from './rounds.js';

/** Rounds of the train, cnn, step and inference suites (1 with --quick). */
export const DEFAULT_ROUNDS = 3;

export interface BenchRunOptions {
  json: boolean;
  suites: readonly SuiteName[];
  /** Our backends and peers to include (default: all that are available). */
  backends?: readonly string[];
  quick?: boolean;
  batches?: number;
  /** Train suite batch sizes (default 32, 128, 512). */
  batchSizes?: readonly number[];
  /** Rounds of the suites that run child processes (default DEFAULT_ROUNDS, 1 with quick). */
  rounds?: number;
  out: { write(text: string): unknown };
  /** Progress notes (stderr), so stdout stays machine-readable. */
  log?: { write(text: string): unknown };
  /** Other libraries' runs of a suite, interleaved with ours in every round. */
  peers?: (suite: RoundSuite, options: SuiteOptions) => BenchJob[];
}

const OUR_JOBS: Record<RoundSuite, (options: SuiteOptions) => BenchJob[]> = {
  train: trainJobs,
  cnn: cnnJobs,
  step: stepJobs,
  inference: inferenceJobs,
};

export async function runBench(options: BenchRunOptions): Promise<BenchRow[]> {
  const results: BenchRow[] = [];
  const emit = (row: BenchRow): void => {
    results.push(row);
    if (options.json) options.out.write(`${JSON.stringify(row)}\n`);
  };
  const ours = (await loadAvailableBackends()).filter((b) => !options.backends || options.backends.includes(b.name));
  for (const suite of options.suites) {
    options.log?.write(`bench: ${suite} suite\n`);
    // A suite that fails is reported as a row and the others still run; the command then exits with 1.
    try {
      await runSuite(suite, options, ours, emit);
    } catch (error) {
      emit({ suite, error: (error as Error).message });
    }
  }
  if (!options.json) options.out.write(formatTables(results));
  return results;
}

async function runSuite(
  suite: SuiteName,
  options: BenchRunOptions,
  ours: Backend[],
  emit: (row: BenchRow) => void,
): Promise<void> {
  if (suite === 'gemm') {
    for await (const row of gemmSuite({ backends: ours.map((b) => b.name), quick: options.quick })) emit(row);
  } else if (suite === 'kernels') {
    for await (const row of kernelsSuite(ours, { quick: options.quick })) emit(row);
  } else {
    const native = ours.find((b) => b.name === 'native');
    const nativeThreads = typeof native?.details.threads === 'number' ? native.details.threads : undefined;
    const suiteOptions: SuiteOptions = {
      backends: options.backends,
      // --quick: a smoke run (the cnn suite's default is already 20 batches, and js takes seconds per batch).
      batches: options.batches ?? (options.quick ? (suite === 'cnn' ? 3 : 20) : undefined),
      batchSizes: options.batchSizes,
      nativeThreads,
    };
    const jobs = [...OUR_JOBS[suite](suiteOptions), ...(options.peers?.(suite, suiteOptions) ?? [])];
    // Train: each batch size's contenders side by side (a stable sort keeps ours first within a size).
    if (suite === 'train') jobs.sort((a, b) => Number(a.what.batchSize) - Number(b.what.batchSize));
    const rounds = options.rounds ?? (options.quick ? 1 : DEFAULT_ROUNDS);
    for (const row of await runRounds(jobs, rounds, options.log)) emit(row);
  }
}
