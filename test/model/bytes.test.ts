// The single-file container: model.toBytes() and loadModel(bytes) give back the same model bit for bit,
// the layout is the one docs/model-format.md gives, and every damaged or foreign byte string is refused
// with a ModelFormatError that says what it is.
import { describe, expect, it } from 'vitest';
import {
  layers,
  loadModel,
  ModelDisposedError,
  ModelFormatError,
  NonFiniteWeightError,
  optimizers,
  sequential,
  type Sequential,
} from '../../src/index.js';
import { crc32 } from '../../src/model/crc32.js';
import { loadIris } from './helpers.js';

const data = loadIris(5);

function build(): Sequential {
  const model = sequential({
    seed: 21,
    layers: [
      layers.dense({ inputShape: [4], units: 6, activation: 'relu' }),
      layers.batchNormalization(),
      layers.dense({ units: 3, activation: 'softmax' }),
    ],
  });
  model.compile({ optimizer: optimizers.adam({ learningRate: 0.01 }), loss: 'categoricalCrossentropy' });
  return model;
}

function tiny(): Sequential {
  const model = sequential({ seed: 3, layers: [layers.dense({ inputShape: [2], units: 2, activation: 'tanh' })] });
  model.compile({ optimizer: 'sgd', loss: 'mse' });
  return model;
}

async function loadError(source: Parameters<typeof loadModel>[0]): Promise<Error> {
  const error = await loadModel(source).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error, 'loadModel should have refused it').toBeInstanceOf(Error);
  return error as Error;
}

