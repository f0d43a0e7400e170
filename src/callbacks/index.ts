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
export const callbacks = { earlyStopping, learningRateScheduler, terminateOnNaN, modelCheckpoint, reduceLROnPlateau };
