// A model's wasm memory: building a model reserves room for its parameter, gradient and statistics buffers
// at once, so linear memory grows at most once for them; once the model is compiled and planned for its
// batch size, training, evaluating and predicting in batches that fit the plan never grow it, so the views
// the engine keeps (the optimizer slots, the layers' views) stay valid.
import { describe, expect, it } from 'vitest';
import { loadNodeWasmBackend, type WasmBackend } from '../../src/backends/wasm/index.js';
import { layers, optimizers, sequential } from '../../src/index.js';
import { Random } from '../../src/random.js';
import { Tensor2D } from '../../src/tensor.js';

const FEATURES = 600;
const ROWS = 64;
const BATCH = 16;

/** A model of 600 * 800 + 800 * 10 weights (about 2 MB of float32 each for parameters and gradients). */
function buildModel(backend: WasmBackend) {
  return sequential({
    backend, seed: 3, layers: [
      layers.dense({ inputShape: [FEATURES], units: 800, activation: 'relu' }),
      layers.batchNormalization(),
      layers.dense({ units: 10, activation: 'softmax' }),
    ],
  });
}

describe('a model on wasm', () => {
  it('grows memory at most once to build, and never while it trains within its plan', async () => {
    const backend = await loadNodeWasmBackend() as WasmBackend;
    const model = buildModel(backend);
    const memoryBefore = backend.memory.buffer.byteLength;
    const growthsBefore = backend.allocator.growths;
    expect(model.backend).toBe(backend); // builds the model: its parameter, gradient and statistics buffers
    const { trainable, nonTrainable } = model.countParams();
    expect((2 * trainable + nonTrainable) * 4).toBeGreaterThan(memoryBefore); // so the buffers must grow memory
    expect(backend.allocator.growths - growthsBefore).toBe(1);

    const random = new Random(5);
    const x = new Tensor2D(random.fillUniform(new Float32Array(ROWS * FEATURES), -1, 1), [ROWS, FEATURES]);
    const y = new Tensor2D(new Float32Array(ROWS * 10).map((_, i) => (i % 10 === Math.floor(i / 10) % 10 ? 1 : 0)),
      [ROWS, 10]);
    model.compile({ optimizer: optimizers.adam(), loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
    // The first fit plans the workspace for its batch size.
    await model.fit(x, y, { epochs: 1, batchSize: BATCH, verbose: 0 });
    const planned = backend.allocator.growths;
    const memory = backend.memory.buffer;

    await model.fit(x, y, { epochs: 3, batchSize: BATCH, verbose: 0, validationData: [x, y] });
    await model.evaluate(x, y, { batchSize: BATCH });
    model.predict(x, { batchSize: BATCH });
    await model.fit(x, y, { epochs: 1, batchSize: BATCH, verbose: 0 });
    expect(backend.allocator.growths).toBe(planned);
    expect(backend.memory.buffer).toBe(memory);
  }, 60_000);
});
