import type { Callback, Logs, TrainingModel } from './callback.js';
import { improves, isMaximised, type MonitorMode } from './monitor.js';

export interface ModelCheckpointArgs {
  /**
   * Where to save: a directory path (Node), where `{epoch}` is replaced by the 1-based epoch number; or
   * a function that receives the in-memory artifacts (anywhere).
   */
  filepath: string | ((artifacts: unknown, epoch: number) => void | Promise<void>);
  monitor?: string;
  /** Save only when the monitored value improved (default false: every epoch). */
  saveBestOnly?: boolean;
  mode?: MonitorMode;
  /** Save the optimizer state too, so training can resume exactly (default true). */
  includeOptimizer?: boolean;
}

/** Keras ModelCheckpoint: saves the model at the end of epochs (or only the best ones). */
export function modelCheckpoint(args: ModelCheckpointArgs): Callback {
  if (typeof args !== 'object' || args === null || (typeof args.filepath !== 'string' && typeof args.filepath !== 'function')) {
    throw new TypeError('backprop: modelCheckpoint needs { filepath: directory or (artifacts, epoch) => void }');
  }
  const monitor = args.monitor ?? 'val_loss';
  const maximise = isMaximised(monitor, args.mode ?? 'auto');
  const includeOptimizer = args.includeOptimizer ?? true;
  let best = maximise ? -Infinity : Infinity;
  return {
    onTrainBegin(): void {
      best = maximise ? -Infinity : Infinity;
    },
    async onEpochEnd(epoch: number, logs: Logs, model: TrainingModel): Promise<void> {
      if (args.saveBestOnly) {
        const current = logs[monitor];
        if (current === undefined) throw new Error(`backprop: modelCheckpoint monitors ${JSON.stringify(monitor)} but the logs have only ${Object.keys(logs).join(', ')}`);
        if (!improves(current, best, 0, maximise)) return;
        best = current;
      }
      if (typeof args.filepath === 'string') {
        await model.save(args.filepath.replace(/\{epoch\}/g, String(epoch + 1)), { includeOptimizer });
      } else {
        await args.filepath(await model.save(undefined, { includeOptimizer }), epoch);
      }
    },
  };
}
