// predict and evaluate plan no workspace beyond the one training planned, nor beyond INFERENCE_WORKSPACE_FLOATS
// on a model that has not trained: a workspace holds the activations, gradients and im2col scratch of a
// training step for each of its rows, and wasm memory, once grown, never shrinks. Checked on the CNN of
// `backprop train --model cnn`, whose plan takes 0.43 MB a row; results do not depend on the chunk.
import { describe, expect, it } from 'vitest';
import { cnnLayers } from '../../src/cli/models.js';
import { loadNodeWasmBackend, type WasmBackend } from '../../src/backends/wasm/index.js';
import { optimizers, sequential } from '../../src/index.js';
import { INFERENCE_WORKSPACE_FLOATS } from '../../src/model/engine.js';

const ROWS = 300;
const MB = 2 ** 20;

/** 300 grey 28x28 images of bytes, labels 0-9. */
function images() {
  const x = new Uint8Array(ROWS * 784).map((_, i) => (i * 31 + (i >> 7)) % 256);
  const y = new Float32Array(ROWS).map((_, i) => i % 10);
  return { x, y, rows: ROWS, features: 784, classes: 10, imageShape: [28, 28] as const };
}

async function cnnOnWasm() {
  const backend = (await loadNodeWasmBackend()) as WasmBackend;
  const model = sequential({ backend, seed: 2, layers: cnnLayers([28, 28, 1], 10) });
  model.compile({ optimizer: optimizers.adam(), loss: 'sparseCategoricalCrossentropy', metrics: ['accuracy'] });
  expect(model.backend).toBe(backend); // builds the model: parameters, gradients and optimizer slots
  return { backend, model };
}

describe('the workspace of predict and evaluate', () => {
  it('stays within the budget on a model that has not trained, with the same outputs in any chunk', async () => {
    const { backend, model } = await cnnOnWasm();
    const data = images();
    const before = backend.memory.buffer.byteLength;
    const outputs = model.predict(data, { scale: 1 / 255 });
    const grown = (backend.memory.buffer.byteLength - before) / MB;
    process.stdout.write(`CNN predict on ${ROWS} rows, untrained: wasm memory grew ${grown.toFixed(1)} MB\n`);
    // The budget and a little for the allocator's rounding; 256 rows at a time took 120 MB.
    expect(grown).toBeLessThan((INFERENCE_WORKSPACE_FLOATS * 4) / MB + 4);
    const rowByRow = model.predict(data, { scale: 1 / 255, batchSize: 7 });
    expect(Buffer.from(rowByRow.data.buffer).equals(Buffer.from(outputs.data.buffer))).toBe(true);
  }, 120_000);

  it('is the one training planned when evaluate and predict ask for larger batches', async () => {
    const { backend, model } = await cnnOnWasm();
    const data = images();
    // 128 rows of this plan are more than the budget holds (78).
    await model.fit(data, { epochs: 1, batchSize: 128, scale: 1 / 255, verbose: 0 });
    const memory = backend.memory.buffer;
    const growths = backend.allocator.growths;
    const evaluated = await model.evaluate(data, { scale: 1 / 255, batchSize: 256 });
    const predicted = model.predict(data, { scale: 1 / 255, batchSize: 256 });
    expect(backend.allocator.growths).toBe(growths);
    expect(backend.memory.buffer).toBe(memory);
    // Accuracy is a count, the same in any batches: the predictions' argmax against the labels.
    let correct = 0;
    for (let r = 0; r < ROWS; r++) {
      const row = predicted.data.subarray(r * 10, r * 10 + 10);
      if (row.indexOf(Math.max(...row)) === data.y[r]) correct++;
    }
    expect(evaluated.accuracy).toBe(correct / ROWS);
  }, 120_000);
});
