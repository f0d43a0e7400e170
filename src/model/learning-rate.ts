import { describeValue } from '../describe-value.js';

/** A learning rate set on a compiled model (model.setLearningRate): a finite number >= 0. */
export function checkLearningRateValue(lr: unknown): number {
  if (typeof lr !== 'number' || !Number.isFinite(lr) || lr < 0) {
    throw new RangeError(`backprop: learning rate must be a finite number >= 0; got ${describeValue(lr)}`);
  }
  return lr;
}
