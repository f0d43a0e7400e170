import { describeValue } from '../describe-value.js';

/**
 * Training callbacks, Keras style. A callback is any object with some of these hooks (plain objects
 * work); hooks may be async. To stop training a hook sets `model.stopTraining = true` (the model is
 * passed to setModel before training, and also as the last argument of every hook).
 */
export type Logs = Record<string, number>;

/** What a callback sees of the model (kept small so callbacks do not depend on the model module). */
export interface TrainingModel {
  /** Set it to true to end fit after the current batch. */
  stopTraining: boolean;
  /** Copies every weight (trainable and running statistics) into a snapshot. */
  snapshotWeights(into?: Float32Array): Float32Array;
  /** Copies a snapshot from snapshotWeights back into the weights. */
  restoreWeights(snapshot: Float32Array): void;
  /** The compiled optimizer's current learning rate. */
  getLearningRate(): number;
  /** Sets the compiled optimizer's learning rate to a number (a schedule is replaced). */
  setLearningRate(lr: number): void;
  /** Saves the model, as model.save does. */
  save(target?: string, options?: { includeOptimizer?: boolean }): Promise<unknown>;
}

/**
 * Hooks called during fit, as in Keras; `epoch` and `batch` count from 0, and `logs` holds the values
 * logged so far (loss, metrics, and val_ ones at the end of an epoch with validation data).
 */
export interface Callback {
  /** Called once, with the model, before training. */
  setModel?(model: TrainingModel): void;
  /** Called once before training with fit's settings (epochs, batchSize, samples, ...). */
  setParams?(params: Record<string, unknown>): void;
  /** Called when fit starts. */
  onTrainBegin?(logs: Logs, model: TrainingModel): void | Promise<void>;
  /** Called when fit ends. */
  onTrainEnd?(logs: Logs, model: TrainingModel): void | Promise<void>;
  /** Called before each epoch. */
  onEpochBegin?(epoch: number, logs: Logs, model: TrainingModel): void | Promise<void>;
  /** Called after each epoch, with its mean loss and metrics. */
  onEpochEnd?(epoch: number, logs: Logs, model: TrainingModel): void | Promise<void>;
  /** Called before each batch. */
  onBatchBegin?(batch: number, logs: Logs, model: TrainingModel): void | Promise<void>;
  /** Called after each batch, with its loss and the epoch's metrics so far. */
  onBatchEnd?(batch: number, logs: Logs, model: TrainingModel): void | Promise<void>;
}

const HOOKS = [
  'setModel',
  'setParams',
  'onTrainBegin',
  'onTrainEnd',
  'onEpochBegin',
  'onEpochEnd',
  'onBatchBegin',
  'onBatchEnd',
] as const;

/** Calls one hook on every callback in order, awaiting each. */
export class CallbackList {
  constructor(
    readonly callbacks: readonly Callback[],
    private readonly model: TrainingModel,
  ) {
    for (const [i, c] of callbacks.entries()) {
      if (typeof c !== 'object' || c === null || Array.isArray(c))
        throw new TypeError(
          `backprop: callbacks[${i}] must be an object with onEpochEnd etc.; got ${describeValue(c)}`,
        );
      for (const hook of HOOKS) {
        const value = (c as Record<string, unknown>)[hook];
        if (value !== undefined && typeof value !== 'function')
          throw new TypeError(`backprop: callbacks[${i}].${hook} must be a function; got ${describeValue(value)}`);
      }
      c.setModel?.(model);
    }
  }

  setParams(params: Record<string, unknown>): void {
    for (const c of this.callbacks) c.setParams?.(params);
  }

  async trainBegin(logs: Logs): Promise<void> {
    for (const c of this.callbacks) await c.onTrainBegin?.(logs, this.model);
  }

  async trainEnd(logs: Logs): Promise<void> {
    for (const c of this.callbacks) await c.onTrainEnd?.(logs, this.model);
  }

  async epochBegin(epoch: number, logs: Logs): Promise<void> {
    for (const c of this.callbacks) await c.onEpochBegin?.(epoch, logs, this.model);
  }

  async epochEnd(epoch: number, logs: Logs): Promise<void> {
    for (const c of this.callbacks) await c.onEpochEnd?.(epoch, logs, this.model);
  }

  async batchBegin(batch: number, logs: Logs): Promise<void> {
    for (const c of this.callbacks) await c.onBatchBegin?.(batch, logs, this.model);
  }

  async batchEnd(batch: number, logs: Logs): Promise<void> {
    for (const c of this.callbacks) await c.onBatchEnd?.(batch, logs, this.model);
  }

  /** Whether any callback listens to batches (so fit can skip building per-batch logs). */
  get wantsBatches(): boolean {
    return this.callbacks.some((c) => c.onBatchBegin || c.onBatchEnd);
  }
}
