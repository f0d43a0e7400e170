import type { Backend } from '../backends/contract.js';
import { describeValue } from '../describe-value.js';
import { checkBackendOption } from './backendOption.js';
import { resolveLoss } from '../losses.js';
import { optimizerFromConfig } from '../optimizers/index.js';
import { crc32 } from './crc32.js';
import type { Weight } from '../layers/layer.js';
import type { Optimizer } from '../optimizers/optimizer.js';
import { ModelFormatError, NonFiniteWeightError } from '../errors.js';
import { MAX_PARAMETERS, Sequential } from './sequential.js';
import { layerFromSaved, layerToSaved } from './serialization.js';

/**
 * Saving and loading, platform-neutral: a model becomes ModelArtifacts (the model.json object and the
 * bytes of weights.bin) and back. The format is documented in docs/model-format.md. Writing to and
 * reading from a directory is a PathStore that the Node entry registers (src/model/fileStore.ts), so
 * the browser build never imports fs.
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

/** Saves to and loads from a path (the Node entry registers the file system one). */
export interface PathStore {
  /** Returns the model.json it wrote (which names the weights file it wrote). */
  save(path: string, artifacts: ModelArtifacts): Promise<ModelJson>;
  load(path: string, options: LoadOptions): Promise<Sequential>;
}

let pathStore: PathStore | undefined;

export function registerPathStore(store: PathStore): void {
  pathStore = store;
}

function requirePathStore(): PathStore {
  if (!pathStore) {
    throw new Error('backprop: saving to or loading from a path needs the file system, which this build (browser) does not have; call model.save() with no argument to get the artifacts in memory and loadModel(artifacts) to restore them');
  }
  return pathStore;
}

const littleEndian = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** The model as model.json + weights.bin contents. */
export function modelToArtifacts(model: Sequential, options: SaveOptions = {}): ModelArtifacts {
  const { engine, metricIds } = model.internals();
  const includeOptimizer = options.includeOptimizer ?? false;
  const optimizer = model.optimizer;
  if (includeOptimizer && !optimizer) throw new Error(`backprop: model ${model.name} is not compiled, so it has no optimizer state to save`);
  const n = engine.paramCount;
  const m = engine.stateCount;
  const slots = includeOptimizer && optimizer ? optimizer.slotNames.length : 0;
  const floats = n + m + slots * n;
  const bytes = new Uint8Array(HEADER_BYTES + 4 * floats);
  const header = new DataView(bytes.buffer);
  for (let i = 0; i < 4; i++) bytes[i] = WEIGHTS_MAGIC.charCodeAt(i);
  header.setUint32(4, WEIGHTS_VERSION, true);
  header.setUint32(8, floats, true);
  header.setUint32(12, 0, true);
  const values = new Float32Array(floats);
  values.set(engine.params.data.subarray(0, n), 0);
  values.set(engine.state.data.subarray(0, m), n);
  if (slots > 0) values.set(engine.optState!.data.subarray(0, slots * n), n + m);
  // Refused before anything is written: a diverged model must not replace the last good save (which
  // loadModel would then reject anyway).
  for (let i = 0; i < floats; i++) {
    if (!Number.isFinite(values[i])) throw new NonFiniteWeightError(model.name, describeWeightAt(model, i, n, m, includeOptimizer ? optimizer : undefined), values[i]);
  }
  writeFloats(values, bytes, HEADER_BYTES);
  const modelJson: ModelJson = {
    format: FORMAT,
    formatVersion: FORMAT_VERSION,
    modelTopology: { className: 'Sequential', config: { name: model.name, seed: model.seed, layers: model.layers.map(layerToSaved) } },
    trainingConfig: model.loss && optimizer
      ? { loss: { ...model.loss }, metrics: [...metricIds], optimizer: { className: optimizer.className, config: optimizer.getConfig() } }
      : null,
    weightsManifest: {
      path: 'weights.bin',
      byteLength: bytes.length,
      crc32: crc32(bytes).toString(16).padStart(8, '0'),
      weights: [
        ...model.trainableWeights().map(({ layer, weight }) => ({ name: `${layer.name}/${weight.name}`, shape: [...weight.shape], group: 'trainable' as const })),
        ...model.nonTrainableWeights().map(({ layer, weight }) => ({ name: `${layer.name}/${weight.name}`, shape: [...weight.shape], group: 'state' as const })),
      ],
      optimizer: slots > 0 || (includeOptimizer && optimizer)
        ? { className: optimizer!.className, iterations: optimizer!.iterations, slots: [...optimizer!.slotNames] }
        : null,
    },
  };
  return { modelJson, weights: bytes };
}

