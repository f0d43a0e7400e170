// The training workspace a model plans: every convolution lowers its input (im2col) into one scratch shared by
// all of them, sized for the largest, so a deeper stack of convolutions adds only its feature maps and their
// gradients, never another set of columns (kh * kw times the layer's input: the largest buffer of a CNN).
// Measured as the floats the model asks its backend for, on a js backend whose allocate is counted.
import { describe, expect, it } from 'vitest';
import type { Backend } from '../../src/backends/contract.js';
import { createJsBackend } from '../../src/backends/js/index.js';
import { resnetLayers } from '../../src/cli/models.js';
import { type Layer, layers, sequential, tensor, tensor2d } from '../../src/index.js';

/** The longest buffer a model asks `backend` for (its workspace, when the parameters are fewer). */
function countingBackend(): { backend: Backend; longest: () => number } {
  const backend = createJsBackend();
  const allocate = backend.allocate.bind(backend);
  let longest = 0;
  backend.allocate = (length: number) => {
    longest = Math.max(longest, length);
    return allocate(length);
  };
  return { backend, longest: () => longest };
}

/** The floats of the workspace `stack` plans for one training step of `rows` images of `shape`. */
function workspaceFloats(stack: Layer[], shape: [number, number, number], rows: number): number {
  const { backend, longest } = countingBackend();
  const model = sequential({ backend, seed: 1, layers: stack });
  model.compile({ optimizer: 'sgd', loss: 'sparseCategoricalCrossentropy' });
  const x = tensor(new Float32Array(rows * shape[0] * shape[1] * shape[2]).fill(0.5), [rows, ...shape]);
  const y = tensor2d(
    Array.from({ length: rows }, (_, r) => [r % 10]),
    [rows, 1],
  );
  model.trainOnBatch(x, y);
  return longest();
}

/** `count` 3 x 3 'same' convolutions of 8 filters on 12 x 12 x 8 images, then a pooled softmax. */
function convolutions(count: number): Layer[] {
  return [
    ...Array.from({ length: count }, (_, i) =>
      layers.conv2d({ ...(i === 0 ? { inputShape: [12, 12, 8] } : {}), filters: 8, kernelSize: 3, padding: 'same' }),
    ),
    layers.globalAveragePooling2d(),
    layers.dense({ units: 10, activation: 'softmax' }),
  ];
}

describe('the training workspace', () => {
  it('holds the im2col columns of all its convolutions once', () => {
    const rows = 5;
    const featureMap = 12 * 12 * 8;
    const columns = 12 * 12 * 3 * 3 * 8;
    const one = workspaceFloats(convolutions(1), [12, 12, 8], rows);
    const three = workspaceFloats(convolutions(3), [12, 12, 8], rows);
    expect(one).toBeGreaterThan(rows * columns);
    // Each further linear convolution adds its output (its pre-activation) and that output's gradient.
    expect((three - one) / rows).toBe(2 * 2 * featureMap);
  });

  it("of the CLI's ResNet stays within 2 MB a row (3 MB when every convolution kept its columns)", () => {
    const rows = 4;
    const floats = workspaceFloats(resnetLayers([28, 28, 1], 10), [28, 28, 1], rows);
    expect((floats * 4) / rows).toBeLessThan(2e6);
  });
});
