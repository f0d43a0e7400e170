import type { Layer } from '../layers/layer.js';
import type { Loss } from '../losses.js';
import type { Optimizer } from '../optimizers/optimizer.js';
import { describeValue } from '../describe-value.js';
import { crc32 } from './crc32.js';
import type { NamedWeight, StoredWeights } from './engine.js';
import { NonFiniteWeightError } from '../errors.js';
import {
  FORMAT,
  FORMAT_VERSION,
  HEADER_BYTES,
  LITTLE_ENDIAN,
  type ModelArtifacts,
  type ModelJson,
  type SaveOptions,
  WEIGHTS_MAGIC,
  WEIGHTS_VERSION,
} from './format.js';
import { layerToSaved } from './serialization.js';
import { artifactsToBytes } from './stores/container.js';
import { downloadBytes } from './stores/download.js';
import { saveToIndexedDb } from './stores/indexeddb.js';
import { pathSaver } from './stores/path.js';
import { runtimeName, saveAlternatives } from './stores/runtime.js';
import { splitScheme, storeName } from './stores/scheme.js';

export type { ModelArtifacts, SaveOptions } from './format.js';

/** What saving reads of a model: a Sequential is one. */
export interface SavableModel {
  /** The model's name. */
  readonly name: string;
  /** The seed of its initial weights. */
  readonly seed: number;
  /** Its layers, first to last. */
  readonly layers: readonly Layer[];
  /** The compiled loss, if any. */
  readonly loss: Loss | undefined;
  /** The compiled optimizer, if any (its state is saved with includeOptimizer). */
  readonly optimizer: Optimizer | undefined;
  /** The metric names compile was given. */
  readonly metricNames: readonly string[];
  /** @internal The values of the flat buffers and the weight lists naming them. */
  storedWeights(): StoredWeights;
  /** Copies every weight (trainable and running statistics) into a snapshot. */
  snapshotWeights(into?: Float32Array): Float32Array;
}

/** The model as model.json + weights.bin contents. */
export function modelToArtifacts(model: SavableModel, options: SaveOptions = {}): ModelArtifacts {
  const stored = model.storedWeights();
  const includeOptimizer = options.includeOptimizer ?? false;
  const optimizer = model.optimizer;
  if (includeOptimizer && !optimizer)
    throw new Error(`backprop: model ${model.name} is not compiled, so it has no optimizer state to save`);
  const n = stored.paramCount;
  const m = stored.stateCount;
  const slots = includeOptimizer && optimizer ? optimizer.slotNames.length : 0;
  const floats = n + m + slots * n;
  const bytes = new Uint8Array(HEADER_BYTES + 4 * floats);
  const header = new DataView(bytes.buffer);
  for (let i = 0; i < 4; i++) bytes[i] = WEIGHTS_MAGIC.charCodeAt(i);
  header.setUint32(4, WEIGHTS_VERSION, true);
  header.setUint32(8, floats, true);
  header.setUint32(12, 0, true);
  const values = new Float32Array(floats);
  model.snapshotWeights(values.subarray(0, n + m));
  if (slots > 0) values.set(stored.optimizerState(), n + m);
  // Refused before anything is written: a diverged model must not replace the last good save (which
  // loadModel would then reject anyway).
  for (let i = 0; i < floats; i++) {
    if (!Number.isFinite(values[i]))
      throw new NonFiniteWeightError(
        model.name,
        describeWeightAt(stored, i, n, m, includeOptimizer ? optimizer : undefined),
        values[i],
      );
  }
  writeFloats(values, bytes, HEADER_BYTES);
  const modelJson: ModelJson = {
    format: FORMAT,
    formatVersion: FORMAT_VERSION,
    modelTopology: {
      className: 'Sequential',
      config: { name: model.name, seed: model.seed, layers: model.layers.map(layerToSaved) },
    },
    trainingConfig:
      model.loss && optimizer
        ? {
            loss: { ...model.loss },
            metrics: [...model.metricNames],
            optimizer: { className: optimizer.className, config: optimizer.getConfig() },
          }
        : null,
    weightsManifest: {
      path: 'weights.bin',
      byteLength: bytes.length,
      crc32: crc32(bytes).toString(16).padStart(8, '0'),
      weights: [
        ...stored.trainable.map(({ layer, weight }) => ({
          name: `${layer.name}/${weight.name}`,
          shape: [...weight.shape],
          group: 'trainable' as const,
        })),
        ...stored.nonTrainable.map(({ layer, weight }) => ({
          name: `${layer.name}/${weight.name}`,
          shape: [...weight.shape],
          group: 'state' as const,
        })),
      ],
      optimizer:
        slots > 0 || (includeOptimizer && optimizer)
          ? { className: optimizer!.className, iterations: optimizer!.iterations, slots: [...optimizer!.slotNames] }
          : null,
    },
  };
  return { modelJson, weights: bytes };
}

