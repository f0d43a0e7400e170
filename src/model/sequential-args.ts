import type { Backend } from '../backends/contract.js';
import { describeValue } from '../describe-value.js';
import type { Layer } from '../layers/layer.js';
import { checkBackendOption } from './backend-option.js';
import type { GatherOptions } from '../data/batches.js';

// The option types of Sequential's constructor and of its predict and evaluate.

/** The options of sequential() and new Sequential(). */
export interface SequentialArgs {
  /** The layers in order; more can be added with add() until the model is built. */
  layers?: Layer[];
  /** Names the model in errors, summaries and saved files (default 'sequential'). */
  name?: string;
  /** Seeds the initial weights (and, unless fit gets its own seed, shuffles and dropout masks). */
  seed?: number;
  /** Run on this backend instead of the active one (getBackend()). */
  backend?: Backend;
}

/**
 * The options of evaluate and predict. `scale` and `scaler` (GatherOptions) turn a Dataset's features into
 * float32 as each batch is gathered; with tensors they are refused.
 */
export interface EvaluateArgs extends GatherOptions {
  /**
   * Rows per batch (evaluate: default 32; predict: default a chunk sized from the layer widths), at most as
   * many as the workspace training planned holds, or as fit in 32 MiB when that is more: the outputs and the
   * metrics are the same in any batches (only the order of the loss sum changes).
   */
  batchSize?: number;
}

/** The arguments of new Sequential() checked, with the defaults filled in: a random seed, no layers. */
export function resolveSequentialArgs(args: SequentialArgs): {
  name: string;
  seed: number;
  layers: Layer[];
  backend: Backend | undefined;
} {
  if (typeof args !== 'object' || args === null) {
    throw new TypeError('backprop: sequential takes an array of layers or { layers, name, seed }');
  }
  const seed = args.seed ?? Math.floor(Math.random() * 4294967296);
  if (typeof seed !== 'number' || !Number.isFinite(seed)) {
    throw new TypeError(`backprop: the model seed must be a finite number; got ${describeValue(args.seed)}`);
  }
  const name = args.name ?? 'sequential';
  if (typeof name !== 'string') {
    throw new TypeError(`backprop: the model name must be a string; got ${describeValue(args.name)}`);
  }
  const backend = checkBackendOption(args.backend, 'sequential');
  return { name, seed, layers: args.layers ?? [], backend };
}
