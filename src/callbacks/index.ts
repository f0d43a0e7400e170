import { earlyStopping } from './early-stopping.js';
import { learningRateScheduler } from './learning-rate-scheduler.js';
import { modelCheckpoint } from './model-checkpoint.js';
import { reduceLROnPlateau } from './reduce-on-plateau.js';
import { terminateOnNaN } from './terminate-on-nan.js';

export type { Callback, Logs, TrainingModel } from './callback.js';
export { EarlyStopping } from './early-stopping.js';
export type { EarlyStoppingArgs } from './early-stopping.js';
export type { ModelCheckpointArgs } from './model-checkpoint.js';
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