/** Which weight (and which of its values) index i of the saved values is, in the order of modelToArtifacts. */
function describeWeightAt(model: Sequential, i: number, n: number, m: number, optimizer: Optimizer | undefined): string {
  const find = (entries: { layer: { name: string }; weight: Weight }[], index: number): string => {
    for (const { layer, weight } of entries) {
      if (index < weight.slice.offset + weight.size && index >= weight.slice.offset) return `${layer.name}/${weight.name} value ${index - weight.slice.offset}`;
    }
    return `value ${index}`;
  };
  if (i < n) return `weight ${find(model.trainableWeights(), i)}`;
  if (i < n + m) return `running statistic ${find(model.nonTrainableWeights(), i - n)}`;
  const slot = Math.floor((i - n - m) / n);
  return `optimizer state ${optimizer?.slotNames[slot] ?? slot} of ${find(model.trainableWeights(), (i - n - m) % n)}`;
}

function writeFloats(values: Float32Array, bytes: Uint8Array, offset: number): void {
  if (littleEndian) {
    bytes.set(new Uint8Array(values.buffer, values.byteOffset, values.byteLength), offset);
    return;
  }
  const dv = new DataView(bytes.buffer, bytes.byteOffset);
  for (let i = 0; i < values.length; i++) dv.setFloat32(offset + 4 * i, values[i], true);
}

function readFloats(bytes: Uint8Array, offset: number, count: number): Float32Array {
  const out = new Float32Array(count);
  if (littleEndian) {
    new Uint8Array(out.buffer).set(bytes.subarray(offset, offset + 4 * count));
    return out;
  }
  const dv = new DataView(bytes.buffer, bytes.byteOffset);
  for (let i = 0; i < count; i++) out[i] = dv.getFloat32(offset + 4 * i, true);
  return out;
}

/** A parsed, checked model.json: the model's layers are built (shapes) but nothing is allocated yet. */
export interface LoadPlan {
  readonly modelJson: ModelJson;
  readonly model: Sequential;
  /** The exact size weights.bin must have, computed from the topology (never from the file). */
  readonly expectedBytes: number;
}

