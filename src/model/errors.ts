/** Bad data or options given to a model: the message names what was expected and what came. */
export class InputError extends Error {
  override name = 'InputError';
}

/** A layer or model configuration that cannot work (unknown activation, widths that do not fit). */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** The training loss became NaN or infinite and no callback stopped training. */
export class NonFiniteLossError extends Error {
  override name = 'NonFiniteLossError';
  constructor(readonly epoch: number, readonly batch: number, readonly loss: number) {
    super(`backprop: the training loss became ${loss} at epoch ${epoch + 1}, batch ${batch + 1}; training diverged. ` +
      'Lower the learning rate, scale the inputs, add clipNorm/clipValue to the optimizer, or pass ' +
      'callbacks.terminateOnNaN() to stop quietly instead of throwing.');
  }
}

/** A saved model that cannot be read: corrupt, truncated, of another version, or not a model at all. */
export class ModelFormatError extends Error {
  override name = 'ModelFormatError';
}

/**
 * A model with NaN or infinite weights was asked to save: nothing is written, so the last good save is
 * kept (loadModel refuses such weights anyway). Training diverged; see NonFiniteLossError for remedies.
 */
export class NonFiniteWeightError extends Error {
  override name = 'NonFiniteWeightError';
  constructor(readonly model: string, readonly weight: string, readonly value: number) {
    super(`backprop: model ${model} was not saved: its ${weight} is ${value} (training diverged); nothing was written, so an earlier save is kept`);
  }
}

/**
 * The model is busy: fit is running (it awaits between batches), and the call would change what training
 * depends on (a second fit, compile, trainOnBatch, dispose). Await the running fit first.
 */
export class ModelBusyError extends Error {
  override name = 'ModelBusyError';
  constructor(readonly model: string, readonly running: string, readonly attempted: string) {
    super(`backprop: model ${model} is running ${running}(); ${attempted}() cannot run until it ends (a model runs one fit at a time: await it first, or use another model)`);
  }
}

/**
 * A save could not write its folder (a path through a file, no permission, a full disk, a file system such
 * as /proc that takes no new directories). `code` is the file system's error code (ENOTDIR, EACCES, ...);
 * the previous save in the folder, if any, is untouched.
 */
export class ModelSaveError extends Error {
  override name = 'ModelSaveError';
  constructor(readonly path: string, readonly code: string | undefined, reason: string, options?: { cause?: unknown }) {
    super(`backprop: cannot save the model to ${path}: ${reason}`, options);
  }
}

/** The model was disposed: its memory is freed and it cannot be used any more. */
export class ModelDisposedError extends Error {
  override name = 'ModelDisposedError';
  constructor(readonly model: string, readonly attempted: string) {
    super(`backprop: model ${model} was disposed (model.dispose() freed its memory); ${attempted === 'use' ? 'it cannot be used' : `${attempted}() cannot run`} any more: build or load a new model`);
  }
}
