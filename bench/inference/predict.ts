// Inference speed of the Fashion-MNIST MLP 784-256-128-10 (relu, relu, softmax) on each backend:
//   node dist/bench/inference/predict.js [--backend native,wasm,js] [--threads N] [--json]
// after `npm run build && npm run build:bench`. For each backend: samples per second of predictInto on a
// [1000, 784] batch, and the latency of predictInto and of predict on one row. Inputs are random pixels in
// [0, 1] (the speed of a dense network does not depend on the values). --threads sets the native backend's
// threads (default 1: the figures are compared with PyTorch at one thread).
import type { Backend, BackendName } from '../../src/backends/contract.js';
import { loadAvailableBackends } from '../../src/backends/node.js';
import { bestSecondsPerCall } from '../../src/bench/timing.js';
import { layers, Random, type Sequential, sequential, Tensor2D } from '../../src/index.js';

/** The network of the train bench, widths in order. */
export const INFERENCE_LAYERS = [784, 256, 128, 10] as const;

/** What measurePredict returns: the best seconds per call, and the throughput that follows. */
export interface PredictTiming {
  /** The rows per call. */
  rows: number;
  /** Best seconds per predictInto call (see src/bench/timing.ts). */
  secondsPerCall: number;
  /** rows / secondsPerCall. */
  samplesPerSecond: number;
}

/** The MLP of INFERENCE_LAYERS on `backend`, with seeded Glorot weights. */
export function inferenceModel(backend: Backend): Sequential {
  const [inputs, hidden1, hidden2, classes] = INFERENCE_LAYERS;
  return sequential({
    seed: 1,
    backend,
    layers: [
      layers.dense({ inputShape: [inputs], units: hidden1, activation: 'relu' }),
      layers.dense({ units: hidden2, activation: 'relu' }),
      layers.dense({ units: classes, activation: 'softmax' }),
    ],
  });
}

/** `rows` rows of random values in [0, 1) for `model`'s input. */
export function randomRows(model: Sequential, rows: number, seed = 7): Tensor2D {
  const random = new Random(seed);
  const data = new Float32Array(rows * model.inputUnits);
  for (let i = 0; i < data.length; i++) data[i] = random.nextUint32() / 2 ** 32;
  return new Tensor2D(data, [rows, model.inputUnits]);
}

/**
 * The best seconds per `model.predictInto(x, out)` over `x.rows` rows (random inputs), each run repeating
 * the call for at least `minSeconds`; `repeats` runs (the best is kept, see src/bench/timing.ts).
 */
export function measurePredict(model: Sequential, rows: number, repeats = 3, minSeconds = 0.2): PredictTiming {
  const x = randomRows(model, rows);
  const out = new Float32Array(rows * model.outputShape[1]);
  const [seconds] = bestSecondsPerCall([() => model.predictInto(x, out)], { runs: repeats, minSeconds });
  return { rows, secondsPerCall: seconds, samplesPerSecond: rows / seconds };
}

/** The same for `model.predict(x)`, which allocates its output tensor per call. */
export function measurePredictAllocating(
  model: Sequential,
  rows: number,
  repeats = 3,
  minSeconds = 0.2,
): PredictTiming {
  const x = randomRows(model, rows);
  const [seconds] = bestSecondsPerCall([() => model.predict(x, { batchSize: rows })], { runs: repeats, minSeconds });
  return { rows, secondsPerCall: seconds, samplesPerSecond: rows / seconds };
}

/** One backend's figures. */
export interface InferenceResult {
  suite: 'inference';
  backend: BackendName;
  threads: number;
  /** Samples per second of predictInto on 1,000 rows. */
  batch1000SamplesPerSecond: number;
  /** Microseconds of predictInto on one row. */
  oneRowMicros: number;
  /** Microseconds of predict (a new output tensor) on one row. */
  oneRowPredictMicros: number;
}

/** Measures one backend (its native threads set by the caller). */
export function inferenceResult(backend: Backend, threads: number, repeats = 3): InferenceResult {
  const model = inferenceModel(backend);
  try {
    const batch = measurePredict(model, 1000, repeats);
    const one = measurePredict(model, 1, repeats);
    const oneAllocating = measurePredictAllocating(model, 1, repeats);
    return {
      suite: 'inference',
      backend: backend.name,
      threads,
      batch1000SamplesPerSecond: Math.round(batch.samplesPerSecond),
      oneRowMicros: Number((one.secondsPerCall * 1e6).toFixed(2)),
      oneRowPredictMicros: Number((oneAllocating.secondsPerCall * 1e6).toFixed(2)),
    };
  } finally {
    model.dispose();
  }
}

function argument(args: string[], name: string): string | undefined {
  const i = args.findIndex((a) => a === name || a.startsWith(`${name}=`));
  if (i < 0) return undefined;
  return args[i].includes('=') ? args[i].split('=')[1] : args[i + 1];
}

async function main(args: string[]): Promise<void> {
  const wanted = argument(args, '--backend')?.split(',');
  const threads = Number(argument(args, '--threads') ?? 1);
  if (!Number.isInteger(threads) || threads < 1)
    throw new Error(`predict bench: --threads must be a positive integer; got ${argument(args, '--threads')}`);
  const json = args.includes('--json');
  for (const backend of await loadAvailableBackends()) {
    if (wanted && !wanted.includes(backend.name)) continue;
    const threadable = backend as Partial<{ setThreads(n: number): void }>;
    if (typeof threadable.setThreads === 'function') threadable.setThreads(threads);
    const result = inferenceResult(backend, backend.name === 'native' ? threads : 1);
    if (json) process.stdout.write(`${JSON.stringify(result)}\n`);
    else
      console.log(
        `${backend.name.padEnd(6)} batch 1000: ${result.batch1000SamplesPerSecond} samples/s   one row: ` +
          `${result.oneRowMicros} us (predictInto), ${result.oneRowPredictMicros} us (predict)`,
      );
  }
}

if (process.argv[1]?.endsWith('/predict.js')) await main(process.argv.slice(2));