/** Which weight (and which of its values) index i of the saved values is, in the order of modelToArtifacts. */
function describeWeightAt(
  stored: StoredWeights,
  i: number,
  n: number,
  m: number,
  optimizer: Optimizer | undefined,
): string {
  const find = (entries: readonly NamedWeight[], index: number): string => {
    for (const { layer, weight } of entries) {
      if (index < weight.slice.offset + weight.size && index >= weight.slice.offset)
        return `${layer.name}/${weight.name} value ${index - weight.slice.offset}`;
    }
    return `value ${index}`;
  };
  if (i < n) return `weight ${find(stored.trainable, i)}`;
  if (i < n + m) return `running statistic ${find(stored.nonTrainable, i - n)}`;
  const slot = Math.floor((i - n - m) / n);
  return `optimizer state ${optimizer?.slotNames[slot] ?? slot} of ${find(stored.trainable, (i - n - m) % n)}`;
}

function writeFloats(values: Float32Array, bytes: Uint8Array, offset: number): void {
  if (LITTLE_ENDIAN) {
    bytes.set(new Uint8Array(values.buffer, values.byteOffset, values.byteLength), offset);
    return;
  }
  const dv = new DataView(bytes.buffer, bytes.byteOffset);
  for (let i = 0; i < values.length; i++) dv.setFloat32(offset + 4 * i, values[i], true);
}

/** The model as one single-file container (model.toBytes()). */
export function modelToBytes(model: SavableModel, options: SaveOptions = {}): Uint8Array<ArrayBuffer> {
  return artifactsToBytes(modelToArtifacts(model, options));
}

/**
 * model.save(): to a folder (a path, through the file store the Node entry registers), to
 * 'indexeddb://name', as a download ('downloads://name'), or to memory (no target). Returns the artifacts
 * saved, with the model.json as written.
 */
export async function saveModel(
  model: SavableModel,
  target: string | undefined,
  options: SaveOptions = {},
): Promise<ModelArtifacts> {
  if (typeof target !== 'string' && target !== undefined)
    throw new TypeError(
      `backprop: model.save takes a folder path, 'indexeddb://name', 'downloads://name' or nothing (in memory); got ${describeValue(target)}`,
    );
  const artifacts = modelToArtifacts(model, options);
  if (target === undefined) return artifacts;
  const { scheme, rest } = splitScheme(target);
  switch (scheme) {
    case undefined: {
      const save = pathSaver();
      if (!save)
        throw new Error(
          `backprop: model.save(${JSON.stringify(target)}) writes a folder, which needs a file system that ${runtimeName()} does not have; ${saveAlternatives()}`,
        );
      return { modelJson: await save(target, artifacts), weights: artifacts.weights };
    }
    case 'indexeddb':
      await saveToIndexedDb(storeName('indexeddb://', rest, 'model.save'), artifactsToBytes(artifacts));
      return artifacts;
    case 'downloads':
      downloadBytes(storeName('downloads://', rest, 'model.save'), artifactsToBytes(artifacts));
      return artifacts;
    case 'http':
    case 'https':
      throw new TypeError(
        `backprop: model.save does not upload; send the bytes yourself, e.g. fetch(url, { method: 'PUT', body: model.toBytes() }) (loadModel(url) reads them back)`,
      );
    default:
      throw new TypeError(
        `backprop: model.save does not know the scheme '${scheme}://'; it takes 'indexeddb://name', 'downloads://name'${pathSaver() ? ', a folder path' : ''} or nothing (in memory)`,
      );
  }
}