function fail(message: string): never {
  throw new ModelFormatError(`backprop: cannot load the model: ${message}`);
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Checks model.json (already parsed) and builds the layers; throws ModelFormatError with the reason. */
export function planLoad(json: unknown, options: LoadOptions = {}): LoadPlan {
  if (!isObject(json)) fail('model.json is not a JSON object');
  if (json.format !== FORMAT) fail(`model.json is not a backprop model (format is ${describeValue(json.format)}, expected "${FORMAT}")`);
  if (typeof json.formatVersion !== 'number' || !READABLE_FORMAT_VERSIONS.includes(json.formatVersion)) {
    fail(`model.json has format version ${describeValue(json.formatVersion)}; this version of backprop reads versions ${READABLE_FORMAT_VERSIONS.join(' and ')}${typeof json.formatVersion === 'number' && json.formatVersion > FORMAT_VERSION ? ' (it was written by a newer backprop: upgrade)' : ''}`);
  }
  const topology = json.modelTopology;
  if (!isObject(topology) || topology.className !== 'Sequential' || !isObject(topology.config)) fail('modelTopology must be { className: "Sequential", config }');
  const config = topology.config;
  if (!Array.isArray(config.layers) || config.layers.length === 0) fail('modelTopology.config.layers must be a non-empty array');
  if (typeof config.seed !== 'number' || !Number.isFinite(config.seed)) fail('modelTopology.config.seed must be a number');
  if (typeof config.name !== 'string') fail('modelTopology.config.name must be a string');
  const manifest = json.weightsManifest;
  if (!isObject(manifest)) fail('weightsManifest is missing');
  if (json.formatVersion === 1 ? manifest.path !== 'weights.bin' : typeof manifest.path !== 'string' || !WEIGHTS_FILE_PATTERN.test(manifest.path)) {
    fail(`weightsManifest.path must be ${json.formatVersion === 1 ? '"weights.bin"' : 'weights.bin or weights-<16 hex digits>.bin'} (a file in the model's folder); got ${describeValue(manifest.path)}`);
  }
  if (typeof manifest.byteLength !== 'number' || !Number.isSafeInteger(manifest.byteLength)) fail('weightsManifest.byteLength must be an integer');
  if (typeof manifest.crc32 !== 'string' || !/^[0-9a-f]{8}$/.test(manifest.crc32)) fail('weightsManifest.crc32 must be 8 hex digits');
  if (!Array.isArray(manifest.weights)) fail('weightsManifest.weights must be an array');

  const counter = { n: 0 };
  const layers = config.layers.map((l) => layerFromSaved(l, 0, counter));
  let model: Sequential;
  try {
    model = new Sequential({ name: config.name, seed: config.seed, layers, backend: options.backend });
  } catch (error) {
    fail(`the layers do not fit together: ${error instanceof Error ? error.message : String(error)}`);
  }
  const expected = [
    ...model.trainableWeights().map(({ layer, weight }) => ({ name: `${layer.name}/${weight.name}`, shape: weight.shape, group: 'trainable' })),
    ...model.nonTrainableWeights().map(({ layer, weight }) => ({ name: `${layer.name}/${weight.name}`, shape: weight.shape, group: 'state' })),
  ];
  if (manifest.weights.length !== expected.length) fail(`weightsManifest lists ${manifest.weights.length} weights; the topology has ${expected.length}`);
  for (const [i, e] of expected.entries()) {
    const got = manifest.weights[i] as Partial<WeightEntry> | undefined;
    if (!isObject(got) || got.name !== e.name || got.group !== e.group || !Array.isArray(got.shape) || got.shape.length !== e.shape.length || !e.shape.every((d, k) => (got.shape as unknown[])[k] === d)) {
      fail(`weightsManifest entry ${i} is ${describeValue(got)}; the topology has ${describeValue(e)}`);
    }
  }
  const { trainable, nonTrainable } = model.countParams();
  let slots = 0;
  const training = json.trainingConfig;
  if (training !== null && training !== undefined) {
    if (!isObject(training) || !isObject(training.optimizer) || !Array.isArray(training.metrics)) fail('trainingConfig must be null or { loss, metrics, optimizer }');
  }
  const opt = manifest.optimizer;
  if (opt !== null && opt !== undefined) {
    if (!isObject(opt) || !Array.isArray(opt.slots) || typeof opt.iterations !== 'number' || !Number.isSafeInteger(opt.iterations) || opt.iterations < 0) {
      fail('weightsManifest.optimizer must be { className, iterations, slots }');
    }
    if (!isObject(training)) fail('the weights include optimizer state but trainingConfig is missing');
    if (opt.slots.length > 8) fail(`weightsManifest.optimizer lists ${opt.slots.length} state slots; no optimizer has more than 2`);
    slots = opt.slots.length;
  }
  const floats = trainable + nonTrainable + slots * trainable;
  if (floats > MAX_PARAMETERS) fail(`the topology needs ${floats} stored values; at most ${MAX_PARAMETERS} are supported`);
  const expectedBytes = HEADER_BYTES + 4 * floats;
  if (manifest.byteLength !== expectedBytes) fail(`weightsManifest.byteLength is ${manifest.byteLength}; the topology needs ${expectedBytes} bytes`);
  return { modelJson: json as unknown as ModelJson, model, expectedBytes };
}

/** Checks weights.bin against the plan, allocates the model's buffers and fills them. */
export function completeLoad(plan: LoadPlan, bytes: Uint8Array): Sequential {
  const { modelJson, model, expectedBytes } = plan;
  const file = modelJson.weightsManifest.path;
  if (!(bytes instanceof Uint8Array)) fail('the weights must be a Uint8Array');
  if (bytes.length !== expectedBytes) {
    fail(`${file} is ${bytes.length} bytes; the topology in model.json needs exactly ${expectedBytes} (${bytes.length < expectedBytes ? 'truncated' : 'extra data'}: wrong or damaged file)`);
  }
  const magic = String.fromCharCode(bytes[0], bytes[1], bytes[2], bytes[3]);
  if (magic !== WEIGHTS_MAGIC) fail(`${file} does not start with "${WEIGHTS_MAGIC}" (got ${describeValue(magic)}); it is not a backprop weights file`);
  const header = new DataView(bytes.buffer, bytes.byteOffset, HEADER_BYTES);
  const version = header.getUint32(4, true);
  if (version !== WEIGHTS_VERSION) fail(`${file} has format version ${version}; expected ${WEIGHTS_VERSION}`);
  const floats = header.getUint32(8, true);
  if (HEADER_BYTES + 4 * floats !== expectedBytes) fail(`${file} header says ${floats} values; the topology needs ${(expectedBytes - HEADER_BYTES) / 4}`);
  const actualCrc = crc32(bytes).toString(16).padStart(8, '0');
  if (actualCrc !== modelJson.weightsManifest.crc32) {
    fail(`${file} checksum is ${actualCrc} but model.json records ${modelJson.weightsManifest.crc32}: the file is corrupt or belongs to another save`);
  }
  const values = readFloats(bytes, HEADER_BYTES, floats);
  for (let i = 0; i < values.length; i++) {
    if (!Number.isFinite(values[i])) fail(`${file} value ${i} is ${values[i]}; saved weights must be finite`);
  }
  const training = modelJson.trainingConfig;
  if (training) {
    try {
      model.compile({ loss: resolveLoss(training.loss), metrics: training.metrics, optimizer: optimizerFromConfig(training.optimizer) });
    } catch (error) {
      fail(`trainingConfig is invalid: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  const { engine } = model.internals();
  const n = engine.paramCount;
  const m = engine.stateCount;
  model.restoreWeights(values.subarray(0, n + m));
  const opt = modelJson.weightsManifest.optimizer;
  if (opt && model.optimizer) {
    const optimizer = model.optimizer;
    if (opt.className !== optimizer.className || opt.slots.join(',') !== optimizer.slotNames.join(',')) {
      fail(`the optimizer state is for ${opt.className} [${opt.slots.join(', ')}] but trainingConfig builds ${optimizer.className} [${optimizer.slotNames.join(', ')}]`);
    }
    if (opt.slots.length > 0) engine.optState!.data.set(values.subarray(n + m), 0);
    optimizer.iterations = opt.iterations;
  }
  return model;
}

/** Restores a model from in-memory artifacts (everywhere) or a directory (Node). */
export async function loadModel(source: string | ModelArtifacts, options: LoadOptions = {}): Promise<Sequential> {
  if (typeof options !== 'object' || options === null) throw new TypeError(`backprop: loadModel options must be an object like { backend }; got ${describeValue(options)}`);
  checkBackendOption(options.backend, 'loadModel');
  if (typeof source === 'string') return requirePathStore().load(source, options);
  if (!isObject(source)) fail('loadModel takes a directory path or { modelJson, weights }');
  return completeLoad(planLoad(source.modelJson, options), source.weights as Uint8Array);
}

/** model.save(): to a path through the registered store, or to memory (returned). */
export async function saveModel(model: Sequential, target: string | undefined, options: SaveOptions = {}): Promise<ModelArtifacts> {
  if (typeof target !== 'string' && target !== undefined) throw new TypeError(`backprop: model.save takes a directory path or nothing (in memory); got ${describeValue(target)}`);
  const artifacts = modelToArtifacts(model, options);
  if (typeof target === 'string') return { modelJson: await requirePathStore().save(target, artifacts), weights: artifacts.weights };
  return artifacts;
}
