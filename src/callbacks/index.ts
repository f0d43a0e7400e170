import { earlyStopping } from './earlyStopping.js';
import { learningRateScheduler } from './learningRateScheduler.js';
import { modelCheckpoint } from './modelCheckpoint.js';
import { reduceLROnPlateau } from './reduce-on-plateau.js';
import { terminateOnNaN } from './terminateOnNaN.js';

export type { Callback, Logs, TrainingModel } from './callback.js';
export { EarlyStopping } from './earlyStopping.js';
export type { EarlyStoppingArgs } from './earlyStopping.js';
export type { ModelCheckpointArgs } from './modelCheckpoint.js';
export type { ReduceLROnPlateauArgs } from './reduce-on-plateau.js';

/** The callback factories: callbacks.earlyStopping({ patience: 5, restoreBestWeights: true }), ... */
export const callbacks = {
  /** Stops training when the monitored value stops improving (Keras EarlyStopping). */
  earlyStopping,
  /** Sets the learning rate before each epoch from a function of the epoch (Keras LearningRateScheduler). */
  learningRateScheduler,
  /** Stops training quietly when the loss becomes NaN or infinite (Keras TerminateOnNaN). */
  terminateOnNaN,
  /** Saves the model after each epoch, or only when it improved (Keras ModelCheckpoint). */
  modelCheckpoint,
  /** Multiplies the learning rate by `factor` when the monitored value stops improving (Keras ReduceLROnPlateau). */
  reduceLROnPlateau,
};
