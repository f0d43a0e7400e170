import { describeValue } from '../describe-value.js';
import { NonFiniteWeightError } from '../errors.js';
import { checkOptions } from '../options.js';
import type { Callback, Logs, TrainingModel } from './callback.js';
import { checkMonitor, improves, isMaximised, type MonitorMode } from './monitor.js';

/** The options of callbacks.modelCheckpoint, as Keras names them. */
export interface ModelCheckpointArgs {
  /**
   * Where to save: a directory path (Node), where `{epoch}` is replaced by the 1-based epoch number; or
   * a function that receives the in-memory artifacts (anywhere).
   */
  filepath: string | ((artifacts: unknown, epoch: number) => void | Promise<void>);
  /** The logged value saveBestOnly watches. Default 'val_loss'. */
  monitor?: string;
  /** Save only when the monitored value improved (default false: every epoch). */
  saveBestOnly?: boolean;
  /** Whether a lower or a higher value is better; 'auto' (default) decides from the name. */
  mode?: MonitorMode;
  /** Save the optimizer state too, so training can resume exactly (default true). */
  includeOptimizer?: boolean;
  /** Where the warning of a skipped save goes (default console.warn). */
  warn?: (message: string) => void;
}

/**
 * Keras ModelCheckpoint: saves the model at the end of epochs (or only the best ones).
 *
 * An epoch whose weights are no longer finite (training diverged) is not saved: the save is skipped with a
 * warning and the last good checkpoint stays as it was, and training goes on, as for any epoch that is
 * not saved (a Keras checkpoint never stops training; add callbacks.terminateOnNaN() to stop).
 */
export function modelCheckpoint(args: ModelCheckpointArgs): Callback {
  checkOptions(args, 'callbacks.modelCheckpoint', "{ filepath: 'checkpoints/epoch-{epoch}' }");
  if ((typeof args.filepath !== 'string' || args.filepath === '') && typeof args.filepath !== 'function') {
    throw new TypeError(
      `backprop: modelCheckpoint needs { filepath: a directory path or (artifacts, epoch) => void }; got filepath: ${describeValue(args.filepath)}`,
    );
  }
  const monitor = checkMonitor(args.monitor ?? 'val_loss', 'modelCheckpoint');
  const maximise = isMaximised(monitor, args.mode ?? 'auto');
  const includeOptimizer = args.includeOptimizer ?? true;
  const warn = args.warn ?? ((message: string) => console.warn(message));
  if (typeof warn !== 'function')
    throw new TypeError(
      `backprop: modelCheckpoint warn must be a function (message) => void; got ${describeValue(warn)}`,
    );
  let best = maximise ? -Infinity : Infinity;
  return {
    onTrainBegin(): void {
      best = maximise ? -Infinity : Infinity;
    },
    async onEpochEnd(epoch: number, logs: Logs, model: TrainingModel): Promise<void> {
      if (args.saveBestOnly) {
        const current = logs[monitor];
        if (current === undefined)
          throw new Error(
            `backprop: modelCheckpoint monitors ${describeValue(monitor)} but the logs have only ${Object.keys(logs).join(', ')}`,
          );
        if (!improves(current, best, 0, maximise)) return;
      }
      let artifacts: unknown;
      try {
        artifacts = await model.save(
          typeof args.filepath === 'string' ? args.filepath.replace(/\{epoch\}/g, String(epoch + 1)) : undefined,
          { includeOptimizer },
        );
      } catch (error) {
        if (!(error instanceof NonFiniteWeightError)) throw error;
        warn(`backprop: modelCheckpoint skipped epoch ${epoch + 1}: ${error.message}`);
        return;
      }
      // The best value counts once it is saved: a skipped epoch does not raise the bar for the next.
      if (args.saveBestOnly) best = logs[monitor];
      if (typeof args.filepath === 'function') await args.filepath(artifacts, epoch);
    },
  };
}
