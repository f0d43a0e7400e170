// The browser entry has no file system: a path given to model.save or loadModel is an error that names
// what a page can use instead, and IndexedDB works through it as through the Node entry.
import { IDBFactory } from 'fake-indexeddb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initBackend, layers, loadModel, sequential } from '../../../src/browser.js';

const scope = globalThis as { document?: unknown; indexedDB?: unknown };

beforeAll(async () => {
  await initBackend({ backend: 'js' });
});
afterAll(() => {
  delete scope.document;
  delete scope.indexedDB;
});

function build() {
  const model = sequential({ seed: 5, layers: [layers.dense({ inputShape: [2], units: 2 })] });
  model.compile({ optimizer: 'sgd', loss: 'mse' });
  return model;
}

describe('the browser entry', () => {
  it('a path in a page names IndexedDB, downloads, URLs and bytes', async () => {
    scope.document = {};
    scope.indexedDB = new IDBFactory();
    await expect(build().save('models/x')).rejects.toThrow(
      'backprop: model.save("models/x") writes a folder, which needs a file system that this browser does not have; use ' +
        "model.save('indexeddb://name'), model.save('downloads://name') or model.toBytes() (bytes)",
    );
    await expect(loadModel('models/x')).rejects.toThrow(
      'backprop: loadModel("models/x") reads a folder, which needs a file system that this browser does not have; use ' +
        "loadModel('indexeddb://name'), loadModel(new URL('dir/model.json', location.href)) (a URL) or loadModel(bytes)",
    );
  });

  it('a path where there is neither a page nor IndexedDB names bytes', async () => {
    delete scope.document;
    delete scope.indexedDB;
    await expect(build().save('models/x')).rejects.toThrow(/does not have; use model.toBytes\(\) \(bytes\)$/);
  });

  it('saves to IndexedDB and loads back', async () => {
    scope.indexedDB = new IDBFactory();
    const model = build();
    await model.save('indexeddb://browser');
    const loaded = await loadModel('indexeddb://browser');
    expect(Array.from(loaded.predict([[1, 2]]).data)).toEqual(Array.from(model.predict([[1, 2]]).data));
  });
});
