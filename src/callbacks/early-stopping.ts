import { describeValue } from '../describe-value.js';
import type { Callback, Logs, TrainingModel } from './callback.js';
import { checkOptions } from '../options.js';
import { checkMonitor, improves, isMaximised, type MonitorMode } from './monitor.js';

/** The options of callbacks.earlyStopping, as Keras names them. */
export interface EarlyStoppingArgs {
  /** Default 'val_loss'. */
  monitor?: string;
  /** Smallest change that counts as an improvement (default 0). */
  minDelta?: number;
  /** Epochs without improvement before stopping (default 0). */
  patience?: number;
  /** Whether a lower or a higher value is better; 'auto' (default) decides from the name. */
  mode?: MonitorMode;
  /** Training stops unless the monitored value beats the baseline within `patience` epochs. */
  baseline?: number;
  /** At the end of training, put back the weights of the best epoch (which tfjs never implemented). */
  restoreBestWeights?: boolean;
}

/** Keras EarlyStopping: stop when the monitored value stops improving; optionally restore the best weights. */
export class EarlyStopping implements Callback {
  /** The logged value watched. */
  readonly monitor: string;
  /** The smallest change that counts as an improvement. */
  readonly minDelta: number;
  /** Epochs without improvement before stopping. */
  readonly patience: number;
  /** The value to beat, if any. */
  readonly baseline: number | undefined;
  /** Whether the best epoch's weights are put back at the end. */
  readonly restoreBestWeights: boolean;
  private readonly maximise: boolean;
  private wait = 0;
  /** The best monitored value of this training so far. */
  best = NaN;
  /** The epoch (from 0) of the best value; -1 before the first epoch ends. */
  bestEpoch = -1;
  /** The epoch (from 0) at which training was stopped; -1 when it was not. */
  stoppedEpoch = -1;
  private bestWeights: Float32Array | undefined;

  constructor(args: EarlyStoppingArgs = {}) {
    args = checkOptions(args, 'callbacks.earlyStopping', "{ monitor: 'val_loss', patience: 3 }", true);
    this.monitor = checkMonitor(args.monitor ?? 'val_loss', 'earlyStopping');
    const minDelta: unknown = args.minDelta ?? 0;
    if (typeof minDelta !== 'number' || !Number.isFinite(minDelta))
      throw new RangeError(`backprop: earlyStopping minDelta must be a finite number; got ${describeValue(minDelta)}`);
    this.minDelta = Math.abs(minDelta);
    this.patience = args.patience ?? 0;
    if (!Number.isInteger(this.patience) || this.patience < 0)
      throw new RangeError(
        `backprop: earlyStopping patience must be an integer >= 0; got ${describeValue(args.patience)}`,
      );
    if (args.baseline !== undefined && (typeof args.baseline !== 'number' || Number.isNaN(args.baseline))) {
      throw new TypeError(`backprop: earlyStopping baseline must be a number; got ${describeValue(args.baseline)}`);
    }
    this.baseline = args.baseline;
    this.restoreBestWeights = args.restoreBestWeights ?? false;
    this.maximise = isMaximised(this.monitor, args.mode ?? 'auto');
  }

  onTrainBegin(): void {
    this.wait = 0;
    this.best = this.maximise ? -Infinity : Infinity;
    this.bestEpoch = -1;
    this.stoppedEpoch = -1;
    this.bestWeights = undefined;
  }

  onEpochEnd(epoch: number, logs: Logs, model: TrainingModel): void {
    const current = logs[this.monitor];
    if (current === undefined) {
      throw new Error(
        `backprop: earlyStopping monitors ${describeValue(this.monitor)} but the logs have only ${Object.keys(logs).join(', ')} (val_ keys need validationSplit or validationData)`,
      );
    }
    if (this.restoreBestWeights && this.bestWeights === undefined) {
      this.bestWeights = model.snapshotWeights();
      this.bestEpoch = epoch;
    }
    this.wait++;
    if (improves(current, this.best, this.minDelta, this.maximise)) {
      this.best = current;
      this.bestEpoch = epoch;
      if (this.restoreBestWeights) this.bestWeights = model.snapshotWeights(this.bestWeights);
      if (this.baseline === undefined || improves(current, this.baseline, 0, this.maximise)) this.wait = 0;
      return;
    }
    if (this.wait >= this.patience && epoch > 0) {
      this.stoppedEpoch = epoch;
      model.stopTraining = true;
    }
  }

  onTrainEnd(_logs: Logs, model: TrainingModel): void {
    if (this.restoreBestWeights && this.bestWeights) model.restoreWeights(this.bestWeights);
  }
}

export const earlyStopping = (args: EarlyStoppingArgs = {}): EarlyStopping => new EarlyStopping(args);
