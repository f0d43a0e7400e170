// Node only: model.save(dir) and loadModel(dir) through the file system. The browser entry never
// imports this module; src/index.ts registers it.
import { open, mkdir, rename, rm, stat, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ModelFormatError } from './errors.js';
import { completeLoad, type LoadOptions, type ModelArtifacts, type PathStore, planLoad, registerPathStore } from './io.js';
import type { Sequential } from './sequential.js';

const MODEL_JSON = 'model.json';
/** model.json holds only the topology and a manifest; anything larger is not one of ours. */
const MAX_MODEL_JSON_BYTES = 16 * 1024 * 1024;

/** Writes `data` to `path` atomically: a temporary file in the same directory, flushed, then renamed. */
async function writeAtomic(path: string, data: Uint8Array | string): Promise<void> {
  const temp = `${path}.tmp-${process.pid}-${Math.random().toString(36).slice(2)}`;
  const handle = await open(temp, 'w');
  try {
    await handle.writeFile(data);
    await handle.sync();
  } catch (error) {
    await handle.close();
    await rm(temp, { force: true });
    throw error;
  }
  await handle.close();
  await rename(temp, path);
}

export async function saveToDirectory(dir: string, artifacts: ModelArtifacts): Promise<void> {
  await mkdir(dir, { recursive: true });
  // Weights first: model.json carries the weights' checksum, so a crash between the two renames leaves
  // a pair that fails to load with a checksum error instead of a silently mismatched model.
  await writeAtomic(join(dir, artifacts.modelJson.weightsManifest.path), artifacts.weights);
  await writeAtomic(join(dir, MODEL_JSON), JSON.stringify(artifacts.modelJson, null, 1));
}

export async function loadFromDirectory(dir: string, options: LoadOptions = {}): Promise<Sequential> {
  const jsonPath = join(dir, MODEL_JSON);
  const jsonStat = await stat(jsonPath).catch((error: NodeJS.ErrnoException) => {
    throw new ModelFormatError(`backprop: cannot load the model: ${jsonPath} cannot be read (${error.code ?? error.message})`);
  });
  if (jsonStat.size > MAX_MODEL_JSON_BYTES) {
    throw new ModelFormatError(`backprop: cannot load the model: ${jsonPath} is ${jsonStat.size} bytes; a model.json is at most ${MAX_MODEL_JSON_BYTES}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(await readFile(jsonPath, 'utf8'));
  } catch (error) {
    throw new ModelFormatError(`backprop: cannot load the model: ${jsonPath} is not valid JSON (${error instanceof Error ? error.message : String(error)})`);
  }
  const plan = planLoad(json, options);
  const weightsName = plan.modelJson.weightsManifest.path;
  if (weightsName !== 'weights.bin') throw new ModelFormatError(`backprop: cannot load the model: weightsManifest.path must be "weights.bin"; got ${JSON.stringify(weightsName)}`);
  const weightsPath = join(dir, weightsName);
  const weightsStat = await stat(weightsPath).catch((error: NodeJS.ErrnoException) => {
    throw new ModelFormatError(`backprop: cannot load the model: ${weightsPath} cannot be read (${error.code ?? error.message})`);
  });
  // Checked before reading, so a hostile or damaged file never makes us allocate more than the topology needs.
  if (weightsStat.size !== plan.expectedBytes) {
    throw new ModelFormatError(`backprop: cannot load the model: ${weightsPath} is ${weightsStat.size} bytes; the topology in model.json needs exactly ${plan.expectedBytes} (${weightsStat.size < plan.expectedBytes ? 'truncated' : 'extra data'}: wrong or damaged file)`);
  }
  const bytes = new Uint8Array(await readFile(weightsPath));
  return completeLoad(plan, bytes);
}

export const fileStore: PathStore = { save: saveToDirectory, load: loadFromDirectory };

registerPathStore(fileStore);
