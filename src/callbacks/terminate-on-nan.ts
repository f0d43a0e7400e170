import type { Callback, Logs, TrainingModel } from './callback.js';

/** Keras TerminateOnNaN: a NaN or infinite batch loss stops training quietly (no NonFiniteLossError). */
export function terminateOnNaN(): Callback {
  return {
    onBatchEnd(_batch: number, logs: Logs, model: TrainingModel): void {
      if (!Number.isFinite(logs.loss)) model.stopTraining = true;
    },
  };
}
