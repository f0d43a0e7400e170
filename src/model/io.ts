// loadModel: a saved model back from wherever it was kept. The source says where: bytes of the
// single-file container, `{ modelJson, weights }` in memory, 'indexeddb://name', an http(s) URL, or a
// folder's path (through the file store the Node entry registers; the browser build never imports fs).
// The format is documented in docs/model-format.md.
import { describeValue } from '../describe-value.js';
import { checkBackendOption } from './backend-option.js';
import { ModelFormatError } from '../errors.js';
import type { LoadOptions, ModelArtifacts, ModelJson } from './format.js';
import { completeLoad, planLoad } from './load-plan.js';
import type { Sequential } from './sequential.js';
import { readContainer } from './stores/container.js';
import {
  INDEXEDDB_SCHEME,
  listIndexedDbModels,
  loadFromIndexedDb,
  removeFromIndexedDb,
  type SavedModelInfo,
} from './stores/indexeddb.js';
import { registerPathSaver } from './stores/path.js';
import { loadAlternatives, runtimeName } from './stores/runtime.js';
import { splitScheme, storeName } from './stores/scheme.js';
import { loadFromUrl } from './stores/url.js';

export * from './format.js';
export { completeLoad, type LoadPlan, planLoad } from './load-plan.js';
export { modelToArtifacts, saveModel } from './save.js';
export { artifactsToBytes } from './stores/container.js';
export type { SavedModelInfo };

/** Saves to and loads from a path (the Node entry registers the file system one). */
export interface PathStore {
  /** Returns the model.json it wrote (which names the weights file it wrote). */
  save(path: string, artifacts: ModelArtifacts): Promise<ModelJson>;
  load(path: string, options: LoadOptions): Promise<Sequential>;
}

let registeredStore: PathStore | undefined;

export function registerPathStore(store: PathStore): void {
  registeredStore = store;
  registerPathSaver((path, artifacts) => store.save(path, artifacts));
}

function pathStore(): PathStore | undefined {
  return registeredStore;
}

/** What loadModel reads. */
export type ModelSource = string | URL | Uint8Array | ArrayBuffer | Blob | ModelArtifacts;

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Loads a single-file container; `source` names it in errors. */
function loadBytes(bytes: Uint8Array, source: string, options: LoadOptions): Sequential {
  const { json, weights } = readContainer(bytes, source);
  return completeLoad(planLoad(json, options), weights, `${source} (its weights)`);
}

async function loadFromString(source: string, options: LoadOptions): Promise<Sequential> {
  const { scheme, rest } = splitScheme(source);
  switch (scheme) {
    case undefined: {
      const store = pathStore();
      if (!store)
        throw new Error(
          `backprop: loadModel(${JSON.stringify(source)}) reads a folder, which needs a file system that ${runtimeName()} does not have; ${loadAlternatives()}`,
        );
      return store.load(source, options);
    }
    case 'http':
    case 'https': {
      let url: URL;
      try {
        url = new URL(source);
      } catch {
        throw new TypeError(`backprop: loadModel(${JSON.stringify(source)}): not a valid URL`);
      }
      return loadFromUrl(url, options);
    }
    case 'indexeddb':
      return loadBytes(await loadFromIndexedDb(storeName('indexeddb://', rest, 'loadModel')), source, options);
    case 'downloads':
      throw new TypeError(
        'backprop: \'downloads://\' is where model.save offers a download; load the downloaded file as bytes: loadModel(await file.arrayBuffer()), or loadModel(file) with the File of an <input type="file">',
      );
    default:
      throw new TypeError(
        `backprop: loadModel does not know the scheme '${scheme}://'; it reads 'indexeddb://name', 'http://' and 'https://' URLs, bytes, { modelJson, weights }${pathStore() ? ' and folder paths' : ''}`,
      );
  }
}

/** Restores a model saved by model.save or model.toBytes (see ModelSource for where from). */
export async function loadModel(source: ModelSource, options: LoadOptions = {}): Promise<Sequential> {
  if (typeof options !== 'object' || options === null)
    throw new TypeError(
      `backprop: loadModel options must be an object like { backend }; got ${describeValue(options)}`,
    );
  checkBackendOption(options.backend, 'loadModel');
  if (typeof source === 'string') return loadFromString(source, options);
  if (source instanceof URL) {
    if (source.protocol !== 'http:' && source.protocol !== 'https:')
      throw new TypeError(
        `backprop: loadModel fetches http: and https: URLs; got a ${source.protocol} URL (${source.href})${source.protocol === 'file:' && pathStore() ? '; give a file its path instead (fileURLToPath(url) of node:url)' : ''}`,
      );
    return loadFromUrl(source, options);
  }
  if (source instanceof Uint8Array) return loadBytes(source, 'the bytes', options);
  if (source instanceof ArrayBuffer) return loadBytes(new Uint8Array(source), 'the bytes', options);
  if (typeof Blob !== 'undefined' && source instanceof Blob)
    return loadBytes(new Uint8Array(await source.arrayBuffer()), 'the file', options);
  if (!isObject(source) || !('modelJson' in source))
    throw new ModelFormatError(
      `backprop: cannot load the model: loadModel takes bytes (Uint8Array, ArrayBuffer, Blob), { modelJson, weights }, 'indexeddb://name', an http(s) URL${pathStore() ? ' or a folder path' : ''}; got ${describeValue(source)}`,
    );
  return completeLoad(planLoad(source.modelJson, options), source.weights as Uint8Array);
}

/** Every model kept in this browser's IndexedDB (saved with model.save('indexeddb://name')), by name. */
export function listModels(): Promise<SavedModelInfo[]> {
  return listIndexedDbModels();
}

/** Deletes a model kept in IndexedDB: removeModel('indexeddb://name'); whether there was one. */
export async function removeModel(url: string): Promise<boolean> {
  const { scheme, rest } = typeof url === 'string' ? splitScheme(url) : { scheme: undefined, rest: '' };
  if (scheme !== 'indexeddb')
    throw new TypeError(`backprop: removeModel takes 'indexeddb://name'; got ${describeValue(url)}`);
  return removeFromIndexedDb(storeName(INDEXEDDB_SCHEME, rest, 'removeModel'));
}
