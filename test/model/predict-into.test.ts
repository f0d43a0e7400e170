// predict and predictInto: the outputs do not depend on how the rows are cut into chunks (every backend
// computes a row's output the same way whatever the other rows), predictInto writes exactly what predict
// returns, its buffer is checked with errors that say what was expected and what came, a non-finite input
// value is named by row and column in whichever chunk it lies, the chunk size follows the layer widths, and a
// tensor's rows are read where they are on the backends that can.
import { describe, expect, it } from 'vitest';
import { InputError, layers, sequential, Tensor2D, type Backend } from '../../src/index.js';
import type { EngineSlot } from '../../src/model/engine-slot.js';
import { inferenceChunkRows } from '../../src/model/predict.js';
import { Random } from '../../src/random.js';
import { backendsUnderTest } from '../harness.js';

// Every backend in the default run; the per-level runs test native alone (their js and wasm parts repeated it).
const backends = await backendsUnderTest();

function build(backend: Backend, inputs = 20) {
  return sequential({
    seed: 3,
    backend,
    layers: [
      layers.dense({ inputShape: [inputs], units: 40, activation: 'relu' }),
      layers.batchNormalization(),
      layers.dropout({ rate: 0.5 }),
      layers.dense({ units: 33, activation: 'tanh' }),
      layers.dense({ units: 5, activation: 'softmax' }),
    ],
  });
}

function rows(count: number, cols: number, seed = 1): Tensor2D {
  const random = new Random(seed);
  return new Tensor2D(
    Float32Array.from({ length: count * cols }, () => random.uniform(-2, 2)),
    [count, cols],
  );
}

describe.each(backends.map((b) => [b.name, b] as const))('%s', (_, backend) => {
  it('gives the same bits whatever the chunk size, and predictInto writes what predict returns', () => {
    const model = build(backend);
    // More rows than one default chunk (1,024 rows for these widths), so the default cuts them too.
    const x = rows(2100, 20);
    const whole = model.predict(x, { batchSize: 2100 }).data;
    for (const batchSize of [1, 2, 3, 4, 5, 7, 128, undefined]) {
      const got = model.predict(x, batchSize === undefined ? {} : { batchSize }).data;
      expect(Buffer.from(got.buffer).equals(Buffer.from(whole.buffer)), `batchSize ${batchSize}`).toBe(true);
    }
    for (const count of [1, 2, 3, 300, 2100]) {
      const part = new Tensor2D(x.data.slice(0, count * 20), [count, 20]);
      const out = new Float32Array(count * 5).fill(NaN);
      expect(model.predictInto(part, out)).toBe(out);
      expect(Buffer.from(out.buffer).equals(Buffer.from(whole.buffer, 0, count * 20))).toBe(true);
    }
    model.dispose();
  });

  it("reads a tensor's rows in place where the backend declares readsHostArrays, with the bits of copying them", () => {
    // The decision is the backend's declaration, not its name: the backend as it is, and the same kernels
    // declaring the opposite (a wasm kernel copies an array outside its memory in, so it may read in place too).
    const flipped = Object.create(backend, { readsHostArrays: { value: !backend.readsHostArrays } }) as Backend;
    for (const declared of [backend, flipped]) {
      const model = build(declared);
      const chunk = inferenceChunkRows(model.layers);
      const x = rows(2 * chunk + 1, 20, 5);
      // A Dataset's rows are always copied into the workspace: the reference for the same chunks.
      const copied = model.predict({ x: x.data, y: new Float32Array(x.rows), rows: x.rows, features: 20, classes: 0 });
      const engine = (model as unknown as { engine: EngineSlot }).engine.get();
      for (const count of [1, chunk - 1, chunk, chunk + 1, 2 * chunk + 1]) {
        const what = `${count} rows, readsHostArrays ${declared.readsHostArrays}`;
        const part = new Tensor2D(x.data.slice(0, count * 20), [count, 20]);
        const input = engine.input(engine.runtime(), Math.min(count, chunk));
        input.fill(0);
        const expected = Buffer.from(copied.data.buffer, 0, count * 5 * 4);
        expect(Buffer.from(model.predict(part).data.buffer).equals(expected), `predict, ${what}`).toBe(true);
        const out = new Float32Array(count * 5).fill(NaN);
        model.predictInto(part, out);
        expect(Buffer.from(out.buffer).equals(expected), `predictInto, ${what}`).toBe(true);
        const untouched = input.every((v) => v === 0);
        expect(untouched, `workspace input left alone, ${what}`).toBe(declared.readsHostArrays);
      }
      model.dispose();
    }
  });

  it('checks the output buffer', () => {
    const model = build(backend);
    const x = rows(3, 20);
    expect(() => model.predictInto(x, new Float64Array(15) as never)).toThrow(
      new TypeError(
        "backprop: predictInto's out must be a Float32Array of 15 floats (3 rows x 5 outputs); got a Float64Array of 15 elements",
      ),
    );
    expect(() => model.predictInto(x, [] as never)).toThrow(TypeError);
    expect(() => model.predictInto(x, new Float32Array(14))).toThrow(
      new InputError(
        "backprop: predictInto's out must hold 15 floats (3 rows x 5 outputs); got a Float32Array of length 14",
      ),
    );
    const shared = new Float32Array(100);
    const input = new Tensor2D(shared.subarray(0, 60), [3, 20]);
    expect(() => model.predictInto(input, shared.subarray(55, 70))).toThrow(
      "backprop: predictInto's out shares memory with x; give it a buffer of its own",
    );
    const apart = shared.subarray(60, 75);
    expect(model.predictInto(input, apart)).toBe(apart);
    model.dispose();
  });

  it('names a non-finite input value by row and column, in the first chunk and in a later one', () => {
    const model = build(backend);
    const x = rows(2100, 20);
    x.data[7] = NaN;
    expect(() => model.predict(x)).toThrow(
      new InputError('backprop: x contains NaN at row 0, column 7; data must be finite numbers'),
    );
    x.data[7] = 0;
    x.data[2090 * 20 + 19] = -Infinity;
    const out = new Float32Array(2100 * 5);
    expect(() => model.predictInto(x, out)).toThrow(
      new InputError('backprop: x contains -Infinity at row 2090, column 19; data must be finite numbers'),
    );
    expect(() => model.predict(x, { batchSize: 7 })).toThrow(/at row 2090, column 19/);
    model.dispose();
  });
});

describe('inference chunk rows', () => {
  it('keep the widest layer output of a chunk within 512 KiB, between 256 and 1024 rows', () => {
    const stack = (widths: number[]) =>
      sequential({
        layers: widths
          .slice(1)
          .map((units, i) => layers.dense(i === 0 ? { inputShape: [widths[0]], units } : { units })),
      }).layers;
    expect(inferenceChunkRows(stack([784, 256, 128, 10]))).toBe(256);
    expect(inferenceChunkRows(stack([784, 100, 10]))).toBe(655);
    expect(inferenceChunkRows(stack([4, 30, 16, 3]))).toBe(1024);
    expect(inferenceChunkRows(stack([10, 4096, 10]))).toBe(256);
  });
});
