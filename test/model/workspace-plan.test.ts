// The training workspace a model plans (src/layers/planner.ts): every convolution lowers its input (im2col) into
// one scratch shared by all of them, sized for the largest, so a deeper stack of convolutions adds no columns
// (kh * kw times the layer's input: the largest buffer of a CNN); and gradients share memory when no backward
// step needs two of them at once, so a chain of layers needs two gradient buffers whatever its depth.
// Measured as the floats the model asks its backend for, on a js backend whose allocate is counted.
import { describe, expect, it } from 'vitest';
import type { Backend } from '../../src/backends/contract.js';
import { createJsBackend } from '../../src/backends/js/index.js';
import { resnetLayers } from '../../src/cli/models.js';
import { type Layer, layers, sequential, tensor, tensor2d } from '../../src/index.js';

/** A js backend that lists the length of every buffer a model asks it for. */
function countingBackend(): { backend: Backend; allocations: number[] } {
  const backend = createJsBackend();
  const allocate = backend.allocate.bind(backend);
  const allocations: number[] = [];
  backend.allocate = (length: number) => {
    allocations.push(length);
    return allocate(length);
  };
  return { backend, allocations };
}

/** The floats of the workspace `stack` plans for one training step of `rows` samples of `shape`. */
function workspaceFloats(stack: Layer[], shape: number[], rows: number): number {
  const { backend, allocations } = countingBackend();
  const model = sequential({ backend, seed: 1, layers: stack });
  // Compiling builds the model: its parameters, gradients, statistics and optimizer slots.
  model.compile({ optimizer: 'sgd', loss: 'sparseCategoricalCrossentropy' });
  const size = shape.reduce((a, b) => a * b, 1);
  const x = tensor(new Float32Array(rows * size).fill(0.5), [rows, ...shape]);
  const y = tensor2d(
    Array.from({ length: rows }, (_, r) => [r % 10]),
    [rows, 1],
  );
  allocations.length = 0;
  model.trainOnBatch(x, y);
  // The first step plans the workspace: one buffer.
  expect(allocations).toHaveLength(1);
  return allocations[0];
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

/** `count` linear dense layers of 64 units on 64 features, then a softmax. */
function denseChain(count: number): Layer[] {
  return [
    ...Array.from({ length: count }, (_, i) => layers.dense({ ...(i === 0 ? { inputShape: [64] } : {}), units: 64 })),
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
    // Two more outputs (a linear convolution's output is its pre-activation) and one more gradient (the
    // first and the third convolution's output gradients are never needed at once), less the few floats of
    // the pooling's gradient, which now shares the second one's memory; no more columns.
    const added = (three - one) / rows;
    expect(added).toBeGreaterThan(3 * featureMap - 16);
    expect(added).toBeLessThanOrEqual(3 * featureMap);
  });

  it('of a chain of layers holds two gradients of a layer whatever its depth', () => {
    const rows = 3;
    const two = workspaceFloats(denseChain(2), [64], rows);
    const six = workspaceFloats(denseChain(6), [64], rows);
    // Four more outputs of 64 units a row, and no more gradients.
    expect((six - two) / rows).toBe(4 * 64);
  });

  it("of the CLI's ResNet stays within 1.6 MB a row (3 MB with gradients and columns per layer)", () => {
    const rows = 4;
    const floats = workspaceFloats(resnetLayers([28, 28, 1], 10), [28, 28, 1], rows);
    expect((floats * 4) / rows).toBeLessThan(1.6e6);
  });
});
