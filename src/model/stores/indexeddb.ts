// model.save('indexeddb://name') and loadModel('indexeddb://name') in browsers: the single-file container
// kept under its name in the page's IndexedDB, beside a small record (name, date, size) that listModels
// reads without loading every model. Both are written in one transaction, so a save replaces the previous
// one under the same name whole or not at all.
import { ModelFormatError, ModelSaveError } from '../../errors.js';
import { runtimeName, saveAlternatives, loadAlternatives } from './runtime.js';

const DATABASE = 'backprop-models';
const DATABASE_VERSION = 1;
/** name -> the container's bytes. */
const MODELS = 'models';
/** name -> SavedModelInfo. */
const INFO = 'info';
export const INDEXEDDB_SCHEME = 'indexeddb://';

/** A model kept in IndexedDB, as listModels describes it. */
export interface SavedModelInfo {
  /** 'indexeddb://name': what loadModel and removeModel take. */
  url: string;
  /** The name it was saved under. */
  name: string;
  /** When it was saved, as an ISO 8601 date. */
  savedAt: string;
  /** The size of its single-file container in bytes. */
  byteLength: number;
}

function factory(action: 'save' | 'load'): IDBFactory {
  const indexedDB = (globalThis as { indexedDB?: IDBFactory }).indexedDB;
  if (!indexedDB)
    throw new Error(
      `backprop: IndexedDB is not available in ${runtimeName()}; ${action === 'save' ? saveAlternatives() : loadAlternatives()}`,
    );
  return indexedDB;
}

function openDatabase(action: 'save' | 'load'): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const request = factory(action).open(DATABASE, DATABASE_VERSION);
    request.onupgradeneeded = () => {
      request.result.createObjectStore(MODELS);
      request.result.createObjectStore(INFO);
    };
    request.onsuccess = () => {
      const db = request.result;
      // Another page upgrading the database must not wait for this one.
      db.onversionchange = () => db.close();
      resolve(db);
    };
    request.onerror = () => reject(request.error ?? new Error('IndexedDB refused to open the database'));
  });
}

function completed(tx: IDBTransaction): Promise<void> {
  return new Promise((resolve, reject) => {
    tx.oncomplete = () => resolve();
    tx.onerror = () => reject(tx.error ?? new Error('the IndexedDB transaction failed'));
    tx.onabort = () => reject(tx.error ?? new Error('the IndexedDB transaction was aborted'));
  });
}

function result<T>(request: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error ?? new Error('the IndexedDB request failed'));
  });
}

/** Runs `work` in one transaction over both stores and closes the database after it. */
async function withStores<T>(
  mode: IDBTransactionMode,
  action: 'save' | 'load',
  work: (models: IDBObjectStore, info: IDBObjectStore) => Promise<T>,
): Promise<T> {
  const db = await openDatabase(action);
  try {
    const tx = db.transaction([MODELS, INFO], mode);
    const done = completed(tx);
    let value: T;
    try {
      value = await work(tx.objectStore(MODELS), tx.objectStore(INFO));
    } catch (error) {
      done.catch(() => undefined);
      tx.abort();
      throw error;
    }
    await done;
    return value;
  } finally {
    db.close();
  }
}

/** Keeps the container under `name`, replacing what was saved under it. */
export async function saveToIndexedDb(name: string, bytes: Uint8Array): Promise<void> {
  const info: SavedModelInfo = {
    url: `${INDEXEDDB_SCHEME}${name}`,
    name,
    savedAt: new Date().toISOString(),
    byteLength: bytes.length,
  };
  try {
    await withStores('readwrite', 'save', async (models, infos) => {
      models.put(bytes, name);
      infos.put(info, name);
    });
  } catch (error) {
    if (!(error instanceof Error) || error.message.startsWith('backprop:')) throw error;
    // A DOMException: QuotaExceededError when the origin's storage is full, InvalidStateError, ...
    throw new ModelSaveError(info.url, error.name, `IndexedDB refused it (${error.name}: ${error.message})`, {
      cause: error,
    });
  }
}

/** The container saved under `name`; a ModelFormatError naming the saved models when there is none. */
export async function loadFromIndexedDb(name: string): Promise<Uint8Array> {
  const url = `${INDEXEDDB_SCHEME}${name}`;
  const { bytes, names } = await withStores('readonly', 'load', async (models, infos) => {
    const found = (await result(models.get(name))) as unknown;
    return { bytes: found, names: found === undefined ? ((await result(infos.getAllKeys())) as string[]) : [] };
  });
  if (bytes === undefined) {
    const saved = names.length === 0 ? 'it holds no models' : `it holds ${names.map((n) => `'${n}'`).join(', ')}`;
    throw new ModelFormatError(`backprop: cannot load the model: ${url} does not exist in IndexedDB (${saved})`);
  }
  if (!(bytes instanceof Uint8Array))
    throw new ModelFormatError(`backprop: cannot load the model: ${url} holds something other than a saved model`);
  return bytes;
}

/** Every model kept in IndexedDB, by name. */
export async function listIndexedDbModels(): Promise<SavedModelInfo[]> {
  const all = await withStores('readonly', 'load', (_, infos) => result(infos.getAll()));
  return (all as SavedModelInfo[]).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** Deletes the model kept under `name`; whether there was one. */
export function removeFromIndexedDb(name: string): Promise<boolean> {
  return withStores('readwrite', 'save', async (models, infos) => {
    const existed = (await result(models.count(name))) > 0;
    models.delete(name);
    infos.delete(name);
    return existed;
  });
}
