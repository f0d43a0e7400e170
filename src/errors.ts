// Every error class the library throws on purpose, exported from both entries (backprop-nn and
// backprop-nn/browser), so that `catch (e) { if (e instanceof InputError) ... }` works from either. This
// file imports nothing that runs, so any module can import it without making an import circle.
import type { BackendName } from './backends/contract.js';

// ---- Models, layers and training ----

/**
 * Bad data or options given to a model or to the perceptron: arrays of the wrong shape or length, labels
 * out of range, an option of the wrong type. Thrown before anything is changed; the message names what was
 * expected and what came.
 */
export class InputError extends Error {
  /** 'InputError', the class name (what logs and stack traces show). */
  override name = 'InputError';
}

/**
 * A layer or model configuration that cannot work: an unknown activation, a first layer without
 * inputShape, two layers of one name, a loss that does not fit the last layer, a model with no layers or
 * used before compile.
 */
export class ConfigError extends Error {
  /** 'ConfigError', the class name (what logs and stack traces show). */
  override name = 'ConfigError';
}

/**
 * Thrown by fit when the training loss becomes NaN or infinite and no callback stopped training (pass
 * callbacks.terminateOnNaN() to stop quietly instead). `epoch` and `batch` count from 0.
 */
export class NonFiniteLossError extends Error {
  /** 'NonFiniteLossError', the class name (what logs and stack traces show). */
  override name = 'NonFiniteLossError';
  /**
   * @param epoch The epoch (from 0) whose batch diverged.
   * @param batch The batch (from 0) within the epoch.
   * @param loss The loss it gave: NaN or infinite.
   */
  constructor(
    readonly epoch: number,
    readonly batch: number,
    readonly loss: number,
  ) {
    super(
      `backprop: the training loss became ${loss} at epoch ${epoch + 1}, batch ${batch + 1}; training diverged. ` +
        'Lower the learning rate, scale the inputs, add clipNorm/clipValue to the optimizer, or pass ' +
        'callbacks.terminateOnNaN() to stop quietly instead of throwing.',
    );
  }
}

/**
 * Thrown by loadModel for a saved model that cannot be read: corrupt, truncated, of another format
 * version, or not a model at all.
 */
export class ModelFormatError extends Error {
  /** 'ModelFormatError', the class name (what logs and stack traces show). */
  override name = 'ModelFormatError';
}

/**
 * Thrown by model.save (and the modelCheckpoint callback) when a weight is NaN or infinite: nothing is
 * written, so the last good save is kept (loadModel refuses such weights anyway). Training diverged; see
 * NonFiniteLossError for remedies.
 */
export class NonFiniteWeightError extends Error {
  /** 'NonFiniteWeightError', the class name (what logs and stack traces show). */
  override name = 'NonFiniteWeightError';
  /**
   * @param model The model's name.
   * @param weight Which value is not finite, in words ('weight dense/kernel value 3', 'running statistic ...').
   * @param value Its value: NaN or infinite.
   */
  constructor(
    readonly model: string,
    readonly weight: string,
    readonly value: number,
  ) {
    super(
      `backprop: model ${model} was not saved: its ${weight} is ${value} (training diverged); ` +
        'nothing was written, so an earlier save is kept',
    );
  }
}

/**
 * Thrown when fit is running (it awaits between batches) and a call would change what training depends
 * on (a second fit, compile, trainOnBatch, dispose). Await the running fit first.
 */
export class ModelBusyError extends Error {
  /** 'ModelBusyError', the class name (what logs and stack traces show). */
  override name = 'ModelBusyError';
  /**
   * @param model The model's name.
   * @param running The method that is running ('fit').
   * @param attempted The method that was called meanwhile.
   */
  constructor(
    readonly model: string,
    readonly running: string,
    readonly attempted: string,
  ) {
    super(
      `backprop: model ${model} is running ${running}(); ${attempted}() cannot run until it ends ` +
        '(a model runs one fit at a time: await it first, or use another model)',
    );
  }
}

/**
 * Thrown by model.save when its folder cannot be written (a path through a file, no permission, a full
 * disk, a file system such as /proc that takes no new directories). `code` is the file system's error code
 * (ENOTDIR, EACCES, ...); the previous save in the folder, if any, is untouched.
 */
export class ModelSaveError extends Error {
  /** 'ModelSaveError', the class name (what logs and stack traces show). */
  override name = 'ModelSaveError';
  /**
   * @param path The folder the model was to be saved to.
   * @param code The file system's error code (ENOTDIR, EACCES, ...), when it gave one.
   * @param reason Why, in words.
   * @param options The error that caused it.
   */
  constructor(
    readonly path: string,
    readonly code: string | undefined,
    reason: string,
    options?: { cause?: unknown },
  ) {
    super(`backprop: cannot save the model to ${path}: ${reason}`, options);
  }
}

