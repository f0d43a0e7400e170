import { describeValue } from '../describe-value.js';
import type { Callback, Logs, TrainingModel } from './callback.js';

/**
 * Keras LearningRateScheduler: before each epoch the optimizer's learning rate becomes
 * schedule(epoch, currentLearningRate); the value used is added to the epoch's logs as `lr`.
 */
export function learningRateScheduler(schedule: (epoch: number, lr: number) => number): Callback {
  if (typeof schedule !== 'function')
    throw new TypeError(
      `backprop: learningRateScheduler needs a function (epoch, lr) => lr; got ${describeValue(schedule)}`,
    );
  let current = 0;
  return {
    onEpochBegin(epoch: number, _logs: Logs, model: TrainingModel): void {
      const lr = schedule(epoch, model.getLearningRate());
      if (typeof lr !== 'number' || !Number.isFinite(lr) || lr < 0) {
        throw new RangeError(
          `backprop: learningRateScheduler returned ${describeValue(lr)} for epoch ${epoch}; it must be a finite number >= 0`,
        );
      }
      model.setLearningRate(lr);
      current = lr;
    },
    onEpochEnd(_epoch: number, logs: Logs): void {
      logs.lr = current;
    },
  };
}
