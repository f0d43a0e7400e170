import { describeValue } from '../describe-value.js';

/** Which direction of a monitored value is better, as Keras decides for mode 'auto'. */
export type MonitorMode = 'auto' | 'min' | 'max';

/** The `monitor` option of a callback: the name of a logged value ('val_loss', 'accuracy', ...). */
export function checkMonitor(monitor: unknown, who: string): string {
  if (typeof monitor !== 'string' || monitor === '') {
    throw new TypeError(
      `backprop: ${who} monitor must be the name of a logged value ('val_loss', 'accuracy', ...); got ${describeValue(monitor)}`,
    );
  }
  return monitor;
}

export function isMaximised(monitor: string, mode: MonitorMode): boolean {
  if (mode === 'min') return false;
  if (mode === 'max') return true;
  if (mode !== 'auto')
    throw new RangeError(`backprop: mode must be 'auto', 'min' or 'max'; got ${describeValue(mode)}`);
  // Keras: accuracy-like names are maximised, everything else (losses, errors) minimised.
  return /acc|auc|precision|recall/.test(monitor);
}

/** current is better than reference by more than minDelta in the monitored direction. */
export function improves(current: number, reference: number, minDelta: number, maximise: boolean): boolean {
  return maximise ? current - minDelta > reference : current + minDelta < reference;
}