/** Thrown by any use of a model after model.dispose() freed its memory. */
export class ModelDisposedError extends Error {
  /** 'ModelDisposedError', the class name (what logs and stack traces show). */
  override name = 'ModelDisposedError';
  /**
   * @param model The model's name.
   * @param attempted The method that was called, or 'use'.
   */
  constructor(
    readonly model: string,
    readonly attempted: string,
  ) {
    const what = attempted === 'use' ? 'it cannot be used' : `${attempted}() cannot run`;
    super(
      `backprop: model ${model} was disposed (model.dispose() freed its memory); ${what} any more: ` +
        'build or load a new model',
    );
  }
}

// ---- Backends and kernels ----

/**
 * Thrown by initBackend and loadBackend when a backend asked for by name (the option or BACKPROP_BACKEND)
 * cannot load; `reason` says why. A backend chosen by default falls back to the next one instead.
 */
export class BackendUnavailableError extends Error {
  /** 'BackendUnavailableError', the class name (what logs and stack traces show). */
  override name = 'BackendUnavailableError';
  /**
   * @param backend The backend asked for.
   * @param reason Why it cannot load.
   */
  constructor(
    readonly backend: BackendName,
    readonly reason: string,
  ) {
    super(`backprop: the ${backend} backend was requested but cannot load: ${reason}`);
  }
}

/**
 * Thrown by a backend loader whose artefact (the native addon binary, a .wasm file) is not present; the
 * message ends with the command that builds it. Backend selection reports such a backend as "not built".
 */
export class BackendNotBuiltError extends Error {
  /** 'BackendNotBuiltError', the class name (what logs and stack traces show). */
  override name = 'BackendNotBuiltError';
}

/**
 * Thrown by a kernel, on every backend, for an argument of the wrong kind: not a number, not a
 * Float32Array, not a boolean. The message starts `backprop: <kernel>: ` and names what was expected and
 * what came.
 */
export class KernelArgumentError extends TypeError {
  /** 'KernelArgumentError', the class name (what logs and stack traces show). */
  override name = 'KernelArgumentError';
}

/**
 * Thrown by a kernel, on every backend, for an argument of the right kind whose value is out of range: a
 * size that is not an integer in [min, 2^31), a real outside float32 range or its interval, a buffer too
 * short, buffers that overlap.
 */
export class KernelRangeError extends RangeError {
  /** 'KernelRangeError', the class name (what logs and stack traces show). */
  override name = 'KernelRangeError';
}

/**
 * Thrown by the wasm backend when its linear memory cannot grow to hold a new buffer (wasm32 addresses at
 * most 4 GiB, engines often less), or when a buffer is freed twice.
 */
export class WasmMemoryError extends Error {
  /** 'WasmMemoryError', the class name (what logs and stack traces show). */
  override name = 'WasmMemoryError';
}

// ---- Data ----

/**
 * Thrown by the CSV readers for a field that is not what its column needs (a number that does not parse,
 * a row of another width, an empty label, an unclosed quote), with its place in the file.
 */
export class CsvError extends Error {
  /** 'CsvError', the class name (what logs and stack traces show). */
  override name = 'CsvError';
  /**
   * @param source The file name, or what the text is.
   * @param line The line, from 1.
   * @param column The column, from 1.
   * @param detail What is wrong with the field.
   */
  constructor(
    readonly source: string,
    readonly line: number,
    readonly column: number,
    detail: string,
  ) {
    super(`backprop: ${source} line ${line}, column ${column}: ${detail}`);
  }
}

/** A limit of DataLimits: the most classes, feature columns, or bytes of one file. */
export type DataLimitName = 'maxClasses' | 'maxFeatures' | 'maxBytes';

/** Where each limit is raised: the loader option and the `backprop train` flag. */
const HOW_TO_RAISE: Record<DataLimitName, string> = {
  maxClasses: 'the maxClasses option (backprop train --max-classes <n>)',
  maxFeatures: 'the maxFeatures option (backprop train --max-features <n>)',
  maxBytes: 'the maxBytes option (backprop train --max-bytes <n>)',
};

/**
 * Thrown by the data loaders, before they allocate, when a file asks for more than a limit allows (see
 * DataLimits); the message says how to raise the limit when the data really is that large.
 */
export class DataLimitError extends RangeError {
  /** 'DataLimitError', the class name (what logs and stack traces show). */
  override name = 'DataLimitError';
  /**
   * @param source The file name, or what the data is.
   * @param what What the data asks for, in words.
   * @param limit Which limit it exceeds.
   * @param value The limit's value.
   */
  constructor(
    source: string,
    what: string,
    readonly limit: DataLimitName,
    value: number,
  ) {
    super(
      `backprop: ${source}: ${what}; the limit is ${value}. ` +
        `If the data really is that large, raise it with ${HOW_TO_RAISE[limit]}`,
    );
  }
}

/** Thrown by loadDataset (Node only) when the data set is not on this machine; the message says how to get it. */
export class DatasetNotFoundError extends Error {
  /** 'DatasetNotFoundError', the class name (what logs and stack traces show). */
  override name = 'DatasetNotFoundError';
}
