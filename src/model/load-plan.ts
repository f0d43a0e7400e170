// Loading, platform-neutral: a parsed model.json is checked and its layers built (planLoad), then the
// weights file's bytes are checked against it and copied in (completeLoad). Every store (folder, URL,
// IndexedDB, bytes) reads model.json first, so that the size of the weights is known from the topology
// before they are read.
import { describeValue } from '../describe-value.js';
import { resolveLoss } from '../losses.js';
import { optimizerFromConfig } from '../optimizers/index.js';
import { crc32 } from './crc32.js';
import { MAX_PARAMETERS } from './engine.js';
import { ModelFormatError } from '../errors.js';
import {
  FORMAT,
  FORMAT_VERSION,
  HEADER_BYTES,
  LITTLE_ENDIAN,
  type LoadOptions,
  type ModelJson,
  READABLE_FORMAT_VERSIONS,
  type WeightEntry,
  WEIGHTS_FILE_PATTERN,
  WEIGHTS_MAGIC,
  WEIGHTS_VERSION,
} from './format.js';
import { Sequential } from './sequential.js';
import { layerFromSaved } from './serialization.js';

function readFloats(bytes: Uint8Array, offset: number, count: number): Float32Array {
  const out = new Float32Array(count);
  if (LITTLE_ENDIAN) {
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
  if (json.format !== FORMAT)
    fail(`model.json is not a backprop model (format is ${describeValue(json.format)}, expected "${FORMAT}")`);
  if (typeof json.formatVersion !== 'number' || !READABLE_FORMAT_VERSIONS.includes(json.formatVersion)) {
    fail(
      `model.json has format version ${describeValue(json.formatVersion)}; this version of backprop reads versions ${READABLE_FORMAT_VERSIONS.slice(0, -1).join(', ')} and ${READABLE_FORMAT_VERSIONS[READABLE_FORMAT_VERSIONS.length - 1]}${typeof json.formatVersion === 'number' && json.formatVersion > FORMAT_VERSION ? ' (it was written by a newer backprop: upgrade)' : ''}`,
    );
  }
  const topology = json.modelTopology;
  if (!isObject(topology) || topology.className !== 'Sequential' || !isObject(topology.config))
    fail('modelTopology must be { className: "Sequential", config }');
  const config = topology.config;
  if (!Array.isArray(config.layers) || config.layers.length === 0)
    fail('modelTopology.config.layers must be a non-empty array');
  if (typeof config.seed !== 'number' || !Number.isFinite(config.seed))
    fail('modelTopology.config.seed must be a number');
  if (typeof config.name !== 'string') fail('modelTopology.config.name must be a string');
  const manifest = json.weightsManifest;
  if (!isObject(manifest)) fail('weightsManifest is missing');
  if (
    json.formatVersion === 1
      ? manifest.path !== 'weights.bin'
      : typeof manifest.path !== 'string' || !WEIGHTS_FILE_PATTERN.test(manifest.path)
  ) {
    fail(
      `weightsManifest.path must be ${json.formatVersion === 1 ? '"weights.bin"' : 'weights.bin or weights-<16 hex digits>.bin'} (a file in the model's folder); got ${describeValue(manifest.path)}`,
    );
  }
  if (typeof manifest.byteLength !== 'number' || !Number.isSafeInteger(manifest.byteLength))
    fail('weightsManifest.byteLength must be an integer');
  if (typeof manifest.crc32 !== 'string' || !/^[0-9a-f]{8}$/.test(manifest.crc32))
    fail('weightsManifest.crc32 must be 8 hex digits');
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
    ...model
      .trainableWeights()
      .map(({ layer, weight }) => ({ name: `${layer.name}/${weight.name}`, shape: weight.shape, group: 'trainable' })),
    ...model
      .nonTrainableWeights()
      .map(({ layer, weight }) => ({ name: `${layer.name}/${weight.name}`, shape: weight.shape, group: 'state' })),
  ];
  if (manifest.weights.length !== expected.length)
    fail(`weightsManifest lists ${manifest.weights.length} weights; the topology has ${expected.length}`);
  for (const [i, e] of expected.entries()) {
    const got = manifest.weights[i] as Partial<WeightEntry> | undefined;
    if (
      !isObject(got) ||
      got.name !== e.name ||
      got.group !== e.group ||
      !Array.isArray(got.shape) ||
      got.shape.length !== e.shape.length ||
      !e.shape.every((d, k) => (got.shape as unknown[])[k] === d)
    ) {
      fail(`weightsManifest entry ${i} is ${describeValue(got)}; the topology has ${describeValue(e)}`);
    }
  }
  const { trainable, nonTrainable } = model.countParams();
  let slots = 0;
  const training = json.trainingConfig;
  if (training !== null && training !== undefined) {
    if (!isObject(training) || !isObject(training.optimizer) || !Array.isArray(training.metrics))
      fail('trainingConfig must be null or { loss, metrics, optimizer }');
  }
  const opt = manifest.optimizer;
  if (opt !== null && opt !== undefined) {
    if (
      !isObject(opt) ||
      !Array.isArray(opt.slots) ||
      typeof opt.iterations !== 'number' ||
      !Number.isSafeInteger(opt.iterations) ||
      opt.iterations < 0
    ) {
      fail('weightsManifest.optimizer must be { className, iterations, slots }');
    }
    if (!isObject(training)) fail('the weights include optimizer state but trainingConfig is missing');
    if (opt.slots.length > 8)
      fail(`weightsManifest.optimizer lists ${opt.slots.length} state slots; no optimizer has more than 2`);
    slots = opt.slots.length;
  }
  const floats = trainable + nonTrainable + slots * trainable;
  if (floats > MAX_PARAMETERS)
    fail(`the topology needs ${floats} stored values; at most ${MAX_PARAMETERS} are supported`);
  const expectedBytes = HEADER_BYTES + 4 * floats;
  if (manifest.byteLength !== expectedBytes)
    fail(`weightsManifest.byteLength is ${manifest.byteLength}; the topology needs ${expectedBytes} bytes`);
  return { modelJson: json as unknown as ModelJson, model, expectedBytes };
}

