import { describe, expect, it } from 'vitest';
import { cnnLayers, imageModelLayers } from '../../src/cli/models.js';
import { sequential, type Layer } from '../../src/index.js';

/** The layers as class names, with a convolution's bias and a layer's activation where it has them. */
function kinds(layers: Layer[]): string[] {
  return layers.map((layer) => {
    const config = layer.getConfig();
    const parts = [layer.className];
    if (config.useBias === false) parts.push('no bias');
    if (typeof config.activation === 'string' && config.activation !== 'linear') parts.push(config.activation);
    return parts.join(' ');
  });
}

describe('backprop train --model cnn and the bench timing network', () => {
  it('keeps the bench timing network as the issue states it: conv 32, pool, conv 64, pool, dense 128, dense 10', () => {
    const layers = cnnLayers([28, 28, 1], 10);
    expect(kinds(layers)).toEqual([
      'Conv2D relu',
      'MaxPooling2D',
      'Conv2D relu',
      'MaxPooling2D',
      'Flatten',
      'Dense relu',
      'Dense softmax',
    ]);
    // 32*9 + 32, 64*32*9 + 64, 1600*128 + 128, 128*10 + 10.
    expect(sequential({ layers }).countParams().trainable).toBe(225034);
  });

  it('trains the cnn with batch norm between each convolution and its relu, the convolutions without bias', () => {
    const layers = imageModelLayers('cnn', [28, 28, 1], 10);
    expect(kinds(layers)).toEqual([
      'Conv2D no bias',
      'BatchNormalization',
      'Activation relu',
      'MaxPooling2D',
      'Conv2D no bias',
      'BatchNormalization',
      'Activation relu',
      'MaxPooling2D',
      'Flatten',
      'Dense relu',
      'Dense softmax',
    ]);
    // The biases give way to the norms' offsets and scales: 225,034 - 32 - 64 + 2 * (32 + 64), the count
    // PyTorch gives for the same network (bench/peers/torch_cnn_models.py).
    expect(sequential({ layers }).countParams().trainable).toBe(225130);
  });
});
