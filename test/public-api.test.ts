// What the factories return is public too: the optimizer classes are exported by both entries (the Node
// entry and backprop-nn/browser) as the same classes, so `instanceof` holds whichever entry made the object
// and whichever the caller imported; `Activation` is the kernel manifest's table of activation codes itself.
import { describe, expect, it } from 'vitest';

describe('public API', () => {
  it('exports the classes the optimizer factories return, from both entries', async () => {
    const node = await import('../src/index.js');
    const browser = await import('../src/browser.js');
    const made: [string, unknown][] = [
      ['Sgd', node.optimizers.sgd()],
      ['Adagrad', node.optimizers.adagrad()],
      ['Rmsprop', node.optimizers.rmsprop()],
      ['Adam', node.optimizers.adam()],
      ['AdamW', node.optimizers.adamw()],
    ];
    for (const [name, optimizer] of made) {
      const Class = (node as Record<string, unknown>)[name];
      expect(typeof Class, name).toBe('function');
      expect(optimizer, name).toBeInstanceOf(Class as new () => unknown);
      expect(optimizer, name).toBeInstanceOf(node.Optimizer);
      expect((browser as Record<string, unknown>)[name], name).toBe(Class);
    }
  });

  it('exports Activation as the manifest table of activation codes, from both entries', async () => {
    const node = await import('../src/index.js');
    const browser = await import('../src/browser.js');
    const { ACTIVATIONS } = await import('../src/backends/manifest.js');
    const { Activation } = await import('../src/backends/contract.js');
    expect(node.Activation).toBe(ACTIVATIONS);
    expect(browser.Activation).toBe(ACTIVATIONS);
    expect(Activation).toBe(ACTIVATIONS);
  });

  it('exports every layer class beside the layers factories that make them, from both entries', async () => {
    const node = await import('../src/index.js');
    const browser = await import('../src/browser.js');
    const { layers } = node;
    const made: [string, string, object][] = [
      ['dense', 'Dense', layers.dense({ units: 2 })],
      ['activation', 'ActivationLayer', layers.activation({ activation: 'relu' })],
      ['batchNormalization', 'BatchNormalization', layers.batchNormalization()],
      ['dropout', 'Dropout', layers.dropout({ rate: 0.5 })],
      ['residual', 'Residual', layers.residual({ layers: [layers.dense({ units: 2 })] })],
      ['conv2d', 'Conv2D', layers.conv2d({ filters: 2, kernelSize: 3 })],
      ['maxPooling2d', 'MaxPooling2D', layers.maxPooling2d()],
      ['averagePooling2d', 'AveragePooling2D', layers.averagePooling2d()],
      ['globalAveragePooling2d', 'GlobalAveragePooling2D', layers.globalAveragePooling2d()],
      ['flatten', 'Flatten', layers.flatten()],
      ['reshape', 'Reshape', layers.reshape({ targetShape: [2] })],
    ];
    expect(Object.keys(layers).sort()).toEqual(made.map(([factory]) => factory).sort());
    for (const [factory, name, layer] of made) {
      const Class = (node as Record<string, unknown>)[name];
      expect(typeof Class, name).toBe('function');
      expect(layer, name).toBeInstanceOf(Class as new () => unknown);
      expect(layer, name).toBeInstanceOf(node.Layer);
      expect(layer.constructor, factory).toBe(Class);
      expect((browser as Record<string, unknown>)[name], name).toBe(Class);
    }
    expect(browser.layers).toBe(layers);
  });
});
