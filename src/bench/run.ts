/**
 * The engine of `backprop bench`: runs the gemm, kernels and train suites on our backends and prints each
 * result as one JSON object per line (--json), or as tables with every backend's ratio against js.
 * Other libraries' training runs ("peers") can be added by the caller; the package ships none.
 */
import type { Backend } from '../backends/contract.js';
import { loadAvailableBackends } from '../backends/node.js';
import { formatTables } from './format.js';
import { gemmSuite } from './gemm.js';
import { kernelsSuite } from './kernels.js';
import type { SuiteName } from './suites.js';
import { trainSuite } from './train.js';

export type BenchRow = Record<string, unknown>;

/** Options of one train-suite run, as the peers get them. */
export interface TrainRunOptions {
  /** Backends and peers asked for (default: all). */
  backends?: readonly string[];
  batches?: number;
  /** Threads our native backend runs at, so a peer can run at the same count. */
  nativeThreads?: number;
  log?: { write(text: string): unknown };
}

export interface BenchRunOptions {
  json: boolean;
  suites: readonly SuiteName[];
  /** Our backends and peers to include (default: all that are available). */
  backends?: readonly string[];
  quick?: boolean;
  batches?: number;
  out: { write(text: string): unknown };
  /** Progress notes (stderr), so stdout stays machine-readable. */
  log?: { write(text: string): unknown };
  /** Rows of other libraries' training runs, after ours. */
  trainPeers?: (options: TrainRunOptions) => AsyncGenerator<BenchRow>;
}

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
    const train: TrainRunOptions = {
      backends: options.backends,
      batches: options.batches ?? (options.quick ? 20 : undefined),
      nativeThreads,
      log: options.log,
    };
    for await (const row of trainSuite(train)) emit(row);
    if (options.trainPeers) for await (const row of options.trainPeers(train)) emit(row);
  }
}
