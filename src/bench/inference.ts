/**
 * The inference suite: `model.predict` of the Fashion-MNIST MLP 784-256-128-10 (relu, relu, softmax; the
 * train suite's network, untrained: the time does not depend on the weights) on uniform inputs in [0, 1):
 * throughput on INFERENCE_ROWS rows at once (samples/s) and the latency of a one-row predict (us). Each is
 * the best of three timed runs of at least INFERENCE_MIN_SECONDS after a warm-up call (src/bench/timing.ts);
 * bench/peers/torch-predict.py does the same in PyTorch under torch.inference_mode.
 */
import type { BenchJob } from './rounds.js';
import { ourChildJob, ourRuns, type SuiteOptions } from './train.js';

export const INFERENCE_ROWS = 1000;
export const INFERENCE_MIN_SECONDS = 0.3;

/** One job per run of our backends; each run prints a throughput row and a latency row. */
export function inferenceJobs(options: SuiteOptions = {}): BenchJob[] {
  return ourRuns(options).map(({ backend, threads }) =>
    ourChildJob({ suite: 'inference' }, './predict-child.js', backend, threads),
  );
}