/**
 * Checks the weights file's bytes against the plan, allocates the model's buffers and fills them; `file`
 * names the weights in errors (the file name, a URL, a container).
 */
export function completeLoad(
  plan: LoadPlan,
  bytes: Uint8Array,
  file: string = plan.modelJson.weightsManifest.path,
): Sequential {
  const { modelJson, model, expectedBytes } = plan;
  if (!(bytes instanceof Uint8Array)) fail('the weights must be a Uint8Array');
  if (bytes.length !== expectedBytes) {
    fail(
      `${file} is ${bytes.length} bytes; the topology in model.json needs exactly ${expectedBytes} (${bytes.length < expectedBytes ? 'truncated' : 'extra data'}: wrong or damaged file)`,
    );
  }
  const magic = String.fromCharCode(bytes[0], bytes[1], bytes[2], bytes[3]);
  if (magic !== WEIGHTS_MAGIC)
    fail(
      `${file} does not start with "${WEIGHTS_MAGIC}" (got ${describeValue(magic)}); it is not a backprop weights file`,
    );
  const header = new DataView(bytes.buffer, bytes.byteOffset, HEADER_BYTES);
  const version = header.getUint32(4, true);
  if (version !== WEIGHTS_VERSION) fail(`${file} has format version ${version}; expected ${WEIGHTS_VERSION}`);
  const floats = header.getUint32(8, true);
  if (HEADER_BYTES + 4 * floats !== expectedBytes)
    fail(`${file} header says ${floats} values; the topology needs ${(expectedBytes - HEADER_BYTES) / 4}`);
  const actualCrc = crc32(bytes).toString(16).padStart(8, '0');
  if (actualCrc !== modelJson.weightsManifest.crc32) {
    fail(
      `${file} checksum is ${actualCrc} but model.json records ${modelJson.weightsManifest.crc32}: the file is corrupt or belongs to another save`,
    );
  }
  const values = readFloats(bytes, HEADER_BYTES, floats);
  for (let i = 0; i < values.length; i++) {
    if (!Number.isFinite(values[i])) fail(`${file} value ${i} is ${values[i]}; saved weights must be finite`);
  }
  const training = modelJson.trainingConfig;
  if (training) {
    try {
      model.compile({
        loss: resolveLoss(training.loss),
        metrics: training.metrics,
        optimizer: optimizerFromConfig(training.optimizer),
      });
    } catch (error) {
      fail(`trainingConfig is invalid: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  const stored = model.storedWeights();
  const n = stored.paramCount;
  const m = stored.stateCount;
  model.restoreWeights(values.subarray(0, n + m));
  const opt = modelJson.weightsManifest.optimizer;
  if (opt && model.optimizer) {
    const optimizer = model.optimizer;
    if (opt.className !== optimizer.className || opt.slots.join(',') !== optimizer.slotNames.join(',')) {
      fail(
        `the optimizer state is for ${opt.className} [${opt.slots.join(', ')}] but trainingConfig builds ${optimizer.className} [${optimizer.slotNames.join(', ')}]`,
      );
    }
    if (opt.slots.length > 0) stored.optimizerState().set(values.subarray(n + m));
    optimizer.iterations = opt.iterations;
  }
  return model;
}
