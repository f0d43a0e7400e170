/**
 * The step suite: the time of one training step of a small network at batch size 1, where per-step work
 * outside arithmetic is all there is. The network of examples/iris.mjs: 4-30-16-3 (relu, relu, softmax
 * with categorical cross-entropy), Adam 1e-3, one standardised iris row per `trainOnBatch`, rows in order.
 * A run warms up for STEP_TIMING.warmUpSeconds, then times windows of at least STEP_TIMING.windowSeconds
 * and keeps their median (steadyStepSeconds in src/bench/timing.ts); bench/peers/torch-step.py does the
 * same in PyTorch.
 */
import type { BenchJob } from './rounds.js';
import type { SteadyStepOptions } from './timing.js';
import { ourChildJob, ourRuns, type SuiteOptions } from './train.js';

export const STEP_LAYERS = [4, 30, 16, 3] as const;
export const STEP_TIMING: SteadyStepOptions = { warmUpSeconds: 1, windows: 9, windowSeconds: 0.2 };

/** One job per run of our backends. */
export function stepJobs(options: SuiteOptions = {}): BenchJob[] {
  return ourRuns(options).map(({ backend, threads }) =>
    ourChildJob({ suite: 'step', batchSize: 1 }, './step-child.js', backend, threads),
  );
}
