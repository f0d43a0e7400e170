// model.save('indexeddb://name'), loadModel, listModels and removeModel against fake-indexeddb, an
// in-memory implementation of the IndexedDB API written to its specification (the same code path runs in
// Chromium in the browser runtime test).
import { IDBFactory, IDBObjectStore } from 'fake-indexeddb';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  layers,
  listModels,
  loadModel,
  ModelFormatError,
  ModelSaveError,
  removeModel,
  sequential,
  type Sequential,
} from '../../../src/index.js';

const scope = globalThis as { indexedDB?: IDBFactory };

beforeEach(() => {
  scope.indexedDB = new IDBFactory();
});
afterEach(() => {
  delete scope.indexedDB;
});

function build(seed: number): Sequential {
  const model = sequential({
    seed,
    layers: [
      layers.dense({ inputShape: [3], units: 4, activation: 'relu' }),
      layers.dense({ units: 2, activation: 'softmax' }),
    ],
  });
  model.compile({ optimizer: 'adam', loss: 'categoricalCrossentropy' });
  return model;
}

const x = [
  [0.3, -1, 0.5],
  [2, 0, -0.25],
];

function predictions(model: Sequential): number[] {
  return Array.from(model.predict(x).data);
}

/** Puts a value under a name in the store the models are kept in, as another program could. */
async function putRaw(name: string, value: unknown): Promise<void> {
  await build(1).save(`indexeddb://${name}`);
  const db = await new Promise<IDBDatabase>((resolve, reject) => {
    const request = scope.indexedDB!.open('backprop-models');
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
  await new Promise<void>((resolve, reject) => {
    const tx = db.transaction('models', 'readwrite');
    tx.objectStore('models').put(value, name);
    tx.oncomplete = () => resolve();
    tx.onerror = () => reject(tx.error);
  });
  db.close();
}

describe('IndexedDB', () => {
  it('saves and loads by name, bit-identically, with the training config', async () => {
    const model = build(4);
    const saved = await model.save('indexeddb://my-model', { includeOptimizer: true });
    expect(saved.modelJson.format).toBe('backprop-model');
    const loaded = await loadModel('indexeddb://my-model');
    expect(predictions(loaded)).toEqual(predictions(model));
    expect(loaded.optimizer?.className).toBe('Adam');
  });

  it('a second save under a name replaces the first; listModels gives every name with its size', async () => {
    const first = build(1);
    const second = build(2);
    const before = Date.now();
    await first.save('indexeddb://b');
    await first.save('indexeddb://a');
    await second.save('indexeddb://a');
    expect(predictions(await loadModel('indexeddb://a'))).toEqual(predictions(second));
    expect(predictions(await loadModel('indexeddb://a'))).not.toEqual(predictions(first));
    const list = await listModels();
    expect(list.map((m) => [m.url, m.name, m.byteLength])).toEqual([
      ['indexeddb://a', 'a', second.toBytes().length],
      ['indexeddb://b', 'b', first.toBytes().length],
    ]);
    for (const info of list) {
      expect(Date.parse(info.savedAt)).toBeGreaterThanOrEqual(before - 1000);
      expect(Date.parse(info.savedAt)).toBeLessThanOrEqual(Date.now());
    }
  });

  it('removeModel deletes a model and says whether there was one; a missing name lists what there is', async () => {
    await build(1).save('indexeddb://keep');
    await build(1).save('indexeddb://drop');
    expect(await removeModel('indexeddb://drop')).toBe(true);
    expect(await removeModel('indexeddb://drop')).toBe(false);
    expect((await listModels()).map((m) => m.name)).toEqual(['keep']);
    await expect(loadModel('indexeddb://drop')).rejects.toThrow(
      "backprop: cannot load the model: indexeddb://drop does not exist in IndexedDB (it holds 'keep')",
    );
    await removeModel('indexeddb://keep');
    await expect(loadModel('indexeddb://keep')).rejects.toThrow(/does not exist in IndexedDB \(it holds no models\)/);
    await expect(removeModel('keep')).rejects.toThrow(/removeModel takes 'indexeddb:\/\/name'; got "keep"/);
  });

  it('damaged or foreign data under a name is refused naming it', async () => {
    const bytes = build(3).toBytes();
    bytes[bytes.length - 1] ^= 1;
    await putRaw('damaged', bytes);
    const error = await loadModel('indexeddb://damaged').catch((e: unknown) => e as Error);
    expect(error).toBeInstanceOf(ModelFormatError);
    expect((error as Error).message).toMatch(/indexeddb:\/\/damaged \(its weights\) checksum is/);
    await putRaw('text', 'not a model');
    await expect(loadModel('indexeddb://text')).rejects.toThrow(/indexeddb:\/\/text holds something other than/);
  });

  it('a save IndexedDB refuses (a full quota) is a ModelSaveError with the DOMException name', async () => {
    const prototype = IDBObjectStore.prototype as { put: (...args: unknown[]) => unknown };
    const put = prototype.put;
    prototype.put = () => {
      throw new DOMException('the quota has been exceeded', 'QuotaExceededError');
    };
    try {
      const error = await build(1)
        .save('indexeddb://full')
        .catch((e: unknown) => e as ModelSaveError);
      expect(error).toBeInstanceOf(ModelSaveError);
      expect((error as ModelSaveError).code).toBe('QuotaExceededError');
      expect((error as Error).message).toBe(
        'backprop: cannot save the model to indexeddb://full: IndexedDB refused it (QuotaExceededError: the quota has been exceeded)',
      );
    } finally {
      prototype.put = put;
    }
    // The failed save left nothing behind.
    expect(await listModels()).toEqual([]);
  });
});
