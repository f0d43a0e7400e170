import { describeValue } from '../describe-value.js';
import type { Callback, Logs, TrainingModel } from './callback.js';
import { checkMonitor, improves, isMaximised, type MonitorMode } from './monitor.js';
import { checkOptions } from '../options.js';

/** The options of callbacks.reduceLROnPlateau, as Keras names them. */
export interface ReduceLROnPlateauArgs {
  /** The logged value watched. Default 'val_loss'. */
  monitor?: string;
  /** New lr = lr * factor (default 0.1). */
  factor?: number;
  /** Epochs without improvement before reducing (default 10). */
  patience?: number;
  /** Whether a lower or a higher value is better; 'auto' (default) decides from the name. */
  mode?: MonitorMode;
  /** Keras min_delta (default 1e-4). */
  minDelta?: number;
  /** Epochs to wait after a reduction before counting again (default 0). */
  cooldown?: number;
  /** The learning rate never goes below this (default 0). */
  minLr?: number;
}

/**
 * The reduce-on-plateau schedule (Keras ReduceLROnPlateau). It needs the monitored value at the end
 * of each epoch, so it is a callback; the current lr is added to the logs as `lr`.
 */
export function reduceLROnPlateau(args: ReduceLROnPlateauArgs = {}): Callback {
  args = checkOptions(args, 'callbacks.reduceLROnPlateau', "{ monitor: 'val_loss', factor: 0.5 }", true);
  const monitor = checkMonitor(args.monitor ?? 'val_loss', 'reduceLROnPlateau');
  const factor = args.factor ?? 0.1;
  if (typeof factor !== 'number' || !(factor > 0 && factor < 1))
    throw new RangeError(`backprop: reduceLROnPlateau factor must be in (0, 1); got ${describeValue(args.factor)}`);
  const patience = count(args.patience ?? 10, 'patience');
  const minDelta = nonNegative(args.minDelta ?? 1e-4, 'minDelta');
  const cooldown = count(args.cooldown ?? 0, 'cooldown');
  const minLr = nonNegative(args.minLr ?? 0, 'minLr');
  const maximise = isMaximised(monitor, args.mode ?? 'auto');
  let best = maximise ? -Infinity : Infinity;
  let wait = 0;
  let cooldownLeft = 0;
  return {
    onTrainBegin(): void {
      best = maximise ? -Infinity : Infinity;
      wait = 0;
      cooldownLeft = 0;
    },
    onEpochEnd(_epoch: number, logs: Logs, model: TrainingModel): void {
      const lr = model.getLearningRate();
      logs.lr = lr;
      const current = logs[monitor];
      if (current === undefined)
        throw new Error(
          `backprop: reduceLROnPlateau monitors ${describeValue(monitor)} but the logs have only ${Object.keys(logs).join(', ')}`,
        );
      if (cooldownLeft > 0) {
        cooldownLeft--;
        wait = 0;
      }
      if (improves(current, best, minDelta, maximise)) {
        best = current;
        wait = 0;
      } else if (cooldownLeft === 0 && ++wait >= patience) {
        if (lr > minLr) model.setLearningRate(Math.max(lr * factor, minLr));
        cooldownLeft = cooldown;
        wait = 0;
      }
    },
  };
}

function count(value: unknown, what: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0)
    throw new RangeError(`backprop: reduceLROnPlateau ${what} must be an integer >= 0; got ${describeValue(value)}`);
  return value;
}

function nonNegative(value: unknown, what: string): number {
  if (typeof value !== 'number' || !(value >= 0) || !Number.isFinite(value))
    throw new RangeError(
      `backprop: reduceLROnPlateau ${what} must be a finite number >= 0; got ${describeValue(value)}`,
    );
  return value;
}
