import type { Backend } from '../backends/contract.js';

/**
 * Saving and loading, platform-neutral: a model becomes ModelArtifacts (the model.json object and the
 * bytes of weights.bin) and back. The format is documented in docs/model-format.md. This file holds what
 * saving (save.ts) and loading (io.ts) share: the format's constants and types.
 */
export const FORMAT = 'backprop-model';
/**
 * The model.json version written. Version 2 names its weights file in weightsManifest.path (a folder
 * save writes weights-<hash>.bin, so that replacing a save is one atomic rename of model.json); version 1
 * always used weights.bin. Both are read.
 */
export const FORMAT_VERSION = 2;
export const READABLE_FORMAT_VERSIONS: readonly number[] = [1, 2];
/** The weights file names a model.json may give (a plain name in the same folder, never a path). */
export const WEIGHTS_FILE_PATTERN = /^weights(?:-[0-9a-f]{16})?\.bin$/;
/** The layout version in the weights file's header (unchanged since version 1 of model.json). */
export const WEIGHTS_VERSION = 1;
export const WEIGHTS_MAGIC = 'BPWT';
export const HEADER_BYTES = 16;

export interface WeightEntry {
  name: string;
  shape: number[];
  group: 'trainable' | 'state';
}

export interface ModelJson {
  format: typeof FORMAT;
  formatVersion: number;
  modelTopology: { className: 'Sequential'; config: { name: string; seed: number; layers: unknown[] } };
  trainingConfig: { loss: { name: string; fromLogits: boolean }; metrics: string[]; optimizer: { className: string; config: Record<string, unknown> } } | null;
  weightsManifest: {
    path: string;
    byteLength: number;
    /** CRC-32 of the whole weights file, 8 lowercase hex digits. */
    crc32: string;
    weights: WeightEntry[];
    optimizer: { className: string; iterations: number; slots: string[] } | null;
  };
}

export interface ModelArtifacts {
  modelJson: ModelJson;
  weights: Uint8Array;
}

export interface SaveOptions {
  /** Also save the optimizer's state, so that training resumes exactly where it stopped. */
  includeOptimizer?: boolean;
}

export interface LoadOptions {
  /** Build the model on this backend instead of the active one. */
  backend?: Backend;
}

/** Whether this machine stores floats little-endian, as the weights file does. */
export const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** The error of saving to or loading from a path in a build without a file system. */
export function noFileSystem(): Error {
  return new Error('backprop: saving to or loading from a path needs the file system, which this build (browser) does not have; call model.save() with no argument to get the artifacts in memory and loadModel(artifacts) to restore them');
}
