import type { Backend } from '../backends/contract.js';

/**
 * Saving and loading, platform-neutral: a model becomes ModelArtifacts (the model.json object and the
 * bytes of weights.bin) and back. The format is documented in docs/model-format.md. This file holds what
 * saving (save.ts) and loading (io.ts) share: the format's constants and types.
 */
export const FORMAT = 'backprop-model';
/**
 * The model.json version written. Version 3 adds image layers (Conv2D, MaxPooling2D, AveragePooling2D,
 * GlobalAveragePooling2D, Flatten, Reshape) and input shapes of any rank ([height, width, channels]);
 * version 2 names its weights file in weightsManifest.path (a folder save writes weights-<hash>.bin, so
 * that replacing a save is one atomic rename of model.json); version 1 always used weights.bin. All are
 * read.
 */
export const FORMAT_VERSION = 3;
export const READABLE_FORMAT_VERSIONS: readonly number[] = [1, 2, 3];
/** The weights file names a model.json may give (a plain name in the same folder, never a path). */
export const WEIGHTS_FILE_PATTERN = /^weights(?:-[0-9a-f]{16})?\.bin$/;
/** The layout version in the weights file's header (unchanged since version 1 of model.json). */
export const WEIGHTS_VERSION = 1;
export const WEIGHTS_MAGIC = 'BPWT';
export const HEADER_BYTES = 16;
/** model.json holds only the topology and a manifest; anything larger is not one of ours. */
export const MAX_MODEL_JSON_BYTES = 16 * 1024 * 1024;

/** One weight in a saved model's weights file, in the order of the file. */
export interface WeightEntry {
  /** layer/weight, e.g. dense/kernel. */
  name: string;
  /** Its shape; the product is its number of floats. */
  shape: number[];
  /** Trainable parameters come first in the file, then non-trainable state (running statistics). */
  group: 'trainable' | 'state';
}

/** The model.json of a saved model, field by field as docs/model-format.md describes it. */
export interface ModelJson {
  /** Always 'backprop-model'. */
  format: typeof FORMAT;
  /** 1, 2 or 3 (the version written now). */
  formatVersion: number;
  /** The model's name, seed and layers, each layer as its className and getConfig(). */
  modelTopology: {
    /** Always 'Sequential'. */
    className: 'Sequential';
    /** The model's options. */
    config: {
      /** The model's name. */
      name: string;
      /** The model's seed. */
      seed: number;
      /** Each layer as `{ className, config }`. */
      layers: unknown[];
    };
  };
  /** What compile was given; null for a model never compiled. */
  trainingConfig: {
    /** The loss's name and whether it takes logits. */
    loss: {
      /** The loss name, as losses and compile spell it. */
      name: string;
      /** Whether the loss takes logits instead of probabilities. */
      fromLogits: boolean;
    };
    /** The metric names, as compile was given them. */
    metrics: string[];
    /** The optimizer's class and getConfig(). */
    optimizer: {
      /** The Keras class name ('Adam', ...). */
      className: string;
      /** Its options, as getConfig() gives them. */
      config: Record<string, unknown>;
    };
  } | null;
  /** Where the weights are, how long, their checksum and their order. */
  weightsManifest: {
    /** The weights file's name, in the same folder. */
    path: string;
    /** The weights file's size in bytes. */
    byteLength: number;
    /** CRC-32 of the whole weights file, 8 lowercase hex digits. */
    crc32: string;
    /** The weights in file order. */
    weights: WeightEntry[];
    /** The optimizer state in the file; null when it was not saved. */
    optimizer: {
      /** The optimizer's class name. */
      className: string;
      /** Its step count. */
      iterations: number;
      /** The slot names, in file order (one params-sized block each). */
      slots: string[];
    } | null;
  };
}

/** A saved model in memory: the model.json object and the bytes of its weights file. */
export interface ModelArtifacts {
  /** The model.json object. */
  modelJson: ModelJson;
  /** The weights file's bytes. */
  weights: Uint8Array;
}

/** The options of model.save and modelToArtifacts. */
export interface SaveOptions {
  /** Also save the optimizer's state, so that training resumes exactly where it stopped. */
  includeOptimizer?: boolean;
}

/** The options of loadModel. */
export interface LoadOptions {
  /** Build the model on this backend instead of the active one. */
  backend?: Backend;
}

/** Whether this machine stores floats little-endian, as the weights file does. */
export const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