describe('model.toBytes() and loadModel(bytes)', () => {
  it('round trip: bit-identical predictions, the training config and the optimizer state', async () => {
    const model = build();
    await model.fit(data.xTrain, data.yTrain, { epochs: 2, batchSize: 16, verbose: 0, seed: 1 });
    const bytes = model.toBytes({ includeOptimizer: true });
    expect(bytes).toBeInstanceOf(Uint8Array);
    const loaded = await loadModel(bytes);
    expect(Array.from(loaded.predict(data.xTest).data)).toEqual(Array.from(model.predict(data.xTest).data));
    expect(loaded.loss).toEqual(model.loss);
    expect(loaded.optimizer?.iterations).toBe(model.optimizer?.iterations);
    // Training on from the loaded model gives what training on from the original gives.
    await model.fit(data.xTrain, data.yTrain, { epochs: 3, initialEpoch: 2, batchSize: 16, verbose: 0, seed: 1 });
    await loaded.fit(data.xTrain, data.yTrain, { epochs: 3, initialEpoch: 2, batchSize: 16, verbose: 0, seed: 1 });
    expect(Array.from(loaded.predict(data.xTest).data)).toEqual(Array.from(model.predict(data.xTest).data));
  });

  it('an ArrayBuffer, a Blob and a view into a larger buffer load as well', async () => {
    const model = build();
    const bytes = model.toBytes();
    const expected = Array.from(model.predict(data.xTest).data);
    const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length);
    expect(Array.from((await loadModel(buffer)).predict(data.xTest).data)).toEqual(expected);
    expect(Array.from((await loadModel(new Blob([bytes]))).predict(data.xTest).data)).toEqual(expected);
    const larger = new Uint8Array(bytes.length + 13);
    larger.set(bytes, 5);
    expect(Array.from((await loadModel(larger.subarray(5, 5 + bytes.length))).predict(data.xTest).data)).toEqual(
      expected,
    );
  });

  it('the layout of docs/model-format.md: header, model.json, then the weights file of model.save()', async () => {
    const model = build();
    const bytes = model.toBytes();
    const { modelJson, weights } = await model.save();
    const json = new TextEncoder().encode(JSON.stringify(modelJson));
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.length);
    expect(new TextDecoder().decode(bytes.subarray(0, 4))).toBe('BPMF');
    expect(view.getUint32(4, true)).toBe(1);
    expect(view.getUint32(8, true)).toBe(json.length);
    expect(view.getUint32(12, true)).toBe(crc32(json));
    expect(view.getUint32(16, true)).toBe(weights.length);
    expect(view.getUint32(20, true)).toBe(0);
    expect(bytes.length).toBe(24 + json.length + weights.length);
    expect(JSON.parse(new TextDecoder().decode(bytes.subarray(24, 24 + json.length)))).toEqual(modelJson);
    expect(Array.from(bytes.subarray(24 + json.length))).toEqual(Array.from(weights));
  });

  it('every single changed byte is refused (header fields, model.json checksum, weights checksum)', async () => {
    const bytes = tiny().toBytes();
    for (let i = 0; i < bytes.length; i++) {
      const damaged = bytes.slice();
      damaged[i] ^= 0x20;
      const error = await loadError(damaged);
      expect(error, `byte ${i}`).toBeInstanceOf(ModelFormatError);
      expect(error.message, `byte ${i}`).toMatch(/^backprop: cannot load the model: the bytes /);
    }
  });

  it('every truncation and any extra byte are refused with the sizes', async () => {
    const bytes = tiny().toBytes();
    for (let length = 0; length < bytes.length; length++) {
      const error = await loadError(bytes.subarray(0, length));
      expect(error, `length ${length}`).toBeInstanceOf(ModelFormatError);
    }
    expect((await loadError(bytes.subarray(0, 10))).message).toMatch(/is 10 bytes, shorter than the 24-byte header/);
    expect((await loadError(bytes.subarray(0, bytes.length - 1))).message).toMatch(
      new RegExp(`is ${bytes.length - 1} bytes; its header says ${bytes.length} \\(truncated`),
    );
    const longer = new Uint8Array(bytes.length + 1);
    longer.set(bytes);
    expect((await loadError(longer)).message).toMatch(/extra data/);
  });

  it('a weights file alone, a model.json, another file and a newer container say what they are', async () => {
    const model = tiny();
    const { modelJson, weights } = await model.save();
    expect((await loadError(weights)).message).toMatch(/is a weights file alone; load it with its model\.json/);
    const json = new TextEncoder().encode(JSON.stringify(modelJson));
    expect((await loadError(json)).message).toMatch(/is JSON, not a single-file model/);
    const png = new Uint8Array(64);
    png.set([0x89, 0x50, 0x4e, 0x47]);
    expect((await loadError(png)).message).toMatch(/is not a saved model \(it starts with .*expected "BPMF"\)/);
    const newer = model.toBytes();
    new DataView(newer.buffer).setUint32(4, 2, true);
    expect((await loadError(newer)).message).toMatch(
      /container version 2; .*reads version 1 .*newer backprop: upgrade/,
    );
  });

  it('a model with a NaN weight is not turned into bytes', () => {
    const model = tiny();
    // setWeights refuses non-finite values, so write through the snapshot as a diverged step would.
    const all = model.snapshotWeights();
    all[1] = Number.NaN;
    model.restoreWeights(all);
    expect(() => model.toBytes()).toThrow(NonFiniteWeightError);
  });

  it('a disposed model refuses toBytes with ModelDisposedError', () => {
    const model = tiny();
    model.dispose();
    expect(() => model.toBytes()).toThrow(ModelDisposedError);
  });

  it('sources loadModel does not take, and targets model.save does not take, say what is taken', async () => {
    const model = tiny();
    expect((await loadError(42 as never)).message).toMatch(/loadModel takes bytes \(Uint8Array, ArrayBuffer, Blob\)/);
    expect((await loadError('ftp://host/model')).message).toMatch(/does not know the scheme 'ftp:\/\/'/);
    expect((await loadError('downloads://x')).message).toMatch(/load the downloaded file as bytes/);
    expect((await loadError('https://exa mple.com:99999/m')).message).toMatch(/not a valid URL$/);
    expect((await loadError(new URL('file:///tmp/model'))).message).toMatch(/give a file its path instead/);
    expect((await loadError(new URL('file:///tmp/model'))).message).toMatch(
      /fetches http: and https: URLs; got a file: URL/,
    );
    await expect(model.save('ftp://host/model')).rejects.toThrow(/model.save does not know the scheme 'ftp:\/\/'/);
    await expect(model.save('https://host/model')).rejects.toThrow(/model.save does not upload/);
    await expect(model.save('indexeddb://')).rejects.toThrow(/needs a name after the scheme/);
    await expect(model.save(7 as never)).rejects.toThrow(/takes a folder path, 'indexeddb:\/\/name'/);
  });

  it('in Node, IndexedDB and downloads name what Node can do instead', async () => {
    const model = tiny();
    await expect(model.save('indexeddb://m')).rejects.toThrow(
      "backprop: IndexedDB is not available in Node; use model.save('dir') (a folder) or model.toBytes() (bytes)",
    );
    await expect(model.save('downloads://m')).rejects.toThrow(
      "backprop: downloads need a browser page's document, which Node does not have; use model.save('dir') (a folder) or model.toBytes() (bytes)",
    );
    expect((await loadError('indexeddb://m')).message).toMatch(
      /^backprop: IndexedDB is not available in Node; use loadModel\('dir'\)/,
    );
  });
});
