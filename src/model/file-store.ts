// Node only: model.save(dir) and loadModel(dir) through the file system. The browser entry never
// imports this module; src/index.ts registers it.
//
// A save replaces the previous one in a single atomic step, so that at every instant (a kill, a crash, a
// power cut) the folder holds the last complete save:
//   1. the weights go to a file named by their content, weights-<first 16 hex digits of SHA-256>.bin,
//      through a temporary file that is flushed and renamed (the previous save's weights file is untouched);
//   2. model.json, which names that weights file, is written to a temporary file, flushed and renamed over
//      the old model.json: this rename is the commit;
//   3. the folder is flushed after each rename, so the renames reach the disk in this order;
//   4. only then are the files of earlier saves removed: weights files model.json no longer names, and the
//      temporary files of saves that were killed (their process is gone).
// One process writes a folder at a time (saves from one process to one folder are queued); readers retry
// when a save replaced the weights file between their reading model.json and opening the weights.
import { createHash } from 'node:crypto';
import { open, mkdir, readdir, rename, rm, stat, readFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { ModelFormatError, ModelSaveError } from '../errors.js';
import {
  type LoadOptions,
  MAX_MODEL_JSON_BYTES,
  type ModelArtifacts,
  type ModelJson,
  WEIGHTS_FILE_PATTERN,
} from './format.js';
import { completeLoad, planLoad } from './load-plan.js';
import { type PathStore, registerPathStore } from './io.js';
import { artifactsToBytes } from './stores/container.js';
import { isContainerPath, loadContainerFile } from './stores/container-file.js';
import type { Sequential } from './sequential.js';

const MODEL_JSON = 'model.json';
/** Temporary files: `<target name>.tmp-<pid>-<random>`, so a later save can tell whose they are. */
const TEMP_PATTERN = /^(?:model\.json|weights(?:-[0-9a-f]{16})?\.bin)\.tmp-(\d+)-[0-9a-z]+$/;
/**
 * How often a reader starts over when the weights file vanished under it because a save replaced it. It
 * only starts over when model.json did change, so it gives up only against a writer that completes this
 * many saves while the reader is reading.
 */
const LOAD_ATTEMPTS = 50;

/** The weights file name for these bytes: the same weights always get the same name. */
export function weightsFileName(bytes: Uint8Array): string {
  return `weights-${createHash('sha256').update(bytes).digest('hex').slice(0, 16)}.bin`;
}

/** Writes `data` to `path` durably: a temporary file in the same directory, flushed, then renamed. */
async function writeDurable(path: string, data: Uint8Array | string): Promise<void> {
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
  try {
    await rename(temp, path);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}

/** Flushes the directory entry table, so the renames done in it survive a power cut (POSIX). */
async function syncDirectory(dir: string): Promise<void> {
  let handle;
  try {
    handle = await open(dir, 'r');
  } catch (error) {
    // Windows cannot open a directory; its renames are ordered by NTFS's journal instead.
    if (['EISDIR', 'EPERM', 'EACCES'].includes((error as NodeJS.ErrnoException).code ?? '')) return;
    throw error;
  }
  try {
    await handle.sync();
  } catch (error) {
    if (!['EINVAL', 'EPERM', 'EBADF'].includes((error as NodeJS.ErrnoException).code ?? '')) throw error;
  } finally {
    await handle.close();
  }
}

function processIsAlive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Removes what earlier saves left: weights files model.json does not name (the previous save's, or one a
 * killed save renamed but never committed) and temporary files whose writer is gone (or is this process,
 * which writes one save to a folder at a time). `keep` is the weights file to keep; undefined keeps every
 * weights file (used before a save when model.json cannot tell which one it names).
 */
async function removeLeftovers(dir: string, keep: string | undefined): Promise<void> {
  for (const name of await readdir(dir)) {
    if (name === keep || (keep === undefined && WEIGHTS_FILE_PATTERN.test(name))) continue;
    const temp = TEMP_PATTERN.exec(name);
    const stale = temp
      ? Number(temp[1]) === process.pid || !processIsAlive(Number(temp[1]))
      : WEIGHTS_FILE_PATTERN.test(name);
    if (stale) await rm(join(dir, name), { force: true });
  }
}

/**
 * Creates `dir` and its missing parents, one at a time from the top. Node's mkdir({ recursive: true })
 * is not used: on a file system that refuses new directories with ENOENT (procfs) it retries forever.
 */
async function makeDirectories(dir: string): Promise<void> {
  const missing: string[] = [];
  for (let path = resolve(dir); ; path = dirname(path)) {
    const found = await stat(path).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return undefined;
      throw error;
    });
    if (found) {
      if (!found.isDirectory())
        throw Object.assign(new Error(`ENOTDIR: ${path} is not a directory`), { code: 'ENOTDIR' });
      break;
    }
    missing.push(path);
    if (dirname(path) === path) break;
  }
  for (const path of missing.reverse()) {
    await mkdir(path).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== 'EEXIST') throw error;
    });
  }
}

/** Saves to one folder queued one after another within this process (keyed by absolute path). */
const queues = new Map<string, Promise<unknown>>();

function queued<T>(dir: string, task: () => Promise<T>): Promise<T> {
  const key = resolve(dir);
  const result = (queues.get(key) ?? Promise.resolve()).then(task, task);
  const tail = result.then(
    () => undefined,
    () => undefined,
  );
  queues.set(key, tail);
  void tail.then(() => {
    if (queues.get(key) === tail) queues.delete(key);
  });
  return result;
}

/** Writes the artifacts into `dir` (see the top of this file); returns the model.json written. */
export function saveToDirectory(dir: string, artifacts: ModelArtifacts): Promise<ModelJson> {
  return queued(dir, () =>
    writeSave(dir, artifacts).catch((error: unknown) => {
      const code = (error as NodeJS.ErrnoException).code;
      throw new ModelSaveError(dir, code, error instanceof Error ? error.message : String(error), { cause: error });
    }),
  );
}

