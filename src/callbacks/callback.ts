import { describeValue } from '../describe-value.js';

/**
 * Training callbacks, Keras style. A callback is any object with some of these hooks (plain objects
 * work); hooks may be async. To stop training a hook sets `model.stopTraining = true` (the model is
 * passed to setModel before training, and also as the last argument of every hook).
 */
export type Logs = Record<string, number>;

/** What a callback sees of the model (kept small so callbacks do not depend on the model module). */
export interface TrainingModel {
  stopTraining: boolean;
  /** Copies every weight (trainable and running statistics) into a snapshot. */
  snapshotWeights(into?: Float32Array): Float32Array;
  restoreWeights(snapshot: Float32Array): void;
  /** The compiled optimizer's learning-rate access (numbers only; a schedule is replaced when set). */
  getLearningRate(): number;
  setLearningRate(lr: number): void;
  save(target?: string, options?: { includeOptimizer?: boolean }): Promise<unknown>;
}

export interface Callback {
  setModel?(model: TrainingModel): void;
  setParams?(params: Record<string, unknown>): void;
  onTrainBegin?(logs: Logs, model: TrainingModel): void | Promise<void>;
  onTrainEnd?(logs: Logs, model: TrainingModel): void | Promise<void>;
  onEpochBegin?(epoch: number, logs: Logs, model: TrainingModel): void | Promise<void>;
  onEpochEnd?(epoch: number, logs: Logs, model: TrainingModel): void | Promise<void>;
  onBatchBegin?(batch: number, logs: Logs, model: TrainingModel): void | Promise<void>;
  onBatchEnd?(batch: number, logs: Logs, model: TrainingModel): void | Promise<void>;
}

const HOOKS = ['setModel', 'setParams', 'onTrainBegin', 'onTrainEnd', 'onEpochBegin', 'onEpochEnd', 'onBatchBegin', 'onBatchEnd'] as const;

/** Calls one hook on every callback in order, awaiting each. */
export class CallbackList {
  constructor(readonly callbacks: readonly Callback[], private readonly model: TrainingModel) {
    for (const [i, c] of callbacks.entries()) {
      if (typeof c !== 'object' || c === null || Array.isArray(c)) throw new TypeError(`backprop: callbacks[${i}] must be an object with onEpochEnd etc.; got ${describeValue(c)}`);
      for (const hook of HOOKS) {
        const value = (c as Record<string, unknown>)[hook];
        if (value !== undefined && typeof value !== 'function') throw new TypeError(`backprop: callbacks[${i}].${hook} must be a function; got ${describeValue(value)}`);
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