async function writeSave(dir: string, artifacts: ModelArtifacts): Promise<ModelJson> {
  await makeDirectories(dir);
  // Leftovers of killed saves go first too, so that saves killed one after another cannot pile them up.
  await removeLeftovers(dir, await committedWeightsFile(dir));
  const weightsName = weightsFileName(artifacts.weights);
  const modelJson: ModelJson = {
    ...artifacts.modelJson,
    weightsManifest: { ...artifacts.modelJson.weightsManifest, path: weightsName },
  };
  await writeDurable(join(dir, weightsName), artifacts.weights);
  await syncDirectory(dir);
  await writeDurable(join(dir, MODEL_JSON), JSON.stringify(modelJson, null, 1));
  await syncDirectory(dir);
  await removeLeftovers(dir, weightsName);
  return modelJson;
}

/** The weights file the folder's model.json names, if it can be read. */
async function committedWeightsFile(dir: string): Promise<string | undefined> {
  try {
    const json = JSON.parse(await readFile(join(dir, MODEL_JSON), 'utf8')) as { weightsManifest?: { path?: unknown } };
    const path = json?.weightsManifest?.path;
    return typeof path === 'string' && WEIGHTS_FILE_PATTERN.test(path) ? path : undefined;
  } catch {
    return undefined;
  }
}

async function readModelJson(jsonPath: string): Promise<unknown> {
  const jsonStat = await stat(jsonPath).catch((error: NodeJS.ErrnoException) => {
    throw new ModelFormatError(
      `backprop: cannot load the model: ${jsonPath} cannot be read (${error.code ?? error.message})`,
    );
  });
  if (jsonStat.size > MAX_MODEL_JSON_BYTES) {
    throw new ModelFormatError(
      `backprop: cannot load the model: ${jsonPath} is ${jsonStat.size} bytes; a model.json is at most ${MAX_MODEL_JSON_BYTES}`,
    );
  }
  try {
    return JSON.parse(await readFile(jsonPath, 'utf8'));
  } catch (error) {
    throw new ModelFormatError(
      `backprop: cannot load the model: ${jsonPath} is not valid JSON (${error instanceof Error ? error.message : String(error)})`,
    );
  }
}

/** Loads the model saved in `dir` (what loadModel(dir) does in Node). */
export async function loadFromDirectory(dir: string, options: LoadOptions = {}): Promise<Sequential> {
  const jsonPath = join(dir, MODEL_JSON);
  for (let attempt = 1; ; attempt++) {
    const plan = planLoad(await readModelJson(jsonPath), options);
    const weightsPath = join(dir, plan.modelJson.weightsManifest.path);
    let bytes: Uint8Array;
    try {
      const handle = await open(weightsPath, 'r');
      try {
        // Checked before reading, so a hostile or damaged file never makes us allocate more than the topology needs.
        const size = (await handle.stat()).size;
        if (size !== plan.expectedBytes) {
          throw new ModelFormatError(
            `backprop: cannot load the model: ${weightsPath} is ${size} bytes; the topology in model.json needs exactly ${plan.expectedBytes} (${size < plan.expectedBytes ? 'truncated' : 'extra data'}: wrong or damaged file)`,
          );
        }
        bytes = new Uint8Array(await handle.readFile());
      } finally {
        await handle.close();
      }
    } catch (error) {
      if (error instanceof ModelFormatError) throw error;
      const code = (error as NodeJS.ErrnoException).code;
      // A save committed a new model.json and removed the weights file we were about to open: start over.
      if (code === 'ENOENT' && attempt < LOAD_ATTEMPTS && (await modelJsonChanged(jsonPath, plan.modelJson))) continue;
      const replaced =
        attempt > 1 ? `; model.json was replaced by another save ${attempt - 1} times while it was being read` : '';
      throw new ModelFormatError(
        `backprop: cannot load the model: ${weightsPath} cannot be read (${code ?? (error as Error).message})${replaced}`,
      );
    }
    return completeLoad(plan, bytes);
  }
}

async function modelJsonChanged(jsonPath: string, before: ModelJson): Promise<boolean> {
  try {
    const now = JSON.parse(await readFile(jsonPath, 'utf8')) as ModelJson;
    return now?.weightsManifest?.path !== before.weightsManifest.path;
  } catch {
    return false;
  }
}

/** Writes the artifacts to `path`: one .bpmodel file, or else a folder. */
export function saveToPath(path: string, artifacts: ModelArtifacts): Promise<ModelJson> {
  if (!isContainerPath(path)) return saveToDirectory(path, artifacts);
  return queued(path, async () => {
    try {
      await makeDirectories(dirname(path));
      await writeDurable(path, artifactsToBytes(artifacts));
      await syncDirectory(dirname(path));
      return artifacts.modelJson;
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      throw new ModelSaveError(path, code, error instanceof Error ? error.message : String(error), { cause: error });
    }
  });
}

/** Loads from `path`: a folder, a folder's model.json, or a .bpmodel file (any file that is not model.json). */
export async function loadFromPath(path: string, options: LoadOptions = {}): Promise<Sequential> {
  const found = await stat(path).catch(() => undefined);
  if (found?.isFile()) {
    if (basename(path) === MODEL_JSON) return loadFromDirectory(dirname(path), options);
    return loadContainerFile(path, options);
  }
  if (!found && isContainerPath(path)) return loadContainerFile(path, options);
  return loadFromDirectory(path, options);
}

export const fileStore: PathStore = { save: saveToPath, load: loadFromPath };

registerPathStore(fileStore);
